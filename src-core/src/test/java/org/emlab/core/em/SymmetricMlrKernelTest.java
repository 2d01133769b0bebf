package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Rng;
import org.emlab.core.numeric.ChunkedSums;
import org.junit.jupiter.api.Test;

/**
 * The vectorised sweep of {@link SymmetricMlrKernel} (issue 19, second wave; docs/labs/mlr-overspec.md,
 * "Sample EM update") against a straightforward scalar step written from the formulas: u_i by a plain loop,
 * t_i = Math.tanh(a_i), log cosh by Math.log(Math.cosh(a)) where that is safe and |a| + log1p(e^{−2|a|}) − log 2
 * beyond, sums in plain loops.
 */
class SymmetricMlrKernelTest {
    /** The textbook step: {Σ t y x_c (d), Σ t, Σ (log cosh a − (y² + u²)/(2σ²))}, the scale of each sum, and t. */
    private static double[][] textbook(double[] x, double[] y, int n, int d, double[] th, double nu, double inv) {
        double[] sums = new double[d + 2];
        double[] scale = new double[d + 2];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 0;
            for (int c = 0; c < d; c++) {
                u += x[i * d + c] * th[c];
            }
            double a = y[i] * u * inv + nu;
            double ti = Math.tanh(a);
            t[i] = ti;
            for (int c = 0; c < d; c++) {
                sums[c] += ti * y[i] * x[i * d + c];
                scale[c] += Math.abs(ti * y[i] * x[i * d + c]);
            }
            sums[d] += ti;
            scale[d] += Math.abs(ti);
            double abs = Math.abs(a);
            double logCosh = abs < 20 ? Math.log(Math.cosh(a)) : abs + Math.log1p(Math.exp(-2 * abs)) - Math.log(2);
            double quad = 0.5 * (y[i] * y[i] + u * u) * inv;
            sums[d + 1] += logCosh - quad;
            scale[d + 1] += Math.abs(logCosh) + quad;
        }
        return new double[][] {sums, scale, t};
    }

    private static double[] kernel(double[] x, double[] y, int n, int d, double[] th, double nu, double inv, double[] post,
                                   boolean precise, boolean parallel) {
        double[][] xt = SymmetricMlrKernel.tiles(x, n, d);
        double[] out = new double[d + 2];
        new ChunkedSums(n, d + 2).parallel(parallel).sum((from, to, acc, off) ->
                SymmetricMlrKernel.accumulate(xt, y, d, th, nu, inv, post, from, to, acc, off, precise), out);
        return out;
    }

    /**
     * d = 1..12, n not a multiple of the block (1024) or the chunk (4096), ν = 0 and ≠ 0, |a| from 1e-9 to
     * 1e4 (e^{−2|a|} flushed to 0), σ from 1e-3 to 1e3 (inv = 1/σ² given to the kernel), both residual modes:
     * every sum within 1e-12 of the sum of its terms' sizes, every posterior within 1e-12 relative.
     */
    @Test
    void equalsTheTextbookStep() {
        RandomGenerator rng = Rng.of(1902);
        int[] ns = {1, 3, 255, 1023, 1025, 4097, 9001};
        double[] nus = {0, 0.7, -2.3, 1e-9};
        double[] thetaScales = {1e-9, 0.3, 3, 300};
        double[] sigmas = {1e-3, 1, 1e3};
        int cases = 0;
        for (int d = 1; d <= 12; d++) {
            for (int v = 0; v < 6; v++) {
                int n = ns[(d + v) % ns.length];
                double nu = nus[v % nus.length];
                double sigma = sigmas[(d + 2 * v) % sigmas.length];
                double inv = 1 / (sigma * sigma);
                double thScale = thetaScales[(v + d / 3) % thetaScales.length];
                boolean precise = (d + v) % 3 == 0;
                double[] x = new double[n * d];
                double[] y = new double[n];
                double[] th = new double[d];
                for (int c = 0; c < d; c++) {
                    th[c] = thScale * rng.nextGaussian();
                }
                for (int i = 0; i < n * d; i++) {
                    x[i] = rng.nextGaussian();
                }
                for (int i = 0; i < n; i++) {
                    y[i] = sigma * rng.nextGaussian() * (1 + thScale);
                }
                double[][] ref = textbook(x, y, n, d, th, nu, inv);
                double[] post = new double[n];
                double[] got = kernel(x, y, n, d, th, nu, inv, post, precise, false);
                String where = "d=" + d + " n=" + n + " nu=" + nu + " sigma=" + sigma + " theta~" + thScale + " precise="
                        + precise;
                for (int j = 0; j < d + 2; j++) {
                    assertEquals(ref[0][j], got[j], 1e-12 * ref[1][j] + 1e-300, where + ": sum " + j);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(ref[2][i], post[i], 1e-12 * Math.abs(ref[2][i]) + 1e-300, where + ": t_" + i);
                }
                cases++;
            }
        }
        assertEquals(72, cases);
    }

    /** The pass over fixed chunks gives the same bits on one thread and on several (n not a multiple of a chunk). */
    @Test
    void oneAndTwoThreadsAgreeBitForBit() {
        RandomGenerator rng = Rng.of(77);
        for (int d : new int[] {1, 3, 10}) {
            int n = 3 * ChunkedSums.PARALLEL_THRESHOLD + 1234;
            double[] x = new double[n * d];
            double[] y = new double[n];
            double[] th = new double[d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                y[i] = 2 * rng.nextGaussian();
            }
            for (int c = 0; c < d; c++) {
                th[c] = 0.4 * rng.nextGaussian();
            }
            for (boolean precise : new boolean[] {false, true}) {
                double[] p1 = new double[n];
                double[] p2 = new double[n];
                double[] one = kernel(x, y, n, d, th, 0.3, 1.0, p1, precise, false);
                double[] two = kernel(x, y, n, d, th, 0.3, 1.0, p2, precise, true);
                assertArrayEquals(one, two, 0.0, "d=" + d);
                assertArrayEquals(p1, p2, 0.0, "d=" + d);
            }
        }
    }

    /**
     * {@link SymmetricMlrKernel#gap} is |b + ν| − |b| to within two roundings of numbers below 2 max(|b|, |ν|)
     * (exact decimal arithmetic), exactly ±ν when b + ν keeps the sign of b, and 0 at ν = 0; including signed
     * zeros, both signs, values where b + ν changes sign, tiny and huge b.
     */
    @Test
    void gapIsTheExactDifferenceOfAbsoluteValues() {
        double[] bs = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 0.1, -0.1, 0.29999999999999993,
            -0.3, -0.30000000000000004, 2.5, -2.5, 1e5, -1e5, 7e300, -7e300};
        double[] nus = {0.0, 0.3, -0.3, 1e-17, -1e-17, 2.0, -2.0, 40, -40};
        RandomGenerator rng = Rng.of(19);
        for (int r = 0; r < 4000; r++) {
            boolean listed = r < bs.length * nus.length;
            double b = listed ? bs[r % bs.length] : rng.nextGaussian() * Math.pow(10, rng.nextInt(-3, 4));
            double nu = listed ? nus[r / bs.length] : rng.nextGaussian();
            BigDecimal eb = new BigDecimal(b);
            BigDecimal exact = eb.add(new BigDecimal(nu)).abs().subtract(eb.abs());
            double got = SymmetricMlrKernel.gap(b, nu);
            String where = "b=" + b + " nu=" + nu;
            if (nu == 0) {
                assertEquals(0.0, got, 0.0, where);
                continue;
            }
            boolean sameSign = b >= 0 ? eb.add(new BigDecimal(nu)).signum() >= 0 : eb.add(new BigDecimal(nu)).signum() < 0;
            if (sameSign && Math.abs(b) > 4 * Math.ulp(nu)) {
                assertEquals(b >= 0 ? nu : -nu, got, 0.0, where); // no rounding at all
            }
            double tol = 4 * Math.ulp(Math.max(Math.abs(b), Math.abs(nu)));
            assertEquals(exact.doubleValue(), got, tol, where);
        }
    }

    /** The branch-free sign: exactly ±1 for every double, +1 at ±0. */
    @Test
    void signIsExactForEveryMagnitude() {
        double[] vs = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1, -1, 3e307,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : vs) {
            assertEquals(v >= 0 ? 1.0 : -1.0, SymmetricMlrKernel.sign(v), 0.0, "v=" + v);
        }
        assertTrue(SymmetricMlrKernel.sign(-Double.MIN_VALUE) < 0);
    }
}
