package org.emlab.core.em;

import java.util.HashMap;
import java.util.Map;
import org.emlab.core.model.WeightedPoints;
import org.emlab.core.numeric.Stable;
import org.emlab.core.numeric.SweepMath;

/**
 * A grid whose points come in <em>runs</em> that share their leading coordinates x_1..x_{d−1} and whose last
 * coordinate takes few distinct values (<em>columns</em>): the lattice rules of gmm-overparam in d = 2 and 3
 * (docs/labs/gmm-overparam.md, "Population update"; issue 19). There the score of a unit-covariance
 * component factorises,
 * <pre>
 *   log π_i − ‖x − μ_i‖²/2 = [log π_i − Σ_{c&lt;d} (x_c − μ_ic)²/2] + [−(x_d − μ_id)²/2]
 *                         = A_i(run) + B_i(column),
 * </pre>
 * so {@code log Σ_i exp(A_i + B_i) = M_run + C_col + log S} with {@code M_run = max_i A_i},
 * {@code C_col = max_i B_i} and {@code S = Σ_i exp(A_i − M_run)·exp(B_i − C_col)}: a KL pass takes
 * (runs + columns) × components exponentials ({@link #prepare}, (291 + 321) × 12 on the default rule) instead of
 * points × components (24 441 × 12), and per point a dot product of two table rows and one logarithm. Each
 * product is within a few ulps of the direct {@code exp(a_i − max_i a_i)}, so log p_t is as accurate as the
 * direct form's; where {@code S} falls below {@link OverparamGradientEm#SHIFT_RESCUE} (the point's best
 * component is not the best of its run or of its column, by hundreds of units of score) the point is summed
 * directly in log space.
 *
 * <p>The tables are filled on the calling thread before a pass and only read during it.
 */
final class FactoredGrid {
    /** A grid is factored when its runs and columns together are at most this fraction of its points. */
    static final int MIN_GAIN = 4;

    private final int d;
    private final int[] runOf; // per point
    private final int[] colOf; // per point
    private final double[] lead; // runs × (d − 1): the leading coordinates of each run
    private final double[] last; // columns: the last coordinate
    private final int runs;
    private final int cols;
    private final int[] runStart; // runs + 1: the first point of each run, then the number of points
    private final int[] runCol; // runs, when contiguous: the column of each run's first point (the others follow)
    private double[] runFactor = new double[0]; // runs × live: exp(A_i − M_run)
    private double[] runShift = new double[0]; // runs: M_run
    private double[] colFactor = new double[0]; // columns × live: exp(B_i − C_col)
    private double[] colShift = new double[0]; // columns: C_col
    private int live;

    private FactoredGrid(int d, int[] runOf, int[] colOf, double[] lead, int runs, double[] last, int cols) {
        this.d = d;
        this.runOf = runOf;
        this.colOf = colOf;
        this.lead = lead;
        this.runs = runs;
        this.last = last;
        this.cols = cols;
        this.runStart = new int[runs + 1];
        for (int p = 1, r = 0; p <= runOf.length; p++) {
            if (p == runOf.length || runOf[p] != r) {
                runStart[r + 1] = p;
                r++;
            }
        }
        this.runCol = contiguousColumns();
    }

    /**
     * Renumbers the columns so that every run's points have consecutive columns, in the order of its points,
     * and returns each run's first column; null (numbering kept) when that is impossible. A lattice's run is a
     * stretch of consecutive nodes along the last axis, so "column b follows column a" is the same relation
     * in every run: the columns then form chains, and numbering each chain in order makes every run a slice
     * of one. The step's passes ({@link FactoredSweep}) need this: their loops run over a run's points and
     * its columns with one index, which C2 compiles to SIMD code (with two offsets it does not).
     */
    private int[] contiguousColumns() {
        int[] next = new int[cols];
        int[] prev = new int[cols];
        java.util.Arrays.fill(next, -1);
        java.util.Arrays.fill(prev, -1);
        for (int p = 0; p + 1 < runOf.length; p++) {
            if (runOf[p + 1] != runOf[p]) {
                continue;
            }
            int a = colOf[p];
            int b = colOf[p + 1];
            if (!(last[a] < last[b])) {
                return null; // not in increasing order along the run: no chain
            }
            if ((next[a] != -1 || prev[b] != -1) && (next[a] != b || prev[b] != a)) {
                return null; // a column followed by two different ones
            }
            next[a] = b;
            prev[b] = a;
        }
        int[] renumber = new int[cols];
        int count = 0;
        for (int c = 0; c < cols; c++) {
            if (prev[c] != -1) {
                continue;
            }
            for (int k = c; k != -1; k = next[k]) {
                renumber[k] = count++;
            }
        }
        double[] ordered = new double[cols];
        for (int c = 0; c < cols; c++) {
            ordered[renumber[c]] = last[c];
        }
        System.arraycopy(ordered, 0, last, 0, cols);
        for (int p = 0; p < colOf.length; p++) {
            colOf[p] = renumber[colOf[p]];
        }
        int[] first = new int[runs];
        for (int r = 0; r < runs; r++) {
            first[r] = colOf[runStart[r]];
        }
        return first;
    }

    /**
     * The runs (consecutive points with bit-for-bit equal leading coordinates) and the columns (equal last
     * coordinates) of {@code grid}, or null when d = 1 or they are more than a {@link #MIN_GAIN}-th of the
     * points (a sample, a Monte Carlo proxy, a Gauss–Hermite rule in any order: nothing to gain).
     */
    static FactoredGrid of(WeightedPoints grid) {
        int d = grid.d();
        int size = grid.size();
        if (d < 2 || size == 0) {
            return null;
        }
        double[] x = grid.x();
        int budget = size / MIN_GAIN;
        int[] runOf = new int[size];
        int[] colOf = new int[size];
        double[] lead = new double[16 * (d - 1)];
        double[] last = new double[16];
        Map<Long, Integer> columns = new HashMap<>();
        int runs = 0;
        for (int p = 0; p < size; p++) {
            int xo = p * d;
            boolean same = runs > 0;
            for (int c = 0; same && c < d - 1; c++) {
                same = Double.doubleToLongBits(x[xo + c]) == Double.doubleToLongBits(lead[(runs - 1) * (d - 1) + c]);
            }
            if (!same) {
                if (runs + columns.size() >= budget) {
                    return null;
                }
                if ((runs + 1) * (d - 1) > lead.length) {
                    lead = java.util.Arrays.copyOf(lead, 2 * lead.length);
                }
                System.arraycopy(x, xo, lead, runs * (d - 1), d - 1);
                runs++;
            }
            runOf[p] = runs - 1;
            double v = x[xo + d - 1];
            Integer col = columns.get(Double.doubleToLongBits(v));
            if (col == null) {
                if (runs + columns.size() >= budget) {
                    return null;
                }
                col = columns.size();
                columns.put(Double.doubleToLongBits(v), col);
                if (col >= last.length) {
                    last = java.util.Arrays.copyOf(last, 2 * last.length);
                }
                last[col] = v;
            }
            colOf[p] = col;
        }
        return new FactoredGrid(d, runOf, colOf, lead, runs, last, columns.size());
    }

    /** Runs of the grid (for tests). */
    int runs() {
        return runs;
    }

    /** Columns of the grid. */
    int columns() {
        return cols;
    }

    /** True when every run's points have consecutive columns ({@link #runColumn}). */
    boolean contiguous() {
        return runCol != null;
    }

    /** The first point of run {@code r}; {@code runStart(runs())} is the number of points. */
    int runStart(int r) {
        return runStart[r];
    }

    /** The column of run {@code r}'s first point; its k-th point is in column {@code runColumn(r) + k} (when contiguous). */
    int runColumn(int r) {
        return runCol[r];
    }

    /** The first run that starts at or after point {@code p} ({@link #runs()} when none does). */
    int firstRunFrom(int p) {
        int i = java.util.Arrays.binarySearch(runStart, 0, runs, p);
        return i >= 0 ? i : -i - 1;
    }

    /** Coordinate {@code c < d − 1} of run {@code r}'s points. */
    double lead(int r, int c) {
        return lead[r * (d - 1) + c];
    }

    /** The last coordinate of the points in column {@code k}. */
    double last(int k) {
        return last[k];
    }

    /**
     * Fills the tables for the live components {@code lv[0..nl)} with weights {@code exp(logPi)} and means
     * {@code mu} (n × d): {@code (runs + columns) × nl} exponentials.
     */
    void prepare(int nl, int[] lv, double[] logPi, double[] mu) {
        live = nl;
        if (runFactor.length < runs * nl) {
            runFactor = new double[runs * nl];
            colFactor = new double[cols * nl];
        }
        if (runShift.length < runs) {
            runShift = new double[runs];
            colShift = new double[cols];
        }
        int dl = d - 1;
        for (int r = 0; r < runs; r++) {
            int ro = r * nl;
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nl; j++) {
                int mo = lv[j] * d;
                double q = 0;
                for (int c = 0; c < dl; c++) {
                    double u = lead[r * dl + c] - mu[mo + c];
                    q += u * u;
                }
                double a = logPi[lv[j]] - 0.5 * q;
                runFactor[ro + j] = a;
                top = Math.max(top, a);
            }
            fillFactors(runFactor, ro, nl, top);
            runShift[r] = top == Double.NEGATIVE_INFINITY ? 0 : top;
        }
        for (int k = 0; k < cols; k++) {
            int co = k * nl;
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nl; j++) {
                double u = last[k] - mu[lv[j] * d + dl];
                double b = -0.5 * (u * u);
                colFactor[co + j] = b;
                top = Math.max(top, b);
            }
            fillFactors(colFactor, co, nl, top);
            colShift[k] = top == Double.NEGATIVE_INFINITY ? 0 : top;
        }
    }

    /**
     * {@code t[o + j] = exp(t[o + j] − top)}, all 0 when no exponent is finite (the point is then summed
     * directly).
     */
    private static void fillFactors(double[] t, int o, int nl, double top) {
        for (int j = 0; j < nl; j++) {
            t[o + j] = top == Double.NEGATIVE_INFINITY ? 0 : Math.exp(t[o + j] - top);
        }
    }

    /**
     * The KL sums of points {@code [from, to)} into {@code acc[off]} ({@code Σ w f}) and {@code acc[off + 1]}
     * ({@code Σ w|f|}, or {@code Σ w f²} when {@code squares}), {@code f = lt − lse}, lse as
     * {@link OverparamGradientEm}'s check pass defines it; per block of {@code block} points into lanes
     * {@code l0}, {@code l1} (zeroed here, {@code block} long), added up at the end as the check pass adds its
     * lanes. {@code xb}, {@code wb}, {@code ltb}: the grid per block, coordinate-major; {@code a}: scratch of at
     * least nl.
     */
    void klChunk(double[][][] xb, double[][] wb, double[][] ltb, int block, int[] lv, double[] logPi, double[] mu,
                 boolean squares, int from, int to, double[] l0, double[] l1, double[] a, double[] acc, int off) {
        final int nl = live;
        java.util.Arrays.fill(l0, 0.0);
        java.util.Arrays.fill(l1, 0.0);
        final double[] rf = runFactor;
        final double[] cf = colFactor;
        for (int b0 = from; b0 < to; b0 += block) {
            final int g = b0 / block;
            final int len = Math.min(to, b0 + block) - b0;
            final double[] w = wb[g];
            final double[] lt = ltb[g];
            for (int q = 0; q < len; q++) {
                int p = b0 + q;
                int run = runOf[p];
                int col = colOf[p];
                int ro = run * nl;
                int co = col * nl;
                // four running sums, so that the additions do not wait on one another
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int j = 0;
                for (; j + 3 < nl; j += 4) {
                    s0 += rf[ro + j] * cf[co + j];
                    s1 += rf[ro + j + 1] * cf[co + j + 1];
                    s2 += rf[ro + j + 2] * cf[co + j + 2];
                    s3 += rf[ro + j + 3] * cf[co + j + 3];
                }
                for (; j < nl; j++) {
                    s0 += rf[ro + j] * cf[co + j];
                }
                double s = (s0 + s1) + (s2 + s3);
                double lse = s >= OverparamGradientEm.SHIFT_RESCUE
                        ? (runShift[run] + colShift[col]) + Math.log(s)
                        : direct(xb[g], q, nl, lv, logPi, mu, a);
                double f = lt[q] - lse;
                double wf = w[q] * f;
                l0[q] += wf;
                l1[q] += squares ? wf * f : w[q] * Math.abs(f);
            }
        }
        acc[off] += SweepMath.sum(l0, 0, block);
        acc[off + 1] += SweepMath.sum(l1, 0, block);
    }

    /** {@code log Σ_j exp(log π_j − ‖x − μ_j‖²/2)} at row {@code q} of a block, in log space. */
    private double direct(double[][] x, int q, int nl, int[] lv, double[] logPi, double[] mu, double[] a) {
        for (int j = 0; j < nl; j++) {
            int mo = lv[j] * d;
            double s = 0;
            for (int c = 0; c < d; c++) {
                double u = x[c][q] - mu[mo + c];
                s += u * u;
            }
            a[j] = logPi[lv[j]] - 0.5 * s;
        }
        return Stable.logSumExp(a, 0, nl);
    }
}
