package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.emlab.core.data.Rng;
import org.emlab.core.labs.overparam.GmmOverparamLab;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.model.WeightedPoints;
import org.junit.jupiter.api.Test;

/**
 * The fused population and sample kernel of {@link OverparamGradientEm} (stored factors, chunk by chunk,
 * component-major, issue 19) against the straightforward form of the same step, written here point by
 * point in log space (docs/labs/gmm-overparam.md, "Population update"): after several
 * outer steps of K_in = 30 inner weight steps, the weights and the means agree to 1e-12 relative to
 * the largest entry of their vector and ℓ to 1e-12 relative, on the lab's default population rule and
 * on a sample in d = 3.
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

    private static void compare(WeightedPoints pts, PopulationRule rule, UnitGaussianMixture truth, int n, double[] mu0,
                                int steps) {
        int d = truth.d();
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        double[] mu = mu0.clone();
        OverparamGradientEm em = rule == null
                ? new OverparamGradientEm(pts, pts, truth, pi, mu, 1.0, 30)
                : new OverparamGradientEm(pts, rule, truth, pi, mu, 1.0, 30);
        for (int t = 0; t < steps; t++) {
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

    /** {@code E[ψ_i]} (n), {@code E[ψ_i x]} (n·d) and {@code E[log Σ_i π_i exp(−‖x − μ_i‖²/2)]}, point by point. */
    static double[] sums(WeightedPoints pts, double[] pi, double[] mu, int d) {
        int n = pi.length;
        double[] out = new double[n + n * d + 1];
        double[] a = new double[n];
        double[] x = pts.x();
        for (int p = 0; p < pts.size(); p++) {
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
            double lse = top + Math.log(z);
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
}
