package org.emlab.core.em;

import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.SweepMath;

/**
 * The fused EM sweep of a Gaussian mixture with full or diagonal covariances ({@link GaussianMixtureEm},
 * docs/labs/gmm.md, "Sample EM update"): one pass over the data computes the E-step and every M-step sum,
 * taken around the shift {@code c_j = μ_j}, the current means (the differences the E-step forms anyway):
 * <pre>
 *   z_ij = L_j⁻¹ (x_i − c_j)   (L_j⁻¹ precomputed once per sweep; diag: (x_ir − c_jr) / (L_j)_rr as a product),
 *   a_ij = log π_j − ½ d log 2π − ½ log det Σ_j − ½ ‖z_ij‖²,   w_ij = softmax_j a_ij,   ℓ = Σ_i logsumexp_j a_ij,
 *   N_j = Σ_i w_ij,   D_j = Σ_i w_ij (x_i − c_j),   M_j = Σ_i w_ij (x_i − c_j)(x_i − c_j)ᵀ   (diag: its diagonal)
 * </pre>
 * and then {@code μ_j' = c_j + D_j/N_j} and
 * {@code Σ_i w_ij (x_i − μ_j')(x_i − μ_j')ᵀ = M_j − D_j D_jᵀ / N_j} (the shift identity).
 *
 * <p>Rounding and the guards: as for spherical covariances, no live component may be far below the data's
 * spread ({@link #MAX_SCALE_RATIO}: at the floor on a few points, ℓ at the next step moves by 1e-10 with the
 * last bit of a mean, and the textbook sums keep the old path's bits; fuzz: gmm k=8 full on n=17 points,
 * init_covariances=1e-9, seed=640725); the explicit inverse {@code L_j⁻¹} resolves {@code ‖z‖²} like the forward
 * substitution while {@code L_j} is well conditioned; {@link #accurateFor} requires
 * {@code tr Σ_j / min_r (L_j)_rr² ≤} {@link #MAX_CONDITION} for full covariances (diag: always). The
 * shift correction {@code D_j D_jᵀ/N_j} cancels against {@code M_j}; {@link #scatterAccurate} accepts it only
 * while {@code D_jr²/N_j ≤} {@link #MAX_SHIFT_RATIO}{@code  (M_j,rr − D_jr²/N_j)} in every coordinate, so
 * that every entry's rounding stays within about twice that of the two-pass sum around the new mean;
 * otherwise the caller takes the scatter by a second pass.
 *
 * <p>Layout (issue 19): rows are processed in blocks of {@link #BLOCK}, transposed once into columns, so
 * that every later step is a loop over the block's rows that C2 compiles to SIMD code: the differences
 * {@code x − c_j} (kept per component for the M-step), the rows of {@code L_j⁻¹ (x − c_j)} four
 * multiply-adds per pass with the square folded into the last pass, the row maxima, the exponentials
 * ({@link SweepMath#expBlockSubnormal}: results below the smallest normal double come out subnormal as
 * with {@code Math.exp} instead of flushed, since whether all of a component's responsibilities underflow
 * decides its collapse), the normalisers, weights and
 * responsibilities. The scatter sums are taken by register tiles of two rows of {@code w (x − c)} and four
 * (or two) columns of {@code x − c}, so that each load serves two or four multiply-adds; the other sums
 * have eight partial sums. ℓ takes one {@code Math.log} per 64 rows (the product of 64 normalisers in
 * [1, k]). Blocks start where the {@link ChunkedSums} chunk does (its size is a multiple of the block), so
 * the result does not depend on the number of threads. Masked components ({@code π_j = 0}) get
 * {@code w_ij = 0}. Measured on one core at n = 10⁶, d = 10, k = 4 (issue 19; a shared, loaded
 * machine): a sweep took about 130 ms with blocks of 256 rows against about 155 ms with blocks of 64.
 */
final class GmmFusedSweep {
    /** Rows per block. */
    static final int BLOCK = 256;
    /** Largest {@code tr Σ_j / min_r (L_j)_rr²} (about the condition number) for which full covariances use the inverse factor. */
    static final double MAX_CONDITION = 1e6;
    /**
     * Largest {@code (spread² + ‖μ_j − m‖²) / min_r (L_j)_rr²} (m the data mean, spread² the mean
     * {@code ‖x_i − m‖²}) for which the fused sweep is used, as for spherical covariances
     * ({@code SphericalGmmSweep.MAX_SCALE_RATIO}): a component far below the data's spread (at the floor
     * on a few points) makes ℓ sensitive to the last bit of its mean, so it keeps the textbook sums.
     */
    static final double MAX_SCALE_RATIO = 1e4;
    /** Largest ratio of the shift correction {@code D_jr²/N_j} to the scatter entry it corrects (per coordinate). */
    static final double MAX_SHIFT_RATIO = 1.0;

    private final double[] x;
    private final int d;
    private final int k;
    private final boolean diagonal;
    private final int tri; // scatter entries per component: d(d+1)/2 (full, lower triangle by rows) or d (diag)
    private final int width;
    private final ChunkedSums sums;
    private final double[] out;
    private final double[] shift; // c_j = μ_j at the sweep, row-major k × d
    private final double[] inv; // full: L_j⁻¹ (row-major lower triangles, k × d × d); diag: 1/(L_j)_rr at j·d + r
    private final double[] constant;
    private final double[] centre; // the data mean m
    private final double spread2; // mean ‖x_i − m‖²
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final double[][] cols; // the block's columns: cols[c][r] = x_{b+r, c}
        final double[][][] dif; // per component: x − c_j, by columns
        final double[][] wd; // w_j (x − c_j) of one component, by columns
        final double[] zero; // a column of zeros (pads the tiles)
        final double[] tile;
        final double[][] g; // per component: logits, exponents, exponentials, weights
        final double[] q;
        final double[] t;
        final double[] max;
        final double[] norm;
        final double[] kk;

        Scratch(int d, int k) {
            cols = new double[d][BLOCK];
            dif = new double[k][d][BLOCK];
            zero = new double[BLOCK];
            tile = new double[8];
            wd = new double[d][BLOCK];
            g = new double[k][BLOCK];
            q = new double[BLOCK];
            t = new double[BLOCK];
            max = new double[BLOCK];
            norm = new double[BLOCK];
            kk = new double[BLOCK];
        }
    }

    GmmFusedSweep(double[] x, int n, int d, int k, boolean diagonal) {
        this.x = x;
        this.d = d;
        this.k = k;
        this.diagonal = diagonal;
        this.tri = diagonal ? d : d * (d + 1) / 2;
        this.width = k + k * d + k * tri + 1;
        this.sums = new ChunkedSums(n, width);
        this.out = new double[width];
        this.shift = new double[k * d];
        this.inv = new double[diagonal ? k * d : k * d * d];
        this.constant = new double[k];
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(d, k));
        // the data mean and spread (two passes, once per run)
        this.centre = ChunkedSums.columnMeans(x, n, d);
        final double[] m = centre;
        double[] total = new double[1];
        new ChunkedSums(n, 1).sum((from, to, acc, off) -> {
            double t = 0;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < d; c++) {
                    double v = x[i * d + c] - m[c];
                    t += v * v;
                }
            }
            acc[off] += t;
        }, total);
        this.spread2 = total[0] / Math.max(1, n);
    }

    /** Forces serial (false) or allows parallel (true) chunks; the result is identical either way. */
    void parallel(boolean p) {
        sums.parallel(p);
    }

    /**
     * True when the fused sweep resolves every live component at these parameters: none is far below the
     * data's spread ({@code spread² + ‖μ_j − m‖² ≤ MAX_SCALE_RATIO min_r (L_j)_rr²}) and, for full
     * covariances, the inverse factor is accurate ({@code tr Σ_j / min_r (L_j)_rr² ≤ MAX_CONDITION}).
     */
    boolean accurateFor(double[] pi, double[] mu, double[] cov, double[] chol) {
        for (int j = 0; j < k; j++) {
            if (pi[j] == 0) {
                continue;
            }
            int o = j * d * d;
            double tr = 0;
            double lo = Double.POSITIVE_INFINITY;
            double q = 0;
            for (int r = 0; r < d; r++) {
                tr += cov[o + r * d + r];
                double l = chol[o + r * d + r];
                lo = Math.min(lo, l * l);
                double v = mu[j * d + r] - centre[r];
                q += v * v;
            }
            if (!(spread2 + q <= MAX_SCALE_RATIO * lo) || !(diagonal || tr <= MAX_CONDITION * lo)) {
                return false;
            }
        }
        return true;
    }

    /**
     * E-step at the means {@code mu}, Cholesky factors {@code chol} (k row-major d × d blocks) and
     * log-constants {@code alpha_j = log π_j − ½ d log 2π − ½ log det Σ_j} ({@code −∞}: masked), and the
     * M-step sums around {@code c = mu}: writes the responsibilities into {@code resp} (row-major n × k)
     * and returns ℓ.
     */
    double sweep(double[] mu, double[] chol, double[] alpha, double[] resp) {
        System.arraycopy(mu, 0, shift, 0, k * d);
        System.arraycopy(alpha, 0, constant, 0, k);
        for (int j = 0; j < k; j++) {
            int o = j * d * d;
            if (diagonal) {
                for (int r = 0; r < d; r++) {
                    inv[j * d + r] = 1 / chol[o + r * d + r];
                }
                continue;
            }
            // L⁻¹ column by column (forward substitution on the unit vectors); the upper triangle stays 0
            for (int e = 0; e < d; e++) {
                for (int r = 0; r < e; r++) {
                    inv[o + r * d + e] = 0;
                }
                for (int r = e; r < d; r++) {
                    double s = r == e ? 1 : 0;
                    for (int c = e; c < r; c++) {
                        s -= chol[o + r * d + c] * inv[o + c * d + e];
                    }
                    inv[o + r * d + e] = s / chol[o + r * d + r];
                }
            }
        }
        sums.sum((from, to, acc, off) -> accumulate(resp, from, to, acc, off), out);
        return out[width - 1];
    }

    /** {@code N_j} of the last sweep. */
    double weight(int j) {
        return out[j];
    }

    /** {@code D_j,c = Σ_i w_ij (x_ic − c_jc)} of the last sweep. */
    double shifted(int j, int c) {
        return out[k + j * d + c];
    }

    /** The shift {@code c_jc} (the means at the last sweep). */
    double shiftAt(int j, int c) {
        return shift[j * d + c];
    }

    /**
     * True when the shift correction is accurate for component j (see the class comment): in every coordinate
     * {@code D_r²/N ≤ MAX_SHIFT_RATIO (M_rr − D_r²/N)}.
     */
    boolean scatterAccurate(int j) {
        double nj = out[j];
        int so = k + k * d + j * tri;
        for (int r = 0; r < d; r++) {
            double dr = out[k + j * d + r];
            double corr = dr * dr / nj;
            double mrr = out[so + (diagonal ? r : r * (r + 1) / 2 + r)];
            if (!(corr <= MAX_SHIFT_RATIO * (mrr - corr))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code Σ_i w_ij (x_i − μ_j')(x_i − μ_j')ᵀ = M_j − D_j D_jᵀ / N_j} into the d × d block of {@code dst}
     * at {@code o}: the lower triangle (full) or the diagonal (diag).
     */
    void scatter(int j, double[] dst, int o) {
        double nj = out[j];
        int so = k + k * d + j * tri;
        int mo = k + j * d;
        for (int r = 0; r < d; r++) {
            double dr = out[mo + r] / nj;
            if (diagonal) {
                dst[o + r * d + r] = out[so + r] - dr * out[mo + r];
                continue;
            }
            int ro = so + r * (r + 1) / 2;
            for (int c = 0; c <= r; c++) {
                dst[o + r * d + c] = out[ro + c] - dr * out[mo + c];
            }
        }
    }

    private void accumulate(double[] resp, int from, int to, double[] acc, int off) {
        final Scratch s = scratch.get();
        final double[][] cols = s.cols;
        final double[][][] difs = s.dif;
        final double[][] wd = s.wd;
        final double[][] g = s.g;
        final double[] q = s.q;
        final double[] t = s.t;
        final double[] max = s.max;
        final double[] norm = s.norm;
        double lse = 0;
        for (int b = from; b < to; b += BLOCK) {
            final int len = Math.min(BLOCK, to - b);
            final int xo = b * d;
            for (int c = 0; c < d; c++) {
                double[] col = cols[c];
                for (int r = 0; r < len; r++) {
                    col[r] = x[xo + r * d + c];
                }
            }
            // logits a_ij = α_j − ½ ‖L_j⁻¹ (x_i − c_j)‖²
            java.util.Arrays.fill(max, 0, len, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < k; j++) {
                double[] gj = g[j];
                double aj = constant[j];
                if (aj == Double.NEGATIVE_INFINITY) {
                    java.util.Arrays.fill(gj, 0, len, Double.NEGATIVE_INFINITY);
                    continue;
                }
                double[][] dif = difs[j];
                java.util.Arrays.fill(q, 0, len, 0.0);
                if (diagonal) {
                    for (int c = 0; c < d; c++) {
                        differenceSquare(cols[c], dif[c], shift[j * d + c], inv[j * d + c], q, len);
                    }
                } else {
                    for (int c = 0; c < d; c++) {
                        difference(cols[c], dif[c], shift[j * d + c], len);
                    }
                    int lo = j * d * d;
                    for (int c = 0; c < d; c++) {
                        quadratic(t, q, dif, inv, lo + c * d, c, len);
                    }
                }
                for (int r = 0; r < len; r++) {
                    double a = aj - 0.5 * q[r];
                    gj[r] = a;
                    max[r] = Math.max(max[r], a);
                }
            }
            // w_ij = e^{a_ij − max} / Σ_j e^{a_ij − max},   ℓ += max + log Σ_j e^{a_ij − max}
            java.util.Arrays.fill(norm, 0, len, 0.0);
            for (int j = 0; j < k; j++) {
                double[] gj = g[j];
                SweepMath.expBlockSubnormal(gj, max, len, s.kk); // e^{a_ij − max}
                for (int r = 0; r < len; r++) {
                    norm[r] += gj[r];
                }
            }
            boolean masked = false;
            for (int r0 = 0; r0 < len; r0 += SweepMath.LOG_BATCH) {
                double prod = 1; // Π of up to 64 normalisers in [1, k]
                int r1 = Math.min(len, r0 + SweepMath.LOG_BATCH);
                for (int r = r0; r < r1; r++) {
                    double m = max[r];
                    if (m == Double.NEGATIVE_INFINITY) { // every component masked: no weight, ℓ = −∞
                        masked = true;
                        continue;
                    }
                    lse += m;
                    prod *= norm[r];
                    norm[r] = 1 / norm[r];
                }
                lse += Math.log(prod);
            }
            if (masked) {
                lse = Double.NEGATIVE_INFINITY;
            }
            for (int j = 0; j < k; j++) {
                double[] gj = g[j];
                for (int r = 0; r < len; r++) {
                    gj[r] *= norm[r];
                }
                if (masked) {
                    for (int r = 0; r < len; r++) {
                        if (max[r] == Double.NEGATIVE_INFINITY) {
                            gj[r] = 0;
                        }
                    }
                }
                int ro = b * k + j;
                for (int r = 0; r < len; r++) {
                    resp[ro + r * k] = gj[r];
                }
            }
            // the M-step sums around c_j
            for (int j = 0; j < k; j++) {
                if (constant[j] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double[] w = g[j];
                double[][] dif = difs[j];
                acc[off + j] += sum(w, len);
                int mo = off + k + j * d;
                int so = off + k + k * d + j * tri;
                if (diagonal) {
                    int c = 0;
                    for (; c + 1 < d; c += 2) {
                        diagonalPair(w, dif[c], dif[c + 1], true, len, acc, mo + c, so + c);
                    }
                    if (c < d) {
                        diagonalPair(w, dif[c], s.zero, false, len, acc, mo + c, so + c);
                    }
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    acc[mo + c] += weighted(wd[c], w, dif[c], len);
                }
                // the lower triangle by tiles of rows r, r + 1 and columns c .. c + 3 (or c, c + 1 for the last
                // two), padded with a zero row and zero columns
                double[] tile = s.tile;
                for (int r = 0; r < d; r += 2) {
                    int rr = Math.min(r + 1, d - 1);
                    double[] a1 = r + 1 < d ? wd[r + 1] : s.zero;
                    for (int c = 0; c <= rr; c += 4) {
                        int width = c + 2 > rr ? 2 : 4;
                        if (width == 2) {
                            tile(wd[r], a1, dif[c], col(dif, c + 1, s.zero), len, tile);
                        } else {
                            tile(wd[r], a1, dif[c], dif[c + 1], col(dif, c + 2, s.zero), col(dif, c + 3, s.zero), len,
                                    tile);
                        }
                        int r0 = so + r * (r + 1) / 2;
                        for (int e = 0; e < width && c + e <= r; e++) {
                            acc[r0 + c + e] += tile[e];
                        }
                        if (r + 1 < d) {
                            int r1 = so + (r + 1) * (r + 2) / 2;
                            for (int e = 0; e < width && c + e <= r + 1; e++) {
                                acc[r1 + c + e] += tile[4 + e];
                            }
                        }
                    }
                }
            }
        }
        acc[off + width - 1] += lse;
    }

    private double[] col(double[][] dif, int c, double[] zero) {
        return c < d ? dif[c] : zero;
    }

    /** {@code dst[r] = col[r] − m}. */
    private static void difference(double[] col, double[] dst, double m, int len) {
        for (int r = 0; r < len; r++) {
            dst[r] = col[r] - m;
        }
    }

    /** {@code dst[r] = col[r] − m},  {@code q[r] += (dst[r] s)²}. */
    private static void differenceSquare(double[] col, double[] dst, double m, double s, double[] q, int len) {
        for (int r = 0; r < len; r++) {
            double v = col[r] - m;
            dst[r] = v;
            double z = v * s;
            q[r] += z * z;
        }
    }

    /** {@code wd[r] = w[r] a[r]}; returns {@code Σ wd[r]} (four partial sums). */
    private static double weighted(double[] wd, double[] w, double[] a, int len) {
        for (int r = 0; r < len; r++) {
            wd[r] = w[r] * a[r];
        }
        return sum(wd, len);
    }

    /**
     * {@code Σ w a0, Σ w a1} into {@code acc[mo], acc[mo + 1]} and {@code Σ w a0², Σ w a1²} into
     * {@code acc[so], acc[so + 1]} (the second of each only when {@code a1} is not the zero column).
     */
    private static void diagonalPair(double[] w, double[] a0, double[] a1, boolean pair, int len, double[] acc, int mo,
                                     int so) {
        double d0 = 0;
        double d1 = 0;
        double d2 = 0;
        double d3 = 0;
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        int r = 0;
        for (; r + 2 <= len; r += 2) {
            double w0 = w[r];
            double w1 = w[r + 1];
            double x0 = a0[r];
            double x1 = a0[r + 1];
            double y0 = a1[r];
            double y1 = a1[r + 1];
            double u0 = w0 * x0;
            double u1 = w1 * x1;
            double v0 = w0 * y0;
            double v1 = w1 * y1;
            d0 += u0;
            d1 += u1;
            d2 += v0;
            d3 += v1;
            m0 = Math.fma(u0, x0, m0);
            m1 = Math.fma(u1, x1, m1);
            m2 = Math.fma(v0, y0, m2);
            m3 = Math.fma(v1, y1, m3);
        }
        for (; r < len; r++) {
            double u0 = w[r] * a0[r];
            double v0 = w[r] * a1[r];
            d0 += u0;
            d2 += v0;
            m0 = Math.fma(u0, a0[r], m0);
            m2 = Math.fma(v0, a1[r], m2);
        }
        acc[mo] += d0 + d1;
        acc[so] += m0 + m1;
        if (pair) {
            acc[mo + 1] += d2 + d3;
            acc[so + 1] += m2 + m3;
        }
    }

    /** The 2 × 2 tile {@code tile[4a + e] = Σ_r a_a[r] b_e[r]} ({@code e < 2}). */
    private static void tile(double[] a0, double[] a1, double[] b0, double[] b1, int len, double[] tile) {
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int r = 0; r < len; r++) {
            double x0 = a0[r];
            double x1 = a1[r];
            double y0 = b0[r];
            double y1 = b1[r];
            s00 = Math.fma(x0, y0, s00);
            s01 = Math.fma(x0, y1, s01);
            s10 = Math.fma(x1, y0, s10);
            s11 = Math.fma(x1, y1, s11);
        }
        tile[0] = s00;
        tile[1] = s01;
        tile[4] = s10;
        tile[5] = s11;
    }

    /**
     * The 2 × 4 tile {@code tile[4a + e] = Σ_r a_a[r] b_e[r]} (eight sums in registers: each load serves four
     * multiply-adds).
     */
    private static void tile(double[] a0, double[] a1, double[] b0, double[] b1, double[] b2, double[] b3, int len,
                             double[] tile) {
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        for (int r = 0; r < len; r++) {
            double x0 = a0[r];
            double x1 = a1[r];
            double y0 = b0[r];
            double y1 = b1[r];
            double y2 = b2[r];
            double y3 = b3[r];
            s00 = Math.fma(x0, y0, s00);
            s01 = Math.fma(x0, y1, s01);
            s02 = Math.fma(x0, y2, s02);
            s03 = Math.fma(x0, y3, s03);
            s10 = Math.fma(x1, y0, s10);
            s11 = Math.fma(x1, y1, s11);
            s12 = Math.fma(x1, y2, s12);
            s13 = Math.fma(x1, y3, s13);
        }
        tile[0] = s00;
        tile[1] = s01;
        tile[2] = s02;
        tile[3] = s03;
        tile[4] = s10;
        tile[5] = s11;
        tile[6] = s12;
        tile[7] = s13;
    }

    /**
     * {@code z = Σ_{e ≤ c} l[lo + e] dif[e]} (row c of {@code L⁻¹ (x − c_j)}, one multiply-add after the other in
     * the order of e) and {@code q += z²}, four terms per pass over the block so that the partial row is
     * loaded and stored once per four multiply-adds; the last pass squares it into q without storing it.
     */
    private static void quadratic(double[] t, double[] q, double[][] dif, double[] l, int lo, int c, int len) {
        int e = 0;
        boolean started = false;
        while (c - e >= 4) { // at least five terms left: a pass of four
            double[] a0 = dif[e];
            double[] a1 = dif[e + 1];
            double[] a2 = dif[e + 2];
            double[] a3 = dif[e + 3];
            double l0 = l[lo + e];
            double l1 = l[lo + e + 1];
            double l2 = l[lo + e + 2];
            double l3 = l[lo + e + 3];
            if (started) {
                for (int r = 0; r < len; r++) {
                    t[r] = Math.fma(a3[r], l3, Math.fma(a2[r], l2, Math.fma(a1[r], l1, Math.fma(a0[r], l0, t[r]))));
                }
            } else {
                for (int r = 0; r < len; r++) {
                    t[r] = Math.fma(a3[r], l3, Math.fma(a2[r], l2, Math.fma(a1[r], l1, a0[r] * l0)));
                }
                started = true;
            }
            e += 4;
        }
        // the last one to four terms, then the square
        int left = c - e + 1;
        double[] a0 = dif[e];
        double l0 = l[lo + e];
        if (left == 1) {
            if (started) {
                for (int r = 0; r < len; r++) {
                    double z = Math.fma(a0[r], l0, t[r]);
                    q[r] = Math.fma(z, z, q[r]);
                }
            } else {
                for (int r = 0; r < len; r++) {
                    double z = a0[r] * l0;
                    q[r] = Math.fma(z, z, q[r]);
                }
            }
            return;
        }
        double[] a1 = dif[e + 1];
        double l1 = l[lo + e + 1];
        if (left == 2) {
            if (started) {
                for (int r = 0; r < len; r++) {
                    double z = Math.fma(a1[r], l1, Math.fma(a0[r], l0, t[r]));
                    q[r] = Math.fma(z, z, q[r]);
                }
            } else {
                for (int r = 0; r < len; r++) {
                    double z = Math.fma(a1[r], l1, a0[r] * l0);
                    q[r] = Math.fma(z, z, q[r]);
                }
            }
            return;
        }
        double[] a2 = dif[e + 2];
        double l2 = l[lo + e + 2];
        if (left == 3) {
            if (started) {
                for (int r = 0; r < len; r++) {
                    double z = Math.fma(a2[r], l2, Math.fma(a1[r], l1, Math.fma(a0[r], l0, t[r])));
                    q[r] = Math.fma(z, z, q[r]);
                }
            } else {
                for (int r = 0; r < len; r++) {
                    double z = Math.fma(a2[r], l2, Math.fma(a1[r], l1, a0[r] * l0));
                    q[r] = Math.fma(z, z, q[r]);
                }
            }
            return;
        }
        double[] a3 = dif[e + 3];
        double l3 = l[lo + e + 3];
        if (started) {
            for (int r = 0; r < len; r++) {
                double z = Math.fma(a3[r], l3, Math.fma(a2[r], l2, Math.fma(a1[r], l1, Math.fma(a0[r], l0, t[r]))));
                q[r] = Math.fma(z, z, q[r]);
            }
        } else {
            for (int r = 0; r < len; r++) {
                double z = Math.fma(a3[r], l3, Math.fma(a2[r], l2, Math.fma(a1[r], l1, a0[r] * l0)));
                q[r] = Math.fma(z, z, q[r]);
            }
        }
    }

    /** {@code Σ a[r]} with eight partial sums. */
    private static double sum(double[] a, int len) {
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
            s0 += a[r];
            s1 += a[r + 1];
            s2 += a[r + 2];
            s3 += a[r + 3];
            s4 += a[r + 4];
            s5 += a[r + 5];
            s6 += a[r + 6];
            s7 += a[r + 7];
        }
        for (; r < len; r++) {
            s0 += a[r];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
