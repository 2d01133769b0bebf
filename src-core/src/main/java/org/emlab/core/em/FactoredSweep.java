package org.emlab.core.em;

import org.emlab.core.model.WeightedPoints;
import org.emlab.core.numeric.ChunkedSums;
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
 * the step's 31 passes). The weight sum of component j is regrouped as
 * {@code E[ψ_j] = Σ_col b_j(col) Σ_run (π_j a_j(run)) w_p / S_p}. Per run, every loop runs over its points and
 * their columns with one index (the run's points are consecutive columns, {@link FactoredGrid#contiguous()}), so
 * C2 compiles it to SIMD code: the totals {@code S_p}, the ratios {@code w_p / S_p}; then, per component, up to
 * {@link #GROUP} neighbouring runs' ratios times their {@code π_j a_j(run)} are added into one lane per column in
 * one loop; once per chunk of points the lanes are multiplied by {@code b_j(col)} and added up in a fixed order.
 * Moments: a leading coordinate's {@code Σ ψ_j w x_c} the same way with {@code π_j a_j(run) x_c(run)}, the last
 * coordinate's as the column's value times the column's lane. The full pass with logarithms also sums
 * ℓ = Σ w_p (log S_p + M_run + C_col) and the KL terms. Where {@code S_p} falls below
 * {@link OverparamGradientEm#SHIFT_RESCUE} (the point's best component is far from being its run's or its
 * column's best, or every live weight is tiny) the engine recomputes the point in log space ({@link Rescue}), as
 * in the per-point kernel.
 *
 * <p>Each product of factors is within a few ulps of the per-point kernel's (two exponentials instead of one) and
 * the sums are regrouped, so they agree with the straightforward log-space pass to 1e-12
 * ({@code OverparamKernelEqualityTest}). The weight terms, their lanes and their order are the same in the
 * weights-only pass and both full passes (bit for bit the same weight and moment sums); the order depends on the
 * fixed chunks alone, not on the number of threads. The tables are filled on the calling thread
 * ({@link #prepare}) and only read during a pass; a pass allocates nothing.
 */
final class FactoredSweep {
    /** A point recomputed in log space: adds its terms into {@code acc}, returns {@code log Σ_i π_i exp(−‖x_p − μ_i‖²/2)}. */
    @FunctionalInterface
    interface Rescue {
        double at(int p, double wp, double[] acc, int off, boolean full);
    }

    /** A point's {@code log Σ_i π_i exp(−‖x_p − μ_i‖²/2)} in log space (the KL pass's points below the threshold). */
    @FunctionalInterface
    interface LogDensity {
        double at(int p);
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
    private final boolean[] columnBest; // [live j]: the largest exponent of some column is component j's
    private final ThreadLocal<Scratch> scratch;
    private int live;

    /** Runs taken together by one pass over their columns ({@link #chunk}). */
    static final int GROUP = 4;

    /** Rows per chunk of a large pass ({@link #chunkRows}). */
    static final int LARGE_CHUNK = 1 << 16;

    /**
     * Rows per chunk of the sums of a pass over {@code size} points ({@link ChunkedSums}), for the factored passes and
     * gmm-overparam's per-point kernel alike: a chunk zeroes and adds up a lane per column and component besides its
     * points (the default rule: 321 columns × 12 components against 4096 points in a chunk of the default length),
     * and the default sample of 10⁴ points made chunks of 4096, 4096 and 1808 for two cores; so a pass takes two
     * chunks, one per core of a two-core machine, up to 2 · {@link #LARGE_CHUNK} points, and chunks of
     * {@link #LARGE_CHUNK} above. A multiple of {@code multiple} (the per-point kernel's block: a block must not
     * straddle two chunks). Fixed by the size alone: the sums do not depend on the number of threads. (Alternated
     * five times, 6 December at night: the default rule's step median 1.03–1.14 against 1.13–1.20 ms, the default
     * sample's 0.83–0.93 against 0.98–1.05 ms.)
     */
    static int chunkRows(int size, int multiple) {
        int half = size <= 2 * LARGE_CHUNK ? Math.max(ChunkedSums.CHUNK, (size + 1) / 2) : LARGE_CHUNK;
        return (half + multiple - 1) / multiple * multiple;
    }

    /**
     * Per-thread scratch: per column the totals, the weights and the ratios {@code w_p / S_p} of the runs of a
     * group, their {@code π_j a_j(run)}, the lane sums, and the sums of logarithms of the current chunk.
     */
    private static final class Scratch {
        final double[][] s; // [run of the group][column]: S_p
        final double[][] t; // [run of the group][column]: w_p / S_p, 0 outside the run
        final double[] u; // a run's logarithms; at the end of a chunk, a lane times b
        final double[] w;
        final boolean[] ratiosDone = new boolean[GROUP]; // [run of the group]: the ratios came with the totals
        final double[][] alpha; // [run of the group][live j]: π_j a_j(run)
        final double[][] lanes; // [live j]: Σ over runs of π_j a_j(run) w_p / S_p by column; [n + j d + c]: moments
        double lse;
        double kl;
        double klSize;
        int from0; // the columns of the chunk's runs
        int to0;

        Scratch(int n, int d, int cols) {
            s = new double[GROUP][cols];
            t = new double[GROUP][cols];
            u = new double[cols];
            w = new double[cols];
            alpha = new double[GROUP][n];
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
        this.columnBest = new boolean[n];
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
        for (int j = 0; j < nl; j++) {
            boolean best = false;
            double[] b = colFactor[j];
            for (int k = 0; k < cols; k++) {
                best |= b[k] == colShift[k];
            }
            columnBest[j] = best;
        }
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
            SweepMath.expBlockSubnormal(t[j], shift, len, expScratch);
        }
    }

    /**
     * One chunk of a pass: the runs that start at points {@code [from, to)}. Into {@code acc[off + i]} the weight
     * sums {@code Σ_p w_p ψ_i(x_p)} of the live components {@code lv[0..nl)} at the weights {@code lw} (in the
     * order of {@code lv}); when {@code full}, also {@code Σ_p w_p ψ_i(x_p) x_p} at {@code acc[off + n + i d ..]},
     * ℓ's sum {@code Σ w_p lse_p} at {@code acc[off + n + n d]}, the KL terms {@code Σ w_p (lt_p − lse_p)}
     * after it and their sizes {@code Σ w_p |lt_p − lse_p|} after those (lse without its 2π terms; the last two 0
     * without {@code lt}); a full pass without {@code logs} leaves those three sums out (no logarithm per point),
     * its other sums bit for bit those of the pass with them.
     *
     * <p>The weight sum of component j is {@code Σ_col b_j(col) G_j(col)} with {@code G_j(col) = Σ_run π_j a_j(run)
     * w_p / S_p} (p the point of that run and column): up to {@link #GROUP} neighbouring runs, whose columns
     * overlap (the rows of one lattice), are added into {@code G_j} by one loop over their columns, their ratios
     * set to 0 outside each run, so each lane is loaded and stored once per group rather than once per run.
     */
    void chunk(int from, int to, double[] lw, int[] lv, double[] acc, int off, boolean full, boolean logs,
               Rescue rescue) {
        final Scratch sc = scratch.get();
        final int nl = live;
        final double[][] lanes = sc.lanes;
        final int end = grid.firstRunFrom(to);
        final int first = grid.firstRunFrom(from);
        // the columns of the chunk's runs: the lanes are zeroed and added up over these alone
        chunkColumns(first, end, sc);
        final int from0 = sc.from0;
        final int to0 = sc.to0;
        for (int j = 0; j < nl; j++) {
            java.util.Arrays.fill(lanes[j], from0, to0, 0.0);
            if (full) {
                for (int c = 0; c < d - 1; c++) {
                    java.util.Arrays.fill(lanes[n + j * d + c], from0, to0, 0.0);
                }
            }
        }
        sc.lse = 0;
        sc.kl = 0;
        sc.klSize = 0;
        int r = first;
        while (r < end) {
            // the group: runs r, r + 1, … while their columns' span stays within a quarter of the longest run
            int lo = grid.runColumn(r);
            int hi = lo + grid.runStart(r + 1) - grid.runStart(r);
            int longest = hi - lo;
            int g = 1;
            while (g < GROUP && r + g < end) {
                int c0 = grid.runColumn(r + g);
                int c1 = c0 + grid.runStart(r + g + 1) - grid.runStart(r + g);
                int span = Math.max(hi, c1) - Math.min(lo, c0);
                int longer = Math.max(longest, c1 - c0);
                if (span > longer + longer / 4 + 2) {
                    break;
                }
                lo = Math.min(lo, c0);
                hi = Math.max(hi, c1);
                longest = longer;
                g++;
            }
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < nl; j++) {
                    sc.alpha[i][j] = lw[j] * runFactor[j][r + i];
                }
            }
            for (int i = 0; i < g; i++) {
                int c0 = grid.runColumn(r + i);
                int c1 = c0 + grid.runStart(r + i + 1) - grid.runStart(r + i);
                // a pass that reads neither S_p nor its logarithm afterwards (no point of the run can need the
                // log-space path): the totals' last loop writes the ratios w_p / S_p
                sc.ratiosDone[i] = !(full && logs) && noRescue(sc.alpha[i], nl);
                if (sc.ratiosDone[i]) {
                    System.arraycopy(w, grid.runStart(r + i), sc.w, c0, c1 - c0);
                    totals(c0, c1, nl, sc.alpha[i], sc.s[i], sc.w, sc.t[i]);
                } else {
                    totals(c0, c1, nl, sc.alpha[i], sc.s[i], null, null);
                }
            }
            for (int i = 0; i < g; i++) {
                if (!sc.ratiosDone[i]) {
                    runRatios(r + i, i, full, logs, acc, off, rescue, sc);
                }
                int c0 = grid.runColumn(r + i);
                int c1 = c0 + grid.runStart(r + i + 1) - grid.runStart(r + i);
                java.util.Arrays.fill(sc.t[i], lo, c0, 0.0);
                java.util.Arrays.fill(sc.t[i], c1, hi, 0.0);
            }
            groupLanes(r, g, lo, hi, nl, full, sc);
            r += g;
        }
        final double[] u = sc.u;
        for (int j = 0; j < nl; j++) {
            int i = lv[j];
            final double[] b = colFactor[j];
            final double[] l = lanes[j];
            for (int k = from0; k < to0; k++) {
                u[k] = b[k] * l[k];
            }
            acc[off + i] += SweepMath.sum(u, from0, to0);
            if (full) {
                acc[off + n + i * d + d - 1] += lastMoment(u, from0, to0);
                for (int c = 0; c < d - 1; c++) {
                    final double[] lm = lanes[n + j * d + c];
                    for (int k = from0; k < to0; k++) {
                        u[k] = b[k] * lm[k];
                    }
                    acc[off + n + i * d + c] += SweepMath.sum(u, from0, to0);
                }
            }
        }
        if (full) {
            acc[off + n + n * d] += sc.lse;
            acc[off + n + n * d + 1] += sc.kl;
            acc[off + n + n * d + 2] += sc.klSize;
        }
    }

    /** The columns of runs {@code [first, end)} into {@code sc.from0 .. sc.to0} (empty when there are none). */
    private void chunkColumns(int first, int end, Scratch sc) {
        int from0 = cols;
        int to0 = 0;
        for (int r = first; r < end; r++) {
            from0 = Math.min(from0, grid.runColumn(r));
            to0 = Math.max(to0, grid.runColumn(r) + grid.runStart(r + 1) - grid.runStart(r));
        }
        sc.from0 = Math.min(from0, to0);
        sc.to0 = to0;
    }

    /**
     * One chunk of a KL pass: the runs that start at points {@code [from, to)}, at the weights {@code lw} of the live
     * components (in the order of {@link #prepare}'s), into {@code acc[off]} the terms {@code Σ w_p f_p} with
     * {@code f_p = lt_p − lse_p = log p* − log p_t} and into {@code acc[off + 1]} {@code Σ w_p |f_p|} (or
     * {@code Σ w_p f_p²} with {@code squares}). Per run: the totals {@code S_p} as in a weight pass, their
     * logarithms by {@link SweepMath#logBlock}, then the terms into lanes by column, added up once per chunk;
     * a point with {@code S_p} below {@link OverparamGradientEm#SHIFT_RESCUE} takes {@code direct}'s value.
     * (Without this, a pass took a dot product of a run's and a column's table row per point, gathered by
     * index, and one {@code Math.log}: the sample mode's KL and check, two per row, were a third of
     * {@code render gmm-overparam}.)
     */
    void klChunk(int from, int to, double[] lw, double[] acc, int off, boolean squares, LogDensity direct) {
        final Scratch sc = scratch.get();
        final int nl = live;
        final int end = grid.firstRunFrom(to);
        final int first = grid.firstRunFrom(from);
        chunkColumns(first, end, sc);
        final int from0 = sc.from0;
        final int to0 = sc.to0;
        final double[] l0 = sc.lanes[0];
        final double[] l1 = sc.lanes[1];
        java.util.Arrays.fill(l0, from0, to0, 0.0);
        java.util.Arrays.fill(l1, from0, to0, 0.0);
        final double[] s = sc.s[0];
        final double[] alpha = sc.alpha[0];
        final double[] lg = sc.u;
        for (int r = first; r < end; r++) {
            final int p0 = grid.runStart(r);
            final int c0 = grid.runColumn(r);
            final int len = grid.runStart(r + 1) - p0;
            for (int j = 0; j < nl; j++) {
                alpha[j] = lw[j] * runFactor[j][r];
            }
            totals(c0, c0 + len, nl, alpha, s, null, null);
            System.arraycopy(s, c0, lg, 0, len);
            SweepMath.logBlock(lg, len); // used where S_p ≥ SHIFT_RESCUE: logBlock's domain
            final double m = runShift[r];
            for (int q = 0; q < len; q++) {
                int k = c0 + q;
                double lse = s[k] >= OverparamGradientEm.SHIFT_RESCUE ? lg[q] + (m + colShift[k]) : direct.at(p0 + q);
                double f = lt[p0 + q] - lse;
                double wf = w[p0 + q] * f;
                l0[k] += wf;
                l1[k] += squares ? wf * f : w[p0 + q] * Math.abs(f);
            }
        }
        acc[off] += SweepMath.sum(l0, from0, to0);
        acc[off + 1] += SweepMath.sum(l1, from0, to0);
    }

    /**
     * Run {@code r} as member {@code i} of its group, its {@code α_j = π_j a_j(run)} and totals {@code S_p} in
     * {@code sc.alpha[i]}, {@code sc.s[i]}: the ratios {@code w_p / S_p} into {@code sc.t[i]} over the run's
     * columns, and the points whose {@code S_p} is below {@link OverparamGradientEm#SHIFT_RESCUE} recomputed in
     * log space (ratio 0). A full pass with {@code logs} also adds the run's {@code w_p lse_p} and KL terms.
     */
    private void runRatios(int r, int i, boolean full, boolean logs, double[] acc, int off, Rescue rescue,
                           Scratch sc) {
        final int nl = live;
        final int p0 = grid.runStart(r);
        final int c0 = grid.runColumn(r);
        final int c1 = c0 + grid.runStart(r + 1) - p0;
        final double[] s = sc.s[i];
        final double[] t = sc.t[i];
        final double[] ws = sc.w;
        final double[] alpha = sc.alpha[i];
        System.arraycopy(w, p0, ws, c0, c1 - c0);
        for (int k = c0; k < c1; k++) {
            t[k] = ws[k] / s[k];
        }
        if (!(full && logs)) {
            if (noRescue(alpha, nl)) {
                return;
            }
            for (int k = c0; k < c1; k++) {
                if (!(s[k] >= OverparamGradientEm.SHIFT_RESCUE)) {
                    t[k] = 0;
                    rescue.at(p0 + k - c0, ws[k], acc, off, full);
                }
            }
            return;
        }
        final double m = runShift[r];
        final double[] lg = sc.u; // the logarithms of the run's totals, from index 0
        System.arraycopy(s, c0, lg, 0, c1 - c0);
        SweepMath.logBlock(lg, c1 - c0); // used where S_p ≥ SHIFT_RESCUE: logBlock's domain
        double lse = 0;
        double kl = 0;
        double klSize = 0;
        for (int k = c0; k < c1; k++) {
            double total = s[k];
            double lp;
            if (total >= OverparamGradientEm.SHIFT_RESCUE) {
                lp = lg[k - c0] + (m + colShift[k]);
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
        sc.lse += lse;
        sc.kl += kl;
        sc.klSize += klSize;
    }

    /**
     * True when no point of the run can need the log-space path, so that a pass without logarithms need not look: at
     * every column the component with the column's largest exponent has the factor {@code b = exp(0) = 1} (within
     * 2 ulps), so {@code S_p ≥ (1 − 4.4e-16) α_j} for that j, a sum of non-negative terms being at least its
     * largest. With {@code α_j ≥ 2 SHIFT_RESCUE} for every component that is some column's best, every point of
     * the run has {@code S_p ≥ SHIFT_RESCUE}. (A pass with logarithms looks at every point anyway, and then finds
     * none either.)
     */
    private boolean noRescue(double[] alpha, int nl) {
        boolean sure = nl > 0;
        for (int j = 0; j < nl; j++) {
            if (columnBest[j] && !(alpha[j] >= 2 * OverparamGradientEm.SHIFT_RESCUE)) {
                sure = false;
            }
        }
        return sure;
    }

    /**
     * The group's terms into the lanes, one loop over its columns {@code [lo, hi)} per component:
     * {@code G_j += Σ_i α_ij t_i} (the same loop in both kinds of pass) and, in a full pass, the leading
     * coordinates' {@code Σ_i (α_ij x_c(run i)) t_i}.
     */
    private void groupLanes(int r, int g, int lo, int hi, int nl, boolean full, Scratch sc) {
        final double[] t0 = sc.t[0];
        final double[] t1 = sc.t[1];
        final double[] t2 = sc.t[2];
        final double[] t3 = sc.t[3];
        for (int j = 0; j < nl; j++) {
            final double a0 = sc.alpha[0][j];
            final double a1 = g > 1 ? sc.alpha[1][j] : 0;
            final double a2 = g > 2 ? sc.alpha[2][j] : 0;
            final double a3 = g > 3 ? sc.alpha[3][j] : 0;
            addTerms(sc.lanes[j], g, lo, hi, a0, a1, a2, a3, t0, t1, t2, t3);
            if (full) {
                for (int c = 0; c < d - 1; c++) {
                    addTerms(sc.lanes[n + j * d + c], g, lo, hi, a0 * grid.lead(r, c),
                            g > 1 ? a1 * grid.lead(r + 1, c) : 0, g > 2 ? a2 * grid.lead(r + 2, c) : 0,
                            g > 3 ? a3 * grid.lead(r + 3, c) : 0, t0, t1, t2, t3);
                }
            }
        }
    }

    /** {@code l[k] += Σ_{i<g} a_i t_i[k]} for {@code k ∈ [lo, hi)}, in pairs: {@code (a0 t0 + a1 t1) + (a2 t2 + a3 t3)}. */
    private static void addTerms(double[] l, int g, int lo, int hi, double a0, double a1, double a2, double a3,
                                 double[] t0, double[] t1, double[] t2, double[] t3) {
        switch (g) {
            case 4:
                for (int k = lo; k < hi; k++) {
                    l[k] += (a0 * t0[k] + a1 * t1[k]) + (a2 * t2[k] + a3 * t3[k]);
                }
                break;
            case 3:
                for (int k = lo; k < hi; k++) {
                    l[k] += (a0 * t0[k] + a1 * t1[k]) + a2 * t2[k];
                }
                break;
            case 2:
                for (int k = lo; k < hi; k++) {
                    l[k] += a0 * t0[k] + a1 * t1[k];
                }
                break;
            default:
                for (int k = lo; k < hi; k++) {
                    l[k] += a0 * t0[k];
                }
                break;
        }
    }

    /**
     * {@code s[k] = Σ_j α_j b_j(k)} for the columns {@code [c0, c1)}, four components per loop (then two, then
     * one), added in component order; with {@code ws} (not null) the last loop writes the ratios
     * {@code t[k] = ws[k] / S_k} instead of S_k, the same bits as S_k stored then divided (a pass that needs neither
     * S nor its logarithm afterwards saves a loop over the run; 4–5 % of the population step, alternated three
     * times). (A loop over two runs at once, sharing the loads of b, was slower: C2 did not compile its two stores to
     * SIMD code.)
     */
    private void totals(int c0, int c1, int nl, double[] alpha, double[] s, double[] ws, double[] t) {
        if (nl == 0) {
            java.util.Arrays.fill(s, c0, c1, 0.0);
            if (ws != null) {
                for (int k = c0; k < c1; k++) {
                    t[k] = ws[k] / s[k];
                }
            }
            return;
        }
        int j;
        if (nl >= 4) {
            four(c0, c1, alpha, 0, true, s, nl == 4 ? ws : null, t);
            j = 4;
        } else {
            firstOne(c0, c1, alpha, 0, s, nl == 1 ? ws : null, t);
            j = 1;
        }
        for (; j + 3 < nl; j += 4) {
            four(c0, c1, alpha, j, false, s, j + 4 == nl ? ws : null, t);
        }
        for (; j + 1 < nl; j += 2) {
            addTwo(c0, c1, alpha, j, s, j + 2 == nl ? ws : null, t);
        }
        if (j < nl) {
            addOne(c0, c1, alpha, j, s, ws, t);
        }
    }

    /** {@code S = α_j b_j} into s, or {@code ws / S} into t. */
    private void firstOne(int c0, int c1, double[] alpha, int j, double[] s, double[] ws, double[] t) {
        final double aa = alpha[j];
        final double[] ba = colFactor[j];
        if (ws == null) {
            for (int k = c0; k < c1; k++) {
                s[k] = aa * ba[k];
            }
        } else {
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / (aa * ba[k]);
            }
        }
    }

    /**
     * Components j..j+3: {@code S = ((α_j b_j + α_{j+1} b_{j+1}) + α_{j+2} b_{j+2}) + α_{j+3} b_{j+3}} ({@code first}) or
     * {@code S = (((s + α_j b_j) + …) + α_{j+3} b_{j+3}}, into s, or {@code ws / S} into t.
     */
    private void four(int c0, int c1, double[] alpha, int j, boolean first, double[] s, double[] ws, double[] t) {
        final double aa = alpha[j];
        final double ab = alpha[j + 1];
        final double ac = alpha[j + 2];
        final double ad = alpha[j + 3];
        final double[] ba = colFactor[j];
        final double[] bb = colFactor[j + 1];
        final double[] bc = colFactor[j + 2];
        final double[] bd = colFactor[j + 3];
        if (first && ws == null) {
            for (int k = c0; k < c1; k++) {
                s[k] = ((aa * ba[k] + ab * bb[k]) + ac * bc[k]) + ad * bd[k];
            }
        } else if (first) {
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / (((aa * ba[k] + ab * bb[k]) + ac * bc[k]) + ad * bd[k]);
            }
        } else if (ws == null) {
            for (int k = c0; k < c1; k++) {
                s[k] = (((s[k] + aa * ba[k]) + ab * bb[k]) + ac * bc[k]) + ad * bd[k];
            }
        } else {
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / ((((s[k] + aa * ba[k]) + ab * bb[k]) + ac * bc[k]) + ad * bd[k]);
            }
        }
    }

    /** {@code S = (s + α_j b_j) + α_{j+1} b_{j+1}} into s, or {@code ws / S} into t. */
    private void addTwo(int c0, int c1, double[] alpha, int j, double[] s, double[] ws, double[] t) {
        final double aa = alpha[j];
        final double ab = alpha[j + 1];
        final double[] ba = colFactor[j];
        final double[] bb = colFactor[j + 1];
        if (ws == null) {
            for (int k = c0; k < c1; k++) {
                s[k] = (s[k] + aa * ba[k]) + ab * bb[k];
            }
        } else {
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / ((s[k] + aa * ba[k]) + ab * bb[k]);
            }
        }
    }

    /** {@code S = s + α_j b_j} into s, or {@code ws / S} into t. */
    private void addOne(int c0, int c1, double[] alpha, int j, double[] s, double[] ws, double[] t) {
        final double aa = alpha[j];
        final double[] ba = colFactor[j];
        if (ws == null) {
            for (int k = c0; k < c1; k++) {
                s[k] += aa * ba[k];
            }
        } else {
            for (int k = c0; k < c1; k++) {
                t[k] = ws[k] / (s[k] + aa * ba[k]);
            }
        }
    }

    /**
     * {@code Σ_k x_d(k) u[k]} over the columns {@code [from, to)}: the last coordinate's moment from a component's
     * weight terms by column (u is overwritten).
     */
    private double lastMoment(double[] u, int from, int to) {
        for (int k = from; k < to; k++) {
            u[k] *= grid.last(k);
        }
        return SweepMath.sum(u, from, to);
    }
}
