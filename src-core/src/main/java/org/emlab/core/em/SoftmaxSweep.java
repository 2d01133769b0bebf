package org.emlab.core.em;

import org.emlab.core.numeric.SweepMath;

/**
 * The fused sample sweep shared by the mixture engines whose log-densities are affine in
 * {@code x·v_j} and {@code ‖x‖²}: for rows {@code x̃_i = x_i − m} (m a fixed centre, or 0),
 * <pre>
 *   a_ij = α_j + x̃_i · (β_j v_j) + γ_j ‖x̃_i‖²,
 *   w_ij = softmax_j a_ij,    ℓ += logsumexp_j a_ij,
 *   N_j += Σ_i w_ij,    S_j += Σ_i w_ij x̃_i,    T_j += Σ_i w_ij ‖x̃_i‖²   (T only when asked)
 * </pre>
 * Used by {@link SphericalGmmSweep} ({@code α_j = log π_j − (d/2) log 2πs_j − ‖ν_j‖²/(2s_j)},
 * {@code β_j = 1/s_j}, {@code γ_j = −1/(2s_j)}, {@code v_j = μ_j − m}) and {@link SimplexGmmEm}
 * ({@code α_j = log π_j}, {@code β_j = 1}, {@code γ_j = 0}, {@code v_j = R^jθ}, m = 0).
 *
 * <p>The rows of a chunk are processed in blocks of {@link #BLOCK}: the block is centred and
 * transposed once into per-coordinate arrays, and every later step is a simple loop over the rows of
 * the block on arrays indexed from 0, which C2 compiles to SIMD code: the logits as {@code d}
 * multiply-adds of whole columns per component, the row maxima, the exponentials
 * ({@link SweepMath#expBlock}), the normalisers and weights; the sums are dot products over the
 * block with eight partial sums each. ℓ takes one {@code Math.log} per 64 rows ({@link SweepMath}).
 * The grouping is fixed by the row index, so the result does not depend on the number of threads.
 * An exponent {@code a_ij − max_j a_ij} below {@link SweepMath#EXP_NORMAL_BELOW} is clamped to
 * {@link SweepMath#EXP_FLUSH}, whose exponential is exactly 0 (its weight would be below 1e-308, and
 * subnormal arithmetic costs about 100 cycles per operation); between the two the result may be
 * subnormal, which is slow but exact.
 */
final class SoftmaxSweep {
    /** Rows per block: the block's scratch (columns, logits, weights) stays in the L1/L2 cache. */
    static final int BLOCK = 256;

    private final double[] x;
    private final int d;
    private final int k;
    private final double[] centre; // null: no centring
    private final double[] sq; // ‖x̃_i‖² per row, or null (then γ must be 0 and T is not accumulated)
    private final ThreadLocal<Scratch> scratch;

    /** One thread's block buffers; separate arrays indexed from 0, which the JIT needs to vectorise. */
    private static final class Scratch {
        final double[][] cols; // the block's centred columns: cols[c][r] = x̃_{b+r, c}
        final double[][] g; // per component: logits, exponents, exponentials
        final double[][] w; // per component: weights
        final double[] sq; // ‖x̃‖² of the block's rows
        final double[] max; // row maxima of the logits
        final double[] norm; // Σ_j e_j, then its inverse
        final double[] exps; // expBlock scratch

        Scratch(int d, int k) {
            cols = new double[d][BLOCK];
            g = new double[k][BLOCK];
            w = new double[k][BLOCK];
            sq = new double[BLOCK];
            max = new double[BLOCK];
            norm = new double[BLOCK];
            exps = new double[BLOCK];
        }
    }

    /**
     * @param x      the data, row-major n × d
     * @param centre the centre m subtracted from every row (length d), or null for none
     * @param sq     {@code ‖x_i − m‖²} per row, or null when no component uses it (γ = 0, no T_j)
     */
    SoftmaxSweep(double[] x, int d, int k, double[] centre, double[] sq) {
        this.x = x;
        this.d = d;
        this.k = k;
        this.centre = centre == null ? null : centre.clone();
        this.sq = sq;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(d, k));
    }

    /**
     * The accumulator layout: {@code N_j} at {@code j}, {@code S_j} at {@code k + j·d}, {@code T_j} at
     * {@code k + k·d + j} (when {@code sq} was given), and ℓ last.
     */
    int width() {
        return k + k * d + (sq != null ? k : 0) + 1;
    }

    /**
     * Accumulates rows {@code [from, to)} into {@code acc[off .. off + width())} and writes the
     * responsibilities into {@code resp} (row-major n × k) when it is not null.
     *
     * @param bv    the vectors β_j v_j, row-major k × d
     * @param alpha α_j ({@code −∞} masks component j)
     * @param gamma γ_j, or null for all 0
     */
    void accumulate(double[] bv, double[] alpha, double[] gamma, double[] resp, int from, int to, double[] acc,
                    int off) {
        Scratch s = scratch.get();
        double lse = 0;
        double prod = 1; // Π Σ_j e_ij over up to LOG_BATCH rows, each factor in [1, k]
        int inBatch = 0;
        for (int b = from; b < to; b += BLOCK) {
            int len = Math.min(BLOCK, to - b);
            columns(b, len, s.cols);
            if (sq != null) {
                System.arraycopy(sq, b, s.sq, 0, len);
            }
            boolean masked = false;
            for (int j = 0; j < k; j++) {
                logits(s.g[j], len, s.cols, bv, j * d, d, alpha[j], gamma == null ? 0 : gamma[j], s.sq);
                if (j == 0) {
                    System.arraycopy(s.g[0], 0, s.max, 0, len);
                } else {
                    maxInto(s.max, s.g[j], len);
                }
            }
            for (int j = 0; j < k; j++) {
                exponents(s.g[j], s.max, len);
                SweepMath.expBlock(s.g[j], len, s.exps);
            }
            System.arraycopy(s.g[0], 0, s.norm, 0, len);
            for (int j = 1; j < k; j++) {
                addInto(s.norm, s.g[j], len);
            }
            for (int r = 0; r < len; r++) {
                double amax = s.max[r];
                if (amax == Double.NEGATIVE_INFINITY) { // every component masked: no weight, ℓ = −∞
                    masked = true;
                    lse = Double.NEGATIVE_INFINITY;
                    continue;
                }
                lse += amax;
                prod *= s.norm[r];
                if (++inBatch == SweepMath.LOG_BATCH) {
                    lse += Math.log(prod);
                    prod = 1;
                    inBatch = 0;
                }
            }
            invert(s.norm, len);
            for (int j = 0; j < k; j++) {
                weights(s.w[j], s.g[j], s.norm, len);
            }
            if (masked) {
                for (int r = 0; r < len; r++) {
                    if (s.max[r] == Double.NEGATIVE_INFINITY) {
                        for (int j = 0; j < k; j++) {
                            s.w[j][r] = 0;
                        }
                    }
                }
            }
            if (resp != null) {
                for (int r = 0; r < len; r++) {
                    int ro = (b + r) * k;
                    for (int j = 0; j < k; j++) {
                        resp[ro + j] = s.w[j][r];
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                double[] wj = s.w[j];
                acc[off + j] += SweepMath.sum(wj, 0, len);
                int so = off + k + j * d;
                for (int c = 0; c < d; c++) {
                    acc[so + c] += dot(wj, s.cols[c], len);
                }
                if (sq != null) {
                    acc[off + k + k * d + j] += dot(wj, s.sq, len);
                }
            }
        }
        acc[off + width() - 1] += lse + Math.log(prod);
    }

    /** {@code cols[c][r] = x[(b + r)·d + c] − m_c}: the block centred and transposed. */
    private void columns(int b, int len, double[][] cols) {
        int xo = b * d;
        for (int c = 0; c < d; c++) {
            double[] col = cols[c];
            double m = centre == null ? 0 : centre[c];
            for (int r = 0; r < len; r++) {
                col[r] = x[xo + r * d + c] - m;
            }
        }
    }

    /** {@code g[r] = α + γ sq[r] + Σ_c cols[c][r] bv[vo + c]}: one column at a time. */
    private static void logits(double[] g, int len, double[][] cols, double[] bv, int vo, int d, double alpha,
                               double gamma, double[] sq) {
        if (gamma == 0) {
            java.util.Arrays.fill(g, 0, len, alpha);
        } else {
            for (int r = 0; r < len; r++) {
                g[r] = alpha + gamma * sq[r];
            }
        }
        for (int c = 0; c < d; c++) {
            double[] col = cols[c];
            double v = bv[vo + c];
            for (int r = 0; r < len; r++) {
                g[r] += col[r] * v;
            }
        }
    }

    private static void maxInto(double[] max, double[] g, int len) {
        for (int r = 0; r < len; r++) {
            max[r] = Math.max(max[r], g[r]);
        }
    }

    /** {@code g ← max(g − max, EXP_FLUSH)} (NaN in a fully masked row, which is never used). */
    private static void exponents(double[] g, double[] max, int len) {
        for (int r = 0; r < len; r++) {
            g[r] = Math.max(g[r] - max[r], SweepMath.EXP_FLUSH);
        }
    }

    private static void addInto(double[] sum, double[] g, int len) {
        for (int r = 0; r < len; r++) {
            sum[r] += g[r];
        }
    }

    private static void invert(double[] a, int len) {
        for (int r = 0; r < len; r++) {
            a[r] = 1 / a[r];
        }
    }

    private static void weights(double[] w, double[] e, double[] inv, int len) {
        for (int r = 0; r < len; r++) {
            w[r] = e[r] * inv[r];
        }
    }

    /** {@code Σ a[r] b[r]} with eight partial sums (two multiply-adds per cycle need eight chains). */
    private static double dot(double[] a, double[] b, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int r = 0;
        for (; r + 8 <= len; r += 8) {
            s0 += a[r] * b[r];
            s1 += a[r + 1] * b[r + 1];
            s2 += a[r + 2] * b[r + 2];
            s3 += a[r + 3] * b[r + 3];
            s4 += a[r + 4] * b[r + 4];
            s5 += a[r + 5] * b[r + 5];
            s6 += a[r + 6] * b[r + 6];
            s7 += a[r + 7] * b[r + 7];
        }
        for (; r < len; r++) {
            s0 += a[r] * b[r];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
