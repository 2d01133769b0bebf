package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.data.Dataset;
import org.emlab.core.labs.overspec.MlrOverspecLab;
import org.emlab.core.numeric.LinearFit;
import org.junit.jupiter.api.Test;

/**
 * Sample EM of setting 000 (docs/labs/mlr-overspec.md#sample-em-update, §1.7): a step worked out by hand on three points,
 * monotone log-likelihood, the symmetries, the sample-to-population gap, and the finite-sample floor
 * of fixed unbalanced weights.
 *
 * <p>Reference: src-core/src/test/resources/reference/symmetric_mlr_floor_mc.py (floors 0.079 and 0.017).
 */
class SymmetricMlrEmTest {

    private static SymmetricMlrPopulation nullTruth(int d) {
        return new SymmetricMlrPopulation(d, 1.0, new double[d], 0.5);
    }

    /**
     * Three points in d = 2, σ = 1.5, θ = (0.4, −0.1), π₁ = 0.6 (ν = atanh 0.2), written out:
     * u_i = y_i<x_i,θ>/σ², t_i = tanh(u_i + ν), θ⁺ = (XᵀX)⁻¹ Σ t_i y_i x_i with the 2×2 inverse by
     * cofactors, π₁⁺ = (1 + mean t)/2, ℓ from logaddexp of the two components.
     */
    @Test
    void oneStepMatchesHandComputation() {
        double[] x = {1, 0.5, -2, 1, 0.5, -1.5};
        double[] y = {0.3, 1.1, -0.7};
        double s2 = 1.5 * 1.5;
        double[] th = {0.4, -0.1};
        double nu = 0.5 * Math.log(0.6 / 0.4);
        double[] t = new double[3];
        double b0 = 0;
        double b1 = 0;
        double ll = 0;
        for (int i = 0; i < 3; i++) {
            double dot = x[2 * i] * th[0] + x[2 * i + 1] * th[1];
            double u = y[i] * dot / s2;
            t[i] = Math.tanh(u + nu);
            b0 += t[i] * y[i] * x[2 * i];
            b1 += t[i] * y[i] * x[2 * i + 1];
            double c1 = Math.log(0.6) - (y[i] - dot) * (y[i] - dot) / (2 * s2);
            double c2 = Math.log(0.4) - (y[i] + dot) * (y[i] + dot) / (2 * s2);
            double m = Math.max(c1, c2);
            ll += -0.5 * Math.log(2 * Math.PI * s2) + m + Math.log(Math.exp(c1 - m) + Math.exp(c2 - m));
        }
        double g00 = 1 + 4 + 0.25;
        double g01 = 0.5 - 2 - 0.75;
        double g11 = 0.25 + 1 + 2.25;
        double det = g00 * g11 - g01 * g01;
        double[] expected = {(g11 * b0 - g01 * b1) / det, (-g01 * b0 + g00 * b1) / det};
        double pi = 0.5 * (1 + (t[0] + t[1] + t[2]) / 3);
        Dataset data = new Dataset(3, 2, x, y, null, null, null, "y");
        SymmetricMlrEm e = new SymmetricMlrEm(data, 1.5, th, 0.6, true, nullTruth(2));
        assertEquals(ll / 3, e.logLikelihood(), 1e-14);
        e.step();
        assertArrayEquals(expected, e.theta(), 1e-14);
        assertEquals(pi, e.pi1(), 1e-15);
    }

    @Test
    void logLikelihoodNeverDecreases() {
        int d = 5;
        Dataset data = MlrOverspecLab.generate(10_000, d, 1.0, new double[d], 0.5, 3);
        double[] th0 = {1, 0, 0, 0, 0};
        for (boolean update : new boolean[] {true, false}) {
            SymmetricMlrEm e = new SymmetricMlrEm(data, 1.0, th0, 0.7, update, nullTruth(d));
            assertEquals("loglik", e.monotoneColumn());
            double prev = e.logLikelihood();
            for (int t = 0; t < 200; t++) {
                e.step();
                double ll = e.logLikelihood();
                assertTrue(ll >= prev - 1e-12 * (1 + Math.abs(prev)), "ℓ decreased at t = " + (t + 1) + ": " + (ll - prev));
                prev = ll;
            }
        }
    }

    @Test
    void lowSnrRunIsMonotoneToo() {
        int d = 3;
        double[] ts = {0.3, 0, 0};
        Dataset data = MlrOverspecLab.generate(5_000, d, 1.0, ts, 0.7, 9);
        SymmetricMlrEm e = new SymmetricMlrEm(data, 1.0, new double[] {0.5, 0.5, 0}, 0.5, true,
                new SymmetricMlrPopulation(d, 1.0, ts, 0.7));
        double prev = e.logLikelihood();
        for (int t = 0; t < 100; t++) {
            e.step();
            double ll = e.logLikelihood();
            assertTrue(ll >= prev - 1e-12 * (1 + Math.abs(prev)));
            prev = ll;
        }
    }

    /**
     * θ = 0: every t_i = tanh ν = τ, so θ⁺ = τ·β_OLS and π₁⁺ = π₁. Hence θ = 0 is a fixed point of
     * the sample map exactly when π₁ = ½ (docs/labs/mlr-overspec.md#reference-values-used-by-tests item 2 holds for the population map only).
     */
    @Test
    void zeroIsASampleFixedPointOnlyForBalancedWeights() {
        int d = 3;
        Dataset data = MlrOverspecLab.generate(500, d, 1.0, new double[d], 0.5, 4);
        SymmetricMlrEm bal = new SymmetricMlrEm(data, 1.0, new double[d], 0.5, true, nullTruth(d));
        bal.step();
        assertArrayEquals(new double[d], bal.theta(), 0.0);
        assertEquals(0.5, bal.pi1(), 0.0);
        SymmetricMlrEm unb = new SymmetricMlrEm(data, 1.0, new double[d], 0.8, true, nullTruth(d));
        SymmetricMlrEm unb6 = new SymmetricMlrEm(data, 1.0, new double[d], 0.6, true, nullTruth(d));
        SymmetricMlrEm ols = new SymmetricMlrEm(data, 1.0, new double[d], 0.5, false, nullTruth(d));
        unb.step();
        unb6.step();
        ols.step();
        // θ⁺ = τ·β_OLS: proportional to τ (0.6 at π₁ = 0.8, 0.2 at π₁ = 0.6), and non-zero
        for (int c = 0; c < d; c++) {
            assertEquals(3.0 * unb6.theta()[c], unb.theta()[c], 1e-14);
        }
        assertTrue(Math.abs(unb.theta()[0]) > 0);
        assertEquals(0.8, unb.pi1(), 1e-15);
        assertArrayEquals(new double[d], ols.theta(), 0.0);
    }

    @Test
    void labelSwapGivesTheMirroredStep() {
        int d = 4;
        Dataset data = MlrOverspecLab.generate(3_000, d, 1.0, new double[] {0.4, 0, 0, 0}, 0.6, 8);
        SymmetricMlrPopulation pop = new SymmetricMlrPopulation(d, 1.0, new double[] {0.4, 0, 0, 0}, 0.6);
        double[] th = {0.3, -0.2, 0.1, 0.5};
        double[] mth = {-0.3, 0.2, -0.1, -0.5};
        SymmetricMlrEm a = new SymmetricMlrEm(data, 1.0, th, 0.65, true, pop);
        SymmetricMlrEm b = new SymmetricMlrEm(data, 1.0, mth, 0.35, true, pop);
        for (int t = 0; t < 3; t++) {
            a.step();
            b.step();
            for (int c = 0; c < d; c++) {
                assertEquals(-a.theta()[c], b.theta()[c], 1e-13);
            }
            assertEquals(1 - a.pi1(), b.pi1(), 1e-14);
        }
    }

    @Test
    void halfStepsComposeToAFullStep() {
        int d = 2;
        Dataset data = MlrOverspecLab.generate(1_000, d, 1.0, new double[d], 0.5, 2);
        SymmetricMlrEm full = new SymmetricMlrEm(data, 1.0, new double[] {0.8, 0.1}, 0.7, true, nullTruth(d));
        SymmetricMlrEm half = new SymmetricMlrEm(data, 1.0, new double[] {0.8, 0.1}, 0.7, true, nullTruth(d));
        for (int t = 0; t < 3; t++) {
            full.step();
            half.halfStep();
            half.halfStep();
        }
        assertArrayEquals(full.theta(), half.theta(), 0.0);
        assertEquals(full.pi1(), half.pi1(), 0.0);
    }

    /** The one-step gap ‖M_N(θ) − M(θ)‖ decays like N^{-1/2} (docs/labs/mlr-overspec.md#reference-values-used-by-tests item 5). */
    @Test
    void sampleStepApproachesPopulationStep() {
        int d = 5;
        SymmetricMlrPopulation pop = nullTruth(d);
        double[] th = {0.5, 0.2, 0, 0, 0};
        double[] m = new double[d];
        pop.map(th, 0.2, m);
        double[] gaps = new double[2];
        int[] sizes = {2_000, 200_000};
        for (int k = 0; k < 2; k++) {
            for (int seed = 0; seed < 4; seed++) {
                Dataset data = MlrOverspecLab.generate(sizes[k], d, 1.0, new double[d], 0.5, 100 + seed);
                SymmetricMlrEm e = new SymmetricMlrEm(data, 1.0, th, 0.6, true, pop);
                e.step();
                double g = 0;
                for (int c = 0; c < d; c++) {
                    g += (e.theta()[c] - m[c]) * (e.theta()[c] - m[c]);
                }
                gaps[k] += Math.sqrt(g) / 4;
            }
        }
        double ratio = gaps[0] / gaps[1];
        assertTrue(ratio > 5 && ratio < 20, "gap ratio for a 100× larger sample is " + ratio + " (theory 10)");
    }

    /**
     * Finite-sample floor with fixed unbalanced weights π₁ = 0.8 (docs/labs/mlr-overspec.md#the-papers-claim-and-how-the-views-show-it): ‖θ̂‖ ≈ 1.6 sqrt(d/N),
     * reference means 0.079 (N = 2e3) and 0.017 (N = 3.2e4); slope −½ in N.
     */
    @Test
    void fixedUnbalancedFloorScalesLikeSqrtDOverN() {
        int d = 5;
        int[] sizes = {2_000, 32_000};
        double[] mean = new double[2];
        int seeds = 4;
        for (int k = 0; k < 2; k++) {
            for (int seed = 0; seed < seeds; seed++) {
                Dataset data = MlrOverspecLab.generate(sizes[k], d, 1.0, new double[d], 0.5, 500 + seed);
                SymmetricMlrEm e = new SymmetricMlrEm(data, 1.0, new double[] {1, 0, 0, 0, 0}, 0.8, false, nullTruth(d));
                for (int t = 0; t < 40; t++) {
                    e.step();
                }
                double n2 = 0;
                for (double v : e.theta()) {
                    n2 += v * v;
                }
                mean[k] += Math.sqrt(n2) / seeds;
            }
        }
        assertEquals(0.079, mean[0], 0.03);
        assertEquals(0.017, mean[1], 0.008);
        double slope = LinearFit.fit(new double[] {Math.log(sizes[0]), Math.log(sizes[1])},
                new double[] {Math.log(mean[0]), Math.log(mean[1])}).slope();
        assertEquals(-0.5, slope, 0.15);
    }

    /**
     * The straightforward E-step sums, one row at a time with {@code Math.tanh} and
     * {@code Stable.logCosh}: {@code Σ t_i y_i x_i}, {@code Σ t_i}, {@code Σ (log cosh a_i − <x_i,θ>²/(2σ²))}.
     */
    private static double[] straightforwardSums(double[] x, double[] y, int d, double[] th, double nu, double inv,
                                                double[] post) {
        double[] s = new double[d + 2];
        for (int i = 0; i < y.length; i++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += x[i * d + c] * th[c];
            }
            double a = y[i] * dot * inv + nu;
            double t = Math.tanh(a);
            post[i] = t;
            for (int c = 0; c < d; c++) {
                s[c] += t * y[i] * x[i * d + c];
            }
            s[d] += t;
            s[d + 1] += org.emlab.core.numeric.Stable.logCosh(a) - 0.5 * (y[i] * y[i] + dot * dot) * inv;
        }
        return s;
    }

    /**
     * The fused, grouped, parallel sweep equals the straightforward one: to 1e-12 relative to the
     * size of the summands (the sums are grouped four rows at a time and by chunk, and tanh and log
     * cosh come from one exp, each accurate to about 1e-15), and the engine's parallel pass equals
     * the same kernel run serially bit for bit (fixed chunks).
     */
    @Test
    void fusedParallelSweepEqualsTheStraightforwardOne() {
        int d = 3;
        int n = 3 * org.emlab.core.numeric.ChunkedSums.PARALLEL_THRESHOLD + 7; // parallel, with a ragged tail
        Dataset data = MlrOverspecLab.generate(n, d, 0.8, new double[] {0.6, -0.3, 0.2}, 0.65, 11);
        double[] th = {0.5, -0.2, 0.1};
        double pi0 = 0.6;
        double sigma = 0.8;
        SymmetricMlrEm e = new SymmetricMlrEm(data, sigma, th, pi0, true, nullTruth(d));
        double[] fused = e.lastSums();
        double[] fusedPost = e.posteriors();
        double nu = org.emlab.core.numeric.Stable.atanh(2 * pi0 - 1);
        double inv = 1 / (sigma * sigma);
        double[] post = new double[n];
        double[] plain = straightforwardSums(data.x(), data.y(), d, th, nu, inv, post);
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += Math.abs(data.y()[i]) * (1 + Math.abs(data.y()[i]));
            // the engine forms a_i as (y_i/σ)<x_i, θ/σ> rather than y_i<x_i, θ>/σ²: a few ulps of a_i apart
            assertEquals(post[i], fusedPost[i], 1e-14 * Math.abs(post[i]) + 4e-15, "t_" + i);
        }
        for (int c = 0; c < d + 2; c++) {
            assertEquals(plain[c], fused[c], 1e-12 * scale, "sum " + c);
        }
        // the engine works in units of σ (y/σ, θ/σ, σ = 1): its pass equals the serial kernel on those, bit for bit
        double[] unitY = new double[n];
        for (int i = 0; i < n; i++) {
            unitY[i] = data.y()[i] / sigma;
        }
        double[] unitTh = {th[0] / sigma, th[1] / sigma, th[2] / sigma};
        double[] serial = new double[d + 2];
        double[][] xt = SymmetricMlrKernel.tiles(data.x(), n, d);
        new org.emlab.core.numeric.ChunkedSums(n, d + 2).parallel(false).sum((from, to, acc, off) ->
                SymmetricMlrKernel.accumulate(xt, unitY, d, unitTh, nu, 1.0, null, from, to, acc, off, false), serial);
        assertArrayEquals(serial, e.lastUnitSums(), 0.0);
    }

    /**
     * The compensated residual y − s&lt;x, θ&gt; matches exact decimal arithmetic (BigDecimal) to one rounding
     * of the result at SNR-like scales where the plain dot product loses 1e-10 to cancellation.
     */
    @Test
    void compensatedResidualIsExactToOneRounding() {
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(7);
        for (int trial = 0; trial < 200; trial++) {
            int d = 1 + rng.nextInt(5);
            double[] x = new double[d];
            double[] th = new double[d];
            java.math.BigDecimal u = java.math.BigDecimal.ZERO;
            for (int c = 0; c < d; c++) {
                x[c] = rng.nextGaussian();
                th[c] = 1e6 * rng.nextGaussian();
                u = u.add(new java.math.BigDecimal(x[c]).multiply(new java.math.BigDecimal(th[c])));
            }
            double y = u.doubleValue() + rng.nextGaussian(); // y ≈ <x, θ> + noise: |y| − |u| is O(1)
            double q = y * u.doubleValue();
            java.math.BigDecimal s = java.math.BigDecimal.valueOf(q >= 0 ? 1 : -1);
            double exact = new java.math.BigDecimal(y).subtract(s.multiply(u)).doubleValue();
            double[] r = new double[1];
            double[][] xb = new double[d][1]; // one row as the kernel's block columns
            for (int c = 0; c < d; c++) {
                xb[c][0] = x[c];
            }
            SymmetricMlrKernel.residuals(xb, 0, d, th, new double[] {y}, new double[] {q}, 1, r, new double[1], new double[1]);
            assertEquals(exact, r[0], 2 * Math.ulp(exact), "trial " + trial);
        }
    }
}
