package org.emlab.core.trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded iterates of one run: for each recorded iteration its trajectory row (metrics then
 * parameters) and its full engine state, so that any recorded point can be shown and resumed.
 *
 * <p>Bounded: at most {@link #DEFAULT_CAPACITY} entries, fewer for wide rows so that one history
 * stays within {@link #MEMORY_BUDGET}. The most recent {@link #RECENT_WINDOW} iterations and the
 * first {@link #EARLY_KEPT} (each at most a fraction of the capacity) are always kept in full; when the capacity is
 * reached, about half of the entries between them are dropped — those whose neighbours are closest
 * on a log scale — so a long run keeps a roughly log-uniform record and log-scale curves keep their
 * shape in every decade. Owned by the compute thread; the arrays it
 * hands out are never modified afterwards.
 */
public final class History {
    /** Maximum number of recorded entries. */
    public static final int DEFAULT_CAPACITY = 20_000;
    /** The latest iterations always kept one by one. */
    public static final int RECENT_WINDOW = 4_000;
    /** The first iterations always kept one by one (they matter most on log axes). */
    public static final int EARLY_KEPT = 1_000;

    private final List<String> columns;
    private final int capacity;
    private final int recentWindow;
    private final int earlyKept;
    private int[] iterations;
    private double[][] rows;
    private double[][] states;
    private int size;
    private final List<Event> events = new ArrayList<>();

    /** Something that happened at an iteration (a pruned component, a re-seeded one, an error). */
    public record Event(int iteration, String text) {
    }

    /** Memory budget of one history, in bytes (rows and states together). */
    public static final long MEMORY_BUDGET = 96L << 20;

    /** A history whose capacity fits {@link #MEMORY_BUDGET} for rows of this width and states of {@code stateLength}. */
    public static History forRun(List<String> columns, int stateLength) {
        return new History(columns, capacityFor(columns.size(), stateLength));
    }

    /** The capacity for rows of {@code width} doubles and states of {@code stateLength} doubles. */
    public static int capacityFor(int width, int stateLength) {
        long perEntry = 8L * (width + stateLength) + 64;
        return (int) Math.max(256, Math.min(DEFAULT_CAPACITY, MEMORY_BUDGET / perEntry));
    }

    /** A history of at most {@code capacity} entries (at least 16). */
    public History(List<String> columns, int capacity) {
        this.columns = List.copyOf(columns);
        this.capacity = Math.max(16, capacity);
        this.recentWindow = Math.min(RECENT_WINDOW, this.capacity / 4);
        this.earlyKept = Math.min(EARLY_KEPT, this.capacity / 8);
        int initial = Math.min(this.capacity, 1024);
        iterations = new int[initial];
        rows = new double[initial][];
        states = new double[initial][];
    }

    /** Column names (after {@code iter}). */
    public List<String> columns() {
        return columns;
    }

    /** Index of a column, or -1. */
    public int column(String name) {
        return columns.indexOf(name);
    }

    /** Number of recorded entries. */
    public int size() {
        return size;
    }

    /** Iteration of entry {@code i}. */
    public int iteration(int i) {
        return iterations[i];
    }

    /** Row of entry {@code i} (do not modify). */
    public double[] row(int i) {
        return rows[i];
    }

    /** State of entry {@code i} (do not modify). */
    public double[] state(int i) {
        return states[i];
    }

    /** The latest iteration recorded, or -1 when empty. */
    public int lastIteration() {
        return size == 0 ? -1 : iterations[size - 1];
    }

    /** The entry index of the latest recorded iteration {@code <= it}, or -1. */
    public int indexAtOrBefore(int it) {
        int lo = 0;
        int hi = size - 1;
        int ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (iterations[mid] <= it) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }

    /**
     * Records iteration {@code it}. The arrays are taken over (the caller must pass copies). If
     * {@code it} is not after the last recorded iteration, the later entries are discarded first
     * (the run continued from a scrubbed point).
     */
    public void record(int it, double[] row, double[] state) {
        while (size > 0 && iterations[size - 1] >= it) {
            size--;
            rows[size] = null;
            states[size] = null;
        }
        if (size == iterations.length) {
            if (size >= capacity) {
                thin();
            } else {
                int n = Math.min(capacity, size * 2);
                iterations = Arrays.copyOf(iterations, n);
                rows = Arrays.copyOf(rows, n);
                states = Arrays.copyOf(states, n);
            }
        }
        iterations[size] = it;
        rows[size] = row;
        states[size] = state;
        size++;
    }

    /**
     * The entries {@code 0..index} and the events up to that entry's iteration, as a history of their own with this
     * one's capacity: what the run had recorded when it stood at entry {@code index} (the rows and states are
     * shared; nobody modifies them).
     */
    public History through(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
        History h = new History(columns, capacity);
        int n = index + 1;
        h.iterations = Arrays.copyOf(iterations, Math.max(n, h.iterations.length));
        h.rows = Arrays.copyOf(rows, h.iterations.length);
        h.states = Arrays.copyOf(states, h.iterations.length);
        java.util.Arrays.fill(h.rows, n, h.rows.length, null);
        java.util.Arrays.fill(h.states, n, h.states.length, null);
        h.size = n;
        int last = iterations[index];
        for (Event e : events) {
            if (e.iteration() <= last) {
                h.events.add(e);
            }
        }
        return h;
    }

    /** Discards every entry after index {@code keepIndex}. */
    public void truncateAfter(int keepIndex) {
        for (int i = keepIndex + 1; i < size; i++) {
            rows[i] = null;
            states[i] = null;
        }
        size = Math.max(0, keepIndex + 1);
        events.removeIf(e -> size == 0 || e.iteration() > iterations[size - 1]);
    }

    /** Drops every other entry between the early block and the recent window. */
    private void thin() {
        int recentFrom = size;
        int lastIt = iterations[size - 1];
        while (recentFrom > 0 && lastIt - iterations[recentFrom - 1] < recentWindow) {
            recentFrom--;
        }
        int earlyTo = 0;
        while (earlyTo < size && iterations[earlyTo] < earlyKept) {
            earlyTo++;
        }
        // Free a quarter of the capacity by repeatedly dropping the middle entry whose two neighbours
        // are closest on a log scale (updating its neighbours' gaps as it goes). Dense stretches are
        // thinned first, so a long run converges to a roughly log-uniform record: log-scale curves
        // keep their shape in every decade, not only at the start and the end.
        int from = Math.max(1, earlyTo);
        int to = Math.min(recentFrom, size - 1);
        boolean[] drop = new boolean[size];
        int removed = 0;
        int target = Math.min(to - from, size - capacity * 3 / 4);
        if (target > 0) {
            int[] prev = new int[size];
            int[] next = new int[size];
            int[] version = new int[size];
            for (int i = 0; i < size; i++) {
                prev[i] = i - 1;
                next[i] = i + 1;
            }
            java.util.PriorityQueue<double[]> heap = new java.util.PriorityQueue<>(Math.max(1, to - from),
                    (x, y) -> Double.compare(x[0], y[0]));
            for (int i = from; i < to; i++) {
                heap.add(new double[] {logGap(prev[i], next[i]), i, 0});
            }
            while (removed < target && !heap.isEmpty()) {
                double[] top = heap.poll();
                int i = (int) top[1];
                if (drop[i] || (int) top[2] != version[i]) {
                    continue;
                }
                drop[i] = true;
                removed++;
                int p = prev[i];
                int n = next[i];
                next[p] = n;
                prev[n] = p;
                for (int j : new int[] {p, n}) {
                    if (j >= from && j < to && !drop[j]) {
                        version[j]++;
                        heap.add(new double[] {logGap(prev[j], next[j]), j, version[j]});
                    }
                }
            }
        }
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (!drop[r]) {
                iterations[w] = iterations[r];
                rows[w] = rows[r];
                states[w] = states[r];
                w++;
            }
        }
        for (int r = w; r < size; r++) {
            rows[r] = null;
            states[r] = null;
        }
        size = w;
        if (removed == 0) {
            // everything is recent or early: grow instead of losing the bound on a pathological capacity
            int n = iterations.length * 2;
            iterations = Arrays.copyOf(iterations, n);
            rows = Arrays.copyOf(rows, n);
            states = Arrays.copyOf(states, n);
        }
    }

    /** {@code log(1 + t_b) − log(1 + t_a)} for entries a &lt; b. */
    private double logGap(int a, int b) {
        return Math.log1p(iterations[b]) - Math.log1p(iterations[a]);
    }

    /** Adds an event. */
    public void event(int iteration, String text) {
        events.add(new Event(iteration, text));
    }

    /** Events up to and including the latest recorded iteration. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * One column against the iteration, for display: at most {@code maxPoints} points, reduced by
     * keeping the first and last point and the minimum and maximum of each bucket (so spikes and
     * floors survive). Entries {@code > uptoIndex} are ignored. Returns {x, y}.
     */
    public double[][] series(String name, int uptoIndex, int maxPoints) {
        int col = column(name);
        if (col < 0) {
            throw new IllegalArgumentException("no column " + name);
        }
        int n = Math.min(size, uptoIndex + 1);
        if (n <= maxPoints || maxPoints < 4) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = iterations[i];
                y[i] = rows[i][col];
            }
            return new double[][] {x, y};
        }
        int buckets = maxPoints / 2;
        double[] x = new double[2 * buckets + 2];
        double[] y = new double[2 * buckets + 2];
        int w = 0;
        x[w] = iterations[0];
        y[w++] = rows[0][col];
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            if (to <= from) {
                continue;
            }
            int iMin = from;
            int iMax = from;
            for (int i = from; i < to; i++) {
                double v = rows[i][col];
                if (v < rows[iMin][col] || Double.isNaN(rows[iMin][col])) {
                    iMin = i;
                }
                if (v > rows[iMax][col] || Double.isNaN(rows[iMax][col])) {
                    iMax = i;
                }
            }
            int a = Math.min(iMin, iMax);
            int c = Math.max(iMin, iMax);
            x[w] = iterations[a];
            y[w++] = rows[a][col];
            if (c != a) {
                x[w] = iterations[c];
                y[w++] = rows[c][col];
            }
        }
        x[w] = iterations[n - 1];
        y[w++] = rows[n - 1][col];
        return new double[][] {Arrays.copyOf(x, w), Arrays.copyOf(y, w)};
    }
}
