package org.emlab.core.labs.recursive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.view.RateCaption;
import org.emlab.core.view.RateFit;
import org.junit.jupiter.api.Test;

/** The error panel's slope notes of mlr-recursive for a converging, a noisy, a stuck and a below-floor path. */
class MlrRecursiveCaptionTest {
    private static double[] n(int m) {
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = 200.0 * (i + 1);
        }
        return t;
    }

    private static List<String> notes(double[] n, double[] err) {
        double fraction = 1 - Math.log(n[n.length - 1] / 100) / Math.log(n[n.length - 1]);
        RateCaption.Verdict v = RateCaption.power(n, err, fraction, 1e-300, 0);
        return MlrRecursiveRun.slopeNotes(v, v, RateFit.power(n, err, fraction, 1e-300));
    }

    @Test
    void aPathFallingLikeOneOverRootNGetsItsSlope() {
        double[] n = n(1000);
        double[] e = new double[1000];
        for (int i = 0; i < 1000; i++) {
            e[i] = 3 / Math.sqrt(n[i]);
        }
        List<String> notes = notes(n, e);
        assertTrue(notes.get(0).startsWith("fitted over t ∈ [") && notes.get(0).contains("this path's β log-log slope −0.5 "),
                notes.toString());
    }

    @Test
    void aNoisyPathGetsNoSlopeButSaysWhy() {
        double[] n = n(1000);
        double[] e = new double[1000];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 1000; i++) {
            e[i] = 3 / Math.sqrt(n[i]) * Math.exp(0.8 * r.nextGaussian());
        }
        List<String> notes = notes(n, e);
        assertTrue(notes.get(0).startsWith("no single rate over"), notes.toString());
    }

    @Test
    void aStuckPathIsCalledStuck() {
        double[] n = n(500);
        double[] e = new double[500];
        java.util.Arrays.fill(e, 0.7);
        List<String> notes = notes(n, e);
        assertTrue(notes.stream().anyMatch(s -> s.startsWith("β levelled off at 0.7 since t ≈ 200: stuck")), notes.toString());
        assertFalse(notes.stream().anyMatch(s -> s.contains("slope −")), notes.toString());
    }

    @Test
    void aPathAtZeroIsNotFitted() {
        double[] n = n(50);
        double[] e = new double[50];
        List<String> notes = notes(n, e);
        assertTrue(notes.stream().noneMatch(s -> s.contains("slope")), notes.toString());
    }
}
