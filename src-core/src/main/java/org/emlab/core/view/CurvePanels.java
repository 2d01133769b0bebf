package org.emlab.core.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.trajectory.History;

/**
 * Builders for the curve panels every lab shows: a metric against the iteration, from the run's
 * history, decimated for display, with a marker at the shown iteration, and with theory and
 * fitted-rate overlays added by the lab.
 */
public final class CurvePanels {
    /** Points per curve handed to the screen (the full history stays available for export). */
    public static final int DISPLAY_POINTS = 2_000;
    /** Values are clamped to this floor for display on log axes (MODELS.md §7). */
    public static final double LOG_FLOOR = 1e-300;

    private CurvePanels() {
    }

    /** {x = iteration, y = column} over the whole history, decimated to {@link #DISPLAY_POINTS}. */
    public static double[][] series(History h, String column) {
        return h.series(column, h.size() - 1, DISPLAY_POINTS);
    }

    /** A measured curve as a layer; non-positive values are clamped to {@link #LOG_FLOOR} when {@code log}. */
    public static Layer.Line line(String name, Ink ink, double[][] xy, boolean log) {
        double[] y = xy[1].clone();
        if (log) {
            for (int i = 0; i < y.length; i++) {
                if (!(y[i] > LOG_FLOOR)) {
                    y[i] = Double.isNaN(y[i]) ? Double.NaN : LOG_FLOOR;
                }
            }
        }
        return new Layer.Line(name, ink, xy[0].clone(), y);
    }

    /** A vertical marker at the iteration shown (drawn across the whole plot height). */
    public static Layer.Line cursor(History h, int cursor) {
        double it = h.iteration(Math.max(0, Math.min(cursor, h.size() - 1)));
        return new Layer.Line(null, Ink.dotted(Ink.MUTED).withWidth(1.0), new double[] {it, it},
                new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
    }

    /** The fitted tail line {@code exp(a + b t)} (geometric) or {@code exp(a) t^b} (power) over its range. */
    public static Layer.Line fittedLine(String name, RateFit.Tail tail, boolean power, Ink ink) {
        int m = 32;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double f = i / (m - 1.0);
            double t = power ? Math.exp(Math.log(Math.max(1, tail.fromX())) * (1 - f) + Math.log(tail.toX()) * f)
                    : tail.fromX() + f * (tail.toX() - tail.fromX());
            x[i] = t;
            y[i] = Math.exp(tail.fit().at(power ? Math.log(t) : t));
        }
        return new Layer.Line(name, ink, x, y);
    }

    /** The name every fitted-rate line of a lab starts with ("fitted tail"). */
    public static final String FITTED = "fitted";

    /** True for a line drawn by {@link #fittedLine} (its name starts with {@link #FITTED}). */
    public static boolean isFitted(Layer l) {
        return l instanceof Layer.Line ln && ln.name() != null && ln.name().startsWith(FITTED) && ln.size() >= 3;
    }

    /**
     * The slope of a line drawn by {@link #fittedLine}, read back from its points: {@code b} of
     * {@code exp(a) t^b} when its abscissas are log-spaced (a power fit), of {@code exp(a + b t)} when they
     * are evenly spaced (a geometric fit); NaN for any other line.
     */
    public static double fittedSlope(Layer.Line l) {
        int m = l.size();
        if (m < 3) {
            return Double.NaN;
        }
        double[] x = l.x();
        double[] y = l.y();
        double x0 = x[0];
        double x1 = x[m - 1];
        if (!(x1 > x0) || !(y[0] > 0) || !(y[m - 1] > 0)) {
            return Double.NaN;
        }
        double step = (x1 - x0) / (m - 1);
        boolean even = Math.abs(x[1] - x[0] - step) <= 1e-9 * Math.max(1, Math.abs(x1));
        if (even) {
            return (Math.log(y[m - 1]) - Math.log(y[0])) / (x1 - x0);
        }
        if (x0 > 0) {
            double ratio = Math.log(x1 / x0) / (m - 1);
            if (Math.abs(Math.log(x[1] / x[0]) - ratio) <= 1e-9 * Math.max(1, Math.abs(ratio))) {
                return (Math.log(y[m - 1]) - Math.log(y[0])) / Math.log(x1 / x0);
            }
        }
        return Double.NaN;
    }

    /** A theory curve sampled at {@code m} points of {@code [from, to]} (log-spaced when {@code logX}). */
    public static Layer.Line theory(String name, java.util.function.DoubleUnaryOperator f, double from, double to, int m,
                                    boolean logX, Ink ink) {
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double u = i / (m - 1.0);
            double t = logX ? Math.exp(Math.log(from) * (1 - u) + Math.log(to) * u) : from + u * (to - from);
            x[i] = t;
            y[i] = f.applyAsDouble(t);
        }
        return new Layer.Line(name, ink, x, y);
    }

    /** A simple metric panel: the column against the iteration, with the cursor marker. */
    public static Panel metric(History h, int cursor, String column, String id, String title, String yLabel, boolean logY,
                               Ink ink, List<Layer> extra, List<String> notes) {
        List<Layer> layers = new ArrayList<>();
        layers.add(line(title, ink, series(h, column), logY));
        if (extra != null) {
            layers.addAll(extra);
        }
        layers.add(cursor(h, cursor));
        return new Panel(id, title, Panel.Kind.CURVE, Axis.iterations(), logY ? Axis.log(yLabel) : Axis.linear(yLabel),
                false, layers, notes);
    }

    /** A compact number with 4 significant digits, trailing zeros dropped, Unicode minus: "−0.1451", "0.5", "3.5e−6". */
    public static String num(double v) {
        return num(v, 4);
    }

    /** A compact number with {@code digits} significant digits. */
    public static String num(double v, int digits) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String s;
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
            String[] parts = s.split("e");
            String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            s = mant + "e" + Integer.parseInt(parts[1]);
        } else if (a >= Math.pow(10, digits) && v == Math.rint(v)) {
            s = Long.toString((long) v); // a whole number (an iteration) with more digits: all of them, not "1.219e+04"
        } else {
            s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return s.replace('-', '−');
    }
}
