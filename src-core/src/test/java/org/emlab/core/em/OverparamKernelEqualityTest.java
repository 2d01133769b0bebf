package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.emlab.core.data.Rng;
import org.emlab.core.labs.overparam.GmmOverparamLab;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.model.WeightedPoints;
import org.junit.jupiter.api.Test;

/**
 * The fused population and sample kernel of {@link OverparamGradientEm} (stored factors, block by block,
 * lane sums, issue 19) against the straightforward form of the same step, written here point by point in
 * log space (docs/labs/gmm-overparam.md, "Population update"): before every outer step, each sum of one
 * full pass and of one weights-only pass at the engine's state agrees to 1e-12 relative; after several
 * outer steps of K_in = 30 inner weight steps, the weights and the means agree to 1e-12 relative to the
 * largest entry of their vector and ℓ to 1e-12 relative. On the lab's default population rule, on a
 * sample in d = 3 and on a sample with a pruned component, tiny weights and points recomputed in log
 * space; one thread and the pool give the same bits.
 */
class OverparamKernelEqualityTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void populationStepsEqualTheStraightforwardKernel() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        int n = 12;
        PopulationRule rule = GmmOverparamLab.populationRule(truth, Double.NaN, n);
        compare(rule.points(), rule, truth, n, GmmOverparamLab.initialMeans(truth, n, 0), 8);
    }

    @Test
    void sampleStepsEqualTheStraightforwardKernel() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(3, new double[] {0.4, 0.35, 0.25}, 5);
        int n = 7;
        WeightedPoints sample = WeightedPoints.uniform(3, 20_011, truth.sample(20_011, Rng.stream(3, Rng.DATA)).x());
        compare(sample, null, truth, n, GmmOverparamLab.initialMeans(truth, n, 1), 6);
    }

    /**
     * The kernel's corner cases on a sample large enough for several chunks (and threads), in d = 2:
     * a pruned component (π = 0, its mean next to the data), a weight of 1e-300 whose mean sits at
     * (60, 0) next to 300 far points (there {@code S_p} is about 1e-300, below the rescue threshold, so
     * those points are recomputed in log space until the weight has grown), a weight of 1e-200 that
     * keeps shrinking, and a last block shorter than the others.
     */
    @Test
    void prunedTinyAndRescuedPointsEqualTheStraightforwardKernel() {
        WeightedPoints pts = cornerSample();
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        compare(pts, null, truth, cornerWeights(), cornerMeans(truth), 5);
    }

    /**
     * The factored passes of a lattice rule ({@link FactoredSweep}) at their corner cases, on a lattice of one true
     * component at the origin: two heavy components at (40, 0) and (0, 40), far from every node, and two
     * components near the nodes with subnormal weights, 3e-321 and 1e-320 (and one pruned). At first every
     * node's {@code S_p} is subnormal, far below the rescue threshold (each heavy component's product of a run's
     * and a column's factor is about e^−800 = 0, the near ones' carry their tiny weights, with about ten bits left),
     * so every node is recomputed in log space (without that the first sums are NaN: S_p is 0 at far nodes); after the
     * first inner step the near components carry the weight and the factored sums take over. (The two near
     * components share the nodes, so none of their first moments is a sum that cancels to rounding noise.)
     */
    @Test
    void factoredPassesWithRescuedNodesEqualTheStraightforwardKernel() {
        UnitGaussianMixture one = UnitGaussianMixture.polygon(2, new double[] {1}, 6);
        int n = 5;
        PopulationRule rule = GmmOverparamLab.populationRule(one, Double.NaN, n);
        FactoredGrid lattice = FactoredGrid.of(rule.points());
        org.junit.jupiter.api.Assertions.assertTrue(lattice != null && lattice.contiguous(),
                "the rule's runs are slices of its columns, so the factored passes serve it");
        double[] pi = {0.5, 0.5, 3e-321, 0, 1e-320};
        double[] mu = {40, 0, 0, 40, 0.5, -0.3, 1, 1, -0.7, 0.4};
        compare(rule.points(), rule, one, pi, mu, 4);
    }

    /**
     * One thread and the pool give the same bits (fixed chunks and blocks, fixed order of the lane sums):
     * the corner-case sample, and the lab's default population rule with its check pass (the error
     * estimates too).
     */
    @Test
    void oneThreadAndThePoolAgreeBitForBit() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        WeightedPoints pts = cornerSample();
        sameBits(new OverparamGradientEm(pts, pts, truth, cornerWeights(), cornerMeans(truth), 1.0, 30),
                new OverparamGradientEm(pts, pts, truth, cornerWeights(), cornerMeans(truth), 1.0, 30));
        int n = 12;
        PopulationRule rule = GmmOverparamLab.populationRule(truth, Double.NaN, n);
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        double[] mu = GmmOverparamLab.initialMeans(truth, n, 0);
        sameBits(new OverparamGradientEm(rule.points(), rule, truth, pi, mu, 1.0, 30),
                new OverparamGradientEm(rule.points(), rule, truth, pi, mu, 1.0, 30));
    }

    /** Engine {@code a} stepped on the calling thread alone, {@code b} with the pool's helpers: the same bits. */
    private static void sameBits(OverparamGradientEm a, OverparamGradientEm b) {
        for (int t = 0; t < 4; t++) {
            org.emlab.core.numeric.ChunkedSums.allowHelpersWhen(() -> false);
            try {
                a.step();
                a.logLikelihood();
                a.loss();
                a.lossError();
            } finally {
                org.emlab.core.numeric.ChunkedSums.allowHelpersWhen(null);
            }
            b.step();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.state(), b.state(), 0.0, "state at step " + (t + 1));
            assertEquals(a.logLikelihood(), b.logLikelihood(), 0.0, "ℓ at step " + (t + 1));
            assertEquals(a.loss(), b.loss(), 0.0, "KL at step " + (t + 1));
            assertEquals(a.lossError(), b.lossError(), 0.0, "KL's estimate at step " + (t + 1));
            assertEquals(a.stepError(), b.stepError(), 0.0, "the step's estimate at step " + (t + 1));
        }
    }

    /** 40 003 points of the triangle's sample (not a multiple of the block size) and 300 points around (60, 0). */
    private static WeightedPoints cornerSample() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        int main = 40_003;
        int far = 300;
        double[] x = java.util.Arrays.copyOf(truth.sample(main, Rng.stream(5, Rng.DATA)).x(), 2 * (main + far));
        java.util.Random rnd = new java.util.Random(11);
        for (int p = main; p < main + far; p++) {
            x[2 * p] = 60 + 0.5 * rnd.nextGaussian();
            x[2 * p + 1] = 0.5 * rnd.nextGaussian();
        }
        return WeightedPoints.uniform(2, main + far, x);
    }

    /** Six weights: a pruned one, 1e-300 (rescued points), 1e-200 (shrinking), the rest equal. */
    private static double[] cornerWeights() {
        double[] pi = {0.3, 0, 1e-300, 0.3, 1e-200, 0.4};
        double s = 0;
        for (double v : pi) {
            s += v;
        }
        for (int i = 0; i < pi.length; i++) {
            pi[i] /= s;
        }
        return pi;
    }

    /** Means next to the true centres, component 3 at (60, 0) by the far points. */
    private static double[] cornerMeans(UnitGaussianMixture truth) {
        double[] mu = GmmOverparamLab.initialMeans(truth, 6, 2);
        mu[4] = 60;
        mu[5] = 0;
        return mu;
    }

    private static void compare(WeightedPoints pts, PopulationRule rule, UnitGaussianMixture truth, int n, double[] mu0,
                                int steps) {
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        compare(pts, rule, truth, pi, mu0, steps);
    }

    private static void compare(WeightedPoints pts, PopulationRule rule, UnitGaussianMixture truth, double[] pi0,
                                double[] mu0, int steps) {
        int d = truth.d();
        int n = pi0.length;
        double[] pi = pi0.clone();
        double[] mu = mu0.clone();
        OverparamGradientEm em = rule == null
                ? new OverparamGradientEm(pts, pts, truth, pi, mu, 1.0, 30)
                : new OverparamGradientEm(pts, rule, truth, pi, mu, 1.0, 30);
        for (int t = 0; t < steps; t++) {
            // one pass at the engine's state, every sum to 1e-12 relative (the inner steps would wash a
            // single pass's error out of π)
            double[] want = sums(pts, em.weights(), em.means(), d);
            double[] full = em.sweepSums();
            double[] weightsOnly = em.weightSumsFor(true);
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], full[k], TOLERANCE * Math.abs(want[k]), "sum " + k + " before step " + (t + 1));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(want[i], weightsOnly[i], TOLERANCE * want[i], "weights-only sum " + i + " before step " + (t + 1));
            }
            em.step();
            referenceStep(pts, pi, mu, d, 1.0, 30);
            double[] got = em.weights();
            double largest = 0;
            for (double v : pi) {
                largest = Math.max(largest, v);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(pi[i], got[i], TOLERANCE * largest, "π_" + (i + 1) + " at step " + (t + 1));
            }
            double[] m = em.means();
            double scale = 0;
            for (double v : mu) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < m.length; k++) {
                assertEquals(mu[k], m[k], TOLERANCE * scale, "μ entry " + k + " at step " + (t + 1));
            }
            double[] ref = sums(pts, pi, mu, d);
            double loglik = ref[ref.length - 1] - d * 0.5 * Math.log(2 * Math.PI);
            assertEquals(loglik, em.logLikelihood(), TOLERANCE * Math.abs(loglik), "ℓ at step " + (t + 1));
        }
    }

    /**
     * One outer step, point by point in log space: up to {@code inner} weight steps π ← E[ψ] (stopping once
     * no weight moves by {@link OverparamGradientEm#WEIGHT_TOLERANCE}), then μ_i ← μ_i + η (E[ψ_i x] − E[ψ_i] μ_i).
     */
    static void referenceStep(WeightedPoints pts, double[] pi, double[] mu, int d, double eta, int inner) {
        int n = pi.length;
        double[] s = sums(pts, pi, mu, d);
        int k = 0;
        while (k < inner) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += s[i];
            }
            double change = 0;
            for (int i = 0; i < n; i++) {
                double next = s[i] / total;
                change = Math.max(change, Math.abs(next - pi[i]));
                pi[i] = next;
            }
            k++;
            s = sums(pts, pi, mu, d);
            if (!(k < inner && change >= OverparamGradientEm.WEIGHT_TOLERANCE)) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                double old = mu[i * d + c];
                mu[i * d + c] = old + eta * (s[n + i * d + c] - s[i] * old);
            }
        }
    }

    /**
     * The scores {@code a_i = log π_i − ‖x_p − μ_i‖²/2} of point {@code p} into {@code a} (−∞ where π_i = 0), and
     * their log-sum-exp {@code max a + log Σ exp(a_i − max a)}, by {@code Math.log} and {@code Math.exp}.
     */
    static double scores(double[] x, int p, int d, double[] pi, double[] mu, double[] a) {
        int n = pi.length;
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int c = 0; c < d; c++) {
                double u = x[p * d + c] - mu[i * d + c];
                q += u * u;
            }
            a[i] = pi[i] > 0 ? Math.log(pi[i]) - 0.5 * q : Double.NEGATIVE_INFINITY;
            top = Math.max(top, a[i]);
        }
        double z = 0;
        for (int i = 0; i < n; i++) {
            z += Math.exp(a[i] - top);
        }
        return top + Math.log(z);
    }

    /** {@code E[ψ_i]} (n), {@code E[ψ_i x]} (n·d) and {@code E[log Σ_i π_i exp(−‖x − μ_i‖²/2)]}, point by point. */
    static double[] sums(WeightedPoints pts, double[] pi, double[] mu, int d) {
        int n = pi.length;
        double[] out = new double[n + n * d + 1];
        double[] a = new double[n];
        double[] x = pts.x();
        for (int p = 0; p < pts.size(); p++) {
            double lse = scores(x, p, d, pi, mu, a);
            double wp = pts.w()[p];
            out[out.length - 1] += wp * lse;
            for (int i = 0; i < n; i++) {
                double psi = Math.exp(a[i] - lse) * wp;
                out[i] += psi;
                for (int c = 0; c < d; c++) {
                    out[n + i * d + c] += psi * x[p * d + c];
                }
            }
        }
        return out;
    }

    /**
     * The check pass behind the error estimates (block by block, lane sums) against the same sums point
     * by point in log space on the rule's second rule: at the lab's default start, after three steps, and
     * with a component pruned by hand. Each sum agrees to 1e-12 relative to the sum of its terms' sizes
     * (the KL sum and the mean moves are differences of terms of both signs).
     */
    @Test
    void checkPassEqualsTheStraightforwardSums() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        int n = 12;
        PopulationRule rule = GmmOverparamLab.populationRule(truth, Double.NaN, n);
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        OverparamGradientEm em = new OverparamGradientEm(rule.points(), rule, truth, pi,
                GmmOverparamLab.initialMeans(truth, n, 0), 1.0, 30);
        compareCheck(em, rule, truth, false, "at the start");
        for (int t = 0; t < 3; t++) {
            em.step();
        }
        compareCheck(em, rule, truth, false, "after 3 steps");
        double[] state = em.state();
        state[4] = 0;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += state[i];
        }
        for (int i = 0; i < n; i++) {
            state[i] /= s;
        }
        em.restore(state, 3);
        compareCheck(em, rule, truth, false, "with π_5 = 0");
    }

    /**
     * Sample mode (the lab's default figure): KL on the population rule and the check's KL sums, point by
     * point as above, at the start and after three steps; the step's estimate is 0 there.
     */
    @Test
    void sampleModeLossAndCheckEqualTheStraightforwardSums() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);
        int n = 12;
        PopulationRule rule = GmmOverparamLab.populationRule(truth, Double.NaN, n);
        WeightedPoints sample = WeightedPoints.uniform(2, 10_000, truth.sample(10_000, Rng.stream(7, Rng.DATA)).x());
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        OverparamGradientEm em = new OverparamGradientEm(sample, rule, truth, pi,
                GmmOverparamLab.initialMeans(truth, n, 0), 1.0, 30);
        for (int t = 0; t < 2; t++) {
            double[][] kl = checkReference(rule.points(), truth, em.weights(), em.means(), false);
            assertEquals(kl[0][0], em.loss(), TOLERANCE * kl[1][0], "KL at step " + 3 * t);
            double[][] want = checkReference(rule.check(), truth, em.weights(), em.means(), false);
            double[] got = em.checkSums();
            for (int k = 0; k < 2; k++) {
                assertEquals(want[0][k], got[k], TOLERANCE * want[1][k], "check sum " + k + " at step " + 3 * t);
            }
            assertEquals(0.0, em.stepError(), 0.0);
            for (int s = 0; s < 3; s++) {
                em.step();
            }
        }
    }

    /** The same for the Monte Carlo proxy of d ≥ 4 (its sums of squares too), at the start in d = 4. */
    @Test
    void monteCarloCheckEqualsTheStraightforwardSums() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(4, new double[] {0.5, 0.3, 0.2}, 5);
        int n = 6;
        PopulationRule rule = GmmOverparamLab.populationRule(truth, Double.NaN, n);
        assertEquals(PopulationRule.Check.MONTE_CARLO, rule.kind());
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        OverparamGradientEm em = new OverparamGradientEm(rule.points(), rule, truth, pi,
                GmmOverparamLab.initialMeans(truth, n, 1), 1.0, 30);
        compareCheck(em, rule, truth, true, "at the start");
        em.step();
        compareCheck(em, rule, truth, true, "after a step");
    }

    private static void compareCheck(OverparamGradientEm em, PopulationRule rule, UnitGaussianMixture truth, boolean mc,
                                     String where) {
        double[][] want = checkReference(rule.check(), truth, em.weights(), em.means(), mc);
        double[] got = em.checkSums();
        assertEquals(want[0].length, got.length, where);
        for (int k = 0; k < got.length; k++) {
            assertEquals(want[0][k], got[k], TOLERANCE * want[1][k], "check sum " + k + " " + where);
        }
    }

    /**
     * Point by point on {@code grid}: row 0 the sums {@code Σ w f}, {@code Σ w|f|} (Monte Carlo: {@code Σ w f²}),
     * {@code Σ w ψ_i}, {@code Σ w ψ_i (x_c − μ_ic)} (Monte Carlo: then {@code Σ w ψ_i²} and
     * {@code Σ w (ψ_i (x_c − μ_ic))²}), with {@code f = log p*(x) − log p_t(x)}; row 1 the sums of the
     * terms' sizes.
     */
    static double[][] checkReference(WeightedPoints grid, UnitGaussianMixture truth, double[] pi, double[] mu,
                                     boolean mc) {
        int n = pi.length;
        int d = grid.d();
        int moments = n + n * d;
        int width = mc ? 2 + 2 * moments : 2 + moments;
        double[][] out = new double[2][width];
        double[] a = new double[n];
        double[] x = grid.x();
        double halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
        for (int p = 0; p < grid.size(); p++) {
            double lse = scores(x, p, d, pi, mu, a);
            double f = truth.logDensity(x, p * d) - (lse - d * halfLog2Pi);
            double wp = grid.w()[p];
            add(out, 0, wp * f);
            add(out, 1, mc ? wp * f * f : wp * Math.abs(f));
            for (int i = 0; i < n; i++) {
                double psi = Math.exp(a[i] - lse);
                add(out, 2 + i, wp * psi);
                if (mc) {
                    add(out, 2 + moments + i, wp * psi * psi);
                }
                for (int c = 0; c < d; c++) {
                    double g = psi * (x[p * d + c] - mu[i * d + c]);
                    add(out, 2 + n + i * d + c, wp * g);
                    if (mc) {
                        add(out, 2 + moments + n + i * d + c, wp * g * g);
                    }
                }
            }
        }
        return out;
    }

    private static void add(double[][] out, int k, double term) {
        out[0][k] += term;
        out[1][k] += Math.abs(term);
    }
}
