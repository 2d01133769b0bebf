package org.emlab.core.api;

import java.io.IOException;
import org.emlab.core.lab.LabRun;

/**
 * Receives a run's trajectory row by row, as it is computed ({@link Experiment#stream}): the CLI writes
 * each row to its CSV, so a run of any length needs no memory for its trajectory.
 */
@FunctionalInterface
public interface RowObserver {
    /** The run is set up (data generated, engine initialised); no row has been computed yet. */
    default void started(LabRun run) throws IOException {
    }

    /**
     * One row: {@code row} holds the engine's columns ({@code run.engine().columns()}, metrics then
     * parameters) at {@code iteration}. The array is reused for the next row: copy it to keep it.
     */
    void row(int iteration, double[] row) throws IOException;
}
