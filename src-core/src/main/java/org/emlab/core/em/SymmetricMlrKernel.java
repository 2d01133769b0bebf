package org.emlab.core.em;

import org.emlab.core.numeric.SweepMath;

/**
 * The fused sample sweep of symmetric two-component MLR EM ({@link SymmetricMlrEm}, docs/labs/mlr-overspec.md#sample-em-update):
 * for rows {@code [from, to)} of row-major {@code x} (n × d) and {@code y}, at (θ, ν = atanh(π1 − π2)),
 * <pre>
 *   a_i = y_i &lt;x_i, θ&gt; / σ² + ν,   t_i = tanh(a_i)
 *   acc[0..d) += Σ t_i y_i x_i,   acc[d] += Σ t_i,   acc[d+1] += Σ (log cosh a_i − (y_i² + &lt;x_i, θ&gt;²) / (2σ²))
 * </pre>
 * The last sum is formed without cancellation: with {@code b_i = y_i &lt;x_i, θ&gt;/σ²} and
 * {@code log cosh a = |a| + log(1 + e^{−2|a|}) − log 2},
 * {@code log cosh a_i − (y_i² + u_i²)/(2σ²) = −(|y_i| − |u_i|)²/(2σ²) + (|a_i| − |b_i|) + log(1 + e^{−2|a_i|}) − log 2},
 * where {@code |a_i| − |b_i| = ±ν} when a_i and b_i have the same sign. Written as a difference of
 * {@code (y² + u²)/(2σ²)} and {@code |a|}, both about 1e5 at σ = 100 and snr = 300, ℓ lost 1e-11 to
 * rounding and seemed to fall between EM steps (fuzz configuration d=5 n=475 sigma=100 snr=292.5 p_star≈1
 * b0=50 seed=306682).
 * and {@code t_i} into {@code post} (when not null): one read of X from memory (each block of rows is read a second time from the cache). Rows are taken four at
 * a time, so four independent dot products share each load of θ_c and the M-step sums are updated
 * once per four rows ({@code acc_c += (t_0y_0x_0c + t_1y_1x_1c) + (t_2y_2x_2c + t_3y_3x_3c)}); this
 * fixed grouping (chunks start at multiples of 4) changes only the rounding of the sums, identically
 * on every thread count. tanh and log cosh come from one {@code m_i = exp(−2|a_i|) − 1} per row, taken for a block of
 * {@link #BLOCK} rows at a time by the vectorised {@link SweepMath#expm1Block} (a few ulps relative,
 * also near a = 0), {@code tanh|a_i| = −m_i/(2 + m_i)} in a vectorised loop, with one {@code Math.log}
 * of {@code Π (2 + m_i)} per 64 rows, and {@link #gap} has no branch (issue 19;
 * docs/labs/mlr-overspec.md, "Sample EM update").
 */
final class SymmetricMlrKernel {
    /** Rows per group (chunks must start at a multiple of this for thread-independent results). */
    static final int GROUP = 4;
    /**
     * Rows per block (issue 19): the dot products of a block are formed first, then its
     * {@code exp(−2|a_i|) − 1} and tanh by vectorised loops ({@link SweepMath#expm1Block}), then the posteriors and sums
     * from the rows again (still in L1). A multiple of {@link #GROUP} equal to {@link SweepMath#LOG_BATCH},
     * so blocks, groups and log batches all start where the chunk does.
     */
    static final int BLOCK = SweepMath.LOG_BATCH;
    /** Per-thread scratch of a block: the dot products, the exp's arguments and values, the exp's scratch, t_i y_i. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[5][BLOCK]);

    private SymmetricMlrKernel() {
    }

    /**
     * Accumulates rows {@code [from, to)} into {@code acc[off .. off + d + 2)}.
     *
     * @param inv {@code 1/σ²}
     * @param nu  {@code atanh(π1 − π2)}
     */
    static void accumulate(double[] x, double[] y, int d, double[] theta, double nu, double inv, double[] post,
                           int from, int to, double[] acc, int off) {
        accumulate(x, y, d, theta, nu, inv, post, from, to, acc, off, false);
    }

    /**
     * As above; with {@code precise}, each residual {@code |y_i| − |u_i| = sign(y_i)(y_i − s_i u_i)}
     * ({@code s_i = sign(y_i u_i)}) is formed by a compensated dot product ({@link #residual}) instead
     * of from the rounded {@code u_i}: at SNR 1e6 the rounding of u_i alone (about 1e-16 ‖θ‖‖x_i‖) moved ℓ
     * by 1e-11, more than the monotonicity tolerance (fuzz: d=1 n=45 sigma=1 snr=1e6 pi0=2.5e-9
     * seed=551050, ℓ "fell" by 1.6e-11 on a step that moved θ by 3e-13 relative). The M-step sums and
     * posteriors are the same in both modes.
     */
    static void accumulate(double[] x, double[] y, int d, double[] theta, double nu, double inv, double[] post,
                           int from, int to, double[] acc, int off, boolean precise) {
        final double[][] sc = SCRATCH.get();
        final double[] u = sc[0]; // <x_i, θ> of the block's rows
        final double[] e = sc[1]; // −2|a_i|, then e_i = exp(−2|a_i|)
        final double[] kk = sc[2]; // the exp's scratch
        final double[] w = sc[3]; // t_i y_i
        final double[] th = sc[4]; // tanh|a_i|
        double sumT = 0;
        double lik = 0;
        double prod = 1; // Π (1 + e_i) over the batch: Σ log cosh a_i = Σ (|a_i| + log(1 + e_i) − log 2)
        int inBatch = 0;
        double logs = 0;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            final int b1 = Math.min(to, b0 + BLOCK);
            final int len = b1 - b0;
            // the block's dot products, four rows at a time (one load of θ_c for four rows)
            int i = b0;
            for (; i + GROUP <= b1; i += GROUP) {
                int o0 = i * d;
                int o1 = o0 + d;
                int o2 = o1 + d;
                int o3 = o2 + d;
                double d0 = 0;
                double d1 = 0;
                double d2 = 0;
                double d3 = 0;
                for (int c = 0; c < d; c++) {
                    double t = theta[c];
                    d0 += x[o0 + c] * t;
                    d1 += x[o1 + c] * t;
                    d2 += x[o2 + c] * t;
                    d3 += x[o3 + c] * t;
                }
                int k = i - b0;
                u[k] = d0;
                u[k + 1] = d1;
                u[k + 2] = d2;
                u[k + 3] = d3;
            }
            for (; i < b1; i++) {
                int o = i * d;
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += x[o + c] * theta[c];
                }
                u[i - b0] = dot;
            }
            // m_i = exp(−2|a_i|) − 1 for the whole block by the vectorised expm1 (no cancellation near a = 0;
            // e^−2|a| flushed to 0 below e^−708), then tanh|a_i| = −m_i/(2 + m_i), also vectorised: no
            // per-row choice of formula (issue 19)
            for (int k = 0; k < len; k++) {
                double g = -2 * Math.abs(y[b0 + k] * u[k] * inv + nu);
                e[k] = g < SweepMath.EXP_NORMAL_BELOW ? SweepMath.EXP_FLUSH : g;
            }
            SweepMath.expm1Block(e, len, kk);
            for (int k = 0; k < len; k++) {
                th[k] = -e[k] / (2 + e[k]);
            }
            i = b0;
            for (; i + GROUP <= b1; i += GROUP) {
                int k = i - b0;
                int o0 = i * d;
                int o1 = o0 + d;
                int o2 = o1 + d;
                int o3 = o2 + d;
                double d0 = u[k];
                double d1 = u[k + 1];
                double d2 = u[k + 2];
                double d3 = u[k + 3];
                double y0 = y[i];
                double y1 = y[i + 1];
                double y2 = y[i + 2];
                double y3 = y[i + 3];
                double q0 = y0 * d0 * inv;
                double a0 = q0 + nu;
                double q1 = y1 * d1 * inv;
                double a1 = q1 + nu;
                double q2 = y2 * d2 * inv;
                double a2 = q2 + nu;
                double q3 = y3 * d3 * inv;
                double a3 = q3 + nu;
                double t0 = Math.copySign(th[k], a0);
                double t1 = Math.copySign(th[k + 1], a1);
                double t2 = Math.copySign(th[k + 2], a2);
                double t3 = Math.copySign(th[k + 3], a3);
                if (post != null) {
                    post[i] = t0;
                    post[i + 1] = t1;
                    post[i + 2] = t2;
                    post[i + 3] = t3;
                }
                w[k] = t0 * y0;
                w[k + 1] = t1 * y1;
                w[k + 2] = t2 * y2;
                w[k + 3] = t3 * y3;
                sumT += (t0 + t1) + (t2 + t3);
                if (precise) {
                    lik += (gap(q0, a0, nu) - 0.5 * square(residual(x, o0, d, theta, y0, q0)) * inv)
                            + (gap(q1, a1, nu) - 0.5 * square(residual(x, o1, d, theta, y1, q1)) * inv)
                            + (gap(q2, a2, nu) - 0.5 * square(residual(x, o2, d, theta, y2, q2)) * inv)
                            + (gap(q3, a3, nu) - 0.5 * square(residual(x, o3, d, theta, y3, q3)) * inv);
                } else {
                    lik += (gap(q0, a0, nu) - 0.5 * square(Math.abs(y0) - Math.abs(d0)) * inv)
                            + (gap(q1, a1, nu) - 0.5 * square(Math.abs(y1) - Math.abs(d1)) * inv)
                            + (gap(q2, a2, nu) - 0.5 * square(Math.abs(y2) - Math.abs(d2)) * inv)
                            + (gap(q3, a3, nu) - 0.5 * square(Math.abs(y3) - Math.abs(d3)) * inv);
                }
                prod *= ((2 + e[k]) * (2 + e[k + 1])) * ((2 + e[k + 2]) * (2 + e[k + 3])); // Π (1 + e^−2|a|)
                inBatch += GROUP;
                if (inBatch == SweepMath.LOG_BATCH) {
                    logs += Math.log(prod);
                    prod = 1;
                    inBatch = 0;
                }
            }
            mStepSums(x, d, w, b0, len - len % GROUP, acc, off);
            for (; i < b1; i++) {
                int o = i * d;
                double dot = u[i - b0];
                double yi = y[i];
                double q = yi * dot * inv;
                double a = q + nu;
                double ti = Math.copySign(th[i - b0], a);
                if (post != null) {
                    post[i] = ti;
                }
                double wi = ti * yi;
                for (int c = 0; c < d; c++) {
                    acc[off + c] += wi * x[o + c];
                }
                sumT += ti;
                double res = precise ? residual(x, o, d, theta, yi, q) : Math.abs(yi) - Math.abs(dot);
                lik += gap(q, a, nu) - 0.5 * square(res) * inv;
                prod *= 2 + e[i - b0];
            }
        }
        acc[off + d] += sumT;
        acc[off + d + 1] += lik + logs + Math.log(prod) - (to - from) * SweepMath.LOG_2;
    }

    /**
     * The M-step sums of a block's {@code groups} rows (a multiple of {@link #GROUP}) from row {@code b0}:
     * {@code acc_c += (w_0 x_0c + w_1 x_1c) + (w_2 x_2c + w_3 x_3c)} group after group, as the sweep has
     * always added them, but with four coordinates' sums held in registers across the block instead of
     * being loaded and stored for every group (issue 19). The same additions in the same order: bit for bit
     * the sums of one group at a time.
     */
    private static void mStepSums(double[] x, int d, double[] w, int b0, int groups, double[] acc, int off) {
        int c = 0;
        for (; c + 3 < d; c += 4) {
            double s0 = acc[off + c];
            double s1 = acc[off + c + 1];
            double s2 = acc[off + c + 2];
            double s3 = acc[off + c + 3];
            for (int k = 0; k < groups; k += GROUP) {
                double w0 = w[k];
                double w1 = w[k + 1];
                double w2 = w[k + 2];
                double w3 = w[k + 3];
                int o0 = (b0 + k) * d + c;
                int o1 = o0 + d;
                int o2 = o1 + d;
                int o3 = o2 + d;
                s0 += (w0 * x[o0] + w1 * x[o1]) + (w2 * x[o2] + w3 * x[o3]);
                s1 += (w0 * x[o0 + 1] + w1 * x[o1 + 1]) + (w2 * x[o2 + 1] + w3 * x[o3 + 1]);
                s2 += (w0 * x[o0 + 2] + w1 * x[o1 + 2]) + (w2 * x[o2 + 2] + w3 * x[o3 + 2]);
                s3 += (w0 * x[o0 + 3] + w1 * x[o1 + 3]) + (w2 * x[o2 + 3] + w3 * x[o3 + 3]);
            }
            acc[off + c] = s0;
            acc[off + c + 1] = s1;
            acc[off + c + 2] = s2;
            acc[off + c + 3] = s3;
        }
        if (c + 1 < d) {
            double s0 = acc[off + c];
            double s1 = acc[off + c + 1];
            for (int k = 0; k < groups; k += GROUP) {
                double w0 = w[k];
                double w1 = w[k + 1];
                double w2 = w[k + 2];
                double w3 = w[k + 3];
                int o0 = (b0 + k) * d + c;
                int o1 = o0 + d;
                int o2 = o1 + d;
                int o3 = o2 + d;
                s0 += (w0 * x[o0] + w1 * x[o1]) + (w2 * x[o2] + w3 * x[o3]);
                s1 += (w0 * x[o0 + 1] + w1 * x[o1 + 1]) + (w2 * x[o2 + 1] + w3 * x[o3 + 1]);
            }
            acc[off + c] = s0;
            acc[off + c + 1] = s1;
            c += 2;
        }
        if (c < d) {
            double s0 = acc[off + c];
            for (int k = 0; k < groups; k += GROUP) {
                int o0 = (b0 + k) * d + c;
                s0 += (w[k] * x[o0] + w[k + 1] * x[o0 + d]) + (w[k + 2] * x[o0 + 2 * d] + w[k + 3] * x[o0 + 3 * d]);
            }
            acc[off + c] = s0;
        }
    }

    /**
     * {@code |a| − |q|} for {@code a = q + ν}: exactly ±ν when both have the same sign (no cancellation),
     * 0 when ν = 0 (a branch that goes the same way for every row of a pass). Otherwise without a branch
     * (issue 19; docs/labs/mlr-overspec.md, "Sample EM update"): the signs of q are random across rows,
     * and a mispredicted branch per row cost more than the rest of the row's arithmetic (the sweep at
     * n = 10⁶, d = 2 took 16.6 ms on one core with the branch, 12.1 without). Both candidates are formed
     * and the one that the sign bits of {@code a} and {@code q} call for is selected bit by bit
     * ({@code −0} counts as {@code +0}, as {@code x ≥ 0} has it), so the value is the branchy form's.
     */
    static double gap(double q, double a, double nu) {
        if (nu == 0) {
            return 0; // the same for every row of a pass: predicted
        }
        double same = Math.copySign(1.0, q + 0.0) * nu; // q ≥ 0 ? ν : −ν
        double differ = Math.abs(a) - Math.abs(q);
        long mask = (Double.doubleToRawLongBits(a + 0.0) ^ Double.doubleToRawLongBits(q + 0.0)) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(same) & ~mask)
                | (Double.doubleToRawLongBits(differ) & mask));
    }

    /**
     * {@code y − s <x, θ>} with {@code s = sign(q)} (q = y&lt;x,θ&gt;/σ²) by the compensated dot product
     * Dot2 of Ogita, Rump &amp; Oishi (2005): error-free products (fma) and sums, so the result is as
     * accurate as if computed in twice the working precision. Its square is {@code (|y| − |<x,θ>|)²}.
     */
    static double residual(double[] x, int o, int d, double[] theta, double y, double q) {
        double s = q >= 0 ? -1 : 1;
        double sum = y;
        double err = 0;
        for (int c = 0; c < d; c++) {
            double xs = s * x[o + c];
            double p = xs * theta[c];
            double pe = Math.fma(xs, theta[c], -p);
            double t = sum + p;
            double z = t - sum;
            err += ((sum - (t - z)) + (p - z)) + pe;
            sum = t;
        }
        return sum + err;
    }

    private static double square(double v) {
        return v * v;
    }
}
