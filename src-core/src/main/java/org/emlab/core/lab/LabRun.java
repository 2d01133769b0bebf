package org.emlab.core.lab;

import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * One run of a lab: its parameters, its data, its step engine, and the builder of its figure.
 * Owned by one compute thread.
 */
public interface LabRun {

    Lab lab();

    ParamValues params();

    /** The sample the run uses, or null in population mode (and for a streaming run: see {@link #streamsSamples()}). */
    Dataset data();

    /**
     * True when the run draws its samples as it goes (an online stream, such as mlr-recursive) instead
     * of holding a fixed sample: {@link #data()} is then null and {@link #streamedSamples} gives the
     * samples consumed so far.
     */
    default boolean streamsSamples() {
        return false;
    }

    /**
     * For a streaming run: the samples consumed in the first {@code iteration} iterations, in order, with
     * their true labels (see the lab's documentation for the columns).
     */
    default Dataset streamedSamples(int iteration) {
        throw new UnsupportedOperationException(lab().id() + " holds a fixed sample (or none): use data()");
    }

    StepEngine engine();

    /**
     * Lines for the header of an exported trajectory about the accuracy of its population values: the
     * rule and the largest error estimates over the rows of {@code history} (none by default).
     */
    default java.util.List<String> accuracyNotes(History history) {
        return java.util.List.of();
    }

    /**
     * Builds the render-ready figure of the current state, with curves taken from {@code history}.
     * Called on the compute thread; every array in the result must be a fresh copy or immutable.
     *
     * <p>When the user has scrubbed back, the engine has been restored to the state of history
     * entry {@code cursor}: the geometry shows that state, and curves mark that iteration.
     *
     * @param history the recorded iterates (including the current one)
     * @param cursor  the history index being shown
     * @param view    view settings chosen in the UI (see {@link Lab#viewOptions()}); may be empty
     */
    Figure figure(History history, int cursor, Map<String, String> view);

    /**
     * What the user can drag in this run's geometry (its start and its current iterate), or
     * {@link Manipulation#NONE}. Labs implement it in their own package.
     */
    default Manipulation manipulation() {
        return Manipulation.NONE;
    }
}
