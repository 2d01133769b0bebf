package org.emlab.core.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * Runs a lab without the window, recording every iteration and timeline event in a {@link History}
 * exactly as the compute thread ({@link RunLoop}) does, so the figure built afterwards is the one the window shows
 * after the same number of iterations. Used by {@code ./emlab render}, sessions and tests.
 */
public final class HeadlessRun {
    private HeadlessRun() {
    }

    /** Steps {@code iterations} full iterations (fewer if the engine finishes) and returns the history. */
    public static History run(LabRun run, int iterations) {
        return run(run, iterations, () -> false);
    }

    /**
     * Steps {@code iterations} full iterations, recording each; stops early when the engine finishes
     * or {@code cancelled} turns true (checked before every step). A row with a NaN or an infinity stops
     * the run with {@link FiniteRows.NonFinite} (naming the iteration and the column).
     */
    public static History run(LabRun run, int iterations, BooleanSupplier cancelled) {
        int[] steps = {0};
        return record(run, h -> steps[0]++ >= iterations || cancelled.getAsBoolean());
    }

    /**
     * Steps until {@code horizon} is reached or the engine finishes, recording each iteration: where
     * the window stops playing the same run.
     */
    public static History run(LabRun run, Horizon horizon) {
        return run(run, horizon, () -> false);
    }

    /** {@link #run(LabRun, Horizon)}, stopping early when {@code cancelled} turns true (checked before every step). */
    public static History run(LabRun run, Horizon horizon, BooleanSupplier cancelled) {
        return record(run, h -> horizon.reached(h) != null || cancelled.getAsBoolean());
    }

    /** Records iteration 0, then steps and records until the engine finishes or {@code stop} says so. */
    private static History record(LabRun run, java.util.function.Predicate<History> stop) {
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        FiniteRows.check(e.iteration(), e.columns(), row);
        h.record(e.iteration(), row.clone(), e.state());
        drain(e, h);
        while (!e.finished() && !stop.test(h)) {
            e.step();
            e.row(row);
            FiniteRows.check(e.iteration(), e.columns(), row);
            h.record(e.iteration(), row.clone(), e.state());
            drain(e, h);
        }
        return h;
    }

    /** The engine's timeline events, added to the history at the current iteration (as the run loop does). */
    private static void drain(StepEngine e, History h) {
        for (String ev : e.drainEvents()) {
            h.event(e.iteration(), ev);
        }
    }

    /** The view settings the window starts with: every view option at its default choice. */
    public static Map<String, String> defaultView(Lab lab, ParamValues p) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Lab.ViewOption o : lab.viewOptions(p)) {
            v.put(o.name(), o.defaultChoice());
        }
        return v;
    }

    /** The figure of the latest recorded iteration. */
    public static Figure figure(LabRun run, History h, Map<String, String> view) {
        return run.figure(h, h.size() - 1, view);
    }
}
