package org.emlab.core.labs.recursive;

import static org.emlab.core.labs.recursive.MlrRecursiveLab.FIT_DECADES;
import static org.emlab.core.labs.recursive.MlrRecursiveLab.FIT_FROM;
import static org.emlab.core.labs.recursive.MlrRecursiveLab.MIN_WINDOW;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.em.RecursiveMlrEstimator;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.BaseRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.MlrPlots;
import org.emlab.core.view.RateCaption;
import org.emlab.core.view.RateFit;

final class MlrRecursiveRun extends BaseRun<MlrRecursiveLab, RecursiveMlrEstimator> {
    private final int d;
    private final double sigma;
    private final double delta;
    private final double[] betaStar;
    private final double[] betaDagger;
    private final double[] thetaStar;
    private final double qStar;
    private final double[] u1;
    private final double[] u2;

    MlrRecursiveRun(MlrRecursiveLab lab, ParamValues params, RecursiveMlrEstimator engine) {
        super(lab, params, null, engine);
        this.d = params.getInt("d");
        this.sigma = params.getDouble("sigma");
        this.delta = params.getDouble("delta");
        this.betaStar = params.getVector("beta_star");
        this.betaDagger = engine.betaDagger();
        this.thetaStar = engine.thetaStar();
        this.qStar = engine.qStar();
        double[] e2 = new double[d];
        e2[Math.min(1, d - 1)] = 1;
        double[][] pl = MlrPlots.plane(betaDagger, e2);
        this.u1 = pl[0];
        this.u2 = pl[1];
    }

    @Override
    public RecursiveMlrEstimator engine() {
        return engine;
    }

    /** The recursion draws its samples as it goes: one per consumed sample. */
    @Override
    public boolean streamsSamples() {
        return true;
    }

    /**
     * The samples consumed in the first {@code iteration} steps ({@code iteration × batch} samples, the
     * engine's iteration counting samples): regressor φ_k, response y_{k+1}, true label z_{k+1}.
     */
    @Override
    public org.emlab.core.data.Dataset streamedSamples(int iteration) {
        return engine.streamedSamples(iteration);
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        panels.add(d == 1 ? lines(h, row) : plane(h, row));
        panels.add(errorPanel(h, cursor));
        panels.add(qPanel(h, cursor));
        panels.add(accuracyPanel(h, cursor));
        panels.add(coordinatePanel(h, cursor));
        panels.add(lambdaPanel(h, cursor));
        return new Figure(lab.title(), panels);
    }

    /** n of history entry i (samples consumed + 1). */
    private static double sampleIndex(History h, int i) {
        return h.iteration(i) + 1.0;
    }

    /** A column against n = iteration + 1 from the engine's log-spaced trace, up to the latest recorded sample. */
    private double[][] versusN(History h, String column) {
        return engine.traceSeries(h.column(column), h.lastIteration());
    }

    private static Axis nAxis() {
        return new Axis("samples n", true, Double.NaN, Double.NaN, true);
    }

    /** Cursor marker at n = iteration + 1. */
    private static Layer.Line cursorAt(History h, int cursor) {
        double it = sampleIndex(h, Math.max(0, Math.min(cursor, h.size() - 1)));
        return new Layer.Line(null, Ink.dotted(Ink.MUTED).withWidth(1.0), new double[] {it, it},
                new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
    }

    /** d = 1: recent samples (φ_n, y_{n+1}) with the current lines y = ±β_n φ and the true ±β*. */
    private Panel lines(History h, int row) {
        double[][] rec = engine.recentSamples();
        double beta = h.row(row)[h.column("beta_1")];
        double xe = 0;
        double ye = 0;
        for (int i = 0; i < rec[1].length; i++) {
            xe = Math.max(xe, Math.abs(rec[0][i]));
            ye = Math.max(ye, Math.abs(rec[1][i]));
        }
        xe = Math.max(1e-3, 1.1 * xe);
        ye = Math.max(1.1 * ye, 1.2 * Math.abs(betaStar[0]) * xe + 2 * sigma);
        List<Layer> layers = new ArrayList<>();
        int k = rec[1].length;
        int right = 0;
        for (int i = 0; i < k; i++) {
            right += ((int) rec[2][i]) & 1;
        }
        double[][] ok = new double[3][right];
        double[][] bad = new double[3][k - right];
        int io = 0;
        int ib = 0;
        for (int i = 0; i < k; i++) {
            int code = (int) rec[2][i];
            double[][] dst = (code & 1) == 1 ? ok : bad;
            int at = (code & 1) == 1 ? io++ : ib++;
            dst[0][at] = rec[0][i];
            dst[1][at] = rec[1][i];
            dst[2][at] = (code & 2) == 0 ? 0 : 1;
        }
        layers.add(samplePoints("labelled right (colour: predicted line)", Ink.Marker.CIRCLE, ok));
        layers.add(samplePoints("labelled wrong", Ink.Marker.CROSS, bad));
        double b = betaStar[0];
        layers.add(new Layer.Line("truth y = ±β*φ", Ink.dashed(Ink.FOREGROUND).withOpacity(0.7),
                new double[] {-xe, xe, Double.NaN, -xe, xe}, new double[] {-b * xe, b * xe, Double.NaN, b * xe, -b * xe}));
        layers.add(new Layer.Line("y = +β_n φ", Ink.component(0).withWidth(3), new double[] {-xe, xe},
                new double[] {-beta * xe, beta * xe}));
        layers.add(new Layer.Line("y = −β_n φ", Ink.component(1).withWidth(2), new double[] {-xe, xe},
                new double[] {beta * xe, -beta * xe}));
        List<String> notes = new ArrayList<>();
        notes.add("n = " + (long) sampleIndex(h, row) + "   β_n = " + MlrPlots.num(beta) + "   β† = "
                + MlrPlots.num(betaDagger[0]) + "   last " + k + " samples");
        return new Panel("geometry", "Recent samples and the current regression lines", Panel.Kind.GEOMETRY,
                Axis.fixed("φ_n", -xe, xe), Axis.fixed("y_{n+1}", -ye, ye), false, layers, notes);
    }

    private static Layer.Points samplePoints(String name, Ink.Marker marker, double[][] v) {
        int k = v[0].length;
        int[] colors = new int[k];
        double[] alphas = new double[k];
        for (int i = 0; i < k; i++) {
            colors[i] = (int) v[2][i];
            alphas[i] = 0.3 + 0.6 * (i + 1.0) / Math.max(1, k);
        }
        return new Layer.Points(name, Ink.points(Ink.MUTED, marker, marker == Ink.Marker.CROSS ? 7 : 5), v[0], v[1],
                null, colors, alphas);
    }

    /** d ≥ 2: θ_n and β_n in the plane of β† and the second coordinate axis. */
    private Panel plane(History h, int row) {
        int tb = h.column("theta_1");
        int bb = h.column("beta_1");
        double[][] tp = logPath(h, "theta_1", row);
        double[][] bp = logPath(h, "beta_1", row);
        double[] bd = MlrPlots.project(betaDagger, u1, u2);
        double[] ts = MlrPlots.project(thetaStar, u1, u2);
        double ext = 1.25 * MlrPlots.norm(betaStar);
        for (double[][] pth : new double[][][] {tp, bp}) {
            for (int i = 0; i < pth[0].length; i++) {
                ext = Math.max(ext, 1.05 * Math.max(Math.abs(pth[0][i]), Math.abs(pth[1][i])));
            }
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer.Line("θ_n (direction, weighted LS)", Ink.dashed(2).withWidth(1.5), tp[0], tp[1]));
        layers.add(new Layer.Line("β_n = q_n θ_n", Ink.line(0).withWidth(2), bp[0], bp[1]));
        layers.add(new Layer.Points("θ* = (2p − 1)β*", Ink.points(2, Ink.Marker.TRIANGLE, 12), new double[] {ts[0]},
                new double[] {ts[1]}));
        layers.add(new Layer.Points("±β*", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 16).withWidth(2),
                new double[] {bd[0], -bd[0]}, new double[] {bd[1], -bd[1]}));
        double[] cur = MlrPlots.project(h.row(row), bb, d, u1, u2);
        double[] ct = MlrPlots.project(h.row(row), tb, d, u1, u2);
        layers.add(new Layer.Points("θ_n now", Ink.points(2, Ink.Marker.SQUARE, 9), new double[] {ct[0]},
                new double[] {ct[1]}));
        layers.add(new Layer.Points("β_n now", Ink.component(0).withMarker(Ink.Marker.CIRCLE, 12), new double[] {cur[0]},
                new double[] {cur[1]}));
        List<String> notes = new ArrayList<>();
        double[] r = h.row(row);
        notes.add("n = " + (long) sampleIndex(h, row) + "   q_n = " + MlrPlots.num(r[h.column("q")]) + " (q* = "
                + MlrPlots.num(qStar) + ")   ‖β_n − β†‖ = " + MlrPlots.num(r[0]));
        notes.add("β† = sign(2p − 1)β* is what the algorithm recovers" + (d > 2 ? "; plane of β† and e₂ in R^" + d : ""));
        String xl = d == 2 ? "β₁" : "along β†";
        String yl = d == 2 ? "β₂" : "orthogonal";
        if (d == 2) {
            // plot in the original coordinates when d = 2
            return new Panel("geometry", "θ_n and β_n", Panel.Kind.GEOMETRY, Axis.fixed(xl, -ext, ext),
                    Axis.fixed(yl, -ext, ext), true, rawCoordinates(layers), notes);
        }
        return new Panel("geometry", "θ_n and β_n", Panel.Kind.GEOMETRY, Axis.fixed(xl, -ext, ext),
                Axis.fixed(yl, -ext, ext), true, layers, notes);
    }

    /** For d = 2 the plane basis is rotated; map the layers back to (β₁, β₂). */
    private List<Layer> rawCoordinates(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Layer.Line ln) {
                double[][] xy = unrotate(ln.x(), ln.y());
                out.add(new Layer.Line(ln.name(), ln.ink(), xy[0], xy[1]));
            } else if (l instanceof Layer.Points pt) {
                double[][] xy = unrotate(pt.x(), pt.y());
                out.add(new Layer.Points(pt.name(), pt.ink(), xy[0], xy[1], pt.sizes(), pt.colors(), pt.alphas()));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private double[][] unrotate(double[] a, double[] b) {
        double[] x = new double[a.length];
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = a[i] * u1[0] + b[i] * u2[0];
            y[i] = a[i] * u1[1] + b[i] * u2[1];
        }
        return new double[][] {x, y};
    }

    /** The path of the vector whose first coordinate column is {@code first}, from the log-spaced trace, projected. */
    private double[][] logPath(History h, String first, int upto) {
        long maxIt = h.iteration(upto);
        int col = h.column(first);
        double[][] xs = new double[d][];
        for (int c = 0; c < d; c++) {
            xs[c] = engine.traceSeries(col + c, maxIt)[1];
        }
        int k = xs[0].length;
        double[] x = new double[k + 1];
        double[] y = new double[k + 1];
        double[] v = new double[d];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < d; c++) {
                v[c] = xs[c][i];
            }
            double[] pr = MlrPlots.project(v, u1, u2);
            x[i] = pr[0];
            y[i] = pr[1];
        }
        // end exactly at the shown state
        double[] pr = MlrPlots.project(h.row(upto), col, d, u1, u2);
        x[k] = pr[0];
        y[k] = pr[1];
        return new double[][] {x, y};
    }

    private Panel errorPanel(History h, int cursor) {
        double[][] e = versusN(h, "error");
        double[][] et = versusN(h, "theta_error");
        double[][] eq = versusN(h, "q_error");
        double[][] lm = lambdaSeries(h);
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        layers.add(CurvePanels.line("‖β_n − β†‖", Ink.line(0), e, true));
        layers.add(CurvePanels.line("‖θ_n − θ*‖", Ink.dashed(2), et, true));
        layers.add(CurvePanels.line("|q_n − q*|", Ink.dotted(1).withWidth(2), eq, true));
        // theory: ‖β_n − β†‖² = O(n^κ/λ_min(n)), κ ↓ δ: the shape sqrt(n^δ log n / λ_min(n)) with measured λ_min
        double[] bx = new double[lm[0].length];
        double[] by = new double[lm[0].length];
        int k = 0;
        for (int i = 0; i < lm[0].length; i++) {
            double n = lm[0][i];
            if (n >= 3 && lm[1][i] > 0) { // NaN (rank-deficient) fails the test
                bx[k] = n;
                by[k++] = Math.sqrt(Math.pow(n, delta) * Math.log(n) / lm[1][i]);
            }
        }
        layers.add(new Layer.Line("theory sqrt(n^δ log n / λ_min(n))", Ink.dotted(Ink.FOREGROUND),
                java.util.Arrays.copyOf(bx, k), java.util.Arrays.copyOf(by, k)));
        double nMax = e[0].length == 0 ? 1 : e[0][e[0].length - 1];
        if (nMax >= 10 * FIT_FROM) {
            // one path is noisy: fit the last two decades (but not the first FIT_FROM samples, the transient)
            double from = Math.max(FIT_FROM, nMax / 100);
            double fraction = 1 - Math.log(from) / Math.log(nMax);
            RateCaption.Verdict vb = RateCaption.power(e[0], e[1], fraction, 1e-300, 0);
            RateCaption.Verdict vt = RateCaption.power(et[0], et[1], fraction, 1e-300, 0);
            RateFit.Tail tb = RateFit.power(java.util.Arrays.copyOf(bx, k), java.util.Arrays.copyOf(by, k), fraction,
                    1e-300);
            if (vb.showsRate()) {
                layers.add(CurvePanels.fittedLine("fitted tail", vb.tail(), true, CurvePanels.FIT_INK));
            }
            notes.addAll(slopeNotes(vb, vt, tb));
        }
        // the bound's two forms side by side: the claim, and the shape drawn (a bound up to a constant, not a
        // prediction of the early samples, where β_n waits for q_n)
        notes.add("theory: ‖β_n − β†‖² = O(n^κ/λ_min(n)), κ ∈ (δ, 1)");
        notes.add("drawn: its shape at κ → δ, sqrt(n^δ log n / λ_min(n)), up to a constant");
        layers.add(cursorAt(h, cursor));
        return new Panel("error", "errors vs samples", Panel.Kind.CURVE, nAxis(), Axis.log("error"), false, layers, notes);
    }

    private Panel qPanel(History h, int cursor) {
        double[][] q = versusN(h, "q");
        double[][] ub = versusN(h, "q_bound");
        double nMax = Math.max(2, q[0].length == 0 ? 2 : q[0][q[0].length - 1]);
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("q_n", Ink.line(0), q, false));
        layers.add(CurvePanels.line("projection bound U_n", Ink.dashed(Ink.MUTED), ub, false));
        layers.add(MlrPlots.horizontal("q* = 1/|2p − 1|", Ink.dotted(Ink.FOREGROUND), qStar, 1, nMax));
        // dash-dot: dashed, it looked like the projection bound above
        Ink lowerBound = new Ink(Ink.MUTED, Ink.Dash.DASH_DOT, 1.5, Ink.Marker.NONE, 0, 0.6);
        layers.add(MlrPlots.horizontal("lower bound 1", lowerBound, 1, 1, nMax));
        layers.add(cursorAt(h, cursor));
        List<String> notes = new ArrayList<>();
        // the values at the cursor's row, as the geometry panel's note has them (the plotted series is the engine's
        // thinned trace, whose last point may lie a few samples before the row)
        double[] r = h.row(Math.max(0, Math.min(cursor, h.size() - 1)));
        double qNow = r[h.column("q")];
        double uNow = r[h.column("q_bound")];
        notes.add("q_n = " + MlrPlots.num(qNow) + ", q* = " + MlrPlots.num(qStar) + ", U_n = " + MlrPlots.num(uNow));
        if (uNow < qStar) {
            notes.add("the bound U_n is below q*: q_n cannot reach q* (stuck at the bound)");
        }
        return new Panel("q", "scale q_n (EM-scalar recursion)", Panel.Kind.CURVE, nAxis(), Axis.linear("q"), false,
                layers, notes);
    }

    private Panel accuracyPanel(History h, int cursor) {
        double[][] a = versusN(h, "accuracy");
        double[][] o = versusN(h, "oracle_accuracy");
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("algorithm (Bayes rule with β_n, q_n)", Ink.line(0), a, false));
        layers.add(CurvePanels.line("oracle (β*, p)", Ink.dashed(Ink.FOREGROUND), o, false));
        layers.add(cursorAt(h, cursor));
        List<String> notes = new ArrayList<>();
        double[] half = secondHalf(h);
        if (half != null) {
            notes.add("second half (n > " + (long) half[2] + "): misclassification algorithm " + MlrPlots.num(1 - half[0])
                    + ", oracle " + MlrPlots.num(1 - half[1]));
        }
        notes.add("running accuracy of the label predicted before each update");
        return new Panel("accuracy", "online clustering accuracy", Panel.Kind.CURVE, nAxis(), Axis.linear("accuracy"),
                false, layers, notes);
    }

    /** {algorithm accuracy, oracle accuracy, n_half} over the second half of the samples so far, or null. */
    private double[] secondHalf(History h) {
        if (h.size() < 2) {
            return null;
        }
        int last = h.size() - 1;
        double nEnd = h.iteration(last);
        if (nEnd < 2 * MIN_WINDOW) {
            return null;
        }
        int mid = h.indexAtOrBefore((int) (nEnd / 2));
        double nMid = h.iteration(mid);
        int ca = h.column("accuracy");
        int co = h.column("oracle_accuracy");
        double span = nEnd - nMid;
        if (span < MIN_WINDOW) {
            return null;
        }
        double a = (h.row(last)[ca] * nEnd - h.row(mid)[ca] * nMid) / span;
        double o = (h.row(last)[co] * nEnd - h.row(mid)[co] * nMid) / span;
        return new double[] {a, o, nMid};
    }

    private Panel coordinatePanel(History h, int cursor) {
        List<Layer> layers = new ArrayList<>();
        double nMax = 2;
        for (int c = 1; c <= d && c <= 4; c++) {
            double[][] t = versusN(h, "theta_" + c);
            double[][] b = versusN(h, "beta_" + c);
            nMax = Math.max(nMax, t[0].length == 0 ? 2 : t[0][t[0].length - 1]);
            layers.add(CurvePanels.line("β_" + c, Ink.line(c - 1), b, false));
            layers.add(CurvePanels.line("θ_" + c, Ink.dashed(c - 1), t, false));
        }
        for (int c = 1; c <= d && c <= 4; c++) {
            layers.add(MlrPlots.horizontal(c == 1 ? "targets β†, θ*" : null, Ink.dotted(Ink.MUTED), betaDagger[c - 1], 1,
                    nMax));
            layers.add(MlrPlots.horizontal(null, Ink.dotted(Ink.MUTED), thetaStar[c - 1], 1, nMax));
        }
        layers.add(cursorAt(h, cursor));
        return new Panel("coordinates", "θ_n and β_n by coordinate", Panel.Kind.CURVE, nAxis(), Axis.linear("value"), false,
                layers, List.of("β† = " + vec(betaDagger) + ", θ* = " + vec(thetaStar) + (d > 4 ? " (first 4 shown)" : "")));
    }

    private static String vec(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(MlrPlots.num(v[i]));
        }
        return sb.append(')').toString();
    }

    /** λ_min(n) where Σ φφᵀ has full rank (n > d); earlier values are rounding noise around 0. */
    private double[][] lambdaSeries(History h) {
        double[][] lm = versusN(h, "lambda_min");
        double[] y = lm[1].clone();
        for (int i = 0; i < y.length; i++) {
            if (lm[0][i] <= d + 1 || !(y[i] > 0)) {
                y[i] = Double.NaN;
            }
        }
        return new double[][] {lm[0], y};
    }

    private Panel lambdaPanel(History h, int cursor) {
        double[][] lm = lambdaSeries(h);
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("λ_min(n)", Ink.line(4), lm, true));
        List<String> notes = new ArrayList<>();
        double nMax = lm[0].length == 0 ? 1 : lm[0][lm[0].length - 1];
        String reg = params.getString("regressors");
        double ref = reg.equals("ar") ? 0.8 : 1.0;
        if (nMax >= 100) {
            double[] xs = lm[0];
            double[] ys = lm[1];
            RateFit.Tail tail = RateFit.power(xs, ys, FIT_DECADES / Math.log10(nMax), 1e-300);
            double y1 = ys[ys.length - 1];
            layers.add(CurvePanels.theory("n^" + MlrPlots.num(ref) + " reference", t -> y1 * Math.pow(t / nMax, ref),
                    Math.max(2, nMax / 1000), nMax, 24, true, Ink.dotted(Ink.FOREGROUND)));
            if (tail.valid()) {
                notes.add("fitted slope " + MlrPlots.num(tail.fit().slope()) + " up to n = " + MlrPlots.num(nMax)
                        + " (asymptotic reference " + MlrPlots.num(ref) + ")");
            }
        }
        notes.add(reg.equals("ar")
                ? "no persistent excitation: λ_min ~ n^0.8 as n → ∞; short runs show a steeper, noisy local slope "
                        + "(0.81 measured over 2·10⁵ samples)"
                : "persistent excitation: λ_min ~ n");
        layers.add(cursorAt(h, cursor));
        return new Panel("lambda", "excitation λ_min(Σ φφᵀ)", Panel.Kind.INSET, nAxis(), Axis.log("λ_min"), false, layers,
                notes);
    }

    /**
     * The error panel's slope notes for one path: β's and θ's log-log slopes only when a line fits
     * (R² ≥ {@link RateCaption#MIN_R2}; one path is noisy, and `./emlab render --seeds` gives the median
     * over seeds), with the theory curve's own slope over the same window; a flat path is said to be stuck.
     */
    static List<String> slopeNotes(RateCaption.Verdict beta, RateCaption.Verdict theta, RateFit.Tail theory) {
        List<String> notes = new ArrayList<>();
        String b = beta.rateText("this path's β log-log slope");
        if (!b.isEmpty()) {
            notes.add(b + (beta.showsRate() && theory.valid() ? "; theory curve " + MlrPlots.num(theory.fit().slope(), 2)
                    : ""));
        }
        if (theta.showsRate()) {
            notes.add("θ: log-log slope " + MlrPlots.num(theta.slope(), 2) + " over the same samples");
        }
        if (beta.levelled()) {
            notes.add("β " + beta.levelText() + ": stuck (the scale q_n or the direction no longer moves)");
        }
        return notes;
    }

    /** β can be dragged: the start θ₁ (a given start) or the current estimate ({@link MlrRecursiveManipulation}). */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return new MlrRecursiveManipulation(engine, d, u1, u2);
    }
}
