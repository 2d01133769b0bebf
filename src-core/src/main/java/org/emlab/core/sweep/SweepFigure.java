package org.emlab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.view.CurvePanels;

/**
 * The plot of a sweep, as a UI-free {@link Panel} drawn by the shared {@code PanelPainter} (on
 * the sweep window's canvas and in exports): every trial as a faint dot, the per-point median
 * joined by a line, the 10–90 % band, the fitted log-log line, and the theory's slope drawn
 * through the centre of the fitted points; both slopes printed as notes, the fitted one with its
 * bootstrap interval over seeds. With several statistics or a grid, one median line per statistic
 * and series instead ({@link #multiPanel}). Log-log axes, except a linear vertical axis for stuck fractions (and a
 * linear horizontal one when a value is not positive). The title is the spec's, else it names the lab and
 * the fixed parameters that differ from its defaults, so two sweeps that differ say how.
 */
public final class SweepFigure {
    /** Id of the panel. */
    public static final String PANEL_ID = "sweep";
    /** Legend name of the trial dots (the window finds them by it for clicks). */
    public static final String TRIALS = "trials";
    /** Factor of room left and right of the swept values on a log axis. */
    static final double X_MARGIN = 1.3;

    private SweepFigure() {
    }

    /** The sweep's figure. */
    public static Figure figure(SweepResult r, SweepSummary s) {
        return new Figure(title(r), List.of(panel(r, s)));
    }

    /** The title: the spec's, else made from what differs ("final error against n (mlr-overspec; pi0 = 0.8)"). */
    public static String title(SweepResult r) {
        return r.spec().displayTitle();
    }

    /** The panel: one statistic of a one-parameter sweep in full (trials, band, median, fits), else one median line per statistic and series. */
    public static Panel panel(SweepResult r, SweepSummary s) {
        SweepSpec spec = r.spec();
        if (spec.measures().size() > 1 || spec.series() > 1) {
            return multiPanel(r);
        }
        boolean fraction = spec.stat().fraction();
        double[] xs = r.values();
        boolean logX = true;
        for (double x : xs) {
            logX &= x > 0;
        }
        List<Layer> layers = new ArrayList<>();
        if (!fraction) {
            layers.add(new Layer.Band("10–90 % of trials", Ink.line(0), xs.clone(), s.q10().clone(), s.q90().clone()));
        }
        int m = 0;
        for (double[] row : r.stat()) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    m++;
                }
            }
        }
        double[] tx = new double[m];
        double[] ty = new double[m];
        int w = 0;
        for (int p = 0; p < r.points(); p++) {
            for (int t = 0; t < r.trials(); t++) {
                double v = r.stat()[p][t];
                if (!Double.isNaN(v)) {
                    tx[w] = xs[p];
                    ty[w++] = v;
                }
            }
        }
        if (!fraction) {
            layers.add(new Layer.Points(TRIALS, Ink.points(Ink.MUTED, Ink.Marker.CIRCLE, 5).withOpacity(0.6), tx, ty));
        }
        layers.add(new Layer.Line(fraction ? "fraction stuck" : "median", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 8),
                xs.clone(), s.median().clone()));
        List<String> notes = new ArrayList<>();
        if (s.hasSlope()) {
            double[] fx = fittedRange(xs, s.median(), s.fitted());
            double cx = 0.5 * (Math.log(fx[0]) + Math.log(fx[1]));
            double cy = s.fit().at(cx);
            layers.add(powerLine("fitted slope " + CurvePanels.num(s.fit().slope(), 3), Ink.dashed(1).withWidth(2),
                    s.fit().slope(), cx, cy, fx));
            notes.add("fitted log-log slope " + CurvePanels.num(s.fit().slope(), 3) + interval(s.interval())
                    + " (median against " + spec.range().param() + window(spec) + ")");
            if (s.theory().isPresent()) {
                double th = s.theory().getAsDouble();
                layers.add(powerLine("theory slope " + CurvePanels.num(th, 3), Ink.dotted(Ink.FOREGROUND).withWidth(2), th,
                        cx, cy, fx));
                notes.add("theory slope " + CurvePanels.num(th, 3));
            }
        } else if (s.theory().isPresent()) {
            notes.add("theory slope " + CurvePanels.num(s.theory().getAsDouble(), 3));
        }
        notes.add((fraction ? "fraction of " : "median and 10–90 % band over ") + spec.trials() + " trials per point, "
                + spec.iterations() + " iterations each");
        progressNote(r, notes);
        String ylabel = spec.measures().get(0).label();
        Axis x = xAxis(spec, xs, logX);
        Axis y = fraction ? Axis.fixed(ylabel, 0, 1) : Axis.log(ylabel);
        return new Panel(PANEL_ID, title(r), Panel.Kind.CURVE, x, y, false, layers, notes);
    }

    /**
     * Several statistics or series: the median of each against the first varied parameter, with its fitted slope in a
     * note. The vertical axis is logarithmic when some line's medians are all positive: lines with a median at or below
     * 0 (a log-likelihood, a stuck fraction of 0) are then left out and named in a note, so that the lines that carry
     * the fitted slopes are not flattened against 0 by a linear axis that a negative statistic would force. Only when no
     * line is positive is the axis linear (stuck fractions alone: 0 to 1). A line without any finite median (every run
     * stopped at the horizon) is named in a note too.
     */
    private static Panel multiPanel(SweepResult r) {
        SweepSpec spec = r.spec();
        double[] xs = spec.axis(0);
        boolean logX = true;
        for (double x : xs) {
            logX &= x > 0;
        }
        List<String> names = new ArrayList<>();
        List<SweepSummary> summaries = new ArrayList<>();
        List<Boolean> fractions = new ArrayList<>();
        boolean allFractions = true;
        boolean anyPositive = false;
        for (int m = 0; m < spec.measures().size(); m++) {
            Measure me = spec.measures().get(m);
            allFractions &= me.stat().fraction();
            for (int sr = 0; sr < spec.series(); sr++) {
                SweepSummary s = SweepSummary.of(r, m, sr);
                names.add(spec.headers().get(m) + (spec.series() > 1 ? " (" + spec.ranges().get(1).param() + " = "
                        + spec.valueText(sr * spec.pointsPerSeries(), 1) + ")" : ""));
                summaries.add(s);
                fractions.add(me.stat().fraction());
                anyPositive |= !me.stat().fraction() && finiteCount(s.median()) > 0 && positive(s.median());
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        List<String> noFinite = new ArrayList<>();
        boolean slopes = false;
        for (int line = 0; line < names.size(); line++) {
            SweepSummary s = summaries.get(line);
            String name = names.get(line);
            if (finiteCount(s.median()) == 0) {
                noFinite.add(name);
                continue;
            }
            if (anyPositive && (fractions.get(line) || !positive(s.median()))) {
                leftOut.add(name);
                continue;
            }
            layers.add(new Layer.Line(name, Ink.component(line), xs.clone(), s.median().clone()));
            if (s.hasSlope()) {
                slopes = true;
                notes.add(name + ": slope " + CurvePanels.num(s.fit().slope(), 3) + interval(s.interval())
                        + (s.theory().isPresent() ? ", theory " + CurvePanels.num(s.theory().getAsDouble(), 3) : ""));
            }
        }
        if (!leftOut.isEmpty()) {
            notes.add("not drawn on this log axis (a median at or below 0; their values are in the table and the CSV): "
                    + String.join(", ", leftOut));
        }
        if (!noFinite.isEmpty()) {
            notes.add("not drawn, no finite median at any point (every run reached the horizon first): "
                    + String.join(", ", noFinite));
        }
        notes.add("median over " + spec.trials() + " trials per point, " + spec.iterations() + " iterations each"
                + (slopes ? "; slopes log-log against " + spec.range().param() + window(spec)
                + ", 95 % bootstrap intervals over seeds" : ""));
        progressNote(r, notes);
        String ylabel = spec.measures().size() == 1 ? spec.measures().get(0).label() : "statistic (median)";
        Axis y = anyPositive ? Axis.log(ylabel) : allFractions ? Axis.fixed(ylabel, 0, 1) : Axis.linear(ylabel);
        return new Panel(PANEL_ID, title(r), Panel.Kind.CURVE, xAxis(spec, xs, logX), y, false, layers, notes);
    }

    /** The number of finite entries of {@code v}. */
    private static int finiteCount(double[] v) {
        int c = 0;
        for (double x : v) {
            c += Double.isFinite(x) ? 1 : 0;
        }
        return c;
    }

    /** True when every entry of {@code v} that is not NaN is above 0 (a line a log axis can draw whole). */
    private static boolean positive(double[] v) {
        for (double x : v) {
            if (!Double.isNaN(x) && !(x > 0)) {
                return false;
            }
        }
        return true;
    }

    private static Axis xAxis(SweepSpec spec, double[] xs, boolean logX) {
        Axis x = logX ? Axis.log(spec.range().param()) : Axis.linear(spec.range().param());
        if (logX && xs.length > 0) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (double v : xs) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            x = x.withRange(lo / X_MARGIN, hi * X_MARGIN);
        }
        return x;
    }

    private static void progressNote(SweepResult r, List<String> notes) {
        if (r.cancelled()) {
            notes.add("cancelled: " + r.completed() + " of " + r.points() * r.trials() + " runs completed");
        } else if (r.completed() < r.points() * r.trials()) {
            notes.add("in progress: " + r.completed() + " of " + r.points() * r.trials() + " runs completed");
        }
    }

    private static String interval(SlopeInterval i) {
        return i.valid() ? ", 95 % interval [" + CurvePanels.num(i.lo(), 3) + ", " + CurvePanels.num(i.hi(), 3) + "]" : "";
    }

    private static String window(SweepSpec spec) {
        return spec.fit().all() ? "" : ", fitted over " + spec.range().param() + " in [" + spec.fit().format().replace(":", ", ")
                + "]";
    }

    private static double[] fittedRange(double[] xs, double[] med, boolean[] fitted) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            if (fitted[i] && xs[i] > 0 && med[i] > 0 && Double.isFinite(med[i])) {
                lo = Math.min(lo, xs[i]);
                hi = Math.max(hi, xs[i]);
            }
        }
        return new double[] {lo, hi};
    }

    /** {@code y = exp(cy + slope (log x − cx))} over {@code [range]}. */
    private static Layer.Line powerLine(String name, Ink ink, double slope, double cx, double cy, double[] range) {
        int n = 16;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double u = i / (n - 1.0);
            double lx = Math.log(range[0]) * (1 - u) + Math.log(range[1]) * u;
            x[i] = Math.exp(lx);
            y[i] = Math.exp(cy + slope * (lx - cx));
        }
        return new Layer.Line(name, ink, x, y);
    }
}
