package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.emlab.core.data.Rng;
import org.emlab.core.numeric.LinearFit;
import org.junit.jupiter.api.Test;

/**
 * Quantiles against R's type 7 and the slope fit against known power laws.
 *
 * <p>Reference: src-core/src/test/resources/reference/r_quantile_type7.py (R quantiles).
 */
class SweepSummaryTest {

    /** R 4.x: {@code quantile(c(1,2,3,4,10), c(.1,.5,.9))} = 1.4, 3, 7.6. */
    @Test
    void quantilesMatchRsDefaultType7() {
        double[] v = {1, 2, 3, 4, 10};
        assertEquals(1.4, SweepSummary.quantile(v, 0.1), 1e-12);
        assertEquals(3.0, SweepSummary.quantile(v, 0.5), 0.0);
        assertEquals(7.6, SweepSummary.quantile(v, 0.9), 1e-12);
        assertEquals(2.5, SweepSummary.quantile(new double[] {1, 2, 3, 4}, 0.5), 0.0);
        // not reached (+inf) sorts last and propagates only where it is interpolated
        double[] w = {3, 5, 8, Double.POSITIVE_INFINITY};
        assertEquals(6.5, SweepSummary.quantile(w, 0.5), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, SweepSummary.quantile(w, 0.9));
    }

    @Test
    void anExactPowerLawGivesItsSlope() {
        double[] n = {1000, 4000, 16000, 64000, 256000};
        double[] y = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            y[i] = 3 * Math.pow(n[i], -0.25);
        }
        LinearFit f = SweepSummary.logLogFit(n, y);
        assertEquals(-0.25, f.slope(), 1e-12);
        assertEquals(Math.log(3), f.intercept(), 1e-10);
    }

    /**
     * y = 3 n^−0.25 · exp(0.2 Z) per trial, 9 trials at each of 12 log-spaced n: over 40 seeded
     * replicates the fitted slope of the medians averages −0.25, its error is within its standard
     * error about as often as a t distribution with 10 degrees of freedom says (66 %), and never
     * beyond five standard errors. (The standard error is itself estimated from 12 points, so a
     * single replicate can miss by more than one of them.)
     */
    @Test
    void aNoisyPowerLawGivesItsSlopeWithinItsStandardError() {
        double[] n = new double[12];
        for (int i = 0; i < n.length; i++) {
            n[i] = 500 * Math.pow(2, i);
        }
        int replicates = 40;
        int withinOne = 0;
        double meanSlope = 0;
        for (int rep = 0; rep < replicates; rep++) {
            RandomGenerator rng = Rng.stream(20_260_101L + rep, Rng.DATA);
            double[] med = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                double[] t = new double[9];
                for (int r = 0; r < t.length; r++) {
                    t[r] = 3 * Math.pow(n[i], -0.25) * Math.exp(0.2 * rng.nextGaussian());
                }
                java.util.Arrays.sort(t);
                med[i] = SweepSummary.quantile(t, 0.5);
            }
            LinearFit f = SweepSummary.logLogFit(n, med);
            double z = (f.slope() + 0.25) / f.slopeStdError();
            assertTrue(f.slopeStdError() > 0 && f.slopeStdError() < 0.03, "s.e. " + f.slopeStdError());
            assertTrue(Math.abs(z) < 5, f.slope() + " ± " + f.slopeStdError());
            if (Math.abs(z) < 1) {
                withinOne++;
            }
            meanSlope += f.slope() / replicates;
        }
        assertEquals(-0.25, meanSlope, 0.005);
        assertTrue(withinOne >= 20 && withinOne <= 36, withinOne + " of 40 within one s.e.");
    }

    @Test
    void pointsWithoutAPositiveFiniteMedianAreLeftOutOfTheFit() {
        double[] n = {10, 100, 1000, 10000};
        double[] y = {Double.POSITIVE_INFINITY, 0.1, 0.01, 0};
        LinearFit f = SweepSummary.logLogFit(n, y);
        assertEquals(2, f.points());
        assertEquals(-1.0, f.slope(), 1e-12);
    }
}
