package org.emlab.core.labs.simplex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.view.RateCaption;
import org.junit.jupiter.api.Test;

/** The KL panel's notes of gmm-simplex for a converging, a floored (sample), a stuck and a below-floor run. */
class GmmSimplexCaptionTest {
    private static final double MIN_DFT = 0.07; // weights (0.5, 0.3, 0.2)

    private static double[] t(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    private static List<String> notes(double[] kl, int n, double numericalFloor) {
        double fitFloor = n == 0 ? 1e-26 : 3.0 * 2 / (2.0 * n);
        RateCaption.Verdict v = GmmSimplexRun.klVerdict(t(kl.length), kl, MIN_DFT, fitFloor, numericalFloor);
        return GmmSimplexRun.klNotes(v, MIN_DFT, n, 2, numericalFloor);
    }

    @Test
    void aPopulationRunGetsTheFittedRateBesideTheTheorysOne() {
        double[] kl = new double[150];
        for (int i = 0; i < 150; i++) {
            kl[i] = 0.1 * Math.exp(-0.1451 * i);
        }
        List<String> notes = notes(kl, 0, 0);
        assertEquals("theory: log KL slope 2·log(1 − min|F_l|²) = −0.1451 per iteration", notes.get(0));
        assertEquals("fitted over t ∈ [90, 149]: fitted slope per iteration −0.1451 (R² >0.9999)", notes.get(1));
        assertEquals(2, notes.size(), notes.toString());
    }

    /** The case: the default sample floors at 5e−7 while d/(2N) = 1e−4; the note says both, for what each is. */
    @Test
    void aSampleRunSaysWhereItsOwnFloorIsNotOnlyTheAverage() {
        double[] kl = new double[200];
        for (int i = 0; i < 200; i++) {
            kl[i] = Math.max(0.1 * Math.exp(-0.1451 * i), 5e-7);
        }
        List<String> notes = notes(kl, 10_000, 0);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("levelled off at 5e−7 since t ≈ ")
                && n.contains("the statistical floor of this sample (on average d/(2N) = 1e−4")), notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("statistical floor ≈")), "no bare average as if it were "
                + "this curve's floor: " + notes);
    }

    @Test
    void aStuckRunPrintsNoRate() {
        double[] kl = new double[100];
        java.util.Arrays.fill(kl, 0.02);
        List<String> notes = notes(kl, 0, 0);
        assertTrue(notes.contains("levelled off at 0.02 since t ≈ 0: stuck: the iterates no longer move"), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.contains("fitted over")), notes.toString());
    }

    @Test
    void aMonteCarloEstimateBelowItsBoundReadsZero() {
        double[] kl = new double[40];
        for (int i = 0; i < 40; i++) {
            kl[i] = 1e-2 * Math.exp(-0.3 * i) - 3e-7;
        }
        List<String> notes = notes(kl, 0, 4e-6);
        assertTrue(notes.contains("now ≈ 0 (below the quadrature floor 4e−6)"), notes.toString());
    }
    @Test
    void theAverageFloorIsSaidToLieAheadOnlyWhileTheCurveIsAboveIt() {
        double[] t = new double[60];
        double[] kl = new double[60];
        for (int i = 0; i < 60; i++) {
            t[i] = i;
            kl[i] = 0.1 * Math.exp(-0.1451 * i); // still falling geometrically
        }
        RateCaption.Verdict v = GmmSimplexRun.klVerdict(t, kl, MIN_DFT, 1e-26, 0);
        List<String> above = GmmSimplexRun.klNotes(v, MIN_DFT, 10_000, 2, 0, 1e-3);
        assertTrue(above.stream().anyMatch(n -> n.startsWith("statistical floor ahead: on average d/(2N) = 1e−4")), above.toString());
        List<String> below = GmmSimplexRun.klNotes(v, MIN_DFT, 10_000, 2, 0, 6e-7);
        assertTrue(below.stream().noneMatch(n -> n.contains("floor ahead")), below.toString());
        assertTrue(below.stream().anyMatch(n -> n.equals("below the average floor d/(2N) = 1e−4: this sample's floor is lower")),
                below.toString());
        // a curve creeping towards its own floor (the default run near iteration 140: 5.276e−7 → 5.236e−7 in 15
        // iterations) is given its measured fall, not called "still falling"
        List<String> creeping = GmmSimplexRun.klNotes(v, MIN_DFT, 10_000, 2, 0, 5.236e-7, 1 - 5.236e-7 / 5.276e-7);
        assertTrue(creeping.stream().anyMatch(n -> n.equals("below the average floor d/(2N) = 1e−4: this sample's floor is "
                + "lower; KL fell 0.76 % over the last 15 iterations")), creeping.toString());
        assertTrue(creeping.stream().noneMatch(n -> n.contains("still falling")), creeping.toString());
    }

    /** The fall over the last 15 iterations, read from the history: KL halving every 5 iterations fell 7/8. */
    @Test
    void theRecentFallIsReadFifteenIterationsBack() {
        org.emlab.core.trajectory.History h = org.emlab.core.trajectory.History.forRun(List.of("kl"), 1);
        for (int it = 0; it <= 30; it++) {
            h.record(it, new double[] {Math.pow(2, -it / 5.0)}, new double[] {0});
        }
        assertEquals(0.875, GmmSimplexRun.recentFall(h, 30), 1e-12);
        assertEquals(0.875, GmmSimplexRun.recentFall(h, 15), 1e-12);
        assertTrue(Double.isNaN(GmmSimplexRun.recentFall(h, 14)), "fewer than 15 iterations back");
    }
}
