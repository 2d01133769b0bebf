package org.emlab.core.run;

import java.util.List;
import org.emlab.core.figure.Figure;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * An immutable picture of a run, published by the compute thread and read by the UI once per
 * frame. Everything in it is a copy or immutable: no live buffer of the engine is ever reachable.
 *
 * @param runId         increases with every new run (a parameter edit starts a new run)
 * @param revision      increases with every published snapshot
 * @param labId         the lab
 * @param params        the run's parameters (with its seed)
 * @param iteration     the iteration shown
 * @param liveIteration the latest computed iteration
 * @param cursor        history index shown (for the scrubber)
 * @param historySize   number of recorded entries
 * @param firstIteration iteration of history entry 0
 * @param playing       true while the compute thread is stepping on its own
 * @param halfStepPending true when an E-step has run and its M-step is pending
 * @param columns       trajectory column names (after {@code iter})
 * @param row           trajectory row at {@code iteration}
 * @param figure        render-ready panels
 * @param caption       what the last step did
 * @param events        timeline events (pruned components, collapsed components, errors)
 * @param error         one-line error message, or null
 * @param errorDetails  full details (stack trace) for "copy details", or null
 * @param millisPerIteration recent mean compute time per iteration
 * @param finished      true when the engine cannot usefully step further
 * @param status        short status line ("generating data…", "ready")
 * @param commandsDone  the highest ticket of a command the compute thread had run when it published
 *                      this (a command's effect shows in every snapshot with at least its ticket)
 * @param iterationsPerStep how far one step moves the iteration counter (1, or the batch of a lab whose
 *                      counter counts samples: mlr-recursive), as the last step measured it
 */
public record Snapshot(long runId, long revision, String labId, ParamValues params, int iteration, int liveIteration,
                       int cursor, int historySize, int firstIteration, boolean playing, boolean halfStepPending,
                       List<String> columns, double[] row, Figure figure, String caption, List<History.Event> events,
                       String error, String errorDetails, double millisPerIteration, boolean finished, String status,
                       long commandsDone, int iterationsPerStep) {

    /** The value of a trajectory column at the shown iteration, or NaN. */
    public double value(String column) {
        int i = columns.indexOf(column);
        return i < 0 ? Double.NaN : row[i];
    }

    /** True when the shown iteration is the latest computed one. */
    public boolean atLiveEnd() {
        return cursor >= historySize - 1;
    }
}
