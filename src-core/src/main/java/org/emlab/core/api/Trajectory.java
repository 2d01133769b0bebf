package org.emlab.core.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;
import org.emlab.core.io.Digests;
import org.emlab.core.lab.Horizon;
import org.emlab.core.output.DataCsv;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ValidationException;

/**
 * A finished run: every row of its trajectory (iteration 0, the initial parameters, then one row per
 * iteration), the data it ran on, and why it stopped. Columns are read as arrays, ready for a plot or
 * a fit: {@code column("kl")}, {@code iterations()}; the sample as {@code dataColumn("x_1")}.
 */
public final class Trajectory {
    private final Experiment experiment;
    private final RunInfo info;
    private final int[] iterations;
    private final List<double[]> rows;
    private final List<String> columns;

    private final String horizonFrom;

    Trajectory(Experiment experiment, RunInfo info, String horizonFrom, int[] iterations, List<double[]> rows) {
        this.experiment = experiment;
        this.horizonFrom = horizonFrom;
        this.info = info;
        this.iterations = iterations;
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(info.run().engine().columns());
    }

    /** The lab's id. */
    public String lab() {
        return experiment.lab().id();
    }

    /** Every parameter value, as text, in the lab's order. */
    public Map<String, String> params() {
        return experiment.parameters();
    }

    /** The experiment that made it (run it again, or vary it). */
    public Experiment experiment() {
        return experiment;
    }

    /** The trajectory's columns after {@code iter}: metrics first, then every parameter flattened. */
    public List<String> columns() {
        return columns;
    }

    /** Number of rows (iterations done + 1). */
    public int size() {
        return rows.size();
    }

    /** The iteration of each row (0, 1, 2, …). */
    public int[] iterations() {
        return iterations.clone();
    }

    /** Column {@code name} over all rows ({@code "iter"} gives the iterations). */
    public double[] column(String name) {
        double[] out = new double[rows.size()];
        if (name.equals("iter")) {
            for (int i = 0; i < out.length; i++) {
                out[i] = iterations[i];
            }
            return out;
        }
        int c = index(name);
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    /** The last value of column {@code name}. */
    public double last(String name) {
        return rows.get(rows.size() - 1)[index(name)];
    }

    /** Row {@code i} (a copy; its values follow {@link #columns()}). */
    public double[] row(int i) {
        return rows.get(i).clone();
    }

    private int index(String name) {
        int c = columns.indexOf(name);
        if (c < 0) {
            throw new ValidationException("column", "no column " + org.emlab.core.text.Snippet.quoted(name) + " in a " + lab()
                    + " trajectory; its columns: iter, " + String.join(", ", columns));
        }
        return c;
    }

    /** The sample the run used, or null (population mode, which has none). */
    public Dataset data() {
        return info.run().data();
    }

    /** The data's columns: {@code x_1 … x_d}, then {@code y} (regression), {@code node} (clustered, 1-based). */
    public List<String> dataColumns() {
        Dataset d = data();
        return d == null ? List.of() : DataCsv.header(d);
    }

    /** One column of the sample ({@code x_1}, {@code y}, {@code node}). */
    public double[] dataColumn(String name) {
        Dataset d = data();
        if (d == null) {
            throw new ValidationException("data", "a population run has no sample");
        }
        List<String> names = dataColumns();
        int c = names.indexOf(name);
        if (c < 0) {
            throw new ValidationException("data", "no data column " + org.emlab.core.text.Snippet.quoted(name) + "; the "
                    + "sample's columns: " + String.join(", ", names));
        }
        double[] out = new double[d.n()];
        for (int i = 0; i < d.n(); i++) {
            if (c < d.d()) {
                out[i] = d.x()[i * d.d() + c];
            } else if (names.get(c).equals("y")) {
                out[i] = d.y()[i];
            } else {
                out[i] = d.node()[i] + 1;
            }
        }
        return out;
    }

    /** Iterations done. */
    public int iterationsDone() {
        return info.iterations();
    }

    /** Why the run stopped: the horizon, convergence to rounding, or the engine finished. */
    public Horizon.Stop stopReason() {
        return info.stop();
    }

    /** The same in words: "the horizon of 200 iterations". */
    public String stopDetail() {
        return info.stopDetail();
    }

    /** The run's record (parameters, horizon, stop, timings), as written beside its CSV by {@link #save}. */
    public RunMetadata metadata() {
        List<String> cols = new ArrayList<>();
        cols.add("iter");
        cols.addAll(columns);
        return new RunMetadata(lab(), params()).preset(experiment.preset()).data(experiment.dataFile())
                .horizon(info.horizon(), horizonFrom).stopped(info.iterations(), info.rows(), info.stop(),
                        info.stopDetail()).columns(cols).started(Instant.now())
                .seconds("setup", info.setupNanos() / 1e9).seconds("run", info.runNanos() / 1e9);
    }

    /** Writes the trajectory as {@code ./emlab run} does (header {@code iter,…}, one row per iteration). */
    public void writeCsv(OutputStream out) throws IOException {
        CsvWriter w = new CsvWriter(out);
        List<String> head = new ArrayList<>();
        head.add("iter");
        head.addAll(columns);
        w.header(head);
        for (int i = 0; i < rows.size(); i++) {
            w.row(iterations[i], rows.get(i));
        }
    }

    /** Writes the CSV to {@code file} (atomically; {@code -} is standard output). */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.write(file, System.out, this::writeCsv);
    }

    /**
     * Writes the CSV and its metadata sidecar ({@code NAME.meta.json}, which
     * {@code ./emlab run --replay} reproduces byte for byte); returns the sidecar.
     */
    public Path save(Path csv) throws IOException {
        String[] sha = new String[1];
        long[] bytes = new long[1];
        AtomicFiles.write(csv, out -> {
            Digests.Counting c = new Digests.Counting(out);
            writeCsv(c);
            c.flush();
            sha[0] = c.sha256();
            bytes[0] = c.bytes();
        });
        Path meta = RunMetadata.sidecarFor(csv);
        metadata().output("trajectory", csv, sha[0], bytes[0]).write(meta);
        return meta;
    }

    /** A short description: the lab, the rows, why it stopped. */
    @Override
    public String toString() {
        return lab() + ": " + size() + " rows (iterations " + iterations[0] + "–" + iterations[iterations.length - 1]
                + "), stopped at " + stopDetail();
    }
}
