package org.emlab.core.api;

import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.LabRun;

/**
 * How a run went: the run itself (its lab, parameters, data and engine, now at its last iteration),
 * the horizon it ran to, the iterations done and rows produced, why it stopped and the time it took.
 *
 * @param run         the run, its engine at the last iteration
 * @param horizon     where it was to stop
 * @param iterations  iterations done (the last row's iteration minus the first's)
 * @param rows        trajectory rows produced (iteration 0 included)
 * @param stop        why it stopped: the horizon, convergence to rounding, or its engine finished
 * @param stopDetail  the same in words: "the horizon of 200 iterations", "converged to rounding at iteration 87"
 * @param setupNanos  time to generate (or take) the data and set up the engine
 * @param runNanos    time spent stepping and handing out rows
 */
public record RunInfo(LabRun run, Horizon horizon, int iterations, int rows, Horizon.Stop stop, String stopDetail,
                      long setupNanos, long runNanos) {
}
