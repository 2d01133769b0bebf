package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact EM for Gaussian mixtures against hand computation (one step on five points, with the 2 × 2
 * inverses and determinants written out), its invariants (monotone ℓ, half-steps, restore), and, on
 * Old Faithful, the EM fixed-point equations checked from first principles.
 */
class GaussianMixtureEmTest {
    /** Five points in the plane. */
    private static final double[] X = {0, 0, 1, 0, 0, 1, 2, 2, 3, 1};
    private static final double FLOOR = 1e-3;

    /**
     * One EM step from π = (0.6, 0.4), μ1 = (0,0), μ2 = (2,1), Σ2 = I and Σ1 = [[2, .5], [.5, 1]]
     * (full), diag(2, 1) (diag) or 2I (spherical).
     *
     * <p>E-step by hand for the full case: det Σ1 = 2·1 − 0.5² = 1.75 and Σ1⁻¹ = [[1, −.5], [−.5, 2]]/1.75,
     * so q1(x, y) = (x² − xy + 2y²)/1.75 = 0, 1/1.75, 2/1.75, 8/1.75, 8/1.75 at the five points;
     * q2 = ‖x − (2,1)‖² = 5, 2, 4, 1, 1. Then w_i1 = 1 / (1 + (0.4/0.6)·√1.75·exp((q1 − q2)/2)) and
     * ℓ = Σ_i log(0.6 N1 + 0.4 N2) with log N1 = −log 2π − ½ log 1.75 − q1/2, log N2 = −log 2π − q2/2.
     * The M-step then follows docs/labs/gmm.md: the weighted scatter itself (the floor ε = 1e-3 is a
     * constraint Σ ⪰ εI, and every eigenvalue here is above it, so it changes nothing; the old code added
     * ε to the diagonal, a ridge that biased every fit).
     */
    @ParameterizedTest
    @EnumSource(Covariance.class)
    void oneStepMatchesHandComputation(Covariance type) {
        double[] s1 = switch (type) {
            case FULL -> new double[] {2, 0.5, 0.5, 1};
            case DIAG -> new double[] {2, 0, 0, 1};
            case SPHERICAL -> new double[] {2, 0, 0, 2};
        };
        double det1 = s1[0] * s1[3] - s1[1] * s1[2];
        double[] q1 = new double[5];
        double[] q2 = {5, 2, 4, 1, 1};
        for (int i = 0; i < 5; i++) {
            double x = X[2 * i];
            double y = X[2 * i + 1];
            q1[i] = (s1[3] * x * x - 2 * s1[1] * x * y + s1[0] * y * y) / det1;
        }
        if (type == Covariance.FULL) {
            assertArrayEquals(new double[] {0, 1 / 1.75, 2 / 1.75, 8 / 1.75, 8 / 1.75}, q1, 1e-15);
        }
        double[] w1 = new double[5];
        double loglik = 0;
        for (int i = 0; i < 5; i++) {
            w1[i] = 1 / (1 + (0.4 / 0.6) * Math.sqrt(det1) * Math.exp((q1[i] - q2[i]) / 2));
            double n1 = Math.exp(-0.5 * q1[i]) / (2 * Math.PI * Math.sqrt(det1));
            double n2 = Math.exp(-0.5 * q2[i]) / (2 * Math.PI);
            loglik += Math.log(0.6 * n1 + 0.4 * n2);
        }
        // M-step by hand
        double[][] w = {w1, new double[5]};
        for (int i = 0; i < 5; i++) {
            w[1][i] = 1 - w1[i];
        }
        double[] pi = new double[2];
        double[] mu = new double[4];
        double[] cov = new double[8];
        for (int j = 0; j < 2; j++) {
            double nj = 0;
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < 5; i++) {
                nj += w[j][i];
                sx += w[j][i] * X[2 * i];
                sy += w[j][i] * X[2 * i + 1];
            }
            pi[j] = nj / 5;
            double mx = sx / nj;
            double my = sy / nj;
            mu[2 * j] = mx;
            mu[2 * j + 1] = my;
            double cxx = 0;
            double cxy = 0;
            double cyy = 0;
            for (int i = 0; i < 5; i++) {
                double u = X[2 * i] - mx;
                double v = X[2 * i + 1] - my;
                cxx += w[j][i] * u * u / nj;
                cxy += w[j][i] * u * v / nj;
                cyy += w[j][i] * v * v / nj;
            }
            double[] c = switch (type) {
                case FULL -> new double[] {cxx, cxy, cxy, cyy};
                case DIAG -> new double[] {cxx, 0, 0, cyy};
                case SPHERICAL -> new double[] {(cxx + cyy) / 2, 0, 0, (cxx + cyy) / 2};
            };
            // the floor does not bind: the smallest eigenvalue of the 2 × 2 scatter is above ε
            assertTrue(0.5 * (cxx + cyy) - Math.hypot(0.5 * (cxx - cyy), cxy) > FLOOR);
            System.arraycopy(c, 0, cov, 4 * j, 4);
        }
        double[] cov0 = new double[8];
        System.arraycopy(s1, 0, cov0, 0, 4);
        System.arraycopy(new double[] {1, 0, 0, 1}, 0, cov0, 4, 4);
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(5, 2, X), type, FLOOR, new double[] {0.6, 0.4},
                new double[] {0, 0, 2, 1}, cov0);
        double[] row = new double[em.columns().size()];
        em.row(row);
        assertEquals(loglik, row[0], 1e-13);
        em.step();
        assertArrayEquals(pi, em.weights(), 1e-14);
        assertArrayEquals(mu, em.means(), 1e-14);
        assertArrayEquals(cov, em.covariances(), 1e-14);
    }

    @Test
    void freeParameterCountsFollowTheFormula() {
        // (k−1) + kd + k d(d+1)/2 | kd | k, for k = 3, d = 2
        assertEquals(2 + 6 + 9, GaussianMixtureEm.freeParameters(3, 2, Covariance.FULL));
        assertEquals(2 + 6 + 6, GaussianMixtureEm.freeParameters(3, 2, Covariance.DIAG));
        assertEquals(2 + 6 + 3, GaussianMixtureEm.freeParameters(3, 2, Covariance.SPHERICAL));
        assertEquals(11, GaussianMixtureEm.freeParameters(2, 2, Covariance.FULL));
    }

    @ParameterizedTest
    @EnumSource(Covariance.class)
    void logLikelihoodNeverDecreases(Covariance type) {
        ParamValues p = LabRegistry.get("gmm").defaults().with("k_true", "3").with("d", "3").with("n", "400")
                .with("k", "4").with("covariance", type.text()).with("init", "random").with("seed", "5");
        LabRun run = LabRegistry.get("gmm").start(p, null);
        GaussianMixtureEm em = (GaussianMixtureEm) run.engine();
        assertEquals("loglik", em.monotoneColumn());
        double prev = em.logLikelihood();
        for (int t = 0; t < 150; t++) {
            em.step();
            double ll = em.logLikelihood();
            assertTrue(ll - prev >= -1e-12 * (1 + Math.abs(prev)), "ℓ fell from " + prev + " to " + ll + " at " + t);
            prev = ll;
        }
        double[] pi = em.weights();
        assertEquals(1.0, pi[0] + pi[1] + pi[2] + pi[3], 1e-12);
    }

    @Test
    void halfStepsEqualFullStepsAndRestoreResumesExactly() {
        ParamValues p = LabRegistry.get("gmm").defaults().with("seed", "3");
        GaussianMixtureEm a = (GaussianMixtureEm) LabRegistry.get("gmm").start(p, null).engine();
        GaussianMixtureEm b = (GaussianMixtureEm) LabRegistry.get("gmm").start(p, null).engine();
        for (int t = 0; t < 5; t++) {
            a.step();
            b.halfStep();
            b.halfStep();
        }
        assertArrayEquals(a.state(), b.state(), 0.0);
        double[] saved = a.state();
        for (int t = 0; t < 4; t++) {
            a.step();
        }
        double[] after = a.state();
        b.restore(saved, 5);
        for (int t = 0; t < 4; t++) {
            b.step();
        }
        assertArrayEquals(after, b.state(), 0.0);
        assertEquals(9, b.iteration());
    }

    /**
     * Old Faithful (272 × 2), full covariances, from a documented start, run to convergence; then
     * the EM fixed-point equations are checked from first principles: responsibilities recomputed
     * with closed-form 2 × 2 inverses and determinants, one M-step from them reproduces the
     * parameters to 1e-8, and ℓ recomputed directly matches the engine's. The covariances are the
     * weighted scatters themselves (no ridge: the floor does not bind), so this is the MLE's
     * stationarity condition.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "2, given, '2,55,4.3,80', 300",
        "3, kmeans++, '0,0', 800"})
    void faithfulConvergesToAFixedPointOfTheEmEquations(int k, String init, String means, int iterations) {
        ParamValues p = LabRegistry.get("gmm").defaults().with("data", "faithful").with("k", "" + k)
                .with("covariance", "full").with("init", init).with("init_means", means)
                .with("init_weights", k == 2 ? "0.5,0.5" : "0.2,0.3,0.5").with("seed", "1");
        LabRun run = LabRegistry.get("gmm").start(p, null);
        GaussianMixtureEm em = (GaussianMixtureEm) run.engine();
        for (int t = 0; t < iterations; t++) {
            em.step();
        }
        Dataset data = run.data();
        int n = data.n();
        double[] pi = em.weights();
        double[] mu = em.means();
        double[] cov = em.covariances();
        double eps = em.floor();
        double[][] w = new double[n][k];
        double loglik = 0;
        for (int i = 0; i < n; i++) {
            double[] dens = new double[k];
            double total = 0;
            for (int j = 0; j < k; j++) {
                double a = cov[4 * j];
                double b = cov[4 * j + 1];
                double c = cov[4 * j + 3];
                double det = a * c - b * b;
                double u = data.x(i, 0) - mu[2 * j];
                double v = data.x(i, 1) - mu[2 * j + 1];
                double q = (c * u * u - 2 * b * u * v + a * v * v) / det;
                dens[j] = pi[j] * Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
                total += dens[j];
            }
            loglik += Math.log(total);
            for (int j = 0; j < k; j++) {
                w[i][j] = dens[j] / total;
            }
        }
        double[] row = new double[em.columns().size()];
        em.row(row);
        assertEquals(loglik, row[0], 1e-10 * Math.abs(loglik));
        for (int j = 0; j < k; j++) {
            double nj = 0;
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                nj += w[i][j];
                sx += w[i][j] * data.x(i, 0);
                sy += w[i][j] * data.x(i, 1);
            }
            double mx = sx / nj;
            double my = sy / nj;
            double cxx = 0;
            double cxy = 0;
            double cyy = 0;
            for (int i = 0; i < n; i++) {
                double u = data.x(i, 0) - mx;
                double v = data.x(i, 1) - my;
                cxx += w[i][j] * u * u / nj;
                cxy += w[i][j] * u * v / nj;
                cyy += w[i][j] * v * v / nj;
            }
            assertEquals(pi[j], nj / n, 1e-8, "π" + (j + 1));
            assertEquals(mu[2 * j], mx, 1e-8, "μ" + (j + 1) + "1");
            assertEquals(mu[2 * j + 1], my, 1e-8, "μ" + (j + 1) + "2");
            assertEquals(cov[4 * j], cxx, 1e-8, "Σ" + (j + 1) + "11");
            assertEquals(cov[4 * j + 1], cxy, 1e-8, "Σ" + (j + 1) + "12");
            assertEquals(cov[4 * j + 2], cxy, 1e-8, "Σ" + (j + 1) + "21");
            assertEquals(cov[4 * j + 3], cyy, 1e-8, "Σ" + (j + 1) + "22");
            assertTrue(0.5 * (cxx + cyy) - Math.hypot(0.5 * (cxx - cyy), cxy) > eps, "the floor does not bind");
        }
        assertEquals(List.of(), em.floorBinding());
    }

    /**
     * The fused one-pass spherical sweep (parallel: n is above the threshold) against the textbook
     * step written out here: log-densities from ‖x_i − μ_j‖² directly, softmax, then two passes for
     * N_j, μ_j and Σ_i w_ij ‖x_i − μ_j'‖² around the new means. The data sit far from the origin
     * (offset 50 per coordinate) so the fused form's centring matters. They agree to the rounding of
     * the expansion ‖x̃‖² − 2x̃·ν + ‖ν‖² and of the different summation order: about 1e-15 relative
     * per term, so 1e-11 on responsibilities and parameters and 1e-12 relative on ℓ.
     */
    @Test
    void fusedSphericalStepEqualsTheTextbookStep() {
        int d = 3;
        int k = 3;
        int n = 3 * org.emlab.core.numeric.ChunkedSums.PARALLEL_THRESHOLD + 5;
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            int comp = r.nextInt(k);
            for (int c = 0; c < d; c++) {
                x[i * d + c] = 50 + 4 * comp * (c == comp ? 1 : 0) + (0.5 + comp) * gaussian(r);
            }
        }
        Dataset data = Dataset.points(n, d, x);
        double[] pi = {0.5, 0.3, 0.2};
        double[] mu = {50.5, 50, 49, 53, 51, 50.2, 50, 49.5, 54};
        double[] s = {1.5, 0.7, 2.5};
        double[] cov = new double[k * d * d];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < d; c++) {
                cov[j * d * d + c * d + c] = s[j];
            }
        }
        double floor = 1e-6;
        GaussianMixtureEm em = new GaussianMixtureEm(data, Covariance.SPHERICAL, floor, pi, mu, cov);
        double ll = em.logLikelihood();
        double[] resp = em.responsibilities();
        em.step();

        // the textbook step
        double[] w = new double[n * k];
        double llRef = 0;
        double[] a = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double q = 0;
                for (int c = 0; c < d; c++) {
                    double u = x[i * d + c] - mu[j * d + c];
                    q += u * u;
                }
                a[j] = Math.log(pi[j]) - 0.5 * d * Math.log(2 * Math.PI * s[j]) - q / (2 * s[j]);
            }
            llRef += org.emlab.core.numeric.Stable.softmaxInPlace(a, 0, k);
            System.arraycopy(a, 0, w, i * k, k);
        }
        assertEquals(llRef, ll, 1e-12 * Math.abs(llRef));
        for (int i = 0; i < n * k; i++) {
            assertEquals(w[i], resp[i], 1e-11, "w " + i);
        }
        double[] piNext = em.weights();
        double[] muNext = em.means();
        double[] covNext = em.covariances();
        for (int j = 0; j < k; j++) {
            double nj = 0;
            double[] m = new double[d];
            for (int i = 0; i < n; i++) {
                nj += w[i * k + j];
                for (int c = 0; c < d; c++) {
                    m[c] += w[i * k + j] * x[i * d + c];
                }
            }
            double sc = 0;
            for (int c = 0; c < d; c++) {
                m[c] /= nj;
                assertEquals(m[c], muNext[j * d + c], 1e-11, "μ_" + j + c);
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < d; c++) {
                    double u = x[i * d + c] - m[c];
                    sc += w[i * k + j] * u * u;
                }
            }
            assertEquals(nj / n, piNext[j], 1e-12, "π_" + j);
            double sj = sc / (nj * d); // the floor (1e-6) does not bind
            for (int c = 0; c < d; c++) {
                for (int e = 0; e < d; e++) {
                    assertEquals(c == e ? sj : 0, covNext[j * d * d + c * d + e], 1e-11 * sj, "Σ_" + j);
                }
            }
        }
    }

    private static double gaussian(java.util.SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
