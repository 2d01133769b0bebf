package org.emlab.core.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;

/**
 * Every recorded iterate of a run as CSV: {@code iter}, then the metrics and every parameter
 * flattened, exactly the columns of {@code ./emlab run}, after {@code #} lines with the run's
 * parameters and seed (and, for population runs, the rule and the largest error estimates over the
 * rows, {@link LabRun#accuracyNotes}). Numbers are written so that they read back to the same doubles.
 */
public final class TrajectoryCsv {
    private TrajectoryCsv() {
    }

    /**
     * The rows of a history, captured on the compute thread: the row arrays are shared (a history
     * never modifies a recorded row) and the list of them is copied.
     *
     * @param thinned true when the history dropped entries to stay within its memory bound
     */
    public record Table(Lab lab, ParamValues params, List<String> columns, int[] iterations, List<double[]> rows,
                        boolean thinned, List<String> notes) {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }

        /** A table without extra header notes. */
        public Table(Lab lab, ParamValues params, List<String> columns, int[] iterations, List<double[]> rows,
                     boolean thinned) {
            this(lab, params, columns, iterations, rows, thinned, List.of());
        }

        /** Captures {@code h} (call on the thread that owns the history). */
        public static Table of(LabRun run, History h) {
            int n = h.size();
            int[] its = new int[n];
            List<double[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                its[i] = h.iteration(i);
                rows.add(h.row(i));
            }
            boolean thinned = n > 0 && its[n - 1] - its[0] + 1 != n;
            return new Table(run.lab(), run.params(), h.columns(), its, rows, thinned, run.accuracyNotes(h));
        }

        /** The latest iteration, or 0 when empty. */
        public int lastIteration() {
            return iterations.length == 0 ? 0 : iterations[iterations.length - 1];
        }
    }

    /** Writes the table atomically. */
    public static void write(Path file, Table t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    public static void write(OutputStream os, Table t) throws IOException {
        CsvWriter w = new CsvWriter(os);
        List<String> head = RunHeader.lines("trajectory: every recorded iterate", t.lab(), t.params(), t.lastIteration());
        head.add("rows: " + t.iterations().length + " recorded iterations"
                + (t.thinned() ? " (the window's history keeps early and recent iterations in full and thins the middle; "
                + "./emlab run writes every one)" : ""));
        head.addAll(t.notes());
        RunHeader.write(w, head);
        List<String> names = new ArrayList<>();
        names.add("iter");
        names.addAll(t.columns());
        w.header(names);
        for (int i = 0; i < t.iterations().length; i++) {
            w.row(t.iterations()[i], t.rows().get(i));
        }
    }
}
