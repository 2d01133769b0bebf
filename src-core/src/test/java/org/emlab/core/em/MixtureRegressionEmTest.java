package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact EM for mixtures of regressions against a hand-computed step, and its invariants.
 *
 * <p>Reference: src-core/src/test/resources/reference/tonedata_regmix_em.py (tone-data lines).
 */
class MixtureRegressionEmTest {
    private static final double[] X = {0, 1, 2, 0, 1, 2};
    private static final double[] Y = {0.1, 0.9, 2.2, 1.0, 1.1, 0.8};
    private static final double FLOOR = 1e-4;

    /**
     * One step from π = (½, ½), β1 = (0, 1) (y = x), β2 = (1, 0) (y = 1), σ1 = σ2 = ½, with an intercept.
     *
     * <p>Residuals by hand: r1 = y − x = 0.1, −0.1, 0.2, 1.0, 0.1, −1.2 and r2 = y − 1 = −0.9, −0.1, 1.2,
     * 0.0, 0.1, −0.2, so w_i1 = 1/(1 + exp((r1² − r2²)/(2σ²))) = 1/(1 + exp(2(r1² − r2²))) (equal π
     * and σ cancel). Weighted least squares for y = b0 + b1 x has the closed form
     * b1 = (S·Sxy − Sx·Sy)/(S·Sxx − Sx²), b0 = (Sy − b1 Sx)/S with S = Σw, Sx = Σwx, Sxx = Σwx²,
     * Sy = Σwy, Sxy = Σwxy; then σ_j² = Σ w r² / N_j, or the common σ² = Σ_ij w r² / N (the floor
     * ε = 1e-4 is a constraint σ² ≥ ε that does not bind here; the old code added ε, a ridge).
     * ℓ = Σ_i log(½ φ(r1/σ)/σ + ½ φ(r2/σ)/σ).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneStepMatchesHandComputation(boolean common) {
        double[] r1 = {0.1, -0.1, 0.2, 1.0, 0.1, -1.2};
        double[] r2 = {-0.9, -0.1, 1.2, 0.0, 0.1, -0.2};
        double[][] w = new double[2][6];
        double loglik = 0;
        for (int i = 0; i < 6; i++) {
            assertEquals(Y[i] - X[i], r1[i], 1e-15);
            assertEquals(Y[i] - 1, r2[i], 1e-15);
            w[0][i] = 1 / (1 + Math.exp(2 * (r1[i] * r1[i] - r2[i] * r2[i])));
            w[1][i] = 1 - w[0][i];
            double f1 = Math.exp(-2 * r1[i] * r1[i]) / (0.5 * Math.sqrt(2 * Math.PI));
            double f2 = Math.exp(-2 * r2[i] * r2[i]) / (0.5 * Math.sqrt(2 * Math.PI));
            loglik += Math.log(0.5 * f1 + 0.5 * f2);
        }
        double[] beta = new double[4];
        double[] pi = new double[2];
        double[] rss = new double[2];
        double[] nj = new double[2];
        for (int j = 0; j < 2; j++) {
            double s = 0;
            double sx = 0;
            double sxx = 0;
            double sy = 0;
            double sxy = 0;
            for (int i = 0; i < 6; i++) {
                s += w[j][i];
                sx += w[j][i] * X[i];
                sxx += w[j][i] * X[i] * X[i];
                sy += w[j][i] * Y[i];
                sxy += w[j][i] * X[i] * Y[i];
            }
            double b1 = (s * sxy - sx * sy) / (s * sxx - sx * sx);
            double b0 = (sy - b1 * sx) / s;
            beta[2 * j] = b0;
            beta[2 * j + 1] = b1;
            pi[j] = s / 6;
            nj[j] = s;
            for (int i = 0; i < 6; i++) {
                double r = Y[i] - b0 - b1 * X[i];
                rss[j] += w[j][i] * r * r;
            }
        }
        double[] sigma = common
                ? new double[] {Math.sqrt((rss[0] + rss[1]) / 6), Math.sqrt((rss[0] + rss[1]) / 6)}
                : new double[] {Math.sqrt(rss[0] / nj[0]), Math.sqrt(rss[1] / nj[1])};
        for (double v : sigma) {
            assertTrue(v * v > FLOOR, "the floor does not bind");
        }

        MixtureRegressionEm em = new MixtureRegressionEm(X, Y, 1, true, common, FLOOR, new double[] {0.5, 0.5},
                new double[] {0, 1, 1, 0}, new double[] {0.5, 0.5});
        assertEquals(List.of("loglik", "pi_1", "pi_2", "beta_1_0", "beta_1_1", "beta_2_0", "beta_2_1", "sigma_1",
                "sigma_2"), em.columns());
        double[] row = new double[em.columns().size()];
        em.row(row);
        assertEquals(loglik, row[0], 1e-13);
        em.step();
        assertArrayEquals(pi, em.weights(), 1e-14);
        assertArrayEquals(beta, em.coefficients(), 1e-13);
        assertArrayEquals(sigma, em.sigmas(), 1e-14);
    }

    @Test
    void withoutInterceptTheColumnsStartAtOne() {
        MixtureRegressionEm em = new MixtureRegressionEm(X, Y, 1, false, false, FLOOR, new double[] {0.5, 0.5},
                new double[] {1, 0.5}, new double[] {0.5, 0.5});
        assertEquals(List.of("loglik", "pi_1", "pi_2", "beta_1_1", "beta_2_1", "sigma_1", "sigma_2"), em.columns());
        em.step();
        assertTrue(Double.isFinite(em.logLikelihood()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logLikelihoodNeverDecreases(boolean common) {
        ParamValues p = LabRegistry.get("mlr").defaults().with("k_true", "3").with("d", "2").with("n", "500")
                .with("k", "3").with("common_sigma", "" + common).with("seed", "4");
        LabRun run = LabRegistry.get("mlr").start(p, null);
        MixtureRegressionEm em = (MixtureRegressionEm) run.engine();
        assertEquals("loglik", em.monotoneColumn());
        double prev = em.logLikelihood();
        for (int t = 0; t < 200; t++) {
            em.step();
            double ll = em.logLikelihood();
            assertTrue(ll - prev >= -1e-12 * (1 + Math.abs(prev)), "ℓ fell from " + prev + " to " + ll + " at " + t);
            prev = ll;
        }
    }

    @Test
    void halfStepsEqualFullSteps() {
        ParamValues p = LabRegistry.get("mlr").defaults().with("seed", "9");
        MixtureRegressionEm a = (MixtureRegressionEm) LabRegistry.get("mlr").start(p, null).engine();
        MixtureRegressionEm b = (MixtureRegressionEm) LabRegistry.get("mlr").start(p, null).engine();
        for (int t = 0; t < 6; t++) {
            a.step();
            b.halfStep();
            b.halfStep();
        }
        assertArrayEquals(a.state(), b.state(), 0.0);
    }

    /** On Cohen's tone data (k = 2), EM settles where one more step changes nothing beyond 1e-8. */
    @Test
    void toneDataReachesAFixedPoint() {
        ParamValues p = LabRegistry.get("mlr").defaults().with("data", "tonedata").with("seed", "1");
        MixtureRegressionEm em = (MixtureRegressionEm) LabRegistry.get("mlr").start(p, null).engine();
        for (int t = 0; t < 600; t++) {
            em.step();
        }
        double[] before = em.state();
        em.step();
        assertArrayEquals(before, em.state(), 1e-8);
        // one line nearly flat at the tuned value ~1.9, the other close to y = x (the "stretched" tones)
        double[] b = em.coefficients();
        int flat = Math.abs(b[1]) < Math.abs(b[3]) ? 0 : 1;
        assertEquals(1.9, b[2 * flat], 0.1);
        assertEquals(1.0, b[2 * (1 - flat) + 1], 0.1);
    }
}
