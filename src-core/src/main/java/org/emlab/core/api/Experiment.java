package org.emlab.core.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.io.Digests;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.SizeGuard;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.FiniteRows;
import org.emlab.core.trajectory.History;

/**
 * One configured run of a lab, not yet run: the lab, every parameter value, optionally the user's
 * data and a horizon. Immutable: every setter returns a new experiment, so one base can be varied
 * in a loop. Values are range-checked when set ({@link ValidationException} naming the parameter and
 * the rule) and checked together (the lab's cross-field rules) when the run starts.
 *
 * <pre>
 * Trajectory t = EmLab.lab("gmm-simplex").set("k", 3).set("weights", "0.5,0.3,0.2").seed(1).run(200);
 * double[] kl = t.column("kl");
 * </pre>
 */
public final class Experiment {
    private final Lab lab;
    private final ParamValues params;
    private final Horizon horizon;
    private final String horizonFrom;
    private final String preset;
    private final Dataset data;
    private final RunMetadata.DataFile dataFile;

    private Experiment(Lab lab, ParamValues params, Horizon horizon, String horizonFrom, String preset, Dataset data,
                       RunMetadata.DataFile dataFile) {
        this.lab = lab;
        this.params = params;
        this.horizon = horizon;
        this.horizonFrom = horizonFrom;
        this.preset = preset;
        this.data = data;
        this.dataFile = dataFile;
    }

    /** {@code lab} with {@code params} (range-checked already), its own horizon, generated data. */
    public static Experiment of(Lab lab, ParamValues params) {
        return new Experiment(lab, params, null, null, null, null, null);
    }

    // ---- configuration (each returns a new experiment) ----

    /**
     * Sets a parameter: a number ({@code 3}, {@code 0.25}), a boolean, a vector ({@code double[]}) or the
     * text the CLI takes ({@code "0.5,0.3,0.2"}, {@code "auto"}, {@code "e1"}).
     */
    public Experiment set(String name, Object value) {
        return with(params.with(name, text(params.spec(name), value)));
    }

    /** Sets several parameters (name → value, as {@link #set(String, Object)} takes them). */
    public Experiment set(Map<String, ?> values) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            texts.put(e.getKey(), text(params.spec(e.getKey()), e.getValue()));
        }
        return with(params.withAll(texts));
    }

    /** Sets the random seed (the data and any random start follow it). */
    public Experiment seed(long seed) {
        return set("seed", seed);
    }

    /** Population (infinite-sample) mode on or off, for labs that have it. */
    public Experiment population(boolean on) {
        if (!params.has("population")) {
            throw new ValidationException("population", "lab " + lab.id() + " has no population mode");
        }
        return set("population", on);
    }

    /**
     * Fits the user's data (labs that take it: {@code gmm}, {@code mlr}): a CSV file or a shipped data set
     * by name ({@code faithful}, {@code tonedata}). Pick the columns with {@code set("columns", "a,b")}
     * ({@code gmm}) or {@code x_columns} and {@code y_column} ({@code mlr}).
     */
    public Experiment data(String fileOrShipped) {
        Dataset d = DataSources.load(fileOrShipped).toDataset();
        String sha = null;
        Path p = Path.of(fileOrShipped.strip());
        if (java.nio.file.Files.isRegularFile(p)) {
            try {
                sha = Digests.sha256(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data(d, new RunMetadata.DataFile(sha == null ? fileOrShipped.strip() : p.toAbsolutePath().toString(), sha));
    }

    /** Fits the user's data from a CSV file. */
    public Experiment data(Path csv) {
        return data(csv.toString());
    }

    /** Fits a table already read ({@code origin}, the file and its SHA-256 for the metadata, may be null). */
    public Experiment data(Dataset table, RunMetadata.DataFile origin) {
        if (table != null && !lab.acceptsUserData()) {
            throw new ValidationException("data", "lab " + lab.id() + " generates its own data and takes none");
        }
        return new Experiment(lab, params, horizon, horizonFrom, preset, table, table == null ? null : origin);
    }

    /** Runs stop at {@code h} (by default: the preset's horizon, else the lab's, as in the window). */
    public Experiment horizon(Horizon h) {
        return horizon(h, "api");
    }

    /** The horizon and where it came from ({@code --iterations}, {@code preset}, {@code lab}), for the metadata. */
    public Experiment horizon(Horizon h, String from) {
        return new Experiment(lab, params, h, from, preset, data, dataFile);
    }

    /** Records the preset this experiment came from (for the metadata). */
    public Experiment preset(String name) {
        return new Experiment(lab, params, horizon, horizonFrom, name, data, dataFile);
    }

    private Experiment with(ParamValues p) {
        return new Experiment(lab, p, horizon, horizonFrom, preset, data, dataFile);
    }

    /** The text of {@code value} for a parameter of {@code spec}. */
    static String text(ParamSpec spec, Object value) {
        if (value == null) {
            throw new ValidationException(spec.name(), spec.name() + " needs a value (got null)");
        }
        if (value instanceof double[] a) {
            return spec.format(a);
        }
        if (value instanceof float[] || value instanceof int[] || value instanceof long[]) {
            List<String> parts = new ArrayList<>();
            if (value instanceof int[] a) {
                for (int x : a) {
                    parts.add(Integer.toString(x));
                }
            } else if (value instanceof long[] a) {
                for (long x : a) {
                    parts.add(Long.toString(x));
                }
            } else {
                for (float x : (float[]) value) {
                    parts.add(ParamSpec.fmtExact(x));
                }
            }
            return String.join(",", parts);
        }
        if (value instanceof Double || value instanceof Float) {
            return ParamSpec.fmtExact(((Number) value).doubleValue());
        }
        return value.toString();
    }

    // ---- what it is ----

    public Lab lab() {
        return lab;
    }

    /** Every parameter value (defaults included). */
    public ParamValues params() {
        return params;
    }

    /** name → value as text, in the lab's order. */
    public Map<String, String> parameters() {
        return params.asText();
    }

    /** The preset it came from, or null. */
    public String preset() {
        return preset;
    }

    /** The user's data, or null (the lab generates its own). */
    public Dataset userData() {
        return data;
    }

    /** Where the user's data came from, or null. */
    public RunMetadata.DataFile dataFile() {
        return dataFile;
    }

    /** Where a run stops: the horizon set, else the lab's for these parameters. */
    public Horizon horizon() {
        return horizon != null ? horizon : lab.horizon(params);
    }

    /** Where the horizon came from: {@code --iterations}, {@code preset}, {@code api}, or {@code lab}. */
    public String horizonFrom() {
        return horizon != null ? horizonFrom : "lab";
    }

    // ---- running ----

    /** Runs exactly {@code iterations} iterations (fewer only when the engine finishes) and returns the trajectory. */
    public Trajectory run(int iterations) {
        return run(Horizon.exactly(iterations));
    }

    /** Runs to the horizon: where the window stops playing (the preset's or the lab's iterations, or earlier once converged). */
    public Trajectory run() {
        return run(horizon());
    }

    /** Runs to {@code h} and returns the trajectory, every row kept. */
    public Trajectory run(Horizon h) {
        List<int[]> its = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        int[] count = {0};
        RunInfo info;
        try {
            info = stream(h, (it, row) -> {
                rows.add(row.clone());
                its.add(new int[] {it});
                count[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] iterations = new int[count[0]];
        for (int i = 0; i < iterations.length; i++) {
            iterations[i] = its.get(i)[0];
        }
        return new Trajectory(this, info, h.equals(horizon()) ? horizonFrom() : "api", iterations, rows);
    }

    /**
     * The run, row by row: validates, starts the lab (generating the data with the seed), hands row 0
     * (the initial parameters) and then one row per iteration to {@code observer}, until {@code h} is
     * reached or the engine finishes. Exactly the loop of {@code ./emlab run}, so the rows are the
     * ones its CSV holds. A row with a NaN or an infinity stops it ({@link FiniteRows.NonFinite}).
     */
    public RunInfo stream(Horizon h, RowObserver observer) throws IOException {
        lab.validate(params);
        SizeGuard.check(lab, params);
        long t0 = System.nanoTime();
        LabRun r = lab.start(params, data);
        long t1 = System.nanoTime();
        observer.started(r);
        StepEngine e = r.engine();
        double[] row = new double[e.columns().size()];
        e.row(row);
        FiniteRows.check(e.iteration(), e.columns(), row);
        int first = e.iteration();
        observer.row(e.iteration(), row);
        int rows = 1;
        // the recorded iterates decide where the horizon is, as they do in the window
        History hist = History.forRun(e.columns(), e.state().length);
        hist.record(e.iteration(), row.clone(), e.state());
        Horizon.Stop stop;
        while (true) {
            stop = h.stop(hist);
            if (stop != null) {
                break;
            }
            if (e.finished()) {
                stop = Horizon.Stop.ENGINE_FINISHED;
                break;
            }
            e.step();
            e.row(row);
            FiniteRows.check(e.iteration(), e.columns(), row);
            observer.row(e.iteration(), row);
            rows++;
            hist.record(e.iteration(), row.clone(), e.state());
        }
        int done = e.iteration() - first;
        return new RunInfo(r, h, done, rows, stop, RunMetadata.describe(stop, h, e.iteration()), t1 - t0,
                System.nanoTime() - t1);
    }

    @Override
    public String toString() {
        return lab.id() + " " + params.describe();
    }
}
