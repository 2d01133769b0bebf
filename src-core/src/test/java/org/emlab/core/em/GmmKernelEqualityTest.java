package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused full/diagonal sweep of {@link GaussianMixtureEm} ({@link GmmFusedSweep}: E-step with the
 * inverse Cholesky factors, responsibilities, ℓ and the M-step sums around the current means in one pass,
 * the scatter by the shift identity) against a textbook step written out here independently: log-space
 * E-step by forward substitution, {@code Math.exp} and {@code Math.log}, then a two-pass M-step (the means,
 * then the scatter around the new means). Parameters and ℓ agree to 1e-12 relative on random data sets
 * (d = 1, 2, 5, 10; k = 1..6; a component of tiny weight; well-separated clusters; data shifted to 1e6),
 * and the guards fall back where they should. Relative means: ℓ to |ℓ|, π_j to π_j, μ_j,c to
 * |μ_j,c| + √Σ_j,cc, and each covariance block entrywise to its largest diagonal entry.
 */
class GmmKernelEqualityTest {
    private static final double TOL = 1e-12;

    /** A data set: n points from k clusters, and a start. */
    private record Case(int n, int d, int k, double[] x, double[] pi, double[] mu, double[] cov) {
    }

    /**
     * Clusters at distance {@code sep} (in units of their spread) around {@code offset}; the start is the
     * truth perturbed. {@code tiny}: the last component gets one point in 2000 (and 1e-6 at the start).
     */
    private static Case data(long seed, int n, int d, int k, Covariance type, double sep, double offset, boolean tiny) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] centres = new double[k * d];
        double[] factors = new double[k * d * d]; // lower-triangular A_j, cluster covariance A_j A_jᵀ
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < d; c++) {
                centres[j * d + c] = offset + sep * rng.nextGaussian();
            }
            for (int r = 0; r < d; r++) {
                factors[j * d * d + r * d + r] = 0.5 + rng.nextDouble();
                for (int c = 0; c < r && type == Covariance.FULL; c++) {
                    factors[j * d * d + r * d + c] = 0.5 * rng.nextGaussian();
                }
            }
        }
        double[] x = new double[n * d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            int j = tiny && k > 1 && i % 2000 == 7 ? k - 1 : rng.nextInt(tiny && k > 1 ? k - 1 : k);
            for (int c = 0; c < d; c++) {
                z[c] = rng.nextGaussian();
            }
            for (int r = 0; r < d; r++) {
                double v = centres[j * d + r];
                for (int c = 0; c <= r; c++) {
                    v += factors[j * d * d + r * d + c] * z[c];
                }
                x[i * d + r] = v;
            }
        }
        double[] pi = new double[k];
        double[] mu = new double[k * d];
        double[] cov = new double[k * d * d];
        for (int j = 0; j < k; j++) {
            pi[j] = tiny && k > 1 ? (j == k - 1 ? 1e-6 : (1 - 1e-6) / (k - 1)) : 1.0 / k;
            for (int c = 0; c < d; c++) {
                mu[j * d + c] = centres[j * d + c] + 0.3 * rng.nextGaussian();
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double v = 0;
                    for (int e = 0; e <= Math.min(r, c); e++) {
                        v += factors[j * d * d + r * d + e] * factors[j * d * d + c * d + e];
                    }
                    cov[j * d * d + r * d + c] = (r == c ? 1.3 * v : v);
                }
            }
        }
        return new Case(n, d, k, x, pi, mu, cov);
    }

    /** θ = (π, μ, Σ) and ℓ(θ) of the textbook: {@code next} receives one EM step from θ. */
    private static final class Textbook {
        double loglik; // ℓ at the input parameters
        double[] pi;
        double[] mu;
        double[] cov;
    }

    /** One textbook EM step (no floor: the cases keep every scatter well above 0). */
    private static Textbook step(Case c, Covariance type, double[] pi, double[] mu, double[] cov) {
        int n = c.n();
        int d = c.d();
        int k = c.k();
        double[] x = c.x();
        double[][] chol = new double[k][];
        double[] logConst = new double[k];
        for (int j = 0; j < k; j++) {
            double[] a = new double[d * d];
            for (int r = 0; r < d; r++) {
                for (int e = 0; e < d; e++) {
                    a[r * d + e] = type == Covariance.DIAG && r != e ? 0 : cov[j * d * d + r * d + e];
                }
            }
            chol[j] = cholesky(a, d);
            double logDet = 0;
            for (int r = 0; r < d; r++) {
                logDet += 2 * Math.log(chol[j][r * d + r]);
            }
            logConst[j] = (pi[j] > 0 ? Math.log(pi[j]) : Double.NEGATIVE_INFINITY) - 0.5 * d * Math.log(2 * Math.PI)
                    - 0.5 * logDet;
        }
        double[] w = new double[n * k];
        double[] a = new double[k];
        double[] z = new double[d];
        Textbook out = new Textbook();
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                for (int r = 0; r < d; r++) { // forward substitution L z = x − μ
                    double s = x[i * d + r] - mu[j * d + r];
                    for (int e = 0; e < r; e++) {
                        s -= chol[j][r * d + e] * z[e];
                    }
                    z[r] = s / chol[j][r * d + r];
                }
                double q = 0;
                for (int r = 0; r < d; r++) {
                    q += z[r] * z[r];
                }
                a[j] = logConst[j] - 0.5 * q;
                m = Math.max(m, a[j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(a[j] - m);
            }
            out.loglik += m + Math.log(s);
            for (int j = 0; j < k; j++) {
                w[i * k + j] = Math.exp(a[j] - m) / s;
            }
        }
        out.pi = new double[k];
        out.mu = new double[k * d];
        out.cov = new double[k * d * d];
        for (int j = 0; j < k; j++) {
            double nj = 0;
            double[] sx = new double[d];
            for (int i = 0; i < n; i++) {
                double wij = w[i * k + j];
                nj += wij;
                for (int r = 0; r < d; r++) {
                    sx[r] += wij * x[i * d + r];
                }
            }
            out.pi[j] = nj / n;
            for (int r = 0; r < d; r++) {
                out.mu[j * d + r] = sx[r] / nj;
            }
            double[] sc = new double[d * d];
            for (int i = 0; i < n; i++) {
                double wij = w[i * k + j];
                for (int r = 0; r < d; r++) {
                    double vr = x[i * d + r] - out.mu[j * d + r];
                    for (int e = 0; e < d; e++) {
                        sc[r * d + e] += wij * vr * (x[i * d + e] - out.mu[j * d + e]);
                    }
                }
            }
            for (int r = 0; r < d; r++) {
                for (int e = 0; e < d; e++) {
                    out.cov[j * d * d + r * d + e] = type == Covariance.DIAG && r != e ? 0 : sc[r * d + e] / nj;
                }
            }
        }
        return out;
    }

    /** Cholesky–Banachiewicz, lower triangle, row-major. */
    private static double[] cholesky(double[] a, int d) {
        double[] l = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c <= r; c++) {
                double s = a[r * d + c];
                for (int e = 0; e < c; e++) {
                    s -= l[r * d + e] * l[c * d + e];
                }
                l[r * d + c] = r == c ? Math.sqrt(s) : s / l[c * d + c];
            }
        }
        return l;
    }

    /**
     * Runs {@code steps} EM steps of the engine, checking each against the textbook step from the engine's
     * parameters, and returns the paths the M-steps took.
     */
    private static int[] compare(Case c, Covariance type, int steps) {
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(c.n(), c.d(), c.x()), type, 0, c.pi(), c.mu(),
                c.cov());
        int[] paths = new int[steps];
        for (int t = 0; t < steps; t++) {
            Textbook tb = step(c, type, em.weights(), em.means(), em.covariances());
            em.eStep();
            assertClose(tb.loglik, em.logLikelihood(), Math.abs(tb.loglik), "ℓ at step " + t);
            em.mStep();
            assertFalse(em.finished(), () -> "the run stopped: " + em.finishedReason());
            paths[t] = em.lastPath();
            String at = " after step " + (t + 1) + " (" + type + ", d=" + c.d() + ", k=" + c.k() + ")";
            double[] pi = em.weights();
            double[] mu = em.means();
            double[] cov = em.covariances();
            int d = c.d();
            for (int j = 0; j < c.k(); j++) {
                assertClose(tb.pi[j], pi[j], tb.pi[j], "π_" + j + at);
                double top = 0;
                for (int r = 0; r < d; r++) {
                    top = Math.max(top, tb.cov[j * d * d + r * d + r]);
                }
                for (int r = 0; r < d; r++) {
                    double scale = Math.abs(tb.mu[j * d + r]) + Math.sqrt(tb.cov[j * d * d + r * d + r]);
                    assertClose(tb.mu[j * d + r], mu[j * d + r], scale, "μ_" + j + "," + r + at);
                    for (int e = 0; e < d; e++) {
                        int o = j * d * d + r * d + e;
                        assertClose(tb.cov[o], cov[o], top, "Σ_" + j + "," + r + "," + e + at);
                    }
                }
            }
        }
        return paths;
    }

    private static void assertClose(double expected, double actual, double scale, String what) {
        assertTrue(Math.abs(expected - actual) <= TOL * scale,
                () -> what + ": expected " + expected + ", got " + actual + " (relative "
                        + Math.abs(expected - actual) / scale + ")");
    }

    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void fusedStepMatchesTheTextbookAcrossShapes(Covariance type) {
        int[][] shapes = {{1, 1}, {1, 3}, {2, 2}, {2, 4}, {5, 3}, {5, 6}, {10, 4}, {10, 5}};
        long seed = 11;
        for (int[] s : shapes) {
            Case c = data(seed++, 3000, s[0], s[1], type, 3, 0, false);
            int[] paths = compare(c, type, 4);
            assertEquals(GaussianMixtureEm.PATH_FUSED, paths[3], "converging steps use the fused sums");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void tinyWeightComponent(Covariance type) {
        compare(data(21, 40_000, 5, 4, type, 4, 0, true), type, 3);
        compare(data(22, 40_000, 2, 3, type, 4, 0, true), type, 3);
    }

    /** Far-apart clusters: most responsibilities underflow (exponents below −708, subnormal and 0). */
    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void wellSeparatedClusters(Covariance type) {
        compare(data(31, 4000, 2, 3, type, 60, 0, false), type, 3);
        compare(data(32, 4000, 10, 6, type, 40, 0, false), type, 3);
    }

    /** Data shifted to 1e6: the differences x − μ_j are formed exactly, as in the textbook. */
    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void dataFarFromTheOrigin(Covariance type) {
        int[] paths = compare(data(41, 4000, 5, 3, type, 3, 1e6, false), type, 4);
        assertEquals(GaussianMixtureEm.PATH_FUSED, paths[3]);
        compare(data(42, 4000, 1, 2, type, 3, 1e6, false), type, 3);
    }

    /**
     * A start with every mean far off (the first M-step moves them by many spreads): the shift correction
     * would cancel, so the scatter is taken by the second pass around the new means, and once the means
     * settle the fused sums return.
     */
    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void largeMovesFallBackToTheSecondPass(Covariance type) {
        for (int k = 1; k <= 2; k++) {
            Case c = data(50 + k, 3000, 3, k, type, 3, 0, false);
            double[] mu = c.mu().clone();
            for (int i = 0; i < mu.length; i++) {
                mu[i] += 4;
            }
            Case far = new Case(c.n(), c.d(), c.k(), c.x(), c.pi(), mu, c.cov());
            int[] paths = compare(far, type, 6);
            assertEquals(GaussianMixtureEm.PATH_FUSED_MEANS, paths[0], "the first step falls back");
            assertEquals(GaussianMixtureEm.PATH_FUSED, paths[5], "later steps are fused");
        }
    }

    /** An ill-conditioned full covariance (condition above 1e6): the E-step falls back to forward substitution. */
    @Test
    void illConditionedCovarianceFallsBackToTheTextbookSweep() {
        Case c = data(61, 3000, 2, 1, Covariance.FULL, 3, 0, false);
        double[] x = c.x().clone();
        for (int i = 0; i < c.n(); i++) {
            x[i * 2 + 1] = x[i * 2] + 1e-4 * x[i * 2 + 1]; // nearly on the line y = x
        }
        double[] cov = {1, 1, 1, 1 + 1e-7};
        Case thin = new Case(c.n(), 2, 1, x, c.pi(), c.mu(), cov);
        int[] paths = compare(thin, Covariance.FULL, 2);
        assertEquals(GaussianMixtureEm.PATH_TWO_PASS, paths[0]);
    }

    /**
     * A component far below the data's spread (a cluster of scale 1e-3 next to one of scale 1 at distance
     * 50): the fused sweep is not used, and the textbook sums give the same step.
     */
    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void componentFarBelowTheSpreadKeepsTheTextbookSums(Covariance type) {
        Case c = data(81, 3000, 2, 2, type, 0, 0, false);
        double[] x = c.x().clone();
        for (int i = 0; i < c.n(); i++) {
            boolean tight = i % 2 == 0;
            for (int r = 0; r < 2; r++) {
                x[i * 2 + r] = tight ? 1e-3 * x[i * 2 + r] : 50 + x[i * 2 + r];
            }
        }
        double[] mu = {0.001, -0.001, 50.1, 49.9};
        double[] cov = type == Covariance.FULL ? new double[] {1.2e-6, 0.3e-6, 0.3e-6, 1e-6, 1.5, 0.2, 0.2, 1}
                : new double[] {1.2e-6, 0, 0, 1e-6, 1.5, 0, 0, 1};
        Case apart = new Case(c.n(), 2, 2, x, new double[] {0.5, 0.5}, mu, cov);
        int[] paths = compare(apart, type, 3);
        for (int p : paths) {
            assertEquals(GaussianMixtureEm.PATH_TWO_PASS, p);
        }
    }

    /** The fused sums run in fixed chunks: one thread and two give the same bits. */
    @ParameterizedTest
    @EnumSource(value = Covariance.class, names = {"FULL", "DIAG"})
    void sameBitsOnOneAndTwoThreads(Covariance type) {
        Case c = data(71, 50_000, 10, 4, type, 3, 0, false);
        GaussianMixtureEm serial = new GaussianMixtureEm(Dataset.points(c.n(), c.d(), c.x()), type, 0, c.pi(), c.mu(),
                c.cov());
        GaussianMixtureEm parallel = new GaussianMixtureEm(Dataset.points(c.n(), c.d(), c.x()), type, 0, c.pi(),
                c.mu(), c.cov());
        serial.parallel(false);
        parallel.parallel(true);
        for (int t = 0; t < 3; t++) {
            serial.step();
            parallel.step();
            assertEquals(GaussianMixtureEm.PATH_FUSED, parallel.lastPath());
            assertArrayEquals(serial.state(), parallel.state());
            assertEquals(serial.logLikelihood(), parallel.logLikelihood());
            assertArrayEquals(serial.responsibilities(), parallel.responsibilities());
        }
    }
}
