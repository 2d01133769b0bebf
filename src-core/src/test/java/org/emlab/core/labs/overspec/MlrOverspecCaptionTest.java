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

    /**
     * The preset mlr-balanced-vs-unbalanced's B (π₁ = 0.7, population, θ* = 0): after 2000 iterations the error is
     * about 1e−31, zero by no measure of this run (its numerical error is far smaller); the panel said "now ≈ 0
     * (below the rounding floor 1e−13)" beside "error = 2.147e−31 (numerical error ≤ 2.2e−46)".
     */
    @Test
    void aPopulationErrorFarBelowTheKitsPrecisionIsNotCalledZero() {
        org.emlab.core.lab.Lab lab = org.emlab.core.labs.LabRegistry.get("mlr-overspec");
        org.emlab.core.param.ParamValues p = lab.defaults().with("d", "5").with("sigma", "1").with("snr", "0")
                .with("population", "true").with("update_weights", "true").with("pi0", "0.7").with("b0", "1")
                .with("init_dir", "e1").with("seed", "1");
        org.emlab.core.lab.LabRun run = lab.start(p, null);
        org.emlab.core.trajectory.History h = org.emlab.core.run.HeadlessRun.run(run, 2000);
        org.emlab.core.figure.Panel error = run.figure(h, h.size() - 1, java.util.Map.of()).panel("error");
        double last = h.row(h.size() - 1)[h.column("error")];
        assertTrue(last < 1e-20 && last > 0, "the run this test is about: error " + last);
        assertTrue(error.notes().stream().noneMatch(n -> n.startsWith("now ≈ 0")), error.notes().toString());
        assertTrue(error.notes().stream().anyMatch(n -> n.startsWith("error = ")), error.notes().toString());
    }
}
