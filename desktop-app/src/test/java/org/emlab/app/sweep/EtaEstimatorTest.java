package org.emlab.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EtaEstimatorTest {
    private static final long S = 1_000_000_000L;

    /** Two points costing 1 s and 9 s, 3 trials, one thread: after the first trial 2 × (1 + 9) s remain. */
    @Test
    void eachRemainingRunCostsWhatItsPointCost() {
        EtaEstimator e = new EtaEstimator(2, 3, 1);
        assertEquals(-1, e.remaining(0));
        e.started(0, 0);
        e.finished(0, S);
        e.started(1, S);
        e.finished(1, 10 * S);
        assertEquals(20 * S, e.remaining(10 * S));
        // run 2 (point 0) has run for 0.5 s of its expected 1 s
        e.started(2, 10 * S);
        assertEquals(19 * S + S / 2, e.remaining(10 * S + S / 2));
    }

    @Test
    void pointsWithoutAMeasurementUseTheOverallMeanAndThreadsShareTheWork() {
        EtaEstimator e = new EtaEstimator(3, 2, 2);
        e.started(0, 0);
        e.finished(0, 4 * S);
        // 5 runs left at 4 s each (points 1 and 2 unmeasured), on 2 threads
        assertEquals(10 * S, e.remaining(4 * S));
    }
}
