package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The collapse strategy (drop, with a timeline event) and the floor safeguard (constrained M-step when
 * the textbook step with the floor would lower ℓ) of {@link GaussianMixtureEm} and
 * {@link MixtureRegressionEm}, on tiny data sets whose outcome is worked out by hand below.
 */
class CollapseAndFloorTest {
    /** Two groups of five points on a line. */
    private static final double[] LINE = {-1, -0.5, 0, 0.5, 1, 9, 9.5, 10, 10.5, 11};

    /**
     * k = 3 with the third mean at 1e6, far from every point: its log-responsibility is about −5e11, so
     * N_3 underflows to 0 and component 3 is dropped in the first M-step (event, π_3 = 0). The other two
     * have equal weights and unit variances, so by hand w_i1 = 1 / (1 + exp((x_i² − (x_i − 10)²)/2)),
     * and μ_1 = Σ w_i1 x_i / Σ w_i1, π_1 = Σ w_i1 / 10.
     */
    @ParameterizedTest
    @EnumSource(Covariance.class)
    void gmmDropsAComponentFarFromAllDataAndSaysSo(Covariance type) {
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(10, 1, LINE), type, 1e-6,
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, new double[] {0, 10, 1e6}, new double[] {1, 1, 1});
        assertEquals("loglik", em.monotoneColumn());
        double ll0 = em.logLikelihood();
        em.step();
        List<String> ev = em.drainEvents();
        assertEquals(List.of("component 3 collapsed (weight 0) — dropped"), ev);
        double n1 = 0;
        double s1 = 0;
        for (double x : LINE) {
            double w = 1 / (1 + Math.exp((x * x - (x - 10) * (x - 10)) / 2));
            n1 += w;
            s1 += w * x;
        }
        double[] pi = em.weights();
        assertEquals(0.0, pi[2]);
        assertEquals(n1 / 10, pi[0], 1e-15);
        assertEquals(1.0, pi[0] + pi[1], 1e-15);
        assertEquals(s1 / n1, em.means()[0], 1e-14);
        assertEquals(1e6, em.means()[2]); // kept for display
        assertTrue(em.caption().contains("1 collapsed component dropped"), em.caption());
        double prev = em.logLikelihood();
        assertTrue(prev >= ll0);
        for (int t = 0; t < 20; t++) {
            em.step();
            double ll = em.logLikelihood();
            assertTrue(Double.isFinite(ll) && ll >= prev - 1e-12 * (1 + Math.abs(prev)), "ℓ " + prev + " → " + ll);
            prev = ll;
        }
        assertEquals(List.of(), em.drainEvents()); // a dropped component is reported once
    }

    /**
     * k = 1 started at the maximum-likelihood fit of x = (−1, 0, 1): μ = 0, σ² = 2/3. The floor is a
     * constraint, not a ridge: with ε = 0.1 it does not bind, so the MLE is a fixed point (the old ridge
     * moved it to 2/3 + 0.1 and needed a fallback step); with ε = 1 it binds, σ² = max(2/3, 1) = 1 (the
     * maximiser over σ² ≥ 1), and an event and the caption say so.
     */
    @ParameterizedTest
    @EnumSource(Covariance.class)
    void gmmFloorIsAConstraintThatOnlyActsWhereItBinds(Covariance type) {
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(3, 1, new double[] {-1, 0, 1}), type, 0.1,
                new double[] {1}, new double[] {0}, new double[] {2 / 3.0});
        double ll0 = em.logLikelihood();
        em.step();
        assertEquals(2 / 3.0, em.covariances()[0], 1e-15);
        assertEquals(ll0, em.logLikelihood(), 1e-14);
        assertEquals(List.of(), em.drainEvents());
        assertEquals(List.of(), em.floorBinding());

        GaussianMixtureEm bound = new GaussianMixtureEm(Dataset.points(3, 1, new double[] {-1, 0, 1}), type, 1.0,
                new double[] {1}, new double[] {0}, new double[] {1.0});
        bound.step();
        assertEquals(1.0, bound.covariances()[0], 1e-15);
        // ℓ at σ² = 1 by hand: −(3/2) log 2π − (1 + 0 + 1)/2
        assertEquals(-1.5 * Math.log(2 * Math.PI) - 1, bound.logLikelihood(), 1e-14);
        List<String> ev = bound.drainEvents();
        assertEquals(1, ev.size(), ev.toString());
        assertTrue(ev.get(0).startsWith("covariance floor ε = 1 binds on component 1"), ev.get(0));
        assertTrue(bound.caption().contains("the covariance floor binds on component 1"), bound.caption());
        // the mean started at the sample mean 0 and stayed: "0", not "0.00" (a rounded number would suggest a move)
        assertTrue(bound.caption().startsWith("M-step: means moved by at most 0;"), bound.caption());
        assertEquals(List.of(0), bound.floorBinding());
    }

    /**
     * Full covariance on the collinear points t·(1, 2), t = −1, 0, 1: S = (2/3)[[1, 2], [2, 4]] has the
     * eigenvalues 10/3 (along (1, 2)/√5) and 0 (along (2, −1)/√5). Started at the constrained maximum
     * V max(Λ, ε) Vᵀ = (10/3)/5 [[1, 2], [2, 4]] + ε/5 [[4, −2], [−2, 1]] with ε = 0.1, the M-step
     * raises only the zero eigenvalue to ε and returns exactly that matrix (one event: the floor binds).
     */
    @Test
    void fullCovarianceIsClippedAtTheFloorAlongItsEigenvectors() {
        double eps = 0.1;
        double[] clipped = {2 / 3.0 + 4 * eps / 5, 4 / 3.0 - 2 * eps / 5, 4 / 3.0 - 2 * eps / 5, 8 / 3.0 + eps / 5};
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(3, 2, new double[] {-1, -2, 0, 0, 1, 2}),
                Covariance.FULL, eps, new double[] {1}, new double[] {0, 0}, clipped);
        double ll0 = em.logLikelihood();
        em.step();
        assertArrayEquals(clipped, em.covariances(), 1e-13);
        assertTrue(em.logLikelihood() >= ll0 - 1e-13);
        assertEquals(1, em.drainEvents().size());
    }

    /**
     * Regression on x = (−1, 1, −1, 1), y = (0, 2, 2, 0): least squares gives β = (1, 0) with residuals
     * ±1, so s² = 1. Started there with σ = 1 and ε = 0.5 the floor does not bind and the MLE is a fixed
     * point (the old ridge gave σ² = 1.5); with ε = 2 it binds: σ² = max(1, 2) = 2, with an event.
     */
    @Test
    void mlrFloorIsAConstraintThatOnlyActsWhereItBinds() {
        MixtureRegressionEm em = new MixtureRegressionEm(new double[] {-1, 1, -1, 1}, new double[] {0, 2, 2, 0}, 1,
                true, false, 0.5, new double[] {1}, new double[] {1, 0}, new double[] {1});
        assertEquals("loglik", em.monotoneColumn());
        double ll0 = em.logLikelihood();
        em.step();
        double[] row = new double[em.columns().size()];
        em.row(row);
        assertEquals(1.0, row[em.columns().indexOf("sigma_1")], 1e-15);
        assertEquals(1.0, row[em.columns().indexOf("beta_1_0")], 1e-15);
        assertEquals(0.0, row[em.columns().indexOf("beta_1_1")], 1e-15);
        assertEquals(ll0, row[0], 1e-14);
        assertEquals(List.of(), em.drainEvents());

        MixtureRegressionEm bound = new MixtureRegressionEm(new double[] {-1, 1, -1, 1}, new double[] {0, 2, 2, 0}, 1,
                true, false, 2, new double[] {1}, new double[] {1, 0}, new double[] {Math.sqrt(2)});
        bound.step();
        assertEquals(Math.sqrt(2), bound.sigmas()[0], 1e-15);
        // ℓ at σ² = 2 by hand: −2 log(2π·2) − 4·1/(2·2)
        assertEquals(-2 * Math.log(4 * Math.PI) - 1, bound.logLikelihood(), 1e-14);
        List<String> ev = bound.drainEvents();
        assertEquals(1, ev.size(), ev.toString());
        assertTrue(ev.get(0).startsWith("variance floor ε = 2 binds on component 1"), ev.get(0));
    }

    /**
     * y = 2x + 1 exactly (plus ±0.1) and a second line with intercept 1e6: its residuals are about 1e6,
     * so its responsibilities underflow, it is dropped (event), and the first component takes all the
     * weight and the least-squares fit of the data.
     */
    @Test
    void mlrDropsAComponentFarFromAllDataAndSaysSo() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            y[i] = 2 * x[i] + 1 + (i % 2 == 0 ? 0.1 : -0.1);
        }
        MixtureRegressionEm em = new MixtureRegressionEm(x, y, 1, true, false, 1e-9, new double[] {0.5, 0.5},
                new double[] {1, 2, 1e6, 0}, new double[] {1, 1});
        em.step();
        assertEquals(List.of("component 2 collapsed (weight 0) — dropped"), em.drainEvents());
        double[] row = new double[em.columns().size()];
        em.row(row);
        List<String> cols = em.columns();
        assertEquals(1.0, row[cols.indexOf("pi_1")]);
        assertEquals(0.0, row[cols.indexOf("pi_2")]);
        // least squares: x̄ = 2.5, Σ(x − x̄)² = 17.5, slope = Σ(x − x̄)(y − ȳ) / 17.5, intercept = ȳ − slope·x̄
        double xm = 2.5;
        double ym = 0;
        for (double v : y) {
            ym += v / 6;
        }
        double sxy = 0;
        for (int i = 0; i < 6; i++) {
            sxy += (x[i] - xm) * (y[i] - ym);
        }
        double slope = sxy / 17.5;
        assertEquals(slope, row[cols.indexOf("beta_1_1")], 1e-12);
        assertEquals(ym - slope * xm, row[cols.indexOf("beta_1_0")], 1e-12);
        double prev = row[0];
        for (int t = 0; t < 10; t++) {
            em.step();
            em.row(row);
            assertTrue(Double.isFinite(row[0]) && row[0] >= prev - 1e-12 * (1 + Math.abs(prev)));
            prev = row[0];
        }
    }

    /**
     * k = 4 on two distinct points (each repeated ten times): the components collapse onto the points,
     * their variances fall to the floor ε (reported in the caption), and ℓ rises monotonely to the
     * degenerate but finite maximum, never to infinity or NaN.
     */
    @ParameterizedTest
    @EnumSource(Covariance.class)
    void gmmWithMoreComponentsThanDistinctPointsStaysFiniteAndMonotone(Covariance type) {
        double[] x = new double[40];
        for (int i = 0; i < 20; i++) {
            x[2 * i] = i < 10 ? 0 : 5;
            x[2 * i + 1] = i < 10 ? 1 : -2;
        }
        double eps = 1e-6;
        double[] cov = new double[4 * 4];
        for (int j = 0; j < 4; j++) {
            cov[4 * j] = 1;
            cov[4 * j + 3] = 1;
        }
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(20, 2, x), type, eps,
                new double[] {0.25, 0.25, 0.25, 0.25}, new double[] {0, 1, 0.1, 1.1, 5, -2, 5.2, -2.1}, cov);
        double prev = em.logLikelihood();
        for (int t = 0; t < 60; t++) {
            em.step();
            double ll = em.logLikelihood();
            assertTrue(Double.isFinite(ll) && ll >= prev - 1e-12 * (1 + Math.abs(prev)), "t=" + t + ": " + prev + " → " + ll);
            prev = ll;
            for (double v : em.covariances()) {
                assertTrue(Double.isFinite(v));
            }
        }
        assertTrue(em.caption().contains("the covariance floor binds"), em.caption());
        // at the floor each point's density is at most that of N(0, εI) at its centre: ℓ ≤ −n log(2π ε)
        assertTrue(prev <= -20 * Math.log(2 * Math.PI * eps) + 1e-6, "ℓ = " + prev);
    }

    /**
     * 37 standard-normal points and one at (1e9, −1e9), k = 3 full covariances, the lab's floor (1e-6 of
     * the mean variance, here about 1e16): covariances with condition numbers near 1e6 leave ℓ resolved
     * only to about 1e-12 relative. The engine still never reports a decrease beyond the tolerance (it
     * keeps its parameters and finishes when no step can be resolved), and every value stays finite.
     */
    @ParameterizedTest
    @EnumSource(Covariance.class)
    void gmmWithAHugeOutlierStaysFiniteAndMonotone(Covariance type) {
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(793475);
        int n = 38;
        double[] x = new double[2 * n];
        for (int i = 0; i < 2 * (n - 1); i++) {
            x[i] = rng.nextGaussian();
        }
        x[2 * n - 2] = 1e9;
        x[2 * n - 1] = -1e9;
        double mean0 = 0;
        double mean1 = 0;
        for (int i = 0; i < n; i++) {
            mean0 += x[2 * i] / n;
            mean1 += x[2 * i + 1] / n;
        }
        double v0 = 0;
        double v1 = 0;
        double c01 = 0;
        for (int i = 0; i < n; i++) {
            v0 += (x[2 * i] - mean0) * (x[2 * i] - mean0) / n;
            v1 += (x[2 * i + 1] - mean1) * (x[2 * i + 1] - mean1) / n;
            c01 += (x[2 * i] - mean0) * (x[2 * i + 1] - mean1) / n;
        }
        double eps = 1e-6 * (v0 + v1) / 2;
        double[] block = switch (type) {
            case FULL -> new double[] {v0 + eps, c01, c01, v1 + eps};
            case DIAG -> new double[] {v0 + eps, 0, 0, v1 + eps};
            case SPHERICAL -> new double[] {(v0 + v1) / 2 + eps, 0, 0, (v0 + v1) / 2 + eps};
        };
        double[] cov = new double[12];
        for (int j = 0; j < 3; j++) {
            System.arraycopy(block, 0, cov, 4 * j, 4);
        }
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(n, 2, x), type, eps,
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, new double[] {x[0], x[1], x[2], x[3], 1e9, -1e9}, cov);
        double prev = em.logLikelihood();
        for (int t = 0; t < 30 && !em.finished(); t++) {
            em.step();
            double ll = em.logLikelihood();
            assertTrue(Double.isFinite(ll) && ll >= prev - 1e-12 * (1 + Math.abs(prev)), "t=" + t + ": " + prev + " → " + ll);
            prev = ll;
            for (double v : em.covariances()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }
}
