package org.emlab.app.sweep;

import org.emlab.app.compute.JobExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepCsv;
import org.emlab.core.sweep.SweepFigure;
import org.emlab.core.sweep.SweepPresets;
import org.emlab.core.sweep.SweepRange;
import org.emlab.core.sweep.SweepReport;
import org.emlab.core.sweep.SweepResult;
import org.emlab.core.sweep.SweepRunner;
import org.emlab.core.sweep.SweepSpec;
import org.emlab.core.sweep.SweepSummary;

/**
 * The view model of the sweep window: the sweep's settings as text (validated into a
 * {@link SweepSpec} as the user types), the lab's shipped sweep presets, running through a
 * {@link JobExecutor} with progress, ETA and cancel, and the result as a plot ({@link Panel}), a
 * per-trial table, a text report, CSV/PNG export, and the parameters to open any trial as a run.
 */
public final class SweepModel {
    /** Default horizon. */
    public static final int DEFAULT_ITERATIONS = 200;
    /** Default ε for iterations_to_eps. */
    public static final String DEFAULT_EPS = "1e-6";
    /** Size of the PNG export. */
    public static final int PNG_WIDTH = 1200;
    public static final int PNG_HEIGHT = 800;

    /** One completed trial: the table's row, and what "open as a run" loads. */
    public record Row(int point, int trial, String value, long seed, double stat) {
    }

    private final Lab lab;
    private ParamValues base;
    /** The name of the lab's seed parameter (found by its role). */
    private final String seed;
    private final LongSupplier clock;
    private final StringProperty baseText = new SimpleStringProperty("");
    private final StringProperty param = new SimpleStringProperty();
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");
    private final BooleanProperty log = new SimpleBooleanProperty(true);
    private final StringProperty points = new SimpleStringProperty("5");
    private final StringProperty trials = new SimpleStringProperty(Integer.toString(SweepPresets.DEFAULT_TRIALS));
    private final StringProperty iterations = new SimpleStringProperty(Integer.toString(DEFAULT_ITERATIONS));
    private final ObjectProperty<Statistic> stat = new SimpleObjectProperty<>();
    private final StringProperty eps = new SimpleStringProperty(DEFAULT_EPS);
    private final StringProperty threads = new SimpleStringProperty(
            Integer.toString(Runtime.getRuntime().availableProcessors()));
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty valid = new SimpleBooleanProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty eta = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty report = new SimpleStringProperty("");
    private final ObjectProperty<SweepResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<Panel> plot = new SimpleObjectProperty<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private SweepSpec spec;
    private JobExecutor.Handle handle;
    private long startNanos;
    private EtaEstimator eta0;
    private double[][] live;
    private SweepSpec liveSpec;
    private long lastLive;
    /** Least time between two redraws of the plot while a sweep runs. */
    public static final long LIVE_PLOT_NANOS = 500_000_000L;

    /**
     * @param lab   the lab (a comparison sweeps its run A's lab)
     * @param base  the window's current parameters: every run's, except the varied one and the seed
     * @param clock nanosecond clock for the ETA ({@code System::nanoTime})
     */
    public SweepModel(Lab lab, ParamValues base, LongSupplier clock) {
        this.lab = lab instanceof ComparisonLab c ? c.base() : lab;
        this.seed = Roles.seedName(this.lab.parameters());
        this.clock = clock;
        setBase(base);
        for (Object p : List.of(param, from, to, log, points, trials, iterations, stat, eps, threads)) {
            ((javafx.beans.Observable) p).addListener(o -> revalidate());
        }
        List<SweepPresets.SweepPreset> presets = presets();
        if (!presets.isEmpty()) {
            applyPreset(presets.get(suggestedPreset(presets, base)));
        } else {
            List<String> numeric = numericParameters();
            String first = numeric.contains("n") ? "n" : numeric.isEmpty() ? null : numeric.get(0);
            if (first != null) {
                param.set(first);
            }
            List<Statistic> stats = statistics();
            stat.set(stats.get(0));
        }
        param.addListener((o, a, b) -> {
            if (b != null && base.has(b)) {
                prefillRange(b);
            }
        });
        revalidate();
    }

    private void setBase(ParamValues p) {
        this.base = p;
        List<String> diff = lab.defaults().differences(p);
        diff.remove(seed);
        StringBuilder b = new StringBuilder("every run: base seed " + p.text(seed));
        for (String d : diff) {
            b.append(", ").append(d).append(" = ").append(p.text(d));
        }
        b.append(diff.isEmpty() ? "; all other parameters at their defaults" : "; the rest at their defaults");
        baseText.set(b.toString());
    }

    private void prefillRange(String name) {
        ParamSpec s = base.spec(name);
        double v = s.type() == ParamType.REAL ? base.getDouble(name) : base.getLong(name);
        if (!Double.isFinite(v) || v <= 0) {
            from.set(ParamSpec.fmt(Math.max(s.min(), 0)));
            to.set(ParamSpec.fmt(Math.min(s.max(), Math.max(s.min(), 0) + 1)));
            log.set(false);
            return;
        }
        from.set(ParamSpec.fmt(Math.max(s.min(), s.type() == ParamType.REAL ? v / 4 : Math.max(1, Math.round(v / 4.0)))));
        to.set(ParamSpec.fmt(Math.min(s.max(), v * 4)));
        log.set(true);
    }

    /** The lab. */
    public Lab lab() {
        return lab;
    }

    /** The base parameters. */
    public ParamValues base() {
        return base;
    }

    /** The name of the lab's seed parameter, which every trial varies. */
    public String seedName() {
        return seed;
    }

    /** Parameters that can be swept: the numeric ones but the seed. */
    public List<String> numericParameters() {
        List<String> out = new ArrayList<>();
        for (ParamSpec s : lab.parameters()) {
            if (!(s.role() instanceof ParamRole.Seed) && (s.type() == ParamType.INT || s.type() == ParamType.LONG
                    || s.type() == ParamType.REAL)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** The statistics this lab can measure. */
    public List<Statistic> statistics() {
        List<Statistic> out = new ArrayList<>();
        if (lab.errorColumn().isPresent()) {
            out.add(Statistic.FINAL_ERROR);
            out.add(Statistic.ITERATIONS_TO_EPS);
            out.add(Statistic.ITERATIONS_TO_FINAL); // to within 0.1·err of the final iterate (docs/labs/mlr-clustered.md#metrics)
        }
        if (lab.klColumn().isPresent()) {
            out.add(Statistic.FINAL_KL);
        }
        out.add(Statistic.STUCK);
        return out;
    }

    /** The lab's shipped sweeps. */
    /**
     * The index of the shipped sweep to offer first: the one whose fixed parameters agree with most
     * of the window's current ones (so the unbalanced-floor preset opens the unbalanced sweep), the
     * first on a tie.
     */
    public static int suggestedPreset(List<SweepPresets.SweepPreset> presets, ParamValues current) {
        int best = 0;
        int bestScore = -1;
        for (int i = 0; i < presets.size(); i++) {
            int score = 0;
            for (Map.Entry<String, String> e : presets.get(i).params().entrySet()) {
                if (current != null && current.has(e.getKey()) && presets.get(i).base().text(e.getKey())
                        .equals(current.text(e.getKey()))) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** The index in {@link #presets()} of the sweep offered first (see {@link #suggestedPreset}). */
    public int suggestedPreset() {
        return suggestedPreset(presets(), base());
    }

    public List<SweepPresets.SweepPreset> presets() {
        return SweepPresets.forLab(lab.id());
    }

    /** Loads a preset's base parameters and sweep settings (keeping the base seed). */
    public void applyPreset(SweepPresets.SweepPreset p) {
        ParamValues pb = p.base().with(seed, base.text(seed));
        setBase(pb);
        param.set(p.range().param());
        from.set(ParamSpec.fmtExact(p.range().from()));
        to.set(ParamSpec.fmtExact(p.range().to()));
        log.set(p.range().log());
        points.set(Integer.toString(p.range().points()));
        trials.set(Integer.toString(p.trials()));
        iterations.set(Integer.toString(p.iterations()));
        stat.set(p.stat());
        if (!Double.isNaN(p.eps())) {
            eps.set(ParamSpec.fmtExact(p.eps()));
        }
        revalidate();
    }

    private void revalidate() {
        try {
            spec = build();
            error.set("");
            valid.set(true);
        } catch (ValidationException e) {
            spec = null;
            error.set(e.getMessage());
            valid.set(false);
        }
    }

    private SweepSpec build() {
        if (param.get() == null) {
            throw new ValidationException("vary", "this lab has no numeric parameter to sweep");
        }
        if (stat.get() == null) {
            throw new ValidationException("stat", "choose a statistic");
        }
        double f = number("from", from.get());
        double t = number("to", to.get());
        int pts = whole("points", points.get());
        SweepRange range = new SweepRange(param.get(), f, t, log.get(), pts);
        int r = whole("trials", trials.get());
        int it = whole("iterations", iterations.get());
        double e = stat.get() == Statistic.ITERATIONS_TO_EPS ? number("eps", eps.get()) : Double.NaN;
        int th = whole("threads", threads.get());
        if (th < 1 || th > 1024) {
            throw new ValidationException("threads", "threads must be in [1, 1024] (got " + th + ")");
        }
        return new SweepSpec(lab, base, range, r, it, stat.get(), e);
    }

    private static double number(String field, String text) {
        try {
            return org.emlab.core.text.NumberSyntax.parseFinite(text);
        } catch (RuntimeException e) {
            throw new ValidationException(field, field + " must be a finite number in "
                    + org.emlab.core.text.NumberSyntax.DESCRIPTION + " (got " + org.emlab.core.text.Snippet.quoted(text) + ")");
        }
    }

    private static int whole(String field, String text) {
        try {
            long v = org.emlab.core.text.NumberSyntax.parseWhole(text);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new NumberFormatException(text);
            }
            return (int) v;
        } catch (RuntimeException e) {
            throw new ValidationException(field, field + " must be a whole number (got " + org.emlab.core.text.Snippet.quoted(
                    text) + ")");
        }
    }

    /** Starts the sweep (no-op when invalid or running). */
    public void start(JobExecutor executor) {
        if (spec == null || running.get()) {
            return;
        }
        SweepSpec s = spec;
        int th = Integer.parseInt(threads.get().strip());
        int total = s.values().length * s.trials();
        handle = null;
        eta0 = null;
        result.set(null);
        plot.set(null);
        rows.clear();
        report.set("");
        running.set(true);
        progress.set(0);
        progressText.set("0 of " + total + " runs");
        eta.set("");
        status.set("running " + total + " runs on " + Math.min(th, total) + (th == 1 ? " thread" : " threads") + "…");
        startNanos = clock.getAsLong();
        EtaEstimator estimate = new EtaEstimator(s.values().length, s.trials(), th);
        eta0 = estimate;
        double[][] partial = new double[s.values().length][s.trials()];
        for (double[] r : partial) {
            java.util.Arrays.fill(r, Double.NaN);
        }
        live = partial;
        liveSpec = s;
        lastLive = clock.getAsLong();
        handle = executor.submit(ctx -> SweepRunner.run(s, th, new SweepRunner.Listener() {
            @Override
            public void started(int index) {
                estimate.started(index, clock.getAsLong());
            }

            @Override
            public void measured(int index, double value) {
                synchronized (partial) {
                    partial[index % partial.length][index / partial.length] = value;
                }
            }

            @Override
            public void finished(int index, int done, int all) {
                estimate.finished(index, clock.getAsLong());
                ctx.progress(done, all, done + " of " + all + " runs");
            }
        }, ctx::cancelled), new JobExecutor.Listener<SweepResult>() {
            @Override
            public void started(JobExecutor.Handle h) {
                handle = h;
            }

            @Override
            public void progress(long done, long all, String message) {
                onProgress(done, all);
            }

            @Override
            public void succeeded(SweepResult r) {
                show(r);
                status.set("done: " + r.completed() + " runs in " + duration(clock.getAsLong() - startNanos));
                running.set(false);
            }

            @Override
            public void cancelled(SweepResult partial) {
                if (partial != null) {
                    show(partial);
                    status.set("cancelled: " + partial.completed() + " of " + total + " runs completed");
                } else {
                    status.set("cancelled");
                }
                eta.set("");
                running.set(false);
            }

            @Override
            public void failed(Throwable e) {
                status.set("failed: " + org.emlab.core.io.Failures.report(e, "a sweep"));
                eta.set("");
                running.set(false);
            }
        });
    }

    private void onProgress(long done, long total) {
        if (!running.get()) {
            return;
        }
        long t = clock.getAsLong();
        if (live != null && done < total && t - lastLive >= LIVE_PLOT_NANOS) {
            lastLive = t;
            showPartial((int) done);
        }
        progress.set(total == 0 ? 0 : (double) done / total);
        progressText.set(done + " of " + total + " runs");
        long now = clock.getAsLong();
        long elapsed = now - startNanos;
        if (done > 0 && done < total) {
            long left = eta0 == null ? -1 : eta0.remaining(now);
            if (left < 0) {
                left = (long) (elapsed * (double) (total - done) / done);
            }
            eta.set("about " + duration(left) + " left");
        } else {
            eta.set("");
        }
    }

    /** "42 s", "3 min 05 s", "1 h 02 min". */
    public static String duration(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** Draws the trials completed so far (while the sweep runs). */
    private void showPartial(int done) {
        double[][] copy;
        synchronized (live) {
            copy = new double[live.length][];
            for (int i = 0; i < live.length; i++) {
                copy[i] = live[i].clone();
            }
        }
        long[] seeds = new long[liveSpec.trials()];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = liveSpec.seed(r);
        }
        show(new SweepResult(liveSpec, liveSpec.values(), seeds, copy, done, false));
    }

    private void show(SweepResult r) {
        SweepSummary s = SweepSummary.of(r);
        result.set(r);
        plot.set(SweepFigure.panel(r, s));
        report.set(SweepReport.text(r, s));
        List<Row> out = new ArrayList<>();
        for (int p = 0; p < r.points(); p++) {
            for (int t = 0; t < r.trials(); t++) {
                if (r.done(p, t)) {
                    out.add(new Row(p, t, r.spec().valueText(p), r.seeds()[t], r.stat()[p][t]));
                }
            }
        }
        rows.setAll(out);
        progress.set((double) r.completed() / (r.points() * r.trials()));
        progressText.set(r.completed() + " of " + r.points() * r.trials() + " runs");
    }

    /** Stops the sweep: no further run starts; the runs in progress stop at their next iteration. */
    public void cancel() {
        if (running.get()) {
            if (handle != null) {
                handle.cancel();
            }
            status.set("cancelling…");
        }
    }

    /** The parameters of a trial: the same seed, the same data, the same run as in the sweep. */
    public ParamValues runParams(Row row) {
        return result.get().spec().params(row.point(), row.trial());
    }

    /** The trial whose value is the median of its point (the one a click on a median opens). */
    public Row medianTrial(int point) {
        Row best = null;
        double target = SweepSummary.of(result.get()).median()[point];
        for (Row r : rows) {
            if (r.point() == point && (best == null || Math.abs(r.stat() - target) < Math.abs(best.stat() - target))) {
                best = r;
            }
        }
        return best;
    }

    /** Writes the result as the CLI's CSV. */
    public void saveCsv(Path path) throws IOException {
        SweepCsv.write(path, result.get());
    }

    /** Writes the plot as a PNG. */
    public void savePng(Path path, Theme theme) throws IOException {
        SweepReport.writePng(path, plot.get(), PNG_WIDTH, PNG_HEIGHT, theme);
    }

    /** The equivalent command line. */
    public String commandLine() {
        if (spec == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("./emlab sweep " + lab.id() + " --vary " + spec.range().format() + " --trials "
                + spec.trials() + " --iterations " + spec.iterations() + " --stat " + spec.stat().id());
        if (spec.stat() == Statistic.ITERATIONS_TO_EPS) {
            b.append(" --eps ").append(ParamSpec.fmtExact(spec.eps()));
        }
        LinkedHashMap<String, String> sets = new LinkedHashMap<>();
        for (String d : lab.defaults().differences(base)) {
            sets.put(d, base.text(d));
        }
        for (var e : sets.entrySet()) {
            if (e.getKey().equals(seed)) {
                b.append(" --seed ").append(e.getValue());
            } else if (!e.getKey().equals(spec.range().param())) {
                b.append(" --set ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.append(" --out sweep.csv").toString();
    }

    public String baseText() {
        return baseText.get();
    }

    public StringProperty baseTextProperty() {
        return baseText;
    }

    public StringProperty paramProperty() {
        return param;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public BooleanProperty logProperty() {
        return log;
    }

    public StringProperty pointsProperty() {
        return points;
    }

    public StringProperty trialsProperty() {
        return trials;
    }

    public StringProperty iterationsProperty() {
        return iterations;
    }

    public ObjectProperty<Statistic> statProperty() {
        return stat;
    }

    public StringProperty epsProperty() {
        return eps;
    }

    public StringProperty threadsProperty() {
        return threads;
    }

    /** "" when the settings are valid, else the first problem. */
    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty validProperty() {
        return valid;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** Fraction of runs completed. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty progressTextProperty() {
        return progressText;
    }

    public StringProperty etaProperty() {
        return eta;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty reportProperty() {
        return report;
    }

    public ObjectProperty<SweepResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Panel> plotProperty() {
        return plot;
    }

    public ObservableList<Row> rows() {
        return rows;
    }
}
