package org.emlab.core.labs.clustered;

import static org.emlab.core.labs.clustered.MlrClusteredLab.firstBelow;
import static org.emlab.core.labs.clustered.MlrClusteredLab.iterationsToAccuracy;
import static org.emlab.core.labs.clustered.MlrClusteredLab.MAX_BARS;
import static org.emlab.core.labs.clustered.MlrClusteredLab.STRIP_POINTS;
import static org.emlab.core.labs.clustered.MlrClusteredLab.STRIP_TOP;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.ClusteredMlrEm;
import org.emlab.core.em.ClusteredMlrPopulationEm;
import org.emlab.core.em.ErrorLog;
import org.emlab.core.em.StepEngine;
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

final class MlrClusteredRun extends BaseRun<MlrClusteredLab, StepEngine> {
    private final double[] thetaStar;
    private final int m;
    private final int n;
    private final int d;
    private final double sigma;
    private final double floor;
    private final double[] u1;
    private final double[] u2;

    MlrClusteredRun(MlrClusteredLab lab, ParamValues params, Dataset data, StepEngine engine, double[] thetaStar, double[] theta0) {
        super(lab, params, data, engine);
        this.thetaStar = thetaStar;
        this.m = params.getInt("m");
        this.n = params.getInt("n");
        this.d = params.getInt("d");
        this.sigma = params.getDouble("sigma");
        this.floor = sigma * Math.sqrt((double) d / ((double) m * n));
        double[][] pl = MlrPlots.plane(thetaStar, theta0);
        this.u1 = pl[0];
        this.u2 = pl[1];
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        if (engine instanceof ClusteredMlrEm e) {
            panels.add(strip(e, h, row));
            panels.add(errorPanel(h, cursor));
            panels.add(accuracyPanel(h, cursor));
            panels.add(loglikPanel(h, cursor));
            panels.add(plane(h, row, Panel.Kind.INSET));
        } else {
            panels.add(plane(h, row, Panel.Kind.GEOMETRY));
            panels.add(errorPanel(h, cursor));
            panels.add(contractionPanel(h, cursor));
            panels.add(loglikPanel(h, cursor));
        }
        return new Figure(lab.title(), panels);
    }

    /** The node posteriors P(ξ_j = +1 | D_j), grouped by true sign and sorted within each group. */
    private Panel strip(ClusteredMlrEm e, History h, int row) {
        double[][] post = e.nodePosteriors();
        int[] xi = e.signs();
        double[] r = h.row(row);
        int b = h.column("beta_1");
        int bi = h.column("iid_beta_1");
        boolean flipS = dot(r, b) < 0;
        boolean flipI = dot(r, bi) < 0;
        int plus = 0;
        for (int s : xi) {
            if (s > 0) {
                plus++;
            }
        }
        double[][] sp = groups(post[0], xi, plus, flipS);
        double[][] ip = groups(post[1], xi, plus, flipI);
        List<Layer> layers = new ArrayList<>();
        double total = m;
        layers.add(new Layer.Band("ξ = +1 nodes", Ink.line(0).withOpacity(0.08), new double[] {0, plus},
                new double[] {0, 0}, new double[] {1, 1}));
        layers.add(new Layer.Band("ξ = −1 nodes", Ink.line(1).withOpacity(0.08), new double[] {plus, total},
                new double[] {0, 0}, new double[] {1, 1}));
        layers.add(MlrPlots.horizontal(null, Ink.dotted(Ink.MUTED), 0.5, 0, total));
        if (m <= MAX_BARS) {
            double[] x = new double[m];
            int[] colors = new int[m];
            for (int j = 0; j < m; j++) {
                x[j] = j + 0.5;
                colors[j] = j < plus ? 0 : 1;
            }
            layers.add(new Layer.Bars("structured EM: P(ξ_j = +1 | D_j)", Ink.line(0).withOpacity(0.75), x, sp[1],
                    0.8, colors));
            layers.add(new Layer.Points("i.i.d. EM: node mean of P(z = +1 | y, x)",
                    Ink.points(Ink.FOREGROUND, Ink.Marker.DIAMOND, 7), x, ip[1]));
        } else {
            layers.add(new Layer.Line("structured EM: P(ξ_j = +1 | D_j)", Ink.line(0).withWidth(2.5), sp[0], sp[1]));
            layers.add(new Layer.Line("i.i.d. EM: node mean of P(z = +1 | y, x)", Ink.dashed(Ink.FOREGROUND).withWidth(2),
                    ip[0], ip[1]));
        }
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + ": " + m + " nodes × " + n + " samples");
        notes.add("node accuracy: structured " + MlrPlots.num(r[h.column("accuracy")]) + ", i.i.d. "
                + MlrPlots.num(r[h.column("iid_accuracy")]) + ", oracle " + MlrPlots.num(r[h.column("oracle_accuracy")]));
        notes.add("sorted by true sign, then by posterior" + (flipS || flipI ? "; labels aligned with β*" : ""));
        return new Panel("geometry", "Node posteriors P(ξ_j = +1 | data)", Panel.Kind.GEOMETRY,
                Axis.fixed("node (sorted)", 0, total), Axis.fixed("posterior", -0.03, STRIP_TOP), false, layers, notes);
    }

    private double dot(double[] row, int base) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            s += row[base + c] * thetaStar[c];
        }
        return s;
    }

    /** {x, y}: the ξ = +1 nodes' values sorted descending at x ∈ [0, plus), then the ξ = −1 nodes' descending. */
    private double[][] groups(double[] p, int[] xi, int plus, boolean flip) {
        double[] a = new double[plus];
        double[] c = new double[m - plus];
        int ia = 0;
        int ic = 0;
        for (int j = 0; j < m; j++) {
            double v = flip ? 1 - p[j] : p[j];
            if (xi[j] > 0) {
                a[ia++] = v;
            } else {
                c[ic++] = v;
            }
        }
        Arrays.sort(a);
        Arrays.sort(c);
        double[] y = new double[m];
        for (int j = 0; j < plus; j++) {
            y[j] = a[plus - 1 - j];
        }
        for (int j = 0; j < m - plus; j++) {
            y[plus + j] = c[m - plus - 1 - j];
        }
        if (m <= MAX_BARS) {
            double[] x = new double[m];
            for (int j = 0; j < m; j++) {
                x[j] = j + 0.5;
            }
            return new double[][] {x, y};
        }
        // a curve of at most STRIP_POINTS points per group (quantiles of the sorted values), broken between groups
        List<double[]> pts = new ArrayList<>();
        addQuantiles(pts, y, 0, plus);
        pts.add(new double[] {Double.NaN, Double.NaN});
        addQuantiles(pts, y, plus, m);
        double[] x = new double[pts.size()];
        double[] yy = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            yy[i] = pts.get(i)[1];
        }
        return new double[][] {x, yy};
    }

    private static void addQuantiles(List<double[]> pts, double[] y, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return;
        }
        int k = Math.min(len, STRIP_POINTS);
        for (int q = 0; q < k; q++) {
            int i = from + (int) ((long) q * (len - 1) / Math.max(1, k - 1));
            pts.add(new double[] {i + 0.5, y[i]});
        }
    }

    /** Both estimates in the plane of β* and β₀. */
    private Panel plane(History h, int row, Panel.Kind kind) {
        int b = h.column("beta_1");
        int bi = h.column("iid_beta_1");
        double[][] ps = MlrPlots.projectedPath(h, b, d, row, u1, u2, 500);
        double[][] pi = MlrPlots.projectedPath(h, bi, d, row, u1, u2, 500);
        double[] st = MlrPlots.project(thetaStar, u1, u2);
        double[] start = new double[] {ps[0][0], ps[1][0]};
        double rad = 0;
        for (double[][] p : new double[][][] {ps, pi}) {
            for (int i = 0; i < p[0].length; i++) {
                rad = Math.max(rad, Math.hypot(p[0][i] - st[0], p[1][i] - st[1]));
            }
        }
        rad = Math.max(1.25 * rad, 3 * floor);
        List<Layer> layers = new ArrayList<>();
        if (data != null) {
            layers.add(new Layer.Ellipse("σ sqrt(d/(mn))", Ink.dashed(Ink.MUTED), st[0], st[1], floor, floor, 0, 0.1));
        }
        layers.add(new Layer.Line("i.i.d. EM", Ink.dashed(1).withWidth(2), pi[0], pi[1]));
        layers.add(new Layer.Points(null, Ink.points(1, Ink.Marker.SQUARE, 6), pi[0], pi[1]));
        layers.add(new Layer.Line("structured EM", Ink.line(0).withWidth(2), ps[0], ps[1]));
        layers.add(new Layer.Points(null, Ink.points(0, Ink.Marker.CIRCLE, 7), ps[0], ps[1]));
        layers.add(new Layer.Points("β*", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 16).withWidth(2),
                new double[] {st[0]}, new double[] {st[1]}));
        layers.add(new Layer.Points("β₀", Ink.points(Ink.MUTED, Ink.Marker.DIAMOND, 10), new double[] {start[0]},
                new double[] {start[1]}));
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + "; plane of β* (horizontal) and β₀ in R^" + d);
        return new Panel(kind == Panel.Kind.INSET ? "plane" : "geometry", "β in the plane of β* and β₀", kind,
                Axis.fixed("β · β*/‖β*‖", st[0] - rad, st[0] + rad), Axis.fixed("orthogonal", st[1] - rad, st[1] + rad),
                true, layers, notes);
    }

    private Panel errorPanel(History h, int cursor) {
        double[][] e = CurvePanels.series(h, "error");
        double[][] ei = CurvePanels.series(h, "iid_error");
        double tMax = MlrPlots.lastX(e);
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (engine instanceof ClusteredMlrPopulationEm pe) {
            // population: each error next to its numerical error ε; values at or below ε are marked ≈ 0
            ErrorLog log = pe.errorLog();
            double[][] es = epsSeries(log, e, 0);
            double[][] eis = epsSeries(log, ei, 1);
            List<Layer> s1 = CurvePanels.withErrorFloor("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), e, es,
                    CurvePanels.LOG_FLOOR, "numerical error");
            List<Layer> s2 = CurvePanels.withErrorFloor("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6),
                    ei, eis, CurvePanels.LOG_FLOOR, "numerical error");
            layers.addAll(s1);
            layers.addAll(s2);
            int row = Math.max(0, Math.min(cursor, h.size() - 1));
            double[] r = h.row(row);
            int it = h.iteration(row);
            notes.add(CurvePanels.valueWithError("structured error", r[h.column("error")], log.get(it, 0), "numerical error"));
            notes.add(CurvePanels.valueWithError("i.i.d. error", r[h.column("iid_error")], log.get(it, 1), "numerical error"));
            notes.add("ε = |step on the kit's rule − step on its finer rule| + one ulp per coordinate (rounding next to β*); "
                    + "an estimate is held once its error is below 1e-15·max(σ, ‖β*‖), the resolution of a double there");
        } else {
            layers.add(CurvePanels.line("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), e, true));
            layers.add(CurvePanels.line("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6), ei, true));
        }
        layers.add(MlrPlots.horizontal("σ sqrt(d/(mn))", Ink.dotted(Ink.FOREGROUND), floor, 0, Math.max(1, tMax)));
        if (data != null) {
            int ts = iterationsToAccuracy(h, h.column("beta_1"), d, thetaStar);
            int ti = iterationsToAccuracy(h, h.column("iid_beta_1"), d, thetaStar);
            String tail = engine.finished() ? "" : " (so far)";
            // the paper's count, relative to where each run ends (not the crossing of the σ sqrt(d/(mn)) line)
            notes.add("iterations to statistical accuracy (‖θ_t − θ_T‖ ≤ " + MlrPlots.num(MlrClusteredLab.ACCURACY_FRACTION)
                    + "·‖θ_T − θ*‖, T the last iteration): structured " + ts + ", i.i.d. " + ti + tail);
            double[] last = h.row(h.size() - 1);
            notes.add("final error: structured " + MlrPlots.num(last[h.column("error")]) + ", i.i.d. "
                    + MlrPlots.num(last[h.column("iid_error")]) + "; σ sqrt(d/(mn)) = " + MlrPlots.num(floor));
        } else {
            int ts = firstBelow(h, "error", floor);
            int ti = firstBelow(h, "iid_error", floor);
            notes.add("iterations to reach σ sqrt(d/(mn)) = " + MlrPlots.num(floor) + " (m = " + m + "): structured "
                    + (ts < 0 ? "–" : ts) + ", i.i.d. " + (ti < 0 ? "–" : ti));
            notes.add("theory: structured contraction decays like e^{−C n}; i.i.d. needs ≈ log(sqrt(mn/d))/log(1/κ(1))");
        }
        layers.add(CurvePanels.cursor(h, cursor));
        return new Panel("error", "error min ‖β_t ∓ β*‖", Panel.Kind.CURVE, Axis.iterations(), Axis.log("error"), false,
                layers, notes);
    }

    /** Population mode: the largest estimated numerical errors of the two error columns over the recorded rows. */
    @Override
    public List<String> accuracyNotes(History h) {
        if (!(engine instanceof ClusteredMlrPopulationEm pe)) {
            return List.of();
        }
        int end = h.size() == 0 ? 0 : h.iteration(h.size() - 1);
        return List.of("population maps: MLR kit (tail form from n = 8); numerical error (kit's rule vs its finer rule, plus "
                + "one ulp per coordinate) of error ≤ " + CurvePanels.num(pe.errorLog().max(0, end), 2) + ", of iid_error ≤ "
                + CurvePanels.num(pe.errorLog().max(1, end), 2) + " over the rows (docs/labs/mlr-clustered.md)");
    }

    /** The logged estimate {@code k} at the iterations of {@code xy}. */
    private static double[][] epsSeries(ErrorLog log, double[][] xy, int k) {
        double[] e = new double[xy[0].length];
        for (int i = 0; i < e.length; i++) {
            e[i] = log.get((int) xy[0][i], k);
        }
        return new double[][] {xy[0], e};
    }

    private Panel accuracyPanel(History h, int cursor) {
        double[][] a = CurvePanels.series(h, "accuracy");
        double[][] ai = CurvePanels.series(h, "iid_accuracy");
        double[][] ao = CurvePanels.series(h, "oracle_accuracy");
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), a, false));
        layers.add(CurvePanels.line("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6), ai, false));
        layers.add(CurvePanels.line("oracle (θ*)", Ink.dotted(Ink.FOREGROUND), ao, false));
        layers.add(CurvePanels.cursor(h, cursor));
        double oracle = ao[1].length == 0 ? Double.NaN : ao[1][0];
        return new Panel("accuracy", "node clustering accuracy", Panel.Kind.CURVE, Axis.iterations(),
                Axis.linear("accuracy"), false, layers,
                List.of("oracle accuracy with θ*: " + MlrPlots.num(oracle) + " (sign of Σ_i y_ji<x_ji, θ*>)"));
    }

    /**
     * Population mode: the per-iteration contraction err_t/err_{t−1} of both maps. A ratio whose
     * previous error is at or below its numerical error ε is undefined and not drawn; one whose current
     * error is (≈ 0) is drawn at ε_t/err_{t−1}, an upper bound, with a marker.
     */
    private Panel contractionPanel(History h, int cursor) {
        int ce = h.column("error");
        int ci = h.column("iid_error");
        ErrorLog log = engine instanceof ClusteredMlrPopulationEm pe ? pe.errorLog() : new ErrorLog(2);
        int k = Math.max(0, h.size() - 1);
        double[] x = new double[k];
        double[] ys = new double[k];
        double[] yi = new double[k];
        List<double[]> bounds = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            x[i - 1] = h.iteration(i);
            ys[i - 1] = ratio(h, i, ce, log, 0, bounds);
            yi[i - 1] = ratio(h, i, ci, log, 1, bounds);
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), new double[][] {x, ys},
                true));
        layers.add(CurvePanels.line("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6),
                new double[][] {x, yi}, true));
        if (!bounds.isEmpty()) {
            double[] bx = new double[bounds.size()];
            double[] by = new double[bounds.size()];
            for (int i = 0; i < bx.length; i++) {
                bx[i] = bounds.get(i)[0];
                by[i] = bounds.get(i)[1];
            }
            layers.add(new Layer.Points("≤ ε_t/err_{t−1}: the new error is ≈ 0 (below its numerical error)",
                    Ink.points(Ink.ACCENT, Ink.Marker.CROSS, 7), bx, by));
        }
        layers.add(CurvePanels.cursor(h, cursor));
        List<String> notes = new ArrayList<>();
        if (k >= 1) {
            notes.add("first step: κ(n = " + n + ") = " + MlrPlots.num(ys[0]) + ", κ(1) = " + MlrPlots.num(yi[0]));
        }
        notes.add("reference values (snr 1, r = ‖θ*‖/14): κ = .505, .331, .146, .0307, 1.5e−3 at n = 1, 2, 4, 8, 16");
        notes.add("ratios after an error ≈ 0 (below its numerical error ε) are undefined and not drawn");
        return new Panel("contraction", "contraction err_t / err_{t−1}", Panel.Kind.CURVE, Axis.iterations(),
                Axis.log("ratio"), false, layers, notes);
    }

    /** err_i/err_{i−1}; NaN when err_{i−1} ≤ ε_{i−1}; ε_i/err_{i−1} (recorded in {@code bounds}) when err_i ≤ ε_i. */
    private static double ratio(History h, int i, int col, ErrorLog log, int k, List<double[]> bounds) {
        double prev = h.row(i - 1)[col];
        double cur = h.row(i)[col];
        double ep = nanToZero(log.get(h.iteration(i - 1), k));
        double ec = nanToZero(log.get(h.iteration(i), k));
        if (!(prev > ep) || !(prev > 0)) {
            return Double.NaN;
        }
        if (!(cur > ec)) {
            bounds.add(new double[] {h.iteration(i), Math.max(ec, CurvePanels.LOG_FLOOR) / prev});
            return Math.max(ec, CurvePanels.LOG_FLOOR) / prev;
        }
        return cur / prev;
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private Panel loglikPanel(History h, int cursor) {
        String title = data == null ? "expected log-likelihood per node (structured)" : "log-likelihood per node (structured)";
        return CurvePanels.metric(h, cursor, "loglik", "loglik", title, "ℓ", false, Ink.line(3), null,
                List.of("structured EM is exact EM for the node model: ℓ never decreases"));
    }

    /**
     * β₀ and both estimates can be dragged in the plane view (the geometry in population mode, the inset
     * otherwise): {@link MlrClusteredManipulation}.
     */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        boolean population = !(engine instanceof org.emlab.core.em.ClusteredMlrEm);
        return new MlrClusteredManipulation(population ? "geometry" : "plane", d, sigma, population, thetaStar, u1, u2);
    }
}
