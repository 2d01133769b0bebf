package org.emlab.core.lab;

import java.util.List;
import java.util.Map;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Handle;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * What a run lets the user drag in its geometry (docs/explore-and-verify.md, "Direct manipulation"),
 * implemented by each lab in its own package ({@link LabRun#manipulation()}). Called on the compute
 * thread only, which owns the run, its engine and its history.
 *
 * <ul>
 *   <li>{@link #handles}: the handles of the shown state, by panel id (the run loop attaches them to
 *       the figure's panels: {@link org.emlab.core.figure.Panel#handles()});</li>
 *   <li>{@link #dragStart}: a drop of a {@link Handle.Target#START} handle as new parameters, from which
 *       the run restarts with the same data and seed (so that the form, the CLI and a preset reproduce
 *       the dragged start);</li>
 *   <li>{@link #dragCurrent}: a drop of a {@link Handle.Target#CURRENT} handle as a new exact engine
 *       state at the shown iteration (the run goes on from it: "nudged by the user").</li>
 * </ul>
 * In a projection (d &gt; 2) a drop moves the two shown coordinates only. A drop the lab cannot
 * express throws a {@link org.emlab.core.param.ValidationException} with the reason.
 */
public interface Manipulation {

    /**
     * The handles of history entry {@code cursor}, by the id of the panel they belong to.
     *
     * @param h      the run's history
     * @param cursor the entry shown
     * @param view   the view settings (projection)
     */
    Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view);

    /**
     * The parameters whose start puts the dragged part at {@code (x, y)} (the panel's data coordinates)
     * and leaves the rest of the start as it was (history entry 0); the data parameters and the seed are
     * kept. Any handle may be dropped here: a {@link Handle.Target#CURRENT} handle (shown at entry
     * {@code cursor}) starts its part where it was dropped, as its preview showed it (a line through its
     * pivot and the drop).
     */
    ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                          Map<String, String> view);

    /**
     * The engine state that puts handle {@code handleId} at {@code (x, y)}, everything else as in
     * {@code state} (the engine's exact state at the shown iteration).
     */
    double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                         Map<String, String> view);

    /**
     * Puts the engine in {@code state} at {@code iteration} after a drop of the current iterate. The
     * default restores it; a run that keeps records beside the engine (an A/B pair) updates them too.
     */
    default void apply(StepEngine engine, double[] state, int iteration) {
        engine.restore(state, iteration);
    }

    /** No handles: the lab's geometry cannot be dragged. */
    Manipulation NONE = new Manipulation() {
        @Override
        public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
            return Map.of();
        }

        @Override
        public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x,
                                     double y, Map<String, String> view) {
            throw new org.emlab.core.param.ValidationException("handle", "this lab has no draggable start");
        }

        @Override
        public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x,
                                    double y, Map<String, String> view) {
            throw new org.emlab.core.param.ValidationException("handle", "this lab has no draggable iterate");
        }
    };
}
