package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.io.Failure;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.FiniteRows;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.emlab.core.em.StepEngine;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.param.ParamValues;

/**
 * Runs a {@link SweepSpec}: every (point, trial) is an independent run of the lab from
 * {@link SweepSpec#params(int, int)}, stepped to the horizon, and reduced to its statistic. Runs
 * are spread over {@code threads} worker threads that take the next run index from a shared
 * counter; each result is stored at its own index, so the result is identical whatever the number
 * of threads. Every statistic of a run is measured in the same pass ({@link #measureAll}).
 *
 * <p>Runs are ordered trial by trial (all points of trial 0, then of trial 1, ...): every stretch
 * of work then has the same mix of cheap and expensive points, which keeps the progress fraction
 * (and so the ETA) honest, and a cancelled sweep still has whole trials at every point.
 *
 * <p>Threads share nothing but the two counters (the next run index and the runs done) and the listener.
 * While runs are still waiting to be handed out, every worker's own sums stay on its thread
 * ({@link ChunkedSums#allowHelpersWhen}): the workers already occupy the cores, and helper tasks queued
 * by one run behind another only cost switches and spinning. Once the last run has been handed out,
 * the runs still going may use the cores the finished workers left idle. Results are the same either
 * way (issue 19).
 *
 * <p>Cancel: once {@code cancelled} returns true no further run starts, and the runs in progress
 * stop at their next iteration; their results stay NaN.
 */
public final class SweepRunner {
    /** Progress callbacks, called from the worker threads. */
    public interface Listener {
        /** Run {@code index} (point {@code index % points}, trial {@code index / points}) starts. */
        default void started(int index) {
        }

        /** Run {@code index} completed with (first) statistic {@code value} (called just before {@link #finished}). */
        default void measured(int index, double value) {
        }

        /** Run {@code index} completed with every statistic, in the spec's order (by default: {@link #measured} of the first). */
        default void measuredAll(int index, double[] values) {
            measured(index, values[0]);
        }

        /** Run {@code index} completed; {@code done} of {@code total} runs have completed so far. */
        default void finished(int index, int done, int total) {
        }
    }

    /** A listener that ignores everything. */
    public static final Listener SILENT = new Listener() {
    };

    private SweepRunner() {
    }

    /** Runs the sweep on {@code threads} threads (the calling thread is one of them). */
    public static SweepResult run(SweepSpec spec, int threads, Listener listener, BooleanSupplier cancelled) {
        int points = spec.points();
        int trials = spec.trials();
        int measures = spec.measures().size();
        int total = points * trials;
        long[] seeds = new long[trials];
        for (int r = 0; r < trials; r++) {
            seeds[r] = spec.seed(r);
        }
        double[][][] stats = new double[measures][points][trials];
        for (double[][] m : stats) {
            for (double[] row : m) {
                java.util.Arrays.fill(row, Double.NaN);
            }
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BooleanSupplier stop = () -> failure.get() != null || cancelled.getAsBoolean();
        int n = Math.max(1, Math.min(threads, total));
        // with several workers every core is busy until the last run has been handed out: until then a run's
        // own sums stay on its thread (the same results, no helper tasks queued behind other runs)
        java.util.function.BooleanSupplier idleCores = n > 1 ? () -> next.get() >= total : null;
        Runnable worker = () -> {
            ChunkedSums.allowHelpersWhen(idleCores);
            try {
                work(spec, stats, next, done, failure, stop, listener, total);
            } finally {
                ChunkedSums.allowHelpersWhen(null);
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            Thread th = new Thread(worker, "emlab-sweep-" + t);
            th.setDaemon(true);
            helpers.add(th);
            th.start();
        }
        worker.run();
        for (Thread th : helpers) {
            boolean joined = false;
            while (!joined) {
                try {
                    th.join();
                    joined = true;
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, new IllegalStateException("sweep interrupted"));
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        int completed = done.get();
        return new SweepResult(spec, seeds, stats, completed, completed < total);
    }

    /** A worker's loop: claims run indices from {@code next} until none is left, a run fails or the sweep stops. */
    private static void work(SweepSpec spec, double[][][] stats, AtomicInteger next, AtomicInteger done,
                             AtomicReference<Throwable> failure, BooleanSupplier stop, Listener listener, int total) {
        int points = spec.points();
        int measures = spec.measures().size();
        while (!stop.getAsBoolean()) {
            int i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            int point = i % points;
            int trial = i / points;
            listener.started(i);
            double[] v;
            try {
                v = measureAll(spec, spec.params(point, trial), stop);
            } catch (RuntimeException | OutOfMemoryError e) {
                StringBuilder at = new StringBuilder();
                for (int d = 0; d < spec.ranges().size(); d++) {
                    at.append(d == 0 ? "" : ", ").append(spec.ranges().get(d).param()).append(" = ")
                            .append(spec.valueText(point, d));
                }
                String which = "sweep run " + at + ", trial " + trial;
                Throwable f;
                if (e instanceof ValidationException ve) {
                    f = new ValidationException(ve.errors().isEmpty() ? "vary" : ve.errors().get(0).field(), which + ": "
                            + e.getMessage());
                } else if (e instanceof Failure) {
                    f = new Failure(which + ": " + e.getMessage(), e);
                } else if (e instanceof OutOfMemoryError) {
                    f = e;
                } else {
                    f = new IllegalStateException(which + " failed", e);
                }
                failure.compareAndSet(null, f);
                return;
            }
            if (v == null) {
                return; // stopped part-way
            }
            for (int m = 0; m < measures; m++) {
                stats[m][point][trial] = v[m];
            }
            listener.measuredAll(i, v);
            listener.finished(i, done.incrementAndGet(), total);
        }
    }

    /** The first statistic of one run ({@link #measureAll}); NaN when {@code stop} became true part-way. */
    public static double measure(SweepSpec spec, ParamValues p, BooleanSupplier stop) {
        double[] v = measureAll(spec, p, stop);
        return v == null ? Double.NaN : v[0];
    }

    /**
     * One run: starts the lab with {@code p}, steps to the horizon (or until the engine finishes; when every
     * statistic is an iteration count that has been reached, no further), and returns every statistic of the
     * spec, in its order; null when {@code stop} became true part-way.
     */
    public static double[] measureAll(SweepSpec spec, ParamValues p, BooleanSupplier stop) {
        Lab lab = spec.lab();
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        List<String> cols = e.columns();
        List<Measure> ms = spec.measures();
        int k = ms.size();
        int[] col = new int[k];
        double[] threshold = new double[k];
        double[] out = new double[k];
        boolean[] fixed = new boolean[k];
        int[][] group = new int[k][];
        Trail[] trail = new Trail[k];
        boolean hittingOnly = true;
        boolean everyRow = false;
        for (int m = 0; m < k; m++) {
            Measure me = ms.get(m);
            String c = me.column(lab);
            col[m] = c == null ? -1 : cols.indexOf(c);
            if (c != null && col[m] < 0) {
                if (me.prefix().isEmpty() && me.stat() != Statistic.FINAL && me.stat() != Statistic.FINAL_LOGLIK) {
                    throw new IllegalStateException("lab " + lab.id() + " names a column its engine does not have");
                }
                throw new ValidationException("stat", me.id() + ": lab " + lab.id() + " has no column " + c + " (its columns: "
                        + String.join(", ", cols) + ")");
            }
            threshold[m] = Double.NaN;
            switch (me.stat()) {
                case ITERATIONS_TO_EPS -> threshold[m] = me.number();
                case ITERATIONS_TO_FLOOR -> {
                    java.util.OptionalDouble floor = lab.errorFloor(p);
                    if (floor.isEmpty()) {
                        throw new ValidationException("stat", me.id() + ": lab " + lab.id() + " names no statistical floor "
                                + "for these parameters" + (p.has("population") && p.getBool("population")
                                ? " (population mode has none)" : ""));
                    }
                    threshold[m] = me.number() * floor.getAsDouble();
                }
                case ITERATIONS_TO_FINAL -> {
                    group[m] = parameterColumns(cols, e.metricCount(), me.prefix(), lab);
                    trail[m] = new Trail(group[m].length);
                    hittingOnly = false;
                }
                default -> hittingOnly = false;
            }
            everyRow |= me.stat().counts();
        }
        double[] row = new double[cols.size()];
        if (everyRow) {
            e.row(row);
            FiniteRows.check(e.iteration(), cols, row);
            if (observe(e.iteration(), row, ms, col, threshold, out, fixed, group, trail) && hittingOnly) {
                return out;
            }
        }
        for (int t = 0; t < spec.iterations() && !e.finished(); t++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            e.step();
            if (everyRow) {
                e.row(row);
                FiniteRows.check(e.iteration(), cols, row);
                if (observe(e.iteration(), row, ms, col, threshold, out, fixed, group, trail) && hittingOnly) {
                    return out;
                }
            }
        }
        e.row(row);
        // a NaN or infinite final error or KL is a failure of the run, never a statistic
        FiniteRows.check(e.iteration(), cols, row);
        for (int m = 0; m < k; m++) {
            Measure me = ms.get(m);
            out[m] = switch (me.stat()) {
                case FINAL_ERROR, FINAL_KL, FINAL_LOGLIK, FINAL -> row[col[m]];
                case STUCK -> lab.stuck(p, cols, row) ? 1.0 : 0.0;
                // never reached: written "inf" on purpose (SweepCsv)
                case ITERATIONS_TO_EPS, ITERATIONS_TO_FLOOR -> fixed[m] ? out[m] : Double.POSITIVE_INFINITY;
                case ITERATIONS_TO_FINAL -> trail[m].firstWithin(me.number() * Math.abs(row[col[m]]));
            };
        }
        return out;
    }

    /** Records one row; true when every hitting-time statistic has been reached. */
    private static boolean observe(int iteration, double[] row, List<Measure> ms, int[] col, double[] threshold, double[] out,
                                   boolean[] fixed, int[][] group, Trail[] trail) {
        boolean all = true;
        for (int m = 0; m < ms.size(); m++) {
            if (trail[m] != null) {
                trail[m].add(iteration, row, group[m]);
            } else if (!Double.isNaN(threshold[m])) {
                if (!fixed[m] && row[col[m]] <= threshold[m]) {
                    out[m] = iteration;
                    fixed[m] = true;
                }
                all &= fixed[m];
            }
        }
        return all;
    }

    /**
     * The parameter columns of a statistic with column prefix {@code prefix}: the columns after the metrics
     * that start with it; for no prefix, those that belong to no prefixed variant (a metric {@code X + error
     * column} marks {@code X} as one, e.g. {@code iid_} by {@code iid_error}).
     */
    static int[] parameterColumns(List<String> cols, int metricCount, String prefix, Lab lab) {
        List<String> variants = new ArrayList<>();
        String err = lab.errorColumn().orElse("");
        for (int i = 0; i < metricCount; i++) {
            String c = cols.get(i);
            if (!err.isEmpty() && c.endsWith(err) && c.length() > err.length()) {
                variants.add(c.substring(0, c.length() - err.length()));
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = metricCount; i < cols.size(); i++) {
            String c = cols.get(i);
            boolean ok = prefix.isEmpty() ? variants.stream().noneMatch(c::startsWith) : c.startsWith(prefix);
            if (ok) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            throw new ValidationException("stat", "iterations_to_final: lab " + lab.id() + " has no parameter columns"
                    + (prefix.isEmpty() ? "" : " starting with " + prefix));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The parameter columns of every recorded iteration, for {@link Statistic#ITERATIONS_TO_FINAL}. */
    private static final class Trail {
        private final int width;
        private double[] values = new double[64];
        private int[] iterations = new int[8];
        private int size;

        Trail(int width) {
            this.width = width;
        }

        void add(int iteration, double[] row, int[] group) {
            if (size == iterations.length) {
                iterations = java.util.Arrays.copyOf(iterations, size * 2);
            }
            if ((size + 1) * width > values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, (size + 1) * width));
            }
            for (int c = 0; c < width; c++) {
                values[size * width + c] = row[group[c]];
            }
            iterations[size++] = iteration;
        }

        /** The first recorded iteration within {@code radius} (Euclidean) of the last one. */
        double firstWithin(double radius) {
            int last = (size - 1) * width;
            for (int i = 0; i < size; i++) {
                double s = 0;
                for (int c = 0; c < width; c++) {
                    double d = values[i * width + c] - values[last + c];
                    s += d * d;
                }
                if (Math.sqrt(s) <= radius) {
                    return iterations[i];
                }
            }
            return iterations[size - 1];
        }
    }
}
