package org.emlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compute thread: commands in, immutable snapshots out, exact scrubbing, faults contained. */
class RunLoopTest {
    private final Mailbox<Snapshot> mailbox = new Mailbox<>();
    private final RunLoop loop = new RunLoop(mailbox);

    @AfterEach
    void close() {
        loop.close();
    }

    /** Waits (bounded) for a snapshot satisfying {@code p}; this is synchronisation, not a timing assertion. */
    private Snapshot await(Predicate<Snapshot> p) throws InterruptedException {
        return Snapshots.await(mailbox, p);
    }

    private ParamValues small() {
        return new GmmSimplexLab().defaults().with("n", "500");
    }

    @Test
    void playingStopsAtTheHorizonSaysSoAndSpaceGoesOnPastIt() throws Exception {
        loop.setSpeed(Double.POSITIVE_INFINITY);
        loop.start(new GmmSimplexLab(), small(), null, true, org.emlab.core.lab.Horizon.exactly(7));
        Snapshot stopped = await(s -> !s.playing() && s.iteration() == 7);
        assertTrue(stopped.status().contains("horizon of 7 iterations"), stopped.status());
        assertEquals(7, stopped.liveIteration(), "not one step past the horizon");
        loop.play();
        await(s -> s.iteration() > 20);
        loop.pause();
    }

    @Test
    void stepsArePublishedAsImmutableSnapshots() throws Exception {
        loop.start(new GmmSimplexLab(), small(), null, false);
        await(s -> s.historySize() == 1);
        loop.step();
        loop.step();
        loop.step();
        Snapshot s = await(x -> x.iteration() == 3);
        assertEquals("gmm-simplex", s.labId());
        assertEquals(s.columns().size(), s.row().length);
        double kl = s.value("kl");
        s.row()[0] = -1; // a snapshot's arrays are copies: scribbling on one changes nothing upstream
        loop.seek(3);
        Snapshot again = await(x -> x.revision() > s.revision());
        assertEquals(kl, again.value("kl"));
    }

    @Test
    void whilePlayingSlowlyEverySnapshotCarriesANewIteration() throws Exception {
        loop.setSpeed(4); // far below the publish rate: between two iterations there is nothing to show
        loop.start(new GmmSimplexLab(), small(), null, true);
        await(s -> s.iteration() >= 1);
        java.util.Map<Long, Integer> iterationOfRevision = new java.util.HashMap<>();
        java.util.Set<Integer> iterations = new java.util.HashSet<>();
        Snapshot last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (iterations.size() < 4) {
            assertTrue(System.nanoTime() < deadline, "no 4 iterations within 60 s: " + iterationOfRevision);
            Snapshot s = mailbox.peek();
            if (s != null && s != last && s.playing()) {
                last = s;
                iterationOfRevision.put(s.revision(), s.iteration());
                assertTrue(iterations.add(s.iteration()), "a second snapshot of iteration " + s.iteration()
                        + " without a new step: " + iterationOfRevision);
            }
            Thread.sleep(1);
        }
        loop.pause();
        Snapshot paused = await(s -> !s.playing());
        assertFalse(paused.playing());
    }

    @Test
    void scrubbingRestoresExactlyTheRecordedStateAndResumingReproducesTheFuture() throws Exception {
        loop.start(new GmmSimplexLab(), small(), null, false);
        await(s -> s.historySize() == 1);
        for (int i = 0; i < 4; i++) {
            loop.step();
        }
        Snapshot at4 = await(s -> s.iteration() == 4);
        loop.seek(1);
        Snapshot at1 = await(s -> s.iteration() == 1 && s.cursor() == 1);
        assertFalse(at1.atLiveEnd());
        loop.step(); // forward through the recorded history
        Snapshot at2 = await(s -> s.iteration() == 2);
        loop.seek(1);
        await(s -> s.iteration() == 1);
        loop.resumeFromCursor(false);
        loop.step();
        Snapshot recomputed = await(s -> s.iteration() == 2 && s.historySize() == 3);
        assertArrayEquals(at2.row(), recomputed.row());
        loop.step();
        loop.step();
        Snapshot again4 = await(s -> s.iteration() == 4 && s.historySize() == 5);
        assertArrayEquals(at4.row(), again4.row());
    }

    @Test
    void pauseStopsTheRunBeforeTheNextStep() throws Exception {
        loop.setSpeed(RunLoop.MAX_SPEED);
        loop.start(new GmmSimplexLab(), small().with("population", "true").with("weights", "0.34,0.33,0.33"), null, true);
        await(s -> s.playing() && s.iteration() > 3);
        loop.pause();
        Snapshot paused = await(s -> !s.playing());
        int it = paused.liveIteration();
        loop.seek(Integer.MAX_VALUE);
        Snapshot later = await(s -> s.revision() > paused.revision());
        assertEquals(it, later.liveIteration());
    }

    @Test
    void anExceptionOnTheComputeThreadStopsThatRunAndLeavesTheLoopUsable() throws Exception {
        loop.start(new FailingLab(), new FailingLab().defaults(), null, false);
        await(s -> s.historySize() == 1);
        loop.step();
        loop.step();
        Snapshot failed = await(s -> s.error() != null);
        assertTrue(failed.error().startsWith("an internal error: boom at 2; details in "), failed.error());
        assertNotNull(failed.errorDetails());
        assertTrue(failed.errorDetails().contains("boom at 2"), "Copy details holds the trace");
        assertFalse(failed.playing());
        loop.start(new GmmSimplexLab(), small(), null, false);
        loop.step();
        Snapshot ok = await(s -> "gmm-simplex".equals(s.labId()) && s.iteration() == 1);
        assertEquals(null, ok.error());
    }

    @Test
    void aRunThatCannotStartKeepsThePreviousOne() throws Exception {
        loop.start(new GmmSimplexLab(), small(), null, false);
        loop.step();
        await(s -> s.iteration() == 1);
        loop.start(new GmmSimplexLab(), small().with("k", "4"), null, false); // d = 2 < k − 1: invalid
        Snapshot s = await(x -> x.error() != null);
        assertEquals("gmm-simplex", s.labId());
        assertEquals(1, s.iteration());
        assertTrue(s.error().contains("d must be at least k − 1"));
    }

    @Test
    void commandsSentRightAfterAStartApplyToTheNewRunInsteadOfCancellingIt() throws Exception {
        // as opening a session does: start, view settings, then step to the saved iteration at once
        for (int seed = 1; seed <= 3; seed++) {
            loop.start(new GmmSimplexLab(), small().with("n", "100000").with("seed", Integer.toString(seed)), null, false);
            loop.setView(Map.of());
            loop.stepTo(4);
            long want = seed;
            Snapshot s = await(x -> x.params() != null && x.params().getLong("seed") == want && x.iteration() == 4);
            assertEquals(5, s.historySize());
            assertEquals(null, s.error());
        }
        // a newer start still cancels one in progress: the last one wins
        loop.start(new GmmSimplexLab(), small().with("n", "100000").with("seed", "21"), null, false);
        loop.start(new GmmSimplexLab(), small().with("seed", "22"), null, false);
        loop.step();
        Snapshot last = await(x -> x.params() != null && x.params().getLong("seed") == 22L && x.iteration() == 1);
        assertEquals("gmm-simplex", last.labId());
    }

    @Test
    void aSeekOrPauseSentWhileARunStartsDoesNotCancelTheStart() throws Exception {
        java.util.concurrent.CountDownLatch release = startGated();
        loop.seekIteration(0); // what the timeline sends when it is reset by the new run
        loop.pause();
        release.countDown(); // the engine's first row() now meets a raised interrupt flag
        Snapshot s = await(x -> "failing".equals(x.labId()) && x.historySize() == 1);
        assertEquals(null, s.error());
        loop.step();
        await(x -> "failing".equals(x.labId()) && x.iteration() == 1);
    }

    @Test
    void aNewerStartCancelsARunThatIsStillStarting() throws Exception {
        java.util.concurrent.CountDownLatch release = startGated();
        loop.start(new GmmSimplexLab(), small(), null, false);
        release.countDown();
        Snapshot s = await(x -> "gmm-simplex".equals(x.labId()) && x.historySize() == 1);
        assertEquals(1, s.runId(), "the superseded start never became a run");
        assertEquals(null, s.error());
    }

    /** Starts a lab whose first row blocks; returns, once the start is blocked there, the latch that releases it. */
    private java.util.concurrent.CountDownLatch startGated() throws InterruptedException {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FailingLab gated = new FailingLab(() -> {
            entered.countDown();
            await(release);
        });
        loop.start(gated, gated.defaults(), null, false);
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        return release;
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anEngineThatFailsOnItsFirstRowKeepsThePreviousRunAndTheLoopAlive() throws Exception {
        loop.start(new GmmSimplexLab(), small(), null, false);
        loop.step();
        await(s -> s.iteration() == 1);
        FailingLab bad = new FailingLab(true);
        loop.start(bad, bad.defaults(), null, false);
        Snapshot s = await(x -> x.error() != null);
        assertTrue(s.error().startsWith("an internal error: no first row; details in "), s.error());
        assertEquals("gmm-simplex", s.labId(), "the previous run stays");
        assertEquals(1, s.iteration());
        loop.step();
        Snapshot next = await(x -> x.iteration() == 2);
        assertEquals("gmm-simplex", next.labId(), "the compute thread still takes commands");
        loop.start(new GmmSimplexLab(), small().with("seed", "9"), null, false);
        loop.step();
        Snapshot fresh = await(x -> x.iteration() == 1 && x.params().getLong("seed") == 9L);
        assertEquals(null, fresh.error(), "a new start works");
    }

    /**
     * A lab whose engine throws at its second step (or, when asked, already on its first row), and
     * whose start runs a hook (to hold a start in progress); its row() is a cancellation checkpoint,
     * like an engine whose metrics sweep the data.
     */
    private static final class FailingLab implements Lab {
        private final Runnable onStart;
        private final boolean failFirstRow;

        FailingLab() {
            this(() -> { }, false);
        }

        FailingLab(Runnable onStart) {
            this(onStart, false);
        }

        FailingLab(boolean failFirstRow) {
            this(() -> { }, failFirstRow);
        }

        private FailingLab(Runnable onStart, boolean failFirstRow) {
            this.onStart = onStart;
            this.failFirstRow = failFirstRow;
        }

        @Override
        public String id() {
            return "failing";
        }

        @Override
        public String title() {
            return "failing";
        }

        @Override
        public String claim() {
            return "";
        }

        @Override
        public String citation() {
            return "";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.seed(1));
        }

        @Override
        public LabRun start(ParamValues p, Dataset userData) {
            onStart.run();
            StepEngine e = new StepEngine() {
                int t;

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
                    if (t == 1) {
                        throw new IllegalStateException("boom at 2");
                    }
                    t++;
                }

                @Override
                public void row(double[] out) {
                    org.emlab.core.numeric.Cancellation.checkpoint();
                    if (failFirstRow) {
                        throw new IllegalStateException("no first row");
                    }
                    out[0] = t;
                }

                @Override
                public double[] state() {
                    return new double[] {t};
                }

                @Override
                public void restore(double[] state, int iteration) {
                    t = iteration;
                }
            };
            return org.emlab.core.lab.TestRuns.of(this, p, e, "failing");
        }
    }
}
