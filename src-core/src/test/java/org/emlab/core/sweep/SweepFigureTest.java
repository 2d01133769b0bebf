package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;

/**
 * The sweep plot with several statistics: which axis it takes and which lines it draws, on results made up here
 * (a KL falling like 1/n, a negative log-likelihood, an ε never reached), so the expected picture follows from the
 * numbers alone.
 */
class SweepFigureTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static SweepResult result(List<Measure> measures, double[][][] stats) {
        Lab lab = LabRegistry.get("gmm-simplex");
        SweepSpec spec = new SweepSpec(lab, lab.defaults(), List.of(SweepRange.parse("n=1000:16000:log:3")), 2, 50, measures,
                FitWindow.ALL, null);
        return new SweepResult(spec, new long[] {1, 2}, stats, 6, false);
    }

    private static final double[][] KL = {{1e-3, 1.2e-3}, {2.5e-4, 2.6e-4}, {6e-5, 7e-5}};
    private static final double[][] LOGLIK = {{-2.86, -2.87}, {-2.84, -2.83}, {-2.83, -2.83}};
    private static final double[][] NEVER = {{INF, INF}, {INF, INF}, {INF, INF}};

    private static List<String> lineNames(Panel p) {
        return p.layers().stream().filter(l -> l instanceof Layer.Line).map(l -> ((Layer.Line) l).name()).toList();
    }

    /**
     * The audit's case (final_kl, final_loglik, iterations_to_eps): the KL line, whose fitted slope the notes print,
     * keeps its log axis; the negative log-likelihood and the ε never reached are named in notes instead of
     * flattening the KL against 0 on a linear axis or vanishing without a word.
     */
    @Test
    void aNegativeStatisticDoesNotFlattenThePositiveOnesOntoALinearAxis() {
        SweepResult r = result(List.of(Measure.of(Statistic.FINAL_KL, Double.NaN), Measure.of(Statistic.FINAL_LOGLIK, Double.NaN),
                Measure.of(Statistic.ITERATIONS_TO_EPS, 1e-3)), new double[][][] {KL, LOGLIK, NEVER});
        Panel p = SweepFigure.panel(r, SweepSummary.of(r));
        assertTrue(p.y().log(), "log vertical axis");
        assertEquals(List.of("final_kl"), lineNames(p));
        String notes = String.join("\n", p.notes());
        assertTrue(notes.contains("final_kl: slope"), notes);
        assertTrue(notes.contains("not drawn on this log axis") && notes.contains("final_loglik"), notes);
        assertTrue(notes.contains("no finite median") && notes.contains("iterations_to_eps"), notes);
        assertTrue(notes.contains("slopes log-log against n"), notes);
    }

    /** Only statistics at or below 0: a linear axis with every line, and no claim of log-log slopes. */
    @Test
    void withNothingPositiveTheAxisIsLinearAndNoSlopeIsClaimed() {
        double[][] shifted = new double[3][2];
        for (int p = 0; p < 3; p++) {
            for (int t = 0; t < 2; t++) {
                shifted[p][t] = LOGLIK[p][t] - 1;
            }
        }
        SweepResult r = result(List.of(Measure.of(Statistic.FINAL_LOGLIK, Double.NaN), new Measure(Statistic.FINAL, "", "loglik",
                Double.NaN)), new double[][][] {LOGLIK, shifted});
        Panel p = SweepFigure.panel(r, SweepSummary.of(r));
        assertFalse(p.y().log());
        assertEquals(2, lineNames(p).size());
        assertFalse(String.join("\n", p.notes()).contains("log-log"), p.notes().toString());
    }
}
