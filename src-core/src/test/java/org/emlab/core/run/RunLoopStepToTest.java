package org.emlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Predicate;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reopening a session sends start then stepTo back to back: stepTo must not cancel the start it
 * follows (a start generating a large sample checks the cancellation flag), whatever the timing.
 */
class RunLoopStepToTest {
    private final Mailbox<Snapshot> mailbox = new Mailbox<>();
    private final RunLoop loop = new RunLoop(mailbox);

    @AfterEach
    void close() {
        loop.close();
    }

    private Snapshot await(Predicate<Snapshot> p) throws InterruptedException {
        return Snapshots.await(mailbox, p);
    }

    @Test
    void startThenStepToReachesTheIterationWithoutCancellingTheStart() throws Exception {
        GmmSimplexLab lab = new GmmSimplexLab();
        for (int seed = 1; seed <= 3; seed++) {
            // n large enough that the start draws its sample across several cancellation checkpoints
            loop.start(lab, lab.defaults().with("n", "200000").with("seed", Integer.toString(seed)), null, false);
            loop.stepTo(4);
            String s = Integer.toString(seed);
            Snapshot snap = await(x -> s.equals(x.params().text("seed")) && x.iteration() == 4);
            assertEquals(0, loop.interruptedSteps());
            assertEquals(5, snap.historySize());
        }
    }
}
