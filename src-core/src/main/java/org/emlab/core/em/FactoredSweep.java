package org.emlab.core.em;

import org.emlab.core.model.WeightedPoints;
import org.emlab.core.numeric.SweepMath;

/**
 * The passes of gmm-overparam's weight step over a lattice rule, in factored form (docs/labs/gmm-overparam.md,
 * "Population update"; issue 19). On a {@link FactoredGrid} whose runs are slices of its columns, the Gaussian
 * factor of a unit-covariance component splits into a run's and a column's part,
 * <pre>
 *   exp(−‖x − μ_i‖²/2) = exp(M_run + C_col) · a_i(run) · b_i(col),
 *   a_i = exp(−Σ_{c&lt;d} (x_c − μ_ic)²/2 − M_run),   b_i = exp(−(x_d − μ_id)²/2 − C_col),
 * </pre>
 * with {@code M_run}, {@code C_col} the largest exponents of the run and the column, so a pass takes
 * {@code S_p = Σ_j π_j a_j(run) b_j(col)} and the terms {@code ψ_i(x_p) w_p = (w_p / S_p) (π_i a_i(run)) b_i(col)}
 * from two small tables ((runs + columns) × components exponentials per set of means: (291 + 321) × 12 on the
 * default rule) instead of a stored factor per point and component (24 441 × 12, 2.3 MB, read twice by each of
 * the step's 31 passes). Per run, every loop runs over its points and their columns with one index (the run's
 * points are consecutive columns, {@link FactoredGrid#contiguous()}), so C2 compiles it to SIMD code: the totals
 * {@code S_p}, the ratios {@code w_p / S_p}, then per component the terms added into lane sums indexed by column,
 * which are added up once per chunk of points in a fixed order. Moments: {@code Σ ψ_i w x_c} for a leading
 * coordinate adds the terms times the run's coordinate into lanes of their own; for the last coordinate, the
 * column's value times the column's lane sum. The full pass also sums ℓ = Σ w_p (log S_p + M_run + C_col) and
 * the KL terms. Where {@code S_p} falls below {@link OverparamGradientEm#SHIFT_RESCUE} (the point's best
 * component is far from being its run's or its column's best, or every live weight is tiny) the engine
 * recomputes the point in log space ({@link Rescue}), as in the per-point kernel.
 *
 * <p>Each term is within a few ulps of the per-point kernel's (the product of two exponentials instead of one),
 * so the sums agree with the straightforward log-space pass to 1e-12 ({@code OverparamKernelEqualityTest}). The
 * weight terms, their lanes and their order are the same in the weights-only and the full pass (bit for bit
 * the same weight sums); the order depends on the fixed chunks alone, not on the number of threads. The tables
 * are filled on the calling thread ({@link #prepare}) and only read during a pass; a pass allocates nothing.
 */
final class FactoredSweep {
    /** A point recomputed in log space: adds its terms into {@code acc}, returns {@code log Σ_i π_i exp(−‖x_p − μ_i‖²/2)}. */
    @FunctionalInterface
    interface Rescue {
        double at(int p, double wp, double[] acc, int off, boolean full);
    }

    private final FactoredGrid grid;
    private final int d;
    private final int n;
    private final int runs;
    private final int cols;
    private final double[] w; // the points' weights
    private final double[] lt; // log p* + (d/2) log 2π per point for the KL terms, or null
    private final double[][] runFactor; // [live j][run]: a_j(run)
    private final double[] runShift; // [run]: M_run
    private final double[][] colFactor; // [live j][column]: b_j(column)
    private final double[] colShift; // [column]: C_col
    private final double[] expScratch;
    private final ThreadLocal<Scratch> scratch;
    private int live;

    /** Per-thread scratch: per column the totals, ratios, terms and weights of the current run, and the lane sums. */
    private static final class Scratch {
        final double[] s;
        final double[] t;
        final double[] u;
        final double[] w;
        final double[] alpha;
        final double[][] lanes; // [live j]: weight terms by column; [n + j d + c], c < d − 1: moments

        Scratch(int n, int d, int cols) {
            s = new double[cols];
            t = new double[cols];
            u = new double[cols];
            w = new double[cols];
            alpha = new double[n];
            lanes = new double[n + n * d][cols];
        }
    }

    /**
     * The passes over {@code points} (a contiguous {@link FactoredGrid} of them) for up to {@code n} components;
     * {@code lt}: the KL pass's {@code log p* + (d/2) log 2π} per point, or null.
     */
    FactoredSweep(FactoredGrid grid, WeightedPoints points, int n, double[] lt) {
        if (!grid.contiguous()) {
            throw new IllegalArgumentException("the grid's runs are not slices of its columns");
        }
        this.grid = grid;
        this.d = points.d();
        this.n = n;
        this.runs = grid.runs();
        this.cols = grid.columns();
        this.w = points.w();
        this.lt = lt;
        this.runFactor = new double[n][runs];
        this.runShift = new double[runs];
        this.colFactor = new double[n][cols];
        this.colShift = new double[cols];
        this.expScratch = new double[Math.max(runs, cols)];
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(n, d, cols));
    }

    /**
     * The tables for the live components {@code lv[0..nl)} and the means {@code mu} (n × d): the exponents, the
     * largest per run and per column, then {@code exp(exponent − largest)} by {@link SweepMath#expBlockSubnormal}
     * (within 2 ulps of {@code Math.exp}, subnormal results kept). A run or column without a finite exponent
     * (no live component) gets the shift 0 and factors 0: its points are then recomputed in log space.
     */
    void prepare(int nl, int[] lv, double[] mu) {
        live = nl;
        int dl = d - 1;
        java.util.Arrays.fill(runShift, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < nl; j++) {
            int mo = lv[j] * d;
            double[] a = runFactor[j];
            for (int r = 0; r < runs; r++) {
                double q = 0;
                for (int c = 0; c < dl; c++) {
                    double u = grid.lead(r, c) - mu[mo + c];
                    q += u * u;
                }
                a[r] = -0.5 * q;
                runShift[r] = Math.max(runShift[r], a[r]);
            }
        }
        java.util.Arrays.fill(colShift, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < nl; j++) {
            double m = mu[lv[j] * d + dl];
            double[] b = colFactor[j];
            for (int k = 0; k < cols; k++) {
                double u = grid.last(k) - m;
                b[k] = -0.5 * (u * u);
                colShift[k] = Math.max(colShift[k], b[k]);
            }
        }
        exponentials(runFactor, runShift, runs, nl);
        exponentials(colFactor, colShift, cols, nl);
    }

    /** {@code t[j][k] ← exp(t[j][k] − shift[k])}, a shift of −∞ (no finite exponent) set to 0. */
    private void exponentials(double[][] t, double[] shift, int len, int nl) {
        for (int k = 0; k < len; k++) {
            if (shift[k] == Double.NEGATIVE_INFINITY) {
                shift[k] = 0;
            }
        }
        for (int j = 0; j < nl; j++) {
            double[] f = t[j];
            for (int k = 0; k < len; k++) {
                f[k] -= shift[k];
            }
            SweepMath.expBlockSubnormal(f, len, expScratch);
        }
    }

    /**
     * One chunk of a pass: the runs that start at points {@code [from, to)}. Into {@code acc[off + i]} the weight
     * sums {@code Σ_p w_p ψ_i(x_p)} of the live components {@code lv[0..nl)} at the weights {@code lw} (in the
     * order of {@code lv}); when {@code full}, also {@code Σ_p w_p ψ_i(x_p) x_p} at {@code acc[off + n + i d ..]},
     * ℓ's sum {@code Σ w_p lse_p} at {@code acc[off + n + n d]}, the KL terms {@code Σ w_p (lt_p − lse_p)}
     * after it and their sizes {@code Σ w_p |lt_p − lse_p|} after those (lse without its 2π terms; the last two 0
     * without {@code lt}).
     */
    void chunk(int from, int to, double[] lw, int[] lv, double[] acc, int off, boolean full, Rescue rescue) {
        final Scratch sc = scratch.get();
        final int nl = live;
        final double[][] lanes = sc.lanes;
        for (int j = 0; j < nl; j++) {
            java.util.Arrays.fill(lanes[j], 0.0);
            if (full) {
                for (int c = 0; c < d - 1; c++) {
                    java.util.Arrays.fill(lanes[n + j * d + c], 0.0);
                }
            }
        }
        final double[] s = sc.s;
        final double[] t = sc.t;
        final double[] ws = sc.w;
        final double[] alpha = sc.alpha;
        double lse = 0;
        double kl = 0;
        double klSize = 0;
        for (int r = grid.firstRunFrom(from); r < runs && grid.runStart(r) < to; r++) {
            final int p0 = grid.runStart(r);
            final int c0 = grid.runColumn(r);
            final int c1 = c0 + grid.runStart(r + 1) - p0;
            System.arraycopy(w, p0, ws, c0, c1 - c0);
            for (int j = 0; j < nl; j++) {
                alpha[j] = lw[j] * runFactor[j][r];
            }
            totals(c0, c1, nl, alpha, s);
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / s[k];
            }
            if (full) {
                final double m = runShift[r];
                for (int k = c0; k < c1; k++) {
                    double total = s[k];
                    double lp;
                    if (total >= OverparamGradientEm.SHIFT_RESCUE) {
                        lp = Math.log(total) + (m + colShift[k]);
                    } else {
                        t[k] = 0;
                        lp = rescue.at(p0 + k - c0, ws[k], acc, off, true);
                    }
                    lse += ws[k] * lp;
                    if (lt != null) {
                        double f = lt[p0 + k - c0] - lp;
                        kl += ws[k] * f;
                        klSize += ws[k] * Math.abs(f);
                    }
                }
                fullLanes(r, c0, c1, nl, alpha, sc);
            } else {
                for (int k = c0; k < c1; k++) {
                    if (!(s[k] >= OverparamGradientEm.SHIFT_RESCUE)) {
                        t[k] = 0;
                        rescue.at(p0 + k - c0, ws[k], acc, off, false);
                    }
                }
                for (int j = 0; j < nl; j++) {
                    final double a = alpha[j];
                    final double[] b = colFactor[j];
                    final double[] l = lanes[j];
                    for (int k = c0; k < c1; k++) {
                        l[k] += t[k] * a * b[k];
                    }
                }
            }
        }
        for (int j = 0; j < nl; j++) {
            int i = lv[j];
            acc[off + i] += SweepMath.sum(lanes[j], 0, cols);
            if (full) {
                for (int c = 0; c < d - 1; c++) {
                    acc[off + n + i * d + c] += SweepMath.sum(lanes[n + j * d + c], 0, cols);
                }
                acc[off + n + i * d + d - 1] += lastMoment(lanes[j], sc.u);
            }
        }
        if (full) {
            acc[off + n + n * d] += lse;
            acc[off + n + n * d + 1] += kl;
            acc[off + n + n * d + 2] += klSize;
        }
    }

    /**
     * {@code s[k] = Σ_j α_j b_j(k)} for the columns {@code [c0, c1)}, four (then two, then one) components per
     * loop, added in component order.
     */
    private void totals(int c0, int c1, int nl, double[] alpha, double[] s) {
        if (nl == 0) {
            java.util.Arrays.fill(s, c0, c1, 0.0);
            return;
        }
        final double a0 = alpha[0];
        final double[] b0 = colFactor[0];
        for (int k = c0; k < c1; k++) {
            s[k] = a0 * b0[k];
        }
        int j = 1;
        for (; j + 3 < nl; j += 4) {
            final double aa = alpha[j];
            final double ab = alpha[j + 1];
            final double ac = alpha[j + 2];
            final double ad = alpha[j + 3];
            final double[] ba = colFactor[j];
            final double[] bb = colFactor[j + 1];
            final double[] bc = colFactor[j + 2];
            final double[] bd = colFactor[j + 3];
            for (int k = c0; k < c1; k++) {
                s[k] = (((s[k] + aa * ba[k]) + ab * bb[k]) + ac * bc[k]) + ad * bd[k];
            }
        }
        for (; j + 1 < nl; j += 2) {
            final double aa = alpha[j];
            final double ab = alpha[j + 1];
            final double[] ba = colFactor[j];
            final double[] bb = colFactor[j + 1];
            for (int k = c0; k < c1; k++) {
                s[k] = (s[k] + aa * ba[k]) + ab * bb[k];
            }
        }
        if (j < nl) {
            final double aa = alpha[j];
            final double[] ba = colFactor[j];
            for (int k = c0; k < c1; k++) {
                s[k] += aa * ba[k];
            }
        }
    }

    /**
     * The weight terms {@code u = (w_p / S_p) α_j b_j} of run {@code r} (the very terms of the weights-only pass,
     * into the same lanes) and the terms {@code u x_c} of its leading coordinates.
     */
    private void fullLanes(int r, int c0, int c1, int nl, double[] alpha, Scratch sc) {
        final double[] t = sc.t;
        final double[] u = sc.u;
        for (int j = 0; j < nl; j++) {
            final double a = alpha[j];
            final double[] b = colFactor[j];
            final double[] l = sc.lanes[j];
            for (int k = c0; k < c1; k++) {
                double v = t[k] * a * b[k];
                u[k] = v;
                l[k] += v;
            }
            for (int c = 0; c < d - 1; c++) {
                final double x = grid.lead(r, c);
                final double[] lm = sc.lanes[n + j * d + c];
                for (int k = c0; k < c1; k++) {
                    lm[k] += u[k] * x;
                }
            }
        }
    }

    /** {@code Σ_k x_d(k) lane[k]}: the last coordinate's moment from a component's weight lanes ({@code u}: scratch). */
    private double lastMoment(double[] lane, double[] u) {
        for (int k = 0; k < cols; k++) {
            u[k] = grid.last(k) * lane[k];
        }
        return SweepMath.sum(u, 0, cols);
    }
}
