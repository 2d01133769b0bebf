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

    /** The sample the run uses, or null in population mode. */
    Dataset data();

    StepEngine engine();

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
