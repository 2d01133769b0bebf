package org.emlab.core.labs.overparam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.view.RateCaption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The KL panel's notes of gmm-overparam: the cases were "a straight line is a polynomial rate
 * (about t^−2)" printed for a stuck run (slope −2e−14) and for one falling at slope −19.
 */
class GmmOverparamCaptionTest {
    private static double[] t(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
        }
        return t;
    }

    /**
     * A polynomial tail gets its fitted slope with the window, and the note reads that power: t^−2 (the reference
     * triangle's tail is about that), t^−4 (the pentagon's), never the triangle's t^−2 for another tail.
     */
    @ParameterizedTest
    @CsvSource({"2, 3.0, 1e-14", "4, 50.0, 1e-16"})
    void aPolynomialTailGetsItsFittedPowerWithTheWindow(int power, double scale, double error) {
        double[] t = t(1000);
        double[] kl = new double[1000];
        for (int i = 0; i < 1000; i++) {
            kl[i] = scale / Math.pow(t[i], power);
        }
        List<String> notes = GmmOverparamRun.lossNotes(GmmOverparamRun.lossVerdict(t, kl, error), false);
        assertTrue(notes.get(0).startsWith("fitted over t ∈ [") && notes.get(0).contains("fitted log-log slope −" + power
                + " (R²"), notes.toString());
        assertTrue(notes.contains("a straight line here is a polynomial rate: about t^−" + power + " on this window (the "
                + "theory: polynomial, not geometric)"), notes.toString());
        assertFalse(power != 2 && notes.stream().anyMatch(n -> n.contains("t^−2")), notes.toString());
    }

    /**
     * The default figure (sample mode): past about t = 100 the KL to p* creeps up as t^0.0185 while the
     * fit follows the sample; a line fits it (R² 0.986) but it is no convergence rate.
     */
    @Test
    void aTailThatRisesIsNotCalledAPolynomialRate() {
        double[] t = t(1000);
        double[] kl = new double[1000];
        for (int i = 0; i < 1000; i++) {
            kl[i] = 1e-3 * Math.pow(t[i], 0.0185);
        }
        RateCaption.Verdict v = GmmOverparamRun.lossVerdict(t, kl, 1e-12);
        List<String> notes = GmmOverparamRun.lossNotes(v, true);
        assertTrue(v.showsRate() && v.slope() > 0, notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.contains("polynomial rate")), notes.toString());
        assertTrue(notes.contains("KL is not falling here: past the statistical floor of the N samples the fit follows "
                + "the sample, not p*"), notes.toString());
    }

    @Test
    void aStuckRunIsCalledStuckAndGetsNoRate() {
        double[] t = t(600);
        double[] kl = new double[600];
        for (int i = 0; i < 600; i++) {
            kl[i] = 1.4816833927 + (i < 30 ? Math.exp(-i) : 0);
        }
        List<String> notes = GmmOverparamRun.lossNotes(GmmOverparamRun.lossVerdict(t, kl, 1e-14), false);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("levelled off at 1.482 since t ≈ ")
                && n.endsWith("stuck: a one-fits-many optimum, not the truth")), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.contains("polynomial rate")), notes.toString());
    }

    @Test
    void aCurveFallingOffACliffIsNotCalledPolynomial() {
        double[] t = t(400);
        double[] kl = new double[400];
        for (int i = 0; i < 400; i++) {
            kl[i] = t[i] < 200 ? 1e-3 / (t[i] * t[i]) : 1e-3 / (t[i] * t[i]) * Math.exp(-(t[i] - 200) / 5.0);
        }
        RateCaption.Verdict v = GmmOverparamRun.lossVerdict(t, kl, 1e-30);
        List<String> notes = GmmOverparamRun.lossNotes(v, false);
        assertFalse(v.showsRate(), notes.toString());
        assertTrue(notes.get(0).startsWith("no single rate over t ∈ ["), notes.toString());
    }

    /** Values below the quadrature error are not fitted: a rate, if any, is over a window that ends before them. */
    @Test
    void belowTheQuadratureErrorNothingIsFitted() {
        double[] t = t(300);
        double[] kl = new double[300];
        for (int i = 0; i < 300; i++) {
            kl[i] = 1e-9 * Math.exp(-t[i] / 10) - 2e-12;
        }
        RateCaption.Verdict v = GmmOverparamRun.lossVerdict(t, kl, 1e-11);
        assertTrue(v.belowFloor());
        double firstBelow = 0;
        for (int i = 0; i < 300; i++) {
            if (kl[i] <= 10 * 1e-11) {
                firstBelow = t[i];
                break;
            }
        }
        assertTrue(v.tail() == null || v.tail().toX() < firstBelow, "fitted over " + v.rateText("slope"));
    }
}
