package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.emlab.core.data.Rng;
import org.emlab.core.numeric.LinearFit;
import org.emlab.core.numeric.Stable;
import org.junit.jupiter.api.Test;

/**
 * Population EM of setting 000 against docs/labs/mlr-overspec.md#population-update: the measured reference numbers of §1.8
 * (from an independent mpmath/NumPy implementation), the small-b series, Monte Carlo for the
 * general truth, the invariants of §1.7, and the headline rates fitted on the exact map.
 *
 * <p>Reference: src-core/src/test/resources/reference/symmetric_mlr_population.py (b_t, τ_t, slopes, KL).
 */
class SymmetricMlrPopulationTest {
    private static final int D = 5;

    private static SymmetricMlrPopulation overspecified() {
        return new SymmetricMlrPopulation(D, 1.0, new double[D], 0.5);
    }

    private static double[] e1(double b) {
        double[] t = new double[D];
        t[0] = b;
        return t;
    }

    /** b_t (index t) of a population run from b₀ = 1 for {@code steps} steps. */
    private static double[][] run(double pi0, boolean update, int steps) {
        SymmetricMlrPopulationEm e = new SymmetricMlrPopulationEm(overspecified(), e1(1), pi0, update);
        double[] b = new double[steps + 1];
        double[] tau = new double[steps + 1];
        double[] row = new double[e.columns().size()];
        e.row(row);
        b[0] = row[3];
        tau[0] = row[4];
        for (int t = 1; t <= steps; t++) {
            e.step();
            double[] th = e.theta();
            b[t] = Math.sqrt(th[0] * th[0] + th[1] * th[1]);
            tau[t] = 2 * e.pi1() - 1;
        }
        return new double[][] {b, tau};
    }

    @Test
    void balancedRunMatchesReferenceNumbers() {
        double[][] r = run(0.5, true, 1000);
        assertEquals(0.14155, r[0][10], 1e-5);
        assertEquals(0.041611, r[0][100], 1e-6);
        assertEquals(0.012948, r[0][1000], 1e-6);
        for (double tau : r[1]) {
            assertEquals(0.0, tau, 0.0, "π₁ = ½ is preserved exactly");
        }
    }

    @Test
    void balancedRunIsSublinearWithSlopeMinusOneHalf() {
        double[][] r = run(0.5, false, 1000);
        int m = 0;
        double[] lx = new double[901];
        double[] ly = new double[901];
        for (int t = 100; t <= 1000; t++) {
            lx[m] = Math.log(t);
            ly[m++] = Math.log(r[0][t]);
        }
        double slope = LinearFit.fit(lx, ly).slope();
        assertEquals(-0.5, slope, 0.02, "log-log slope of b_t");
        assertEquals(1.0, Math.sqrt(6 * 1000) * r[0][1000], 0.03, "b_t ≈ 1/sqrt(6t)");
    }

    @Test
    void unbalancedRunMatchesReferenceNumbers() {
        double[][] r = run(0.7, true, 200);
        double[] bRef = {0.4568, 0.1802, 0.1106, 0.0616, 0.0189};
        double[] tRef = {0.2958, 0.2258, 0.2054, 0.1920, 0.1842};
        int[] ts = {1, 5, 10, 20, 50};
        for (int i = 0; i < ts.length; i++) {
            assertEquals(bRef[i], r[0][ts[i]], 1e-4, "b at t = " + ts[i]);
            assertEquals(tRef[i], r[1][ts[i]], 1e-4, "τ at t = " + ts[i]);
        }
        assertEquals(0.18328, r[1][200], 2e-5, "τ∞");
        // linear rate log(1 − τ∞²) = −0.034170 on a semi-log plot
        double slope = (Math.log(r[0][200]) - Math.log(r[0][150])) / 50;
        assertEquals(-0.034170, slope, 3e-4);
    }

    @Test
    void stronglyUnbalancedRunMatchesReferenceNumbers() {
        double[][] r = run(0.9, true, 50);
        assertEquals(0.79371, 0.5 * (1 + r[1][50]), 1e-5, "π₁∞");
        assertEquals(2.8e-10, r[0][50], 0.05e-10, "b_50");
    }

    @Test
    void fixedUnbalancedWeightsConvergeAtRateFourPiOnePiTwo() {
        double[][] r = run(0.7, false, 60);
        double slope = (Math.log(r[0][60]) - Math.log(r[0][40])) / 20;
        assertEquals(Math.log(0.84), slope, 1e-4, "semi-log slope log(4π₁π₂) = −0.174353");
        for (double tau : r[1]) {
            assertEquals(0.4, tau, 1e-15, "fixed weights stay");
        }
    }

    @Test
    void smallBSeriesAgreesWithTheExactMap() {
        double[] out = new double[2];
        double b = 0.05;
        double tau = 0.4;
        SymmetricMlrPopulation.reducedMap(b, Stable.atanh(tau), out);
        double series = (1 - tau * tau) * b * (1 + 3 * (3 * tau * tau - 1) * b * b);
        assertTrue(Math.abs(out[0] - series) < 2e-7, "τ = 0.4: |exact − series| = " + Math.abs(out[0] - series));
        assertEquals(tau - tau * (1 - tau * tau) * b * b, out[1], 4 * Math.pow(b, 4), "τ⁺ up to O(b⁴)");
        SymmetricMlrPopulation.reducedMap(b, 0, out);
        double series0 = b - 3 * b * b * b + 30 * Math.pow(b, 5);
        assertTrue(Math.abs(out[0] - series0) < 5e-7);
    }

    @Test
    void overspecifiedKlMatchesReferenceAndSmallBExpansion() {
        assertEquals(0.186433, SymmetricMlrPopulation.klOverspecified(1, 0), 1e-6);
        assertEquals(0.082723, SymmetricMlrPopulation.klOverspecified(0.7, 0.4), 1e-6);
        double b = 0.01;
        for (double tau : new double[] {0, 0.3}) {
            double approx = tau * tau * b * b / 2 + 0.75 * (1 - tau * tau) * (1 - 3 * tau * tau) * Math.pow(b, 4);
            double kl = SymmetricMlrPopulation.klOverspecified(b, tau);
            assertEquals(approx, kl, 1e-3 * approx, "small-b KL at τ = " + tau);
        }
        // the balanced run's KL matches 0.75 b⁴ (docs/labs/mlr-overspec.md#open-questions: 2.09e-10 at t = 1e4, 2.11e-8 at t = 1e3)
        assertEquals(2.11e-8, SymmetricMlrPopulation.klOverspecified(0.012948, 0), 0.01e-8);
    }

    @Test
    void zeroIsAFixedPointAndUpdatesAreParallel() {
        SymmetricMlrPopulation pop = overspecified();
        double[] out = new double[D];
        assertEquals(0.3, pop.map(new double[D], 0.3, out), 0.0);
        for (double v : out) {
            assertEquals(0.0, v, 0.0);
        }
        double[] th = {0.3, -0.2, 0.1, 0.05, 0.4};
        pop.map(th, 0.2, out);
        double ratio = out[0] / th[0];
        for (int c = 1; c < D; c++) {
            assertEquals(ratio * th[c], out[c], 1e-15, "θ⁺ ∥ θ");
        }
    }

    @Test
    void generalTruthMapMatchesMonteCarlo() {
        // docs/labs/mlr-overspec.md#population-update check case: θ* = (0.3,0,0), p* = 0.7, θ = (0.5,0.4,0), π₁ = 0.6
        double[] ts = {0.3, 0, 0};
        SymmetricMlrPopulation pop = new SymmetricMlrPopulation(3, 1.0, ts, 0.7);
        double[] th = {0.5, 0.4, 0};
        double[] out = new double[3];
        double tauNext = pop.map(th, 0.2, out);
        double nu = Stable.atanh(0.2);
        RandomGenerator rng = Rng.stream(5, Rng.DATA);
        int n = 400_000;
        double[] s = new double[4];
        double[] s2 = new double[4];
        for (int i = 0; i < n; i++) {
            double x0 = rng.nextGaussian();
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            double sign = rng.nextDouble() < 0.7 ? 1 : -1;
            double y = sign * 0.3 * x0 + rng.nextGaussian();
            double t = Math.tanh(y * (0.5 * x0 + 0.4 * x1) + nu);
            double[] v = {t * y * x0, t * y * x1, t * y * x2, t};
            for (int j = 0; j < 4; j++) {
                s[j] += v[j];
                s2[j] += v[j] * v[j];
            }
        }
        double[] model = {out[0], out[1], out[2], tauNext};
        for (int j = 0; j < 4; j++) {
            double mean = s[j] / n;
            double se = Math.sqrt((s2[j] / n - mean * mean) / n);
            assertTrue(Math.abs(model[j] - mean) < 4 * se, "component " + j + ": " + model[j] + " vs " + mean + " ± " + se);
        }
    }

    @Test
    void generalTruthIsAFixedPointAndLabelSymmetric() {
        double[] ts = {0.4, 0.2};
        double pStar = 0.65;
        SymmetricMlrPopulation pop = new SymmetricMlrPopulation(2, 1.0, ts, pStar);
        double[] out = new double[2];
        double tau = pop.map(ts, 2 * pStar - 1, out);
        assertEquals(ts[0], out[0], 1e-13);
        assertEquals(ts[1], out[1], 1e-13);
        assertEquals(2 * pStar - 1, tau, 1e-13);
        double[] th = {0.5, -0.3};
        double[] a = new double[2];
        double[] b = new double[2];
        double ta = pop.map(th, 0.1, a);
        double tb = pop.map(new double[] {-0.5, 0.3}, -0.1, b);
        assertEquals(-a[0], b[0], 1e-14);
        assertEquals(-a[1], b[1], 1e-14);
        assertEquals(-ta, tb, 1e-14);
        assertEquals(0.0, pop.kl(ts, pStar), 1e-13, "KL(truth ‖ truth) = 0");
    }

    @Test
    void expectedLogLikelihoodNeverDecreasesWithGeneralTruth() {
        SymmetricMlrPopulation pop = new SymmetricMlrPopulation(3, 1.0, new double[] {0.3, 0, 0}, 0.6);
        SymmetricMlrPopulationEm e = new SymmetricMlrPopulationEm(pop, new double[] {0.7, 0.7, 0}, 0.8, true);
        double[] row = new double[e.columns().size()];
        e.row(row);
        double prev = row[1];
        for (int t = 0; t < 40; t++) {
            e.step();
            e.row(row);
            assertTrue(row[1] >= prev - 1e-12 * (1 + Math.abs(prev)), "ℓ decreased at t = " + (t + 1));
            prev = row[1];
        }
    }
}
