package org.emlab.core.em;

import org.emlab.core.numeric.SweepMath;

/**
 * The fused sample sweep of {@link MixtureRegressionEm} (issue 19; docs/labs/mlr.md, "Sample EM update"):
 * one read of X̃ and y per iteration gives the E-step and every sum the next M-step needs. For rows
 * {@code [from, to)} at (π, β, σ), with {@code r_ij = y_i − ⟨x̃_i, β_j⟩} (the residuals around the
 * current coefficients) and {@code w_ij = softmax_j(a_ij)},
 * <pre>
 *   acc[0]                       += Σ_i logsumexp_j a_ij                   (ℓ)
 *   acc[1 + j·W + q]             += Σ_i w_ij x̃_ir x̃_ic,   q = (r, c ≥ r) packed by rows   (X̃ᵀW_jX̃, upper triangle)
 *   acc[1 + j·W + T + c]         += Σ_i w_ij r_ij x̃_ic                    (X̃ᵀW_j r_·j = X̃ᵀW_j y − X̃ᵀW_jX̃ β_j)
 *   acc[1 + j·W + T + p]         += Σ_i w_ij r_ij²
 *   acc[1 + j·W + T + p + 1]     += Σ_i w_ij                               (N_j)
 * </pre>
 * with {@code T = p(p+1)/2} and {@code W = T + p + 2}, and {@code w_ij} written to {@code out[i·k + j]}.
 *
 * <p>Rows go in blocks of {@link #BLOCK}: first the block's residuals and exponents (the block is
 * transposed so that {@code r_·j −= x̃_·c β_jc} runs down columns, in loops the JIT vectorises; each
 * residual is still {@code y − x̃_0β_0 − x̃_1β_1 − …} in that order), then the
 * exponentials of the whole block by the vectorised {@link SweepMath#expBlock} (relative error below
 * 4e-16; an argument below {@code −708} is recomputed by {@code Math.exp}, so subnormal
 * responsibilities stay as they were and "every responsibility underflowed" means what it did), then
 * the responsibilities and one {@code Math.log} per block for ℓ (the row sums of the shifted
 * exponentials lie in [1, k]; for k above 1000 one log per row), then the sums four rows at a time:
 * each row's packed outer product {@code x̃x̃ᵀ} is formed once and added to every component's matrix as
 * {@code G_j += (w_0 o_0 + w_1 o_1) + (w_2 o_2 + w_3 o_3)}, a loop the JIT vectorises. Chunks start at
 * multiples of the block, so the grouping (and the result) is the same on every thread count.
 */
final class MixtureRegressionKernel {
    /** Rows per block (a multiple of {@link #GROUP}; {@code ChunkedSums.CHUNK} is a multiple of it). */
    static final int BLOCK = 64;
    /** Rows whose products are added to the sums together. */
    static final int GROUP = 4;
    /** Above this k the row sums of a block could overflow their product: one log per row. */
    private static final int LOG_PRODUCT_MAX_K = 1000;

    private final double[] design;
    private final double[] y;
    private final int p;
    private final int k;
    private final int tri;
    private final int width;
    private final ThreadLocal<Scratch> scratch;

    /** Per-thread buffers of one block and one chunk (no allocation per step). */
    private static final class Scratch {
        final double[][] res;
        final double[][] raw;
        final double[][] xt;
        final double[] arg;
        final double[] kk;
        final double[] max;
        final double[][] o = new double[GROUP][];
        final double[][] xq = new double[GROUP][];
        final double[][] g;
        final double[][] u;
        final double[] s;
        final double[] nj;

        Scratch(int p, int k, int tri) {
            res = new double[k][BLOCK];
            raw = new double[k][BLOCK];
            xt = new double[p][BLOCK];
            arg = new double[k * BLOCK];
            kk = new double[k * BLOCK];
            max = new double[BLOCK];
            for (int g = 0; g < GROUP; g++) {
                o[g] = new double[tri];
                xq[g] = new double[p];
            }
            g = new double[k][tri];
            u = new double[k][p];
            s = new double[k];
            nj = new double[k];
        }
    }

    MixtureRegressionKernel(double[] design, double[] y, int p, int k) {
        this.design = design;
        this.y = y;
        this.p = p;
        this.k = k;
        this.tri = p * (p + 1) / 2;
        this.width = tri + p + 2;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(p, k, tri));
    }

    /** Doubles per component in the sums. */
    int width() {
        return width;
    }

    /** Index of entry (r, c), {@code r ≤ c}, in the packed upper triangle of a p × p matrix. */
    static int packed(int p, int r, int c) {
        return r * p - r * (r - 1) / 2 + (c - r);
    }

    /**
     * Accumulates rows {@code [from, to)} ({@code from} a multiple of {@link #BLOCK}) into
     * {@code acc[off .. off + 1 + k·width)}, writing the responsibilities into {@code out}.
     *
     * @param beta     coefficients, row-major k × p
     * @param constant {@code log π_j − ½ log(2πσ_j²)} ({@code −∞}: masked)
     * @param inv      {@code 1/σ_j²}
     */
    void accumulate(double[] beta, double[] constant, double[] inv, double[] out, int from, int to, double[] acc,
                    int off) {
        final Scratch sc = scratch.get();
        for (int j = 0; j < k; j++) {
            java.util.Arrays.fill(sc.g[j], 0.0);
            java.util.Arrays.fill(sc.u[j], 0.0);
            sc.s[j] = 0;
            sc.nj[j] = 0;
        }
        double ll = 0;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int len = Math.min(to, b0 + BLOCK) - b0;
            ll += eStepBlock(sc, beta, constant, inv, out, b0, len);
            for (int g0 = 0; g0 < len; g0 += GROUP) {
                sumsGroup(sc, out, b0, g0, Math.min(GROUP, len - g0));
            }
        }
        acc[off] += ll;
        for (int j = 0; j < k; j++) {
            int o = off + 1 + j * width;
            double[] g = sc.g[j];
            for (int q = 0; q < tri; q++) {
                acc[o + q] += g[q];
            }
            double[] u = sc.u[j];
            for (int c = 0; c < p; c++) {
                acc[o + tri + c] += u[c];
            }
            acc[o + tri + p] += sc.s[j];
            acc[o + tri + p + 1] += sc.nj[j];
        }
    }

    /** Residuals, responsibilities (into {@code out}) and the block's ℓ. */
    private double eStepBlock(Scratch sc, double[] beta, double[] constant, double[] inv, double[] out, int b0,
                              int len) {
        final double[] arg = sc.arg;
        final double[] max = sc.max;
        // the block's rows transposed, so that the residuals go down columns (loops the JIT vectorises)
        final double[][] xt = sc.xt;
        for (int c = 0; c < p; c++) {
            double[] col = xt[c];
            for (int t = 0, o = b0 * p + c; t < len; t++, o += p) {
                col[t] = design[o];
            }
        }
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        // residuals r_ij = y_i − Σ_c x̃_ic β_jc (in that order), exponents a_ij and the row maxima
        for (int j = 0; j < k; j++) {
            final double[] rj = sc.res[j];
            final double[] aj = sc.raw[j];
            System.arraycopy(y, b0, rj, 0, len);
            for (int c = 0; c < p; c++) {
                final double bc = beta[j * p + c];
                final double[] col = xt[c];
                for (int t = 0; t < len; t++) {
                    rj[t] -= col[t] * bc;
                }
            }
            final double cj = constant[j];
            final double vj = inv[j];
            if (cj == Double.NEGATIVE_INFINITY) {
                java.util.Arrays.fill(aj, 0, len, Double.NEGATIVE_INFINITY);
            } else {
                for (int t = 0; t < len; t++) {
                    aj[t] = cj - 0.5 * rj[t] * rj[t] * vj;
                }
            }
            for (int t = 0; t < len; t++) {
                max[t] = Math.max(max[t], aj[t]);
            }
        }
        // shifted exponents; those below e^−708 are flushed for expBlock and redone below
        boolean tiny = false;
        int total = k * BLOCK;
        for (int j = 0; j < k; j++) {
            final double[] uj = sc.raw[j];
            int jo = j * BLOCK;
            for (int t = 0; t < len; t++) {
                double u = uj[t] - max[t];
                uj[t] = u;
                boolean low = u < SweepMath.EXP_NORMAL_BELOW;
                tiny |= low;
                arg[jo + t] = low ? SweepMath.EXP_FLUSH : u;
            }
            for (int t = len; t < BLOCK; t++) {
                arg[jo + t] = 0;
            }
        }
        SweepMath.expBlock(arg, total, sc.kk);
        if (tiny) {
            for (int j = 0; j < k; j++) {
                int jo = j * BLOCK;
                final double[] uj = sc.raw[j];
                for (int t = 0; t < len; t++) {
                    double u = uj[t];
                    if (u < SweepMath.EXP_NORMAL_BELOW) {
                        arg[jo + t] = Math.exp(u); // 0 for −∞ (masked) and NaN stays NaN
                    }
                }
            }
        }
        double ll = 0;
        double prod = 1;
        boolean perRow = k > LOG_PRODUCT_MAX_K;
        for (int t = 0; t < len; t++) {
            int ro = (b0 + t) * k;
            double m = max[t];
            if (m == Double.NEGATIVE_INFINITY) {
                for (int j = 0; j < k; j++) {
                    out[ro + j] = 0.0;
                }
                ll += m;
                continue;
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += arg[j * BLOCK + t];
            }
            double is = 1.0 / s;
            for (int j = 0; j < k; j++) {
                out[ro + j] = arg[j * BLOCK + t] * is;
            }
            ll += m;
            if (perRow) {
                ll += Math.log(s);
            } else {
                prod *= s;
            }
        }
        return ll + Math.log(prod);
    }

    /** The M-step sums of rows {@code b0 + g0 .. b0 + g0 + rows} ({@code rows ≤ GROUP}). */
    private void sumsGroup(Scratch sc, double[] w, int b0, int g0, int rows) {
        final double[][] o = sc.o;
        final double[][] xq = sc.xq;
        for (int g = 0; g < GROUP; g++) {
            double[] og = o[g];
            double[] xg = xq[g];
            if (g >= rows) {
                java.util.Arrays.fill(og, 0.0);
                java.util.Arrays.fill(xg, 0.0);
                continue;
            }
            int xo = (b0 + g0 + g) * p;
            System.arraycopy(design, xo, xg, 0, p);
            int q = 0;
            for (int r = 0; r < p; r++) {
                double xr = xg[r];
                for (int c = r; c < p; c++) {
                    og[q++] = xr * xg[c];
                }
            }
        }
        final double[] o0 = o[0];
        final double[] o1 = o[1];
        final double[] o2 = o[2];
        final double[] o3 = o[3];
        final double[] x0 = xq[0];
        final double[] x1 = xq[1];
        final double[] x2 = xq[2];
        final double[] x3 = xq[3];
        final double[][] res = sc.res;
        final int i0 = b0 + g0;
        for (int j = 0; j < k; j++) {
            double w0 = w[i0 * k + j];
            double w1 = rows > 1 ? w[(i0 + 1) * k + j] : 0;
            double w2 = rows > 2 ? w[(i0 + 2) * k + j] : 0;
            double w3 = rows > 3 ? w[(i0 + 3) * k + j] : 0;
            if (w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0) {
                continue;
            }
            final double[] rj = res[j];
            double r0 = rj[g0];
            double r1 = rows > 1 ? rj[g0 + 1] : 0;
            double r2 = rows > 2 ? rj[g0 + 2] : 0;
            double r3 = rows > 3 ? rj[g0 + 3] : 0;
            double v0 = w0 * r0;
            double v1 = w1 * r1;
            double v2 = w2 * r2;
            double v3 = w3 * r3;
            double[] gj = sc.g[j];
            for (int q = 0; q < tri; q++) {
                gj[q] += (w0 * o0[q] + w1 * o1[q]) + (w2 * o2[q] + w3 * o3[q]);
            }
            double[] uj = sc.u[j];
            for (int c = 0; c < p; c++) {
                uj[c] += (v0 * x0[c] + v1 * x1[c]) + (v2 * x2[c] + v3 * x3[c]);
            }
            sc.s[j] += (v0 * r0 + v1 * r1) + (v2 * r2 + v3 * r3);
            sc.nj[j] += (w0 + w1) + (w2 + w3);
        }
    }
}
