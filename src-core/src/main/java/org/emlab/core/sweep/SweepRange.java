package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ValidationException;

/**
 * The varied parameter and its values: {@code NAME=FROM:TO[:log][:POINTS]}, for example
 * {@code n=2000:512000:log:5} (2000, 8000, 32000, 128000, 512000). Points are linearly spaced, or
 * geometrically with {@code log}; integer parameters are rounded to the nearest integer and
 * repeated values dropped.
 *
 * @param param  parameter name
 * @param from   first value
 * @param to     last value
 * @param log    geometric spacing
 * @param points number of points before rounding (at least 1)
 */
public record SweepRange(String param, double from, double to, boolean log, int points) {
    /** Points when the text gives none. */
    public static final int DEFAULT_POINTS = 5;
    /** Most points one sweep may have. */
    public static final int MAX_POINTS = 200;

    private static final String FORMAT = "NAME=FROM:TO[:log][:POINTS]";

    public SweepRange {
        if (param == null || param.isBlank()) {
            throw new ValidationException("vary", "--vary needs a parameter name: " + FORMAT);
        }
        if (points < 1 || points > MAX_POINTS) {
            throw new ValidationException("vary", "the number of sweep points must be in [1, " + MAX_POINTS + "] (got "
                    + points + ")");
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new ValidationException("vary", "the sweep range must be finite (got " + from + ":" + to + ")");
        }
        if (log && !(from > 0 && to > 0)) {
            throw new ValidationException("vary", "a log-spaced sweep needs FROM > 0 and TO > 0 (got "
                    + ParamSpec.fmt(from) + ":" + ParamSpec.fmt(to) + ")");
        }
        if (points == 1 && from != to) {
            throw new ValidationException("vary", "one sweep point needs FROM = TO (got " + ParamSpec.fmt(from) + ":"
                    + ParamSpec.fmt(to) + ")");
        }
    }

    /** Parses {@code NAME=FROM:TO[:log][:POINTS]}. */
    public static SweepRange parse(String text) {
        String s = text == null ? "" : text.strip();
        int eq = s.indexOf('=');
        if (eq <= 0) {
            throw new ValidationException("vary", "--vary expects " + FORMAT + " (got " + org.emlab.core.text.Snippet.quoted(s) + ")");
        }
        String name = s.substring(0, eq).strip();
        String[] parts = s.substring(eq + 1).split(":");
        if (parts.length < 2 || parts.length > 4) {
            throw new ValidationException("vary", "--vary expects " + FORMAT + " (got " + org.emlab.core.text.Snippet.quoted(s) + ")");
        }
        double from = number(parts[0], s);
        double to = number(parts[1], s);
        boolean log = false;
        int points = DEFAULT_POINTS;
        for (int i = 2; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.equalsIgnoreCase("log")) {
                log = true;
            } else if (p.equalsIgnoreCase("lin") || p.equalsIgnoreCase("linear")) {
                log = false;
            } else {
                long pts;
                try {
                    pts = org.emlab.core.text.NumberSyntax.parseWhole(p);
                } catch (NumberFormatException e) {
                    throw new ValidationException("vary", "--vary expects " + FORMAT + "; "
                            + org.emlab.core.text.Snippet.quoted(p) + " is neither log nor a number of points");
                }
                points = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, pts));
            }
        }
        return new SweepRange(name, from, to, log, points);
    }

    private static double number(String p, String whole) {
        try {
            return org.emlab.core.text.NumberSyntax.parseFinite(p);
        } catch (NumberFormatException e) {
            throw new ValidationException("vary", "--vary expects " + FORMAT + "; " + org.emlab.core.text.Snippet.quoted(
                    p.strip()) + " is not a finite number in " + org.emlab.core.text.NumberSyntax.DESCRIPTION);
        }
    }

    /** The raw (unrounded) point values. */
    public double[] raw() {
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
            if (points == 1) {
                v[i] = from;
            } else if (i == points - 1) {
                v[i] = to;
            } else {
                double u = i / (points - 1.0);
                v[i] = log ? Math.exp(Math.log(from) * (1 - u) + Math.log(to) * u) : from + u * (to - from);
            }
        }
        return v;
    }

    /**
     * The values for a parameter of type {@code spec}: rounded for INT/LONG (and for TEXT parameters
     * that take counts, such as gmm-overparam's {@code components}, which the lab then validates),
     * duplicates dropped, each range-checked by the spec (a value outside the parameter's range is a
     * validation error naming the parameter).
     */
    public double[] values(ParamSpec spec) {
        if (spec.type() != ParamType.INT && spec.type() != ParamType.LONG && spec.type() != ParamType.REAL
                && spec.type() != ParamType.TEXT) {
            throw new ValidationException("vary", "only numeric parameters can be swept; " + param + " is "
                    + spec.type().name().toLowerCase(Locale.ROOT));
        }
        if ("seed".equals(param)) {
            throw new ValidationException("vary", "the seed is not swept: every point runs the same trial seeds "
                    + "(use --trials for more seeds)");
        }
        boolean whole = spec.type() != ParamType.REAL;
        List<Double> out = new ArrayList<>();
        for (double v : raw()) {
            double x = whole ? Math.rint(v) : v;
            if (!out.contains(x)) {
                spec.parse(text(x, whole));
                out.add(x);
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** The parameter text of a value. */
    public static String text(double v, boolean whole) {
        return whole ? Long.toString((long) v) : ParamSpec.fmtExact(v);
    }

    /** {@code NAME=FROM:TO[:log]:POINTS}. */
    public String format() {
        return param + "=" + ParamSpec.fmtExact(from) + ":" + ParamSpec.fmtExact(to) + (log ? ":log" : "") + ":" + points;
    }

    @Override
    public String toString() {
        return format();
    }
}
