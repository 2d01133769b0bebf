package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused sweep of {@link MixtureRegressionEm} (one pass: E-step, ℓ, the weighted normal equations
 * around the current β, and σ² by the shifted form or, when its guard fails, a second pass; issue 19,
 * docs/labs/mlr.md "Sample EM update") against a textbook step written here independently: log-space
 * E-step with {@code Math.exp}/{@code Math.log} per entry, the normal equations {@code X̃ᵀW_jX̃ β = X̃ᵀW_j y}
 * formed entry by entry and solved by Gaussian elimination with partial pivoting, and the residual
 * variances by a second pass at the new β. β (norm-wise per component), σ, π and ℓ agree to 1e-12
 * relative; with y shifted by 1e6 the residuals themselves carry a rounding of about
 * {@code 1e-16 · 1e6} in both computations, so ℓ, π and σ there are held to 1e-11.
 */
class MlrKernelEqualityTest {
    private static final double TOL = 1e-12;

    /** One data set and start: n points from k lines (one nearly unused when {@code tiny}), y shifted by {@code shift}. */
    private record Case(String name, int n, int d, int k, boolean intercept, boolean common, double floor,
                        boolean tiny, double shift, double noise, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[] ks = {1, 2, 3, 4, 5, 6};
        int[] ds = {1, 2, 5, 10};
        long seed = 1;
        for (int k : ks) {
            for (int d : ds) {
                for (int v = 0; v < 4; v++) {
                    boolean intercept = v % 2 == 0;
                    boolean common = v >= 2;
                    out.add(Arguments.of(new Case("k=" + k + " d=" + d + " intercept=" + intercept + " common=" + common,
                            600 + 37 * k + 11 * d, d, k, intercept, common, 1e-8, false, 0, 0.5, seed++)));
                }
            }
        }
        out.add(Arguments.of(new Case("tiny weight k=3 d=2", 900, 2, 3, true, false, 0, true, 0, 0.5, 101)));
        out.add(Arguments.of(new Case("tiny weight k=4 d=10 common", 2000, 10, 4, true, true, 0, true, 0, 0.5, 102)));
        out.add(Arguments.of(new Case("y + 1e6 k=2 d=2", 1500, 2, 2, true, false, 0, false, 1e6, 0.5, 103)));
        out.add(Arguments.of(new Case("y + 1e6 k=4 d=10 common", 3000, 10, 4, true, true, 0, false, 1e6, 0.5, 104)));
        out.add(Arguments.of(new Case("near-perfect fit k=2 d=2", 800, 2, 2, true, false, 0, false, 0, 1e-7, 105)));
        out.add(Arguments.of(new Case("near-perfect fit k=3 d=5 common", 1200, 5, 3, false, true, 0, false, 0, 1e-7,
                106)));
        out.add(Arguments.of(new Case("several chunks k=4 d=10", 20_000, 10, 4, true, false, 1e-8, false, 0, 0.5, 107)));
        return out.stream();
    }

    /** The data and the start of a case: x row-major n × d, y, then π, β (k × p), σ. */
    private static Object[] data(Case c) {
        Random rnd = new Random(c.seed);
        int p = c.d + (c.intercept ? 1 : 0);
        double[] truth = new double[c.k * p];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = 2 * rnd.nextGaussian();
        }
        double[] x = new double[c.n * c.d];
        double[] y = new double[c.n];
        for (int i = 0; i < c.n; i++) {
            int j = c.tiny && c.k > 1 ? (i % 97 == 0 ? 1 + i % (c.k - 1) : 0) : rnd.nextInt(c.k);
            double s = c.intercept ? truth[j * p] : 0;
            for (int a = 0; a < c.d; a++) {
                x[i * c.d + a] = rnd.nextGaussian();
                s += x[i * c.d + a] * truth[j * p + a + (c.intercept ? 1 : 0)];
            }
            y[i] = c.shift + s + c.noise * rnd.nextGaussian();
        }
        double[] pi = new double[c.k];
        double[] beta = new double[c.k * p];
        double[] sigma = new double[c.k];
        for (int j = 0; j < c.k; j++) {
            pi[j] = 1.0 / c.k;
            sigma[j] = c.common ? 1.0 : 0.7 + 0.2 * j;
            for (int a = 0; a < p; a++) {
                beta[j * p + a] = truth[j * p + a] + 0.3 * rnd.nextGaussian();
            }
            if (c.intercept) {
                beta[j * p] += c.shift;
            }
        }
        if (c.tiny && c.k > 1) {
            // a component with responsibilities near 1e-12 everywhere (beside the first, so its normal
            // matrix stays well conditioned: one whose few largest weights dominate is solved to
            // eps × cond by any method, the textbook's included)
            pi[c.k - 1] = 1e-12;
            for (int a = 0; a < p; a++) {
                beta[(c.k - 1) * p + a] = beta[a] + 0.05;
            }
        }
        return new Object[] {x, y, pi, beta, sigma};
    }

    /** The textbook step's results: ℓ at the start, then π, β, σ. */
    private record Step(double loglik, double[] pi, double[] beta, double[] sigma) {
    }

    /** ℓ and responsibilities (n × k) in log space, one {@code Math.exp} and one {@code Math.log} per entry. */
    private static double textbookEStep(double[] x, double[] y, int d, boolean intercept, double[] pi, double[] beta,
                                        double[] sigma, double[] w) {
        int n = y.length;
        int k = pi.length;
        int p = d + (intercept ? 1 : 0);
        double ll = 0;
        double[] a = new double[k];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double fit = intercept ? beta[j * p] : 0;
                for (int c = 0; c < d; c++) {
                    fit += x[i * d + c] * beta[j * p + c + (intercept ? 1 : 0)];
                }
                double r = y[i] - fit;
                a[j] = pi[j] > 0 ? Math.log(pi[j]) - 0.5 * Math.log(2 * Math.PI * sigma[j] * sigma[j])
                        - r * r / (2 * sigma[j] * sigma[j]) : Double.NEGATIVE_INFINITY;
                m = Math.max(m, a[j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(a[j] - m);
            }
            double lse = m + Math.log(s);
            ll += lse;
            for (int j = 0; j < k; j++) {
                w[i * k + j] = Math.exp(a[j] - lse);
            }
        }
        return ll;
    }

    private static Step textbookStep(double[] x, double[] y, int d, boolean intercept, boolean common, double floor,
                                     double[] pi, double[] beta, double[] sigma) {
        int n = y.length;
        int k = pi.length;
        int p = d + (intercept ? 1 : 0);
        double[] w = new double[n * k];
        double ll = textbookEStep(x, y, d, intercept, pi, beta, sigma, w);
        double[] nextPi = new double[k];
        double[] nextBeta = beta.clone();
        double[] rss = new double[k];
        double[] nj = new double[k];
        double[] row = new double[p];
        for (int j = 0; j < k; j++) {
            double[][] m = new double[p][p + 1];
            for (int i = 0; i < n; i++) {
                double wij = w[i * k + j];
                nj[j] += wij;
                design(x, d, intercept, i, row);
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        m[r][c] += wij * row[r] * row[c];
                    }
                    m[r][p] += wij * row[r] * y[i];
                }
            }
            nextPi[j] = nj[j] / n;
            double[] b = gauss(m, p);
            System.arraycopy(b, 0, nextBeta, j * p, p);
            for (int i = 0; i < n; i++) {
                design(x, d, intercept, i, row);
                double r = y[i];
                for (int c = 0; c < p; c++) {
                    r -= row[c] * b[c];
                }
                rss[j] += w[i * k + j] * r * r;
            }
        }
        double[] nextSigma = new double[k];
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += rss[j];
        }
        for (int j = 0; j < k; j++) {
            nextSigma[j] = Math.sqrt(Math.max(common ? total / n : rss[j] / nj[j], floor));
        }
        return new Step(ll, nextPi, nextBeta, nextSigma);
    }

    private static void design(double[] x, int d, boolean intercept, int i, double[] row) {
        int o = 0;
        if (intercept) {
            row[o++] = 1;
        }
        for (int c = 0; c < d; c++) {
            row[o++] = x[i * d + c];
        }
    }

    /** Solves the augmented system {@code m = [A | b]} by Gaussian elimination with partial pivoting. */
    private static double[] gauss(double[][] m, int p) {
        for (int col = 0; col < p; col++) {
            int piv = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] t = m[col];
            m[col] = m[piv];
            m[piv] = t;
            for (int r = col + 1; r < p; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= p; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] b = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = m[r][p];
            for (int c = r + 1; c < p; c++) {
                s -= m[r][c] * b[c];
            }
            b[r] = s / m[r][r];
        }
        return b;
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected),
                () -> what + ": expected " + expected + ", got " + actual + " (relative "
                        + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedStepMatchesTextbookStep(Case c) {
        Object[] data = data(c);
        double[] x = (double[]) data[0];
        double[] y = (double[]) data[1];
        int p = c.d + (c.intercept ? 1 : 0);
        MixtureRegressionEm em = new MixtureRegressionEm(x, y, c.d, c.intercept, c.common, c.floor,
                (double[]) data[2], (double[]) data[3], (double[]) data[4]);
        // y − x̃ᵀβ carries a rounding of about 1e-16 |y| in either computation: 1e-10 at y ≈ 1e6, where
        // residuals are about 1; ℓ, π and σ, which are made from them, are then held to 1e-11
        double tol = TOL * Math.max(1, c.shift * 1e-5);
        for (int t = 0; t < 4; t++) {
            double[] pi = em.weights();
            double[] beta = em.coefficients();
            double[] sigma = em.sigmas();
            Step ref = textbookStep(x, y, c.d, c.intercept, c.common, c.floor, pi, beta, sigma);
            final int step = t;
            assertRelative(ref.loglik, em.logLikelihood(), tol, "ℓ at step " + step);
            em.step();
            assertTrue(!em.finished(), () -> "stopped: " + em.finishedReason());
            double[] gotPi = em.weights();
            double[] gotBeta = em.coefficients();
            double[] gotSigma = em.sigmas();
            for (int j = 0; j < c.k; j++) {
                assertRelative(ref.pi[j], gotPi[j], tol, "π_" + j + " at step " + step);
                double scale = 0;
                double diff = 0;
                for (int a = 0; a < p; a++) {
                    scale = Math.max(scale, Math.abs(ref.beta[j * p + a]));
                    diff = Math.max(diff, Math.abs(ref.beta[j * p + a] - gotBeta[j * p + a]));
                }
                final double rel = diff / scale;
                final int comp = j;
                assertTrue(rel <= TOL, () -> "β_" + comp + " at step " + step + " relative " + rel + " pi " + ref.pi[comp]);
                assertRelative(ref.sigma[j], gotSigma[j], tol, "σ_" + j + " at step " + step);
            }
        }
    }

    /** The near-perfect fit takes the second pass; a well-conditioned fit near convergence does not. */
    @Test
    void guardTakesTheSecondPassOnlyWhenTheShiftedFormCancels() {
        Case exact = new Case("exact", 800, 2, 2, true, false, 0, false, 0, 1e-7, 105);
        Object[] data = data(exact);
        MixtureRegressionEm em = new MixtureRegressionEm((double[]) data[0], (double[]) data[1], 2, true, false, 0,
                (double[]) data[2], (double[]) data[3], (double[]) data[4]);
        for (int t = 0; t < 10; t++) {
            em.step();
        }
        assertTrue(em.secondPasses() > 0);

        Case noisy = new Case("noisy", 3000, 5, 3, true, false, 0, false, 0, 0.5, 7);
        data = data(noisy);
        em = new MixtureRegressionEm((double[]) data[0], (double[]) data[1], 5, true, false, 0, (double[]) data[2],
                (double[]) data[3], (double[]) data[4]);
        for (int t = 0; t < 30; t++) {
            em.step();
        }
        long before = em.secondPasses();
        em.step();
        assertEquals(before, em.secondPasses(), "near convergence σ² comes from the shifted sums");
    }

    /** Fixed chunks: one thread and several give the same bits, step after step. */
    @Test
    void serialAndParallelAgreeBitForBit() {
        Case c = new Case("chunks", 70_000, 10, 4, true, false, 1e-8, false, 0, 0.5, 11);
        Object[] data = data(c);
        MixtureRegressionEm serial = new MixtureRegressionEm((double[]) data[0], (double[]) data[1], c.d, true, false,
                c.floor, (double[]) data[2], (double[]) data[3], (double[]) data[4]).parallel(false);
        MixtureRegressionEm parallel = new MixtureRegressionEm((double[]) data[0], (double[]) data[1], c.d, true,
                false, c.floor, (double[]) data[2], (double[]) data[3], (double[]) data[4]).parallel(true);
        for (int t = 0; t < 5; t++) {
            serial.step();
            parallel.step();
            assertEquals(serial.logLikelihood(), parallel.logLikelihood(), 0.0);
            assertArrayEquals(serial.weights(), parallel.weights(), 0.0);
            assertArrayEquals(serial.coefficients(), parallel.coefficients(), 0.0);
            assertArrayEquals(serial.sigmas(), parallel.sigmas(), 0.0);
            assertArrayEquals(serial.responsibilities(), parallel.responsibilities(), 0.0);
        }
    }
}
