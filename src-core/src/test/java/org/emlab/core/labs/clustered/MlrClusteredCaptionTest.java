package org.emlab.core.labs.clustered;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;
import org.junit.jupiter.api.Test;

/**
 * The error panel's notes of mlr-clustered: the iterations each algorithm needs to reach σ sqrt(d/(mn))
 * for a converging and a stuck run, and an error below its numerical error read as ≈ 0.
 */
class MlrClusteredCaptionTest {
    private static History history(double[] error) {
        History h = new History(List.of("error"), 100);
        for (int i = 0; i < error.length; i++) {
            h.record(i, new double[] {error[i]}, new double[] {error[i]});
        }
        return h;
    }

    @Test
    void aConvergingRunReachesTheFloorAtTheFirstIterationBelowIt() {
        assertEquals(2, MlrClusteredLab.firstBelow(history(new double[] {1, 0.2, 0.02, 0.0201, 0.0199}), "error", 0.022));
    }

    @Test
    void aStuckRunNeverReachesIt() {
        assertEquals(-1, MlrClusteredLab.firstBelow(history(new double[] {1, 0.5, 0.5, 0.5, 0.5}), "error", 0.022));
    }

    @Test
    void anErrorBelowItsNumericalErrorReadsZero() {
        assertEquals("structured error ≈ 0 (below the numerical error ε = 4.1e−16; computed 2.3e−16)",
                CurvePanels.valueWithError("structured error", 2.3e-16, 4.1e-16, "numerical error"));
        assertEquals("structured error = 0.02 (numerical error ≤ 4.1e−16)",
                CurvePanels.valueWithError("structured error", 0.02, 4.1e-16, "numerical error"));
    }
}
