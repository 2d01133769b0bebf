package org.emlab.core.labs.overspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.view.RateCaption;
import org.junit.jupiter.api.Test;

/** The error panel's notes of mlr-overspec for a converging, a stuck and a below-rounding run. */
class MlrOverspecCaptionTest {
    private static double[] t(int n, int from) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
        }
        return t;
    }

    @Test
    void aBalancedRunFallingLikeOneOverRootSixTGetsSlopeMinusAHalf() {
        double[] t = t(500, 1);
        double[] e = new double[500];
        for (int i = 0; i < 500; i++) {
            e[i] = 1 / Math.sqrt(1 + 6 * t[i]);
        }
        RateCaption.Verdict v = MlrOverspecRun.errorVerdict(t, e, true, 1e-280, 1);
        List<String> notes = MlrOverspecRun.errorNotes(v, true, false);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("fitted over t ∈ [23, 500]: fitted log-log slope −0.49"), notes.get(0));
        assertTrue(notes.get(0).contains("(R² "), notes.get(0));
    }

    @Test
    void anUnbalancedRunIsALineOnTheSemiLogPlot() {
        double[] t = t(100, 0);
        double[] e = new double[100];
        for (int i = 0; i < 100; i++) {
            e[i] = Math.exp(-0.0342 * i);
        }
        List<String> notes = MlrOverspecRun.errorNotes(MlrOverspecRun.errorVerdict(t, e, false, 1e-280, 1), false, false);
        assertEquals(List.of("fitted over t ∈ [60, 99]: fitted slope per iteration −0.0342 (R² >0.9999)"), notes);
    }

    @Test
    void aSampleRunAtItsFloorSaysSoAndFitsOnlyTheDecay() {
        double[] t = t(300, 0);
        double[] e = new double[300];
        for (int i = 0; i < 300; i++) {
            e[i] = Math.max(Math.exp(-0.43 * i), 0.0812);
        }
        List<String> notes = MlrOverspecRun.errorNotes(MlrOverspecRun.errorVerdict(t, e, false, 2 * 0.0812, 1), false,
                true);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("levelled off at 0.0812 since t ≈ ")
                && n.endsWith("the statistical floor of this sample")), notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.contains("slope 0.") || n.contains("slope −0.0")), notes.toString());
    }

    @Test
    void aStuckPopulationRunPrintsNoRate() {
        double[] t = t(200, 1);
        double[] e = new double[200];
        java.util.Arrays.fill(e, 0.3);
        List<String> notes = MlrOverspecRun.errorNotes(MlrOverspecRun.errorVerdict(t, e, true, 1e-280, 1), true, false);
        assertEquals(List.of("levelled off at 0.3 since t ≈ 1: stuck: the iterates no longer move"), notes);
    }

    @Test
    void belowRoundingTheErrorReadsZero() {
        double[] t = t(50, 0);
        double[] e = new double[50];
        for (int i = 0; i < 50; i++) {
            e[i] = Math.exp(-i);
        }
        List<String> notes = MlrOverspecRun.errorNotes(MlrOverspecRun.errorVerdict(t, e, false, 1e-280, 1), false, false);
        assertEquals("now ≈ 0 (below the rounding floor 1e−13)", notes.get(0));
    }
}
