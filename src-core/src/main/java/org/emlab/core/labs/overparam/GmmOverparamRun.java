package org.emlab.core.labs.overparam;

import static org.emlab.core.labs.overparam.GmmOverparamLab.KL_DISPLAY_FLOOR;
import static org.emlab.core.labs.overparam.GmmOverparamLab.KL_FIT_FLOOR;
import static org.emlab.core.labs.overparam.GmmOverparamLab.RASTER;
import static org.emlab.core.labs.overparam.GmmOverparamLab.TAIL_MIN_END;
import static org.emlab.core.labs.overparam.GmmOverparamLab.TAIL_START;
import static org.emlab.core.labs.overparam.GmmOverparamLab.TRAIL;
import static org.emlab.core.labs.overparam.GmmOverparamLab.WEIGHT_DISPLAY_FLOOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.OverparamGradientEm;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.BaseRun;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.param.ParamValues;
import org.emlab.core.text.Numbers;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.Rasters;
import org.emlab.core.view.RateCaption;

final class GmmOverparamRun extends BaseRun<GmmOverparamLab, OverparamGradientEm> {
    private final UnitGaussianMixture truth;
    private final PopulationRule rule;
    private final int n;
    private final int d;
    private final double[] box; // x0, x1, y0, y1 (unprojected: every axis)
    private Layer cachedRaster;
    private String cachedKey = "";

    GmmOverparamRun(GmmOverparamLab lab, ParamValues params, Dataset data, OverparamGradientEm engine, UnitGaussianMixture truth,
        PopulationRule rule) {
        super(lab, params, data, engine);
        this.truth = truth;
        this.rule = rule;
        this.n = engine.components();
        this.d = truth.d();
        double r = 0;
        for (double v : truth.means()) {
            r = Math.max(r, Math.abs(v));
        }
        for (double v : engine.means()) {
            r = Math.max(r, Math.abs(v));
        }
        double e = r + 3.5;
        this.box = new double[] {-e, e, -e, e};
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        panels.add(d == 1 ? geometry1d(h, row) : geometry(h, row, projection(view.getOrDefault("projection", ""))));
        panels.add(lossPanel(h, row));
        panels.add(weightsPanel(h, row));
        return new Figure(lab.title(), panels);
    }

    private int[] projection(String p) {
        int a = 0;
        int b = 1;
        if (p.startsWith("x") && p.contains("–")) {
            String[] parts = p.substring(1).split("–x");
            try {
                a = Integer.parseInt(parts[0]) - 1;
                b = Integer.parseInt(parts[1]) - 1;
            } catch (RuntimeException e) {
                a = 0;
                b = 1;
            }
        }
        if (a < 0 || b < 0 || a >= d || b >= d || a == b) {
            a = 0;
            b = 1;
        }
        return new int[] {a, b};
    }

    private String modeNote() {
        if (data == null) {
            return "population: " + rule.name();
        }
        return "sample N = " + data.n() + "; loss = population KL of the fit (" + rule.name() + ")";
    }

    /** The population rule and the largest error estimates over the recorded rows (for exported trajectories). */
    @Override
    public List<String> accuracyNotes(History h) {
        int end = h.size() == 0 ? 0 : h.iteration(h.size() - 1);
        org.emlab.core.em.ErrorLog log = engine.errorLog();
        String s = "population rule: " + rule.name() + "; " + errorKind() + " (" + rule.checkName() + ") of loss ≤ "
                + CurvePanels.num(log.max(0, end), 2);
        if (data == null) {
            s += ", of a step ≤ " + CurvePanels.num(log.max(1, end), 2);
        }
        return List.of(s + " over the rows (docs/labs/gmm-overparam.md)");
    }

    /** "quadrature error" or "Monte Carlo error": what the error columns estimate. */
    private String errorKind() {
        return rule.kind() == PopulationRule.Check.MONTE_CARLO ? "Monte Carlo error" : "quadrature error";
    }

    private Panel geometry(History h, int row, int[] axes) {
        int ax = axes[0];
        int ay = axes[1];
        List<Layer> layers = new ArrayList<>();
        layers.add(background(ax, ay));
        // the true components' 1σ and 2σ circles (identity covariance)
        for (int k = 0; k < truth.m(); k++) {
            for (int r = 1; r <= 2; r++) {
                layers.add(new Layer.Ellipse(null, Ink.dotted(Ink.FOREGROUND).withWidth(1.0).withOpacity(0.45),
                        truth.mean(k, ax), truth.mean(k, ay), r, r, 0, 0));
            }
        }
        double[] current = h.row(row);
        int piBase = h.column("pi_1");
        int muBase = h.column("mu_1_1");
        if (row == h.size() - 1 && engine.phase() == org.emlab.core.em.StepEngine.Phase.AFTER_E) {
            // the E-step: which model component is responsible where (unit covariances: log π_i − ½‖x − μ_i‖²)
            double[] logPi = new double[n];
            double[] mu = java.util.Arrays.copyOfRange(current, muBase, muBase + n * d);
            for (int i = 0; i < n; i++) {
                logPi[i] = current[piBase + i] > 0 ? Math.log(current[piBase + i]) : Double.NEGATIVE_INFINITY;
            }
            double[] tw = truth.weights();
            layers.addAll(org.emlab.core.view.ResponsibilityMap.of("E-step: most responsible component", (x, y, out) -> {
                for (int i = 0; i < n; i++) {
                    double u = x - mu[i * d + ax];
                    double v = y - mu[i * d + ay];
                    out[i] = logPi[i] - 0.5 * (u * u + v * v);
                }
            }, n, box[0], box[1], box[2], box[3], (x, y) -> {
                double dens = 0;
                for (int c = 0; c < truth.m(); c++) {
                    double u = x - truth.mean(c, ax);
                    double v = y - truth.mean(c, ay);
                    dens += tw[c] * Math.exp(-0.5 * (u * u + v * v));
                }
                return Math.min(1, 4 * dens);
            }));
        }
        // trails
        int from = Math.max(0, row - TRAIL);
        for (int i = 0; i < n; i++) {
            boolean dead = !(current[piBase + i] > 0);
            int len = row - from + 1;
            double[] tx = new double[len];
            double[] ty = new double[len];
            for (int s = 0; s < len; s++) {
                double[] r = h.row(from + s);
                tx[s] = r[muBase + i * d + ax];
                ty[s] = r[muBase + i * d + ay];
            }
            layers.add(new Layer.Line(null, Ink.line(i).withWidth(1.4).withOpacity(dead ? 0.15 : 0.5), tx, ty));
        }
        // model means sized by weight; pruned ones faded
        double[] mx = new double[n];
        double[] my = new double[n];
        double[] sizes = new double[n];
        int[] colors = new int[n];
        double[] alphas = new double[n];
        int alive = 0;
        for (int i = 0; i < n; i++) {
            double w = current[piBase + i];
            mx[i] = current[muBase + i * d + ax];
            my[i] = current[muBase + i * d + ay];
            sizes[i] = 7 + 30 * Math.sqrt(Math.max(0, w));
            colors[i] = i;
            alphas[i] = w > 0 ? 0.95 : 0.25;
            if (w > 0) {
                alive++;
            }
        }
        layers.add(new Layer.Points("model means (size ∝ √π; faded: pruned)", Ink.points(0, Ink.Marker.CIRCLE, 10),
                mx, my, sizes, colors, alphas));
        // true centres
        double[] tx = new double[truth.m()];
        double[] ty = new double[truth.m()];
        for (int k = 0; k < truth.m(); k++) {
            tx[k] = truth.mean(k, ax);
            ty[k] = truth.mean(k, ay);
        }
        layers.add(new Layer.Points("true centres μ*", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 16).withWidth(2),
                tx, ty));
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + ": " + n + " components, " + alive + " alive, "
                + (int) current[1] + " active (π > 1e-3)");
        notes.add(modeNote());
        if (d > 2) {
            notes.add("projection on x" + (ax + 1) + "–x" + (ay + 1) + " of R^" + d);
        }
        return new Panel("geometry", data == null ? "p* and the model means" : "Data and the model means",
                Panel.Kind.GEOMETRY, Axis.fixed("x" + (ax + 1), box[0], box[1]), Axis.fixed("x" + (ay + 1), box[2], box[3]),
                true, layers, notes);
    }

    private Layer background(int ax, int ay) {
        String key = (data == null ? "pop" : "data") + ax + "," + ay;
        if (!key.equals(cachedKey)) {
            if (data == null) {
                // the density of p* in the plane of the two shown coordinates (its marginal there)
                double[] w = truth.weights();
                cachedRaster = Rasters.function("p* density", (x, y) -> {
                    double s = 0;
                    for (int k = 0; k < truth.m(); k++) {
                        double u = x - truth.mean(k, ax);
                        double v = y - truth.mean(k, ay);
                        s += w[k] * Math.exp(-0.5 * (u * u + v * v));
                    }
                    return s;
                }, box[0], box[1], box[2], box[3], RASTER, RASTER, Ink.MUTED);
            } else {
                cachedRaster = Rasters.density("data density", data.x(), data.n(), d, ax, ay, box[0], box[1], box[2],
                        box[3], RASTER, RASTER, Ink.MUTED);
            }
            cachedKey = key;
        }
        return cachedRaster;
    }

    /** d = 1: the densities of p* and of the fit, and the components at their weighted peaks. */
    private Panel geometry1d(History h, int row) {
        double[] current = h.row(row);
        int piBase = h.column("pi_1");
        int muBase = h.column("mu_1_1");
        int g = 400;
        double[] xs = new double[g];
        double[] truthY = new double[g];
        double[] fitY = new double[g];
        double norm = 1 / Math.sqrt(2 * Math.PI);
        double[] w = truth.weights();
        for (int s = 0; s < g; s++) {
            double x = box[0] + (box[1] - box[0]) * s / (g - 1.0);
            xs[s] = x;
            double a = 0;
            for (int k = 0; k < truth.m(); k++) {
                double u = x - truth.mean(k, 0);
                a += w[k] * norm * Math.exp(-0.5 * u * u);
            }
            truthY[s] = a;
            double b = 0;
            for (int i = 0; i < n; i++) {
                double u = x - current[muBase + i];
                b += current[piBase + i] * norm * Math.exp(-0.5 * u * u);
            }
            fitY[s] = b;
        }
        List<Layer> layers = new ArrayList<>();
        if (data != null) {
            layers.add(Rasters.density("data", data.x(), data.n(), 1, 0, 0, box[0], box[1], -1, 1, RASTER, 1, Ink.MUTED));
        }
        layers.add(new Layer.Line("p*", Ink.line(Ink.FOREGROUND).withWidth(2.5).withOpacity(0.6), xs, truthY));
        layers.add(new Layer.Line("fit p_t", Ink.dashed(Ink.ACCENT).withWidth(2), xs, fitY));
        double[] mx = new double[n];
        double[] my = new double[n];
        double[] sizes = new double[n];
        int[] colors = new int[n];
        double[] alphas = new double[n];
        for (int i = 0; i < n; i++) {
            double wi = current[piBase + i];
            mx[i] = current[muBase + i];
            my[i] = wi * norm;
            sizes[i] = 7 + 20 * Math.sqrt(Math.max(0, wi));
            colors[i] = i;
            alphas[i] = wi > 0 ? 0.95 : 0.25;
        }
        layers.add(new Layer.Points("components at (μ_i, π_i φ(0))", Ink.points(0, Ink.Marker.CIRCLE, 10), mx, my, sizes,
                colors, alphas));
        List<String> notes = List.of("iteration " + h.iteration(row) + ": " + (int) current[1]
                + " active components (π > 1e-3)", modeNote());
        double top = 0;
        for (double v : truthY) {
            top = Math.max(top, v);
        }
        return new Panel("geometry", "p* and the fit", Panel.Kind.GEOMETRY, Axis.fixed("x", box[0], box[1]),
                Axis.fixed("density", 0, Math.max(top, 0.2) * 1.35), false, layers, notes);
    }

    /**
     * KL on log-log axes (iteration 0 left out): the first, fast phase bends down, the second,
     * polynomial phase is a straight line whose fitted slope is noted.
     */
    private Panel lossPanel(History h, int row) {
        double[][] kl = CurvePanels.series(h, "loss");
        org.emlab.core.em.ErrorLog log = engine.errorLog();
        int from = 0;
        while (from < kl[0].length && kl[0][from] < 1) {
            from++;
        }
        double[] x = java.util.Arrays.copyOfRange(kl[0], from, kl[0].length);
        double[] y = java.util.Arrays.copyOfRange(kl[1], from, kl[1].length);
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = log.get((int) x[i], 0);
        }
        List<Layer> layers = new ArrayList<>(CurvePanels.withErrorFloor("KL(p* ‖ p_t)", Ink.line(0), new double[][] {x, y},
                new double[][] {x, e}, KL_DISPLAY_FLOOR, errorKind()));
        List<String> notes = new ArrayList<>();
        double worst = 0;
        for (double v : e) {
            worst = Double.isFinite(v) ? Math.max(worst, v) : worst;
        }
        RateCaption.Verdict v = lossVerdict(x, y, worst);
        if (v != null && v.showsRate()) {
            layers.add(CurvePanels.fittedLine("fitted tail", v.tail(), true, CurvePanels.FIT_INK));
        }
        notes.addAll(lossNotes(v, data != null));
        double[] current = h.row(row);
        double last = current[0];
        int it = h.iteration(row);
        double err = log.get(it, 0);
        notes.add(CurvePanels.valueWithError("KL", last, err, errorKind()));
        int end = h.iteration(h.size() - 1);
        StringBuilder acc = new StringBuilder(errorKind() + " of KL ≤ " + CurvePanels.num(err, 2) + " here, ≤ "
                + CurvePanels.num(log.max(0, end), 2) + " over the run");
        if (data == null) {
            acc.append("; of the step ≤ ").append(CurvePanels.num(log.max(1, end), 2));
        }
        acc.append(" (").append(rule.name()).append(", ").append(rule.checkName()).append(")");
        notes.add(acc.toString());
        layers.add(CurvePanels.cursor(h, row));
        return new Panel("loss", "KL(p* ‖ p_t)", Panel.Kind.CURVE, new Axis("iteration", true, Double.NaN, Double.NaN),
                Axis.log("KL"), false, layers, notes);
    }

    private Panel weightsPanel(History h, int row) {
        List<Layer> layers = new ArrayList<>();
        int piBase = h.column("pi_1");
        double top = 0;
        for (int i = 0; i < n; i++) {
            double[][] s = CurvePanels.series(h, "pi_" + (i + 1));
            for (int j = 0; j < s[1].length; j++) {
                s[1][j] = Math.max(s[1][j], WEIGHT_DISPLAY_FLOOR);
                top = Math.max(top, s[1][j]);
            }
            layers.add(new Layer.Line(i == 0 ? "π_i(t)" : null, Ink.line(i).withWidth(1.5), s[0], s[1]));
        }
        // prune moments: the first recorded iteration at which a weight is exactly 0
        int pruned = 0;
        boolean named = false;
        for (int i = 0; i < n; i++) {
            int at = firstZero(h, piBase + i, row);
            if (at < 0) {
                continue;
            }
            pruned++;
            double it = h.iteration(at);
            layers.add(new Layer.Line(named ? null : "pruned (π → 0 exactly)", Ink.dotted(Ink.ACCENT).withWidth(1.2),
                    new double[] {it, it}, new double[] {WEIGHT_DISPLAY_FLOOR, top}));
            named = true;
        }
        layers.add(CurvePanels.cursor(h, row));
        double[] current = h.row(row);
        List<String> notes = new ArrayList<>();
        notes.add("active (π > 1e-3): " + (int) current[1] + " of " + n + ";  pruned: " + pruned
                + ";  true m = " + truth.m());
        return new Panel("weights", "Weights π_i(t)", Panel.Kind.CURVE, Axis.iterations(), Axis.fixed("π", 0, 1), false,
                layers, notes);
    }

    private static int firstZero(History h, int col, int upto) {
        if (!(h.row(upto)[col] == 0)) {
            return -1;
        }
        int lo = 0;
        int hi = upto;
        // weights stay 0 once pruned, so the zero entries form a suffix: binary search its start
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (h.row(mid)[col] == 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The verdict on the KL curve's tail (log-log: stage 2 is polynomial), fitted over the last decade of
     * iterations from {@link #TAIL_START} on, above the fit floor and ten times the worst quadrature error;
     * null before {@link #TAIL_MIN_END} iterations.
     */
    static RateCaption.Verdict lossVerdict(double[] t, double[] kl, double worstError) {
        double tEnd = t.length == 0 ? 0 : t[t.length - 1];
        if (tEnd < TAIL_MIN_END) {
            return null;
        }
        double tStart = Math.max(TAIL_START, tEnd / 10);
        double fraction = 1 - Math.log(tStart) / Math.log(tEnd);
        return RateCaption.power(t, kl, fraction, Math.max(KL_FIT_FLOOR, 10 * worstError), Math.max(0, worstError));
    }

    /**
     * The KL panel's notes for {@code v}: before the tail can be fitted, what the two stages look like;
     * then the fitted log-log slope only when a line fits (with its window and R²), read as the
     * theory's polynomial rate only when it falls, a stuck run (a one-fits-many optimum) or the sample's
     * floor when the curve has levelled off.
     */
    static List<String> lossNotes(RateCaption.Verdict v, boolean sample) {
        List<String> notes = new ArrayList<>();
        if (v == null) {
            notes.add("theory for a run that prunes to the truth: stage 1 falls fast to about exp(−Θ(Δ²)), stage 2 "
                    + "polynomially (a straight line on these log-log axes from t ≈ " + (int) TAIL_START + " on)"
                    + (sample ? ", until the fit to the N samples levels off at its statistical floor" : ""));
            return notes;
        }
        for (String n : RateCaption.notes(v, "fitted log-log slope", sample ? "the statistical floor of the N samples"
                : "stuck: a one-fits-many optimum, not the truth", "quadrature", 0)) {
            if (!n.startsWith("now ≈ 0")) { // the value line below says it with the quadrature's error
                notes.add(n);
            }
        }
        if (v.showsRate() && v.slope() < 0) {
            // the exponent as fitted (the theory says polynomial, not which power: the reference triangle falls
            // about as t^−2.2, the pentagon as t^−4, a run whose KL reaches the quadrature's floor steeper still)
            notes.add("a straight line here is a polynomial rate: about t^" + Numbers.compact(v.slope(), 3)
                    + " on this window (the theory: polynomial, not geometric)");
        } else if (v.showsRate()) {
            // a line that fits but does not fall (the default sample run: KL creeps up after about t = 100)
            notes.add("KL is not falling here" + (sample
                    ? ": past the statistical floor of the N samples the fit follows the sample, not p*"
                    : ": not the polynomial convergence of the theory"));
        }
        return notes;
    }

    /** The model means can be dragged: the start (given means) or the current iterate ({@link GmmOverparamManipulation}). */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return MANIPULATION;
    }

    private static final GmmOverparamManipulation MANIPULATION = new GmmOverparamManipulation();
}
