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
import org.emlab.core.param.ParamValues;

/**
 * Runs a {@link SweepSpec}: every (point, trial) is an independent run of the lab from
 * {@link SweepSpec#params(int, int)}, stepped to the horizon, and reduced to its statistic. Runs
 * are spread over {@code threads} worker threads that take the next run index from a shared
 * counter; each result is stored at its own index, so the result is identical whatever the number
 * of threads.
 *
 * <p>Runs are ordered trial by trial (all points of trial 0, then of trial 1, ...): every stretch
 * of work then has the same mix of cheap and expensive points, which keeps the progress fraction
 * (and so the ETA) honest, and a cancelled sweep still has whole trials at every point.
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

        /** Run {@code index} completed with statistic {@code value} (called just before {@link #finished}). */
        default void measured(int index, double value) {
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
        double[] values = spec.values();
        int points = values.length;
        int trials = spec.trials();
        int total = points * trials;
        long[] seeds = new long[trials];
        for (int r = 0; r < trials; r++) {
            seeds[r] = spec.seed(r);
        }
        double[][] stat = new double[points][trials];
        for (double[] row : stat) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BooleanSupplier stop = () -> failure.get() != null || cancelled.getAsBoolean();
        Runnable worker = () -> {
            while (!stop.getAsBoolean()) {
                int i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                int point = i % points;
                int trial = i / points;
                listener.started(i);
                double v;
                try {
                    v = measure(spec, spec.params(point, trial), stop);
                } catch (RuntimeException | OutOfMemoryError e) {
                    String which = "sweep run " + spec.range().param() + " = " + spec.valueText(point) + ", trial " + trial;
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
                if (Double.isNaN(v)) {
                    return; // stopped part-way
                }
                stat[point][trial] = v;
                listener.measured(i, v);
                listener.finished(i, done.incrementAndGet(), total);
            }
        };
        int n = Math.max(1, Math.min(threads, total));
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
        return new SweepResult(spec, values, seeds, stat, completed, completed < total);
    }

    /**
     * One run: starts the lab with {@code p}, steps to the horizon (or until the engine finishes),
     * and returns the statistic; NaN when {@code stop} became true part-way.
     */
    public static double measure(SweepSpec spec, ParamValues p, BooleanSupplier stop) {
        Lab lab = spec.lab();
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        List<String> cols = e.columns();
        double[] row = new double[cols.size()];
        Statistic stat = spec.stat();
        int err = lab.errorColumn().map(cols::indexOf).orElse(-1);
        int kl = lab.klColumn().map(cols::indexOf).orElse(-1);
        if ((stat == Statistic.FINAL_ERROR || stat == Statistic.ITERATIONS_TO_EPS) && err < 0
                || stat == Statistic.FINAL_KL && kl < 0) {
            throw new IllegalStateException("lab " + lab.id() + " names a column its engine does not have");
        }
        if (stat == Statistic.ITERATIONS_TO_EPS) {
            e.row(row);
            FiniteRows.check(e.iteration(), cols, row);
            if (row[err] <= spec.eps()) {
                return e.iteration();
            }
        }
        for (int t = 0; t < spec.iterations() && !e.finished(); t++) {
            if (stop.getAsBoolean()) {
                return Double.NaN;
            }
            e.step();
            if (stat == Statistic.ITERATIONS_TO_EPS) {
                e.row(row);
                FiniteRows.check(e.iteration(), cols, row);
                if (row[err] <= spec.eps()) {
                    return e.iteration();
                }
            }
        }
        if (stat == Statistic.ITERATIONS_TO_EPS) {
            return Double.POSITIVE_INFINITY; // never reached ε: written "inf" on purpose (SweepCsv)
        }
        e.row(row);
        // a NaN or infinite final error or KL is a failure of the run, never a statistic
        FiniteRows.check(e.iteration(), cols, row);
        return switch (stat) {
            case FINAL_ERROR -> row[err];
            case FINAL_KL -> row[kl];
            case STUCK -> lab.stuck(p, cols, row) ? 1.0 : 0.0;
            default -> throw new IllegalStateException(stat.id());
        };
    }
}
