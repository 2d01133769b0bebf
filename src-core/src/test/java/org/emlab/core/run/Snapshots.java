package org.emlab.core.run;

import java.util.function.Predicate;

/** Waiting for the compute thread in tests: synchronisation, never a timing assertion. */
final class Snapshots {
    private Snapshots() {
    }

    /** Waits (at most about 20 s) for the newest snapshot of {@code mailbox} to satisfy {@code p}. */
    static Snapshot await(Mailbox<Snapshot> mailbox, Predicate<Snapshot> p) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            Snapshot s = mailbox.peek();
            if (s != null && p.test(s)) {
                return s;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last: " + mailbox.peek());
    }
}
