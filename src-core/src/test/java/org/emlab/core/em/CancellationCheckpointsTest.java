package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.numeric.Cancellation;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loops that can take long without {@code ChunkedSums} check the thread's cancellation flag: a
 * recursive batch and a large data draw stop at their next checkpoint once the flag is raised (here a
 * flag that rises at its third reading, so the test is deterministic), and a restored estimator then
 * continues exactly as one that was never interrupted.
 */
class CancellationCheckpointsTest {

    @AfterEach
    void removeFlag() {
        Cancellation.install(null);
    }

    private static void raiseAtReading(int k) {
        AtomicInteger readings = new AtomicInteger();
        Cancellation.install(() -> readings.incrementAndGet() >= k);
    }

    @Test
    void aLongRecursiveBatchStopsAtACheckpointAndResumesExactly() {
        ParamValues p = LabRegistry.get("mlr-recursive").defaults().with("batch", "1000");
        StepEngine e = LabRegistry.get("mlr-recursive").start(p, null).engine();
        StepEngine reference = LabRegistry.get("mlr-recursive").start(p, null).engine();
        double[] s0 = e.state();
        raiseAtReading(3);
        assertThrows(Cancellation.CancelledException.class, e::step);
        Cancellation.install(null);
        e.restore(s0, 0); // what the run loop does
        e.step();
        reference.step();
        assertEquals(reference.iteration(), e.iteration());
        assertArrayEquals(reference.state(), e.state(), 0.0);
    }

    @Test
    void aLargeDrawStopsAtACheckpoint() {
        raiseAtReading(2);
        assertThrows(Cancellation.CancelledException.class,
                () -> Gaussians.standardNormal(Rng.stream(1, Rng.DATA), 100_000, 3));
        Cancellation.install(null);
        double[] a = Gaussians.standardNormal(Rng.stream(1, Rng.DATA), 1000, 3);
        double[] b = Gaussians.standardNormal(Rng.stream(1, Rng.DATA), 1000, 3);
        assertArrayEquals(a, b, 0.0);
    }
}
