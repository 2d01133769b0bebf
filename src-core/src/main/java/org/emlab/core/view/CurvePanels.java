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
    /** Values are clamped to this floor for display on log axes (docs/labs/README.md#display-floors-stopping-rules-and-tolerances). */
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

    /**
     * A measured curve on a log axis next to its error estimate ε (docs/labs/README.md, "Display floors,
     * stopping rules and tolerances"): values at or below their ε are not resolved, so the line draws
     * them at ε (never below {@code floor}) and a marker layer shows exactly which points those are;
     * a dotted line draws ε itself. {@code eps} is the error column's series on the same iterations
     * as {@code xy}. Layers: the curve, the ε line, then (if any) the markers.
     *
     * @param what the kind of error, for the legend ("quadrature error")
     */
    /** The ε line is drawn where ε is within this factor of the curve (or above it). */
    public static final double EPS_SHOWN_WITHIN = 1e3;

    public static List<Layer> withErrorFloor(String name, Ink ink, double[][] xy, double[][] eps, double floor, String what) {
        int len = xy[0].length;
        double[] y = new double[len];
        double[] e = new double[len];
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        // ε is drawn only where it comes within EPS_SHOWN_WITHIN of the curve: far below it says nothing and
        // would stretch the log axis over decades that hold no data
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            if (xy[1][i] > 0) {
                lowest = Math.min(lowest, xy[1][i]);
            }
        }
        for (int i = 0; i < len; i++) {
            double v = xy[1][i];
            double ei = i < eps[1].length && Double.isFinite(eps[1][i]) && eps[1][i] > 0 ? eps[1][i] : 0;
            boolean near = ei > 0 && (v <= ei || ei * EPS_SHOWN_WITHIN >= Math.min(v, lowest));
            e[i] = near ? Math.max(ei, floor) : Double.NaN; // far below the curve, no estimate or exactly 0: no point
            if (Double.isNaN(v)) {
                y[i] = Double.NaN;
            } else if (v <= ei) {
                y[i] = Math.max(ei, floor);
                bx.add(xy[0][i]);
                by.add(y[i]);
            } else {
                y[i] = Math.max(v, floor);
            }
        }
        List<Layer> out = new ArrayList<>();
        out.add(new Layer.Line(name, ink, xy[0].clone(), y));
        out.add(new Layer.Line(what + " ε (" + name + ")", Ink.dotted(Ink.MUTED).withWidth(1.2), xy[0].clone(), e));
        if (!bx.isEmpty()) {
            double[] px = new double[bx.size()];
            double[] py = new double[bx.size()];
            for (int i = 0; i < px.length; i++) {
                px[i] = bx.get(i);
                py[i] = by.get(i);
            }
            out.add(new Layer.Points("≈ 0: below the " + what + " (drawn at ε)", Ink.points(Ink.ACCENT, Ink.Marker.CROSS, 7),
                    px, py));
        }
        return out;
    }

    /**
     * "label = v (what ≤ ε)", or "label ≈ 0 (below the what ε)" when v ≤ ε: a value within its error
     * estimate of 0 (negative ones included) is reported as unresolved rather than as a number.
     */
    public static String valueWithError(String label, double v, double eps, String what) {
        if (Double.isFinite(eps) && v <= eps) {
            return label + " ≈ 0 (below the " + what + " ε = " + num(eps, 2) + "; computed " + num(v, 3) + ")";
        }
        return label + " = " + num(v) + (Double.isFinite(eps) ? " (" + what + " ≤ " + num(eps, 2) + ")" : "");
    }

    /** A vertical marker at the iteration shown (drawn across the whole plot height). */
    public static Layer.Line cursor(History h, int cursor) {
        double it = h.iteration(Math.max(0, Math.min(cursor, h.size() - 1)));
        return new Layer.Line(null, Ink.dotted(Ink.MUTED).withWidth(1.0), new double[] {it, it},
                new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
    }

    /**
     * The ink of a fitted tail: dashed in the palette's orange (Okabe–Ito, colour 4), never the colour
     * of the measured curve it lies on. In the light theme the accent is the first curve's blue, and a
     * fitted tail drawn in it vanished into the curve while the legend still listed it.
     */
    public static final Ink FIT_INK = Ink.dashed(4);

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

    /**
     * A theoretical geometric rate drawn as a reference line: y(t) = y₀·exp(rate·(t − t₀)), through the point
     * (t₀, y₀) where the fitted tail starts, over {@code [from, to]} (the iterations shown) cut to where y stays
     * within {@code [yLow, yHigh]} (the measured curve's positive range, so the line neither stretches the axis
     * nor runs off it). Drawn only over the fit's window, as before 7 December 2026, the line lay on the curve
     * and the fitted tail over a few iterations (gmm-simplex's sample run: t ∈ [13, 21] of 505), invisible
     * under them while the legend named it; across the run it shows where the curve keeps the rate and where
     * it leaves it (a sample's floor). Null when no part of it is inside that range. Sampled at 48 evenly spaced
     * points, and over a span of more than a doubling from iteration 1 also at 32 log-spaced ones, so that on a
     * logarithmic iteration axis it starts at iteration 1 and follows the curve there too.
     */
    public static Layer.Line rateGuide(String name, double t0, double y0, double rate, double from, double to,
                                       double yLow, double yHigh, Ink ink) {
        if (!(y0 > 0) || !(yLow > 0) || !(yHigh >= yLow) || !Double.isFinite(rate) || !(to > from)) {
            return null;
        }
        double a = from;
        double b = to;
        if (rate != 0) {
            // y(t) = yHigh and y(t) = yLow at these iterations; the line is inside the band between them
            double tHigh = t0 + Math.log(yHigh / y0) / rate;
            double tLow = t0 + Math.log(yLow / y0) / rate;
            a = Math.max(a, Math.min(tHigh, tLow));
            b = Math.min(b, Math.max(tHigh, tLow));
        } else if (y0 < yLow || y0 > yHigh) {
            return null;
        }
        if (!(b > a)) {
            return null;
        }
        java.util.function.DoubleUnaryOperator f = t -> y0 * Math.exp(rate * (t - t0));
        Layer.Line even = theory(name, f, a, b, 48, false, ink);
        double lo = Math.max(a, 1);
        if (!(b > 2 * lo)) {
            return even;
        }
        // also log-spaced points from iteration 1: the panel may be shown on a logarithmic iteration axis (the
        // window's "log x", an A/B comparison that draws a linear-axis run's lines on a log-log run's panel), where
        // evenly spaced points alone leave out x ≤ 0 and join the rest by chords across whole decades
        java.util.TreeMap<Double, Double> points = new java.util.TreeMap<>();
        for (int i = 0; i < even.size(); i++) {
            points.put(even.x()[i], even.y()[i]);
        }
        int m = 32;
        for (int i = lo > a ? 0 : 1; i < m - 1; i++) { // strictly inside [a, b]: the even points hold both ends
            double t = i == 0 ? lo : Math.exp(Math.log(lo) + i * (Math.log(b) - Math.log(lo)) / (m - 1));
            points.putIfAbsent(t, f.applyAsDouble(t));
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        int k = 0;
        for (java.util.Map.Entry<Double, Double> e : points.entrySet()) {
            x[k] = e.getKey();
            y[k++] = e.getValue();
        }
        return new Layer.Line(name, ink, x, y);
    }

    /** The smallest and largest positive values of {@code y} (NaN, NaN when none is positive). */
    public static double[] positiveRange(double[] y) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : y) {
            if (v > 0 && v < Double.POSITIVE_INFINITY) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi > 0 ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
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
        return org.emlab.core.text.Numbers.compact(v, digits);
    }
}
