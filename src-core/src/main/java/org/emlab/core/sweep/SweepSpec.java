package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * A Monte Carlo sweep: a lab with base parameters, one or two varied parameters over
 * {@link SweepRange}s (two make a grid), {@code trials} independent runs per point, a horizon of
 * {@code iterations}, the {@link Measure}s each run reports (any number, all from the same run), the
 * window of the slope fit, and a title.
 *
 * <p>Points are numbered with the first varied parameter fastest: point {@code p} has the first
 * parameter's value {@code p % n0} and the second's {@code p / n0}; the points sharing the second
 * parameter's value form a <em>series</em>, along which slopes are fitted.
 *
 * <p>Trial {@code r} of every point uses the seed {@link #trialSeed(long, int) trialSeed(base
 * seed, r)} (trial 0 uses the base seed itself, so it is the run the window shows for the base
 * parameters). The same trial seeds at every point are common random numbers: they make the
 * differences between points less noisy. Every (point, trial) run depends on nothing else, so
 * the results do not depend on the number of threads or on the order the runs execute in.
 *
 * @param lab        the lab
 * @param base       parameters of every run except the varied ones and the seed (validated)
 * @param ranges     the varied parameters (one or two) and their ranges
 * @param trials     runs per point (at least 1)
 * @param iterations horizon T: at most this many iterations per run
 * @param measures   the statistics every run reports (at least one)
 * @param fit        the values of the first varied parameter that enter the slope fit
 * @param title      the title of the plot and the report, or null for one made from the sweep
 */
public record SweepSpec(Lab lab, ParamValues base, List<SweepRange> ranges, int trials, int iterations, List<Measure> measures,
                        FitWindow fit, String title) {
    /** Most trials per point. */
    public static final int MAX_TRIALS = 10_000;
    /** Longest horizon of one trial. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Most statistics per run. */
    public static final int MAX_MEASURES = 32;
    /** Most points of a grid. */
    public static final int MAX_GRID_POINTS = 2_000;

    /** A sweep of one parameter and one statistic (the window's, and the original CLI's). */
    public SweepSpec(Lab lab, ParamValues base, SweepRange range, int trials, int iterations, Statistic stat, double eps) {
        this(lab, base, List.of(range), trials, iterations, List.of(Measure.of(stat, eps)), FitWindow.ALL, null);
    }

    /** Checks everything a sweep needs before any run starts (each error names its field). */
    public SweepSpec {
        ranges = List.copyOf(ranges);
        measures = List.copyOf(measures);
        fit = fit == null ? FitWindow.ALL : fit;
        title = title == null || title.isBlank() ? null : title.strip();
        List<FieldError> errors = new ArrayList<>();
        if (trials < 1 || trials > MAX_TRIALS) {
            errors.add(new FieldError("trials", "trials must be in [1, " + MAX_TRIALS + "] (got " + trials + ")"));
        }
        if (iterations < 0 || iterations > MAX_ITERATIONS) {
            errors.add(new FieldError("iterations", "iterations must be in [0, " + MAX_ITERATIONS + "] (got " + iterations
                    + ")"));
        }
        if (ranges.isEmpty() || ranges.size() > 2) {
            errors.add(new FieldError("vary", "a sweep varies one or two parameters (got " + ranges.size() + ")"));
        } else if (ranges.size() == 2 && ranges.get(0).param().equals(ranges.get(1).param())) {
            errors.add(new FieldError("vary", "the two varied parameters must differ (both are " + ranges.get(0).param() + ")"));
        }
        if (measures.isEmpty() || measures.size() > MAX_MEASURES) {
            errors.add(new FieldError("stat", "a sweep records 1 to " + MAX_MEASURES + " statistics (got " + measures.size()
                    + ")"));
        }
        for (Measure m : measures) {
            errors.addAll(m.check(lab));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<String> ids = new HashSet<>();
        for (Measure m : measures) {
            if (!ids.add(m.id())) {
                throw new ValidationException("stat", "the statistic " + m.id() + " is asked for twice");
            }
        }
        List<double[]> values = new ArrayList<>();
        long count = 1;
        for (SweepRange r : ranges) {
            double[] v = r.values(base.spec(r.param()));
            values.add(v);
            count *= v.length;
        }
        if (count > MAX_GRID_POINTS) {
            throw new ValidationException("vary", "the grid has " + count + " points; at most " + MAX_GRID_POINTS);
        }
        for (int p = 0; p < count; p++) {
            ParamValues q = base;
            StringBuilder at = new StringBuilder();
            int rest = p;
            for (int d = 0; d < ranges.size(); d++) {
                double[] v = values.get(d);
                SweepRange r = ranges.get(d);
                String text = SweepRange.text(v[rest % v.length], base.spec(r.param()).type() != ParamType.REAL);
                rest /= v.length;
                q = q.with(r.param(), text);
                at.append(at.length() == 0 ? "" : ", ").append(r.param()).append(" = ").append(text);
            }
            try {
                lab.validate(q);
            } catch (ValidationException e) {
                throw new ValidationException(e.errors().get(0).field(), "at " + at + ": " + e.getMessage());
            }
        }
    }

    // ---- the one-parameter, one-statistic view (the window, the original CLI) ----

    /** The first varied parameter's range. */
    public SweepRange range() {
        return ranges.get(0);
    }

    /** The first statistic's kind. */
    public Statistic stat() {
        return measures.get(0).stat();
    }

    /** ε of the first statistic when it is iterations_to_eps, else NaN. */
    public double eps() {
        Measure m = measures.get(0);
        return m.stat() == Statistic.ITERATIONS_TO_EPS ? m.number() : Double.NaN;
    }

    // ---- the grid ----

    /** The values of varied parameter {@code dim} (each once, in order). */
    public double[] axis(int dim) {
        SweepRange r = ranges.get(dim);
        return r.values(base.spec(r.param()));
    }

    /** Number of points (the product of the axes' lengths). */
    public int points() {
        int n = 1;
        for (int d = 0; d < ranges.size(); d++) {
            n *= axis(d).length;
        }
        return n;
    }

    /** Number of series: the second parameter's values (1 with one varied parameter). */
    public int series() {
        return ranges.size() < 2 ? 1 : axis(1).length;
    }

    /** Points per series: the first parameter's values. */
    public int pointsPerSeries() {
        return axis(0).length;
    }

    /** The series of point {@code point}. */
    public int seriesOf(int point) {
        return point / pointsPerSeries();
    }

    /** Index of {@code point}'s value along {@code dim}. */
    int index(int point, int dim) {
        return dim == 0 ? point % pointsPerSeries() : point / pointsPerSeries();
    }

    /** The first varied parameter's value at each point. */
    public double[] values() {
        double[] a = axis(0);
        double[] out = new double[points()];
        for (int p = 0; p < out.length; p++) {
            out[p] = a[p % a.length];
        }
        return out;
    }

    /** The first varied parameter's text at point {@code point}. */
    public String valueText(int point) {
        return valueText(point, 0);
    }

    /** Varied parameter {@code dim}'s text at point {@code point}. */
    public String valueText(int point, int dim) {
        SweepRange r = ranges.get(dim);
        ParamSpec spec = base.spec(r.param());
        return SweepRange.text(axis(dim)[index(point, dim)], spec.type() != ParamType.REAL);
    }

    /** The names of the varied parameters. */
    public List<String> varied() {
        List<String> out = new ArrayList<>();
        for (SweepRange r : ranges) {
            out.add(r.param());
        }
        return out;
    }

    /** The CSV column of each measure: its header, with its number where two share one. */
    public List<String> headers() {
        List<String> out = new ArrayList<>();
        for (Measure m : measures) {
            long same = measures.stream().filter(o -> o.header().equals(m.header())).count();
            out.add(same > 1 ? m.headerWithNumber() : m.header());
        }
        return out;
    }

    /** The base seed. */
    public long baseSeed() {
        return base.getLong("seed");
    }

    /** The seed of trial {@code trial}. */
    public long seed(int trial) {
        return trialSeed(baseSeed(), trial);
    }

    /**
     * The seed of trial {@code trial} for base seed {@code base}: the base seed itself for trial 0,
     * else a SplitMix64 mix of (base, trial), made non-negative.
     */
    public static long trialSeed(long base, int trial) {
        if (trial == 0) {
            return base;
        }
        long z = base + 0x9E3779B97F4A7C15L * trial;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z & Long.MAX_VALUE;
    }

    /** The base parameters with point {@code point}'s varied values (the seed left as it is). */
    public ParamValues at(int point) {
        ParamValues p = base;
        for (int d = 0; d < ranges.size(); d++) {
            p = p.with(ranges.get(d).param(), valueText(point, d));
        }
        return p;
    }

    /** The parameters of trial {@code trial} at point {@code point}: exactly what "open as a run" loads. */
    public ParamValues params(int point, int trial) {
        return at(point).with("seed", Long.toString(seed(trial)));
    }

    /** The base parameters that differ from the lab's defaults, except the varied ones and the seed: "pi0 = 0.8, d = 3". */
    public String fixedDifferences() {
        List<String> out = new ArrayList<>();
        ParamValues defaults = lab.defaults();
        for (String name : defaults.differences(base)) {
            if (!varied().contains(name) && !name.equals("seed")) {
                out.add(name + " = " + base.text(name));
            }
        }
        return String.join(", ", out);
    }

    /**
     * The sweep in the format of a spec file ({@code org.emlab.core.api.SweepPlan}), complete: every base
     * parameter, the ranges, trials, horizon, canonical statistics, fit window and title.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode o = org.emlab.core.io.StrictJson.MAPPER.createObjectNode();
        o.put("version", 1);
        if (title != null) {
            o.put("title", title);
        }
        o.put("lab", lab.id());
        com.fasterxml.jackson.databind.node.ObjectNode p = o.putObject("params");
        base.asText().forEach(p::put);
        com.fasterxml.jackson.databind.node.ArrayNode v = o.putArray("vary");
        ranges.forEach(r -> v.add(r.format()));
        o.put("trials", trials);
        o.put("iterations", iterations);
        com.fasterxml.jackson.databind.node.ArrayNode st = o.putArray("stats");
        measures.forEach(m -> st.add(m.id()));
        if (!fit.all()) {
            o.put("fit", fit.format());
        }
        return o;
    }

    /** The title: the one given, else "final KL against n (gmm-simplex; weights = …)". */
    public String displayTitle() {
        if (title != null) {
            return title;
        }
        List<String> labels = new ArrayList<>();
        for (Measure m : measures) {
            labels.add(measures.size() == 1 ? m.label() : m.header());
        }
        String diff = fixedDifferences();
        return String.join(", ", labels) + " against " + String.join(" and ", varied()) + " (" + lab.id()
                + (diff.isEmpty() ? "" : "; " + diff) + ")";
    }
}
