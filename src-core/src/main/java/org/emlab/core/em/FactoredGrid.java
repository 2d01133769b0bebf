package org.emlab.core.em;

import java.util.HashMap;
import java.util.Map;
import org.emlab.core.model.WeightedPoints;

/**
 * A grid whose points come in <em>runs</em> that share their leading coordinates x_1..x_{d−1} and whose last
 * coordinate takes few distinct values (<em>columns</em>): the lattice rules of gmm-overparam in d = 2 and 3
 * (docs/labs/gmm-overparam.md, "Population update"; issue 19). There the score of a unit-covariance
 * component factorises,
 * <pre>
 *   log π_i − ‖x − μ_i‖²/2 = [log π_i − Σ_{c&lt;d} (x_c − μ_ic)²/2] + [−(x_d − μ_id)²/2]
 *                         = A_i(run) + B_i(column),
 * </pre>
 * so a pass over the grid needs (runs + columns) × components exponentials (291 + 321 per component on the
 * default rule) instead of points × components (24 441): {@link FactoredSweep} holds those tables and runs the
 * passes. This class finds the runs and the columns, and numbers the columns so that every run is a slice of
 * them ({@link #contiguous()}), which the passes' loops need.
 */
final class FactoredGrid {
    /** A grid is factored when its runs and columns together are at most this fraction of its points. */
    static final int MIN_GAIN = 4;

    private final int d;
    private final double[] lead; // runs × (d − 1): the leading coordinates of each run
    private final double[] last; // columns: the last coordinate
    private final int runs;
    private final int cols;
    private final int[] runStart; // runs + 1: the first point of each run, then the number of points
    private final int[] runCol; // runs, when contiguous: the column of each run's first point (the others follow)

    private FactoredGrid(int d, int[] runOf, int[] colOf, double[] lead, int runs, double[] last, int cols) {
        this.d = d;
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
        this.runCol = contiguousColumns(runOf, colOf);
    }

    /**
     * Renumbers the columns so that every run's points have consecutive columns, in the order of its points,
     * and returns each run's first column; null when that is impossible. {@code runOf}, {@code colOf}: each
     * point's run and column. A lattice's run is a
     * stretch of consecutive nodes along the last axis, so "column b follows column a" is the same relation
     * in every run: the columns then form chains, and numbering each chain in order makes every run a slice
     * of one. The step's passes ({@link FactoredSweep}) need this: their loops run over a run's points and
     * its columns with one index, which C2 compiles to SIMD code (with two offsets it does not).
     */
    private int[] contiguousColumns(int[] runOf, int[] colOf) {
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
}
