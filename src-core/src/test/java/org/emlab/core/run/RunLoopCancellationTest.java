package org.emlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancellation latency as behaviour: a step blocked inside a {@link ChunkedSums} chunk is interrupted by
 * a pause before it completes (the next chunk's checkpoint throws), the engine is put back to the last
 * recorded iteration (undoing the half-done step), no extra iteration is recorded, and the loop keeps
 * working afterwards.
 */
class RunLoopCancellationTest {
    private final Mailbox<Snapshot> mailbox = new Mailbox<>();
    private final RunLoop loop = new RunLoop(mailbox);
    private final AtomicBoolean blocking = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);

    @AfterEach
    void close() {
        released.set(true);
        loop.close();
    }

    private Snapshot await(Predicate<Snapshot> p) throws InterruptedException {
        return Snapshots.await(mailbox, p);
    }

    @Test
    void pauseInterruptsABlockedStepAndRestoresTheLastRecordedIteration() throws Exception {
        Lab lab = new SlowLab();
        loop.start(lab, lab.defaults(), null, false);
        await(s -> s.historySize() == 1);
        loop.step();
        Snapshot one = await(s -> s.iteration() == 1);
        assertEquals(1.0, one.value("v"));

        blocking.set(true);
        loop.step();
        assertTrue(entered.await(20, TimeUnit.SECONDS), "the step never reached its sums"); // synchronisation
        loop.pause(); // raises the flag before the blocked chunk returns
        released.set(true);
        for (int i = 0; i < 4000 && loop.interruptedSteps() == 0; i++) {
            Thread.sleep(5);
        }
        assertEquals(1, loop.interruptedSteps());
        Snapshot after = await(s -> !s.playing() && s.revision() > one.revision() && s.historySize() == 2);
        assertEquals(1, after.iteration(), "the interrupted step must not count");
        assertEquals(2, after.historySize(), "no extra iteration is recorded");
        assertEquals(1.0, after.value("v"), "the half-done step (v + 100) must be undone");

        blocking.set(false);
        loop.step();
        Snapshot two = await(s -> s.iteration() == 2);
        assertEquals(2.0, two.value("v"), "a later step works from the restored state");
        assertEquals(3, two.historySize());
    }

    /** A lab whose step adds 1 to v, passing through a half-done state (v + 100) and a chunked sum. */
    private final class SlowLab implements Lab {
        @Override
        public String id() {
            return "slow-test";
        }

        @Override
        public String title() {
            return "slow test";
        }

        @Override
        public String claim() {
            return "a step can be interrupted";
        }

        @Override
        public String citation() {
            return "test";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.seed(1));
        }

        @Override
        public LabRun start(ParamValues params, Dataset userData) {
            StepEngine engine = new SlowEngine();
            return org.emlab.core.lab.TestRuns.of(this, params, engine, "slow");
        }
    }

    private final class SlowEngine implements StepEngine {
        /** Four chunks, run on the calling thread (below the parallel threshold): checkpoints between them. */
        private final ChunkedSums sums = new ChunkedSums(4 * ChunkedSums.CHUNK, 1);
        private double v;
        private int t;

        @Override
        public List<String> columns() {
            return List.of("v");
        }

        @Override
        public int metricCount() {
            return 1;
        }

        @Override
        public int iteration() {
            return t;
        }

        @Override
        public void step() {
            v += 100; // half-done: only a restore can undo this if the step is interrupted
            if (blocking.get()) {
                sums.sum((from, to, acc, off) -> {
                    entered.countDown();
                    while (!released.get()) {
                        Thread.onSpinWait();
                    }
                    acc[off] += to - from;
                }, new double[1]);
            }
            v -= 99;
            t++;
        }

        @Override
        public void row(double[] out) {
            out[0] = v;
        }

        @Override
        public double[] state() {
            return new double[] {v};
        }

        @Override
        public void restore(double[] state, int iteration) {
            v = state[0];
            t = iteration;
        }
    }
}
