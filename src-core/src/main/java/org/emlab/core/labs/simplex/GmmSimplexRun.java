package org.emlab.core.labs.simplex;

import static org.emlab.core.labs.simplex.GmmSimplexLab.NEAR_DEGENERATE_DFT;
import static org.emlab.core.labs.simplex.GmmSimplexLab.RASTER;
import static org.emlab.core.labs.simplex.GmmSimplexLab.TRAIL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.SimplexGmmEm;
import org.emlab.core.em.SimplexGmmPopulationEm;
import org.emlab.core.em.SimplexPopulation;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.BaseRun;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.Rasters;
import org.emlab.core.view.RateCaption;
import org.emlab.core.view.ResponsibilityMap;
import org.emlab.core.view.RateFit;

final class GmmSimplexRun extends BaseRun<GmmSimplexLab, StepEngine> {
    private final SimplexGeometry geo;
    private final double[] pi;
    private final SimplexPopulation pop;
    private final int k;
    private final int d;
    private final double extent;
    private final double minDft;
    private final double[] dft;
    private Layer cachedRaster;
    private String cachedProjection = "";

    GmmSimplexRun(GmmSimplexLab lab, ParamValues params, Dataset data, StepEngine engine, SimplexGeometry geo, double[] pi,
        SimplexPopulation pop, double r0) {
        super(lab, params, data, engine);
        this.geo = geo;
        this.pi = pi;
        this.pop = pop;
        this.k = geo.k();
        this.d = params.getInt("d");
        double r = 0;
        double[] th = ((engine instanceof SimplexGmmEm s) ? s.theta() : ((SimplexGmmPopulationEm) engine).theta());
        for (double v : th) {
            r += v * v;
        }
        this.extent = Math.max(3.6, 1.25 * Math.sqrt(r) + 0.5);
        this.dft = SimplexGeometry.dftMagnitudesSquared(pi);
        this.minDft = SimplexGeometry.minDftSquared(pi);
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int[] axes = projection(view.getOrDefault("projection", ""));
        List<Panel> panels = new ArrayList<>();
        panels.add(geometry(h, cursor, axes));
        panels.addAll(curves(h, cursor));
        panels.add(dftPanel());
        return new Figure(lab.title(), panels);
    }

    private int[] projection(String p) {
        int a = 0;
        int b = Math.min(1, d - 1);
        if (p.startsWith("x") && p.contains("–")) {
            String[] parts = p.substring(1).split("–x");
            try {
                a = Integer.parseInt(parts[0]) - 1;
                b = Integer.parseInt(parts[1]) - 1;
            } catch (RuntimeException e) {
                a = 0;
                b = Math.min(1, d - 1);
            }
        }
        if (a >= d || b >= d) {
            a = 0;
            b = Math.min(1, d - 1);
        }
        return new int[] {a, b};
    }

    private Panel geometry(History h, int cursor, int[] axes) {
        List<Layer> layers = new ArrayList<>();
        int ax = axes[0];
        int ay = axes[1];
        boolean oneD = d == 1;
        layers.add(dataLayer(ax, ay, oneD));
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        double[] current = h.row(row);
        int muBase = h.column("mu_1_1");
        boolean eStep = row == h.size() - 1 && engine.phase() == StepEngine.Phase.AFTER_E;
        if (eStep && !oneD && (data == null || data.n() > Rasters.MAX_MARKERS)) {
            // the E-step on a density: which mean is responsible where (the points themselves are not drawn)
            double[] mu = java.util.Arrays.copyOfRange(current, muBase, muBase + k * d);
            double[] logPi = new double[k];
            double[] half = new double[k];
            for (int j = 0; j < k; j++) {
                logPi[j] = Math.log(pi[j]);
                for (int c = 0; c < d; c++) {
                    half[j] += 0.5 * mu[j * d + c] * mu[j * d + c];
                }
            }
            layers.addAll(ResponsibilityMap.of("E-step: most responsible mean", (x, y, out) -> {
                for (int j = 0; j < k; j++) {
                    out[j] = logPi[j] + x * mu[j * d + ax] + y * mu[j * d + ay] - half[j];
                }
            }, k, -extent, extent, -extent, extent, (x, y) -> Math.exp(-0.5 * (x * x + y * y))));
        }
        // trails of the past iterates
        int from = Math.max(0, row - TRAIL);
        for (int j = 0; j < k; j++) {
            int m = row - from + 1;
            double[] tx = new double[m];
            double[] ty = new double[m];
            for (int i = 0; i < m; i++) {
                double[] r = h.row(from + i);
                tx[i] = r[muBase + j * d + ax];
                ty[i] = oneD ? 0 : r[muBase + j * d + ay];
            }
            layers.add(new Layer.Line(null, Ink.line(j).withWidth(1.5).withOpacity(0.45), tx, ty));
        }
        // simplex edges through the current means
        double[] mx = new double[k];
        double[] my = new double[k];
        for (int j = 0; j < k; j++) {
            mx[j] = current[muBase + j * d + ax];
            my[j] = oneD ? 0 : current[muBase + j * d + ay];
        }
        List<Double> ex = new ArrayList<>();
        List<Double> ey = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (k > 6 && b != a + 1 && !(a == 0 && b == k - 1)) {
                    continue;
                }
                ex.add(mx[a]);
                ey.add(my[a]);
                ex.add(mx[b]);
                ey.add(my[b]);
                ex.add(Double.NaN);
                ey.add(Double.NaN);
            }
        }
        layers.add(new Layer.Line("simplex", Ink.line(Ink.FOREGROUND).withWidth(1.5).withOpacity(0.8), unbox(ex),
                unbox(ey)));
        // the truth: every mean collapses to the origin
        layers.add(new Layer.Points("truth θ = 0", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 14).withWidth(2),
                new double[] {0}, new double[] {0}));
        // the means, sized by their weight
        for (int j = 0; j < k; j++) {
            double size = 8 + 22 * Math.sqrt(pi[j]);
            layers.add(new Layer.Points("μ" + (j + 1) + " (π = " + CurvePanels.num(pi[j]) + ")",
                    Ink.component(j).withMarker(Ink.component(j).marker(), size), new double[] {mx[j]},
                    new double[] {my[j]}));
        }
        String xl = "x" + (ax + 1);
        String yl = oneD ? "" : "x" + (ay + 1);
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + "   ‖θ‖ = " + CurvePanels.num(current[2]));
        if (eStep) {
            notes.add("after the E-step: colour = the mean most responsible for a point there (M moves the means next)");
        }
        if (d > 2) {
            notes.add("projection on " + xl + "–" + yl + " of R^" + d);
        }
        return new Panel("geometry", "Data and fitted means", Panel.Kind.GEOMETRY,
                Axis.fixed(xl, -extent, extent), oneD ? Axis.fixed("", -1, 1) : Axis.fixed(yl, -extent, extent),
                !oneD, layers, notes);
    }

    private Layer dataLayer(int ax, int ay, boolean oneD) {
        if (data == null) {
            String key = "pop" + ax + ay;
            if (!key.equals(cachedProjection)) {
                cachedRaster = Rasters.function("N(0, I) density",
                        (x, y) -> Math.exp(-0.5 * (x * x + (oneD ? 0 : y * y))), -extent, extent, -extent, extent,
                        RASTER, RASTER, Ink.MUTED);
                cachedProjection = key;
            }
            return cachedRaster;
        }
        double[] resp = engine instanceof SimplexGmmEm s ? s.shownResponsibilities() : null;
        if (data.n() <= Rasters.MAX_MARKERS) {
            int n = data.n();
            double[] px = new double[n];
            double[] py = new double[n];
            int[] colors = resp == null ? null : new int[n];
            double[] alphas = resp == null ? null : new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = data.x(i, ax);
                py[i] = oneD ? 0 : data.x(i, ay);
                if (resp != null) {
                    int best = 0;
                    for (int j = 1; j < k; j++) {
                        if (resp[i * k + j] > resp[i * k + best]) {
                            best = j;
                        }
                    }
                    colors[i] = best;
                    double conf = (resp[i * k + best] - 1.0 / k) / (1.0 - 1.0 / k);
                    alphas[i] = 0.25 + 0.65 * Math.max(0, Math.min(1, conf));
                }
            }
            return new Layer.Points(resp == null ? "data" : "data (colour: responsibility)",
                    Ink.points(Ink.MUTED, Ink.Marker.CIRCLE, 4).withOpacity(0.55), px, py, null, colors, alphas);
        }
        String key = "data" + ax + ay;
        if (!key.equals(cachedProjection)) {
            cachedRaster = Rasters.density("data density", data.x(), data.n(), d, ax, oneD ? ax : ay, -extent, extent,
                    -extent, extent, RASTER, oneD ? 1 : RASTER, Ink.MUTED);
            cachedProjection = key;
        }
        return cachedRaster;
    }

    private List<Panel> curves(History h, int cursor) {
        List<Panel> out = new ArrayList<>();
        double[][] kl = CurvePanels.series(h, "kl");
        List<Layer> extra = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // in sample mode the curve flattens at the statistical floor d/(2N): fit the decay above it
        double fitFloor = data == null ? 1e-26 : 3.0 * d / (2.0 * data.n());
        double numericalFloor = pop.monteCarlo() ? pop.klBound() : 0;
        RateCaption.Verdict v = klVerdict(kl[0], kl[1], minDft, fitFloor, numericalFloor);
        int at = Math.max(0, Math.min(cursor, h.size() - 1));
        double klNow = h.size() == 0 ? Double.POSITIVE_INFINITY : h.row(at)[h.column("kl")];
        notes.addAll(klNotes(v, minDft, data == null ? 0 : data.n(), d, numericalFloor, klNow, recentFall(h, at)));
        if (minDft > 0) {
            double theory = 2 * Math.log(1 - minDft);
            if (v.showsRate()) {
                RateFit.Tail tail = v.tail();
                extra.add(CurvePanels.fittedLine("fitted tail", tail, false, CurvePanels.FIT_INK));
                double t0 = tail.fromX();
                double[] band = CurvePanels.positiveRange(kl[1]);
                Layer.Line guide = CurvePanels.rateGuide("theory rate", t0, Math.exp(tail.fit().at(t0)), theory, kl[0][0],
                        kl[0][kl[0].length - 1], band[0], band[1], Ink.dotted(Ink.FOREGROUND));
                if (guide != null) {
                    extra.add(guide);
                }
            }
        } else {
            if (v.showsRate() && kl[0].length > 8) {
                extra.add(CurvePanels.fittedLine("fitted tail", v.tail(), true, CurvePanels.FIT_INK));
            }
            double tMax = kl[0][kl[0].length - 1];
            if (tMax >= 4 && params.getBool("population")) {
                extra.add(CurvePanels.theory("theory (k−1)/(16t²)", t -> (k - 1) / (16.0 * t * t), 2, tMax, 48, true,
                        Ink.dotted(Ink.FOREGROUND)));
            }
        }
        notes.add(pop.ruleNote());
        if (pop.monteCarlo()) {
            notes.add("latest KL: bound ±" + CurvePanels.num(pop.klBound(), 2) + " (4 standard errors)"
                    + (params.getBool("population") ? "; latest step: ±" + CurvePanels.num(pop.mapBound(), 2) + " in ‖θ‖"
                    : ""));
        }
        out.add(CurvePanels.metric(h, cursor, "kl", "kl", "KL(N(0,I) ‖ fit)", "KL", true, Ink.line(0), extra, notes));
        // with uniform weights A = 0 on S: when θ stays in S (d = k − 1) the mixture mean is 0 up to
        // rounding (1e-16), and drawing it would squash the ‖θ‖ curve on the log axis
        boolean meanIsZero = minDft == 0 && d == k - 1;
        List<Layer> meanLayer = meanIsZero ? List.of() : List.of(CurvePanels.line("‖Aθ‖ (mixture mean)", Ink.dashed(2),
                CurvePanels.series(h, "mean_norm"), true));
        out.add(CurvePanels.metric(h, cursor, "radius", "radius", "‖θ‖ (distance to the truth)", "‖θ‖", true, Ink.line(1),
                meanLayer, meanIsZero ? List.of("‖Aθ‖ = 0: uniform weights put the mixture mean at the origin")
                        : List.of()));
        out.add(CurvePanels.metric(h, cursor, "loglik", "loglik",
                params.getBool("population") ? "expected log-likelihood" : "log-likelihood (per sample)",
                "ℓ", false, Ink.line(3), null, List.of()));
        return out;
    }

    private Panel dftPanel() {
        int m = k - 1;
        double[] x = new double[m];
        double[] hgt = new double[m];
        int[] colors = new int[m];
        for (int l = 1; l < k; l++) {
            x[l - 1] = l;
            hgt[l - 1] = dft[l];
            colors[l - 1] = dft[l] < SimplexGeometry.DFT_ZERO ? 1 : 0;
        }
        String note = minDft > 0 ? "DFT condition holds: min |F_l|² = " + CurvePanels.num(minDft)
                : "DFT condition FAILS: F_l = 0 (✗): expect 1/t² decay";
        // headroom for the verdict, written above the bars (as a note at the bottom it covered them)
        double top = Math.max(0.05, max(hgt) * 1.6);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer.Bars(null, Ink.line(0), x, hgt, 0.6, colors));
        for (int l = 1; l < k; l++) {
            if (dft[l] < SimplexGeometry.DFT_ZERO) {
                layers.add(new Layer.Label(l, 0.12 * top, "✗", Ink.line(1), Layer.Anchor.CENTER));
            }
        }
        layers.add(new Layer.Label(k / 2.0, 0.97 * top, note, Ink.line(Ink.FOREGROUND), Layer.Anchor.BELOW));
        return new Panel("dft", "|F_l|² of the weights", Panel.Kind.INSET, Axis.integers("l", 0.4, k - 0.4),
                new Axis("|F_l|²", false, 0, top), false, layers, List.of());
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double[] unbox(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /**
     * The verdict on the KL curve: a geometric rate when the weights' DFT has no zero, a power law (slope
     * −2) when it fails; fitted above {@code fitFloor}; values at or below {@code numericalFloor} are
     * below what the quadrature resolves.
     */
    static RateCaption.Verdict klVerdict(double[] t, double[] kl, double minDft, double fitFloor, double numericalFloor) {
        return minDft > 0 ? RateCaption.geometric(t, kl, 0.4, fitFloor, numericalFloor)
                : RateCaption.power(t, kl, 0.5, fitFloor, numericalFloor);
    }

    /**
     * The KL panel's notes: the theory's rate, then what the curve shows ({@link RateCaption}: the fitted
     * rate with its window and R² only when a line fits, where it levelled off, or ≈ 0 below the
     * quadrature's floor), and for a sample of size {@code n} the floor it reached against the average
     * d/(2N) (which scatters between seeds).
     */
    static List<String> klNotes(RateCaption.Verdict v, double minDft, int n, int d, double numericalFloor) {
        return klNotes(v, minDft, n, d, numericalFloor, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #klNotes(RateCaption.Verdict, double, int, int, double)} for a curve now at {@code now}: the
     * average floor d/(2N) is said to lie ahead only while the curve is above it (a seed's own floor
     * scatters, and this model's KL can fall well below the average).
     */
    static List<String> klNotes(RateCaption.Verdict v, double minDft, int n, int d, double numericalFloor, double now) {
        return klNotes(v, minDft, n, d, numericalFloor, now, Double.NaN);
    }

    /**
     * The fraction by which KL fell over the last {@link RateCaption#LEVEL_WINDOW} iterations up to row {@code at}
     * (1 − KL_t / KL_{t−15}); NaN before iteration 15, when the history holds no row exactly 15 iterations back, or
     * where a value is not positive and finite.
     */
    static double recentFall(History h, int at) {
        if (h.size() == 0) {
            return Double.NaN;
        }
        int col = h.column("kl");
        long target = h.iteration(at) - RateCaption.LEVEL_WINDOW;
        int j = at;
        while (j > 0 && h.iteration(j) > target) {
            j--;
        }
        double now = h.row(at)[col];
        double then = h.row(j)[col];
        if (h.iteration(j) != target || !(now > 0 && then > 0) || !Double.isFinite(now) || !Double.isFinite(then)) {
            return Double.NaN;
        }
        return 1 - now / then;
    }

    /**
     * {@link #klNotes(RateCaption.Verdict, double, int, int, double, double)} with {@code recentFall}, the share
     * by which KL fell over the last {@link RateCaption#LEVEL_WINDOW} iterations ({@link #recentFall}; NaN:
     * unknown): below the average floor, the note says by how much it still falls, so that a curve creeping
     * towards its own floor is not called "still falling" without a measure.
     */
    static List<String> klNotes(RateCaption.Verdict v, double minDft, int n, int d, double numericalFloor, double now,
                                double recentFall) {
        List<String> notes = new ArrayList<>();
        if (minDft > 0) {
            notes.add("theory: log KL slope 2·log(1 − min|F_l|²) = " + CurvePanels.num(2 * Math.log(1 - minDft))
                    + " per iteration");
            if (minDft < NEAR_DEGENERATE_DFT) {
                notes.add("weights nearly violate the DFT condition: ≈1/t² decay until t ≈ 1/min|F_l|² = "
                        + CurvePanels.num(1 / minDft, 3) + ", exponential after");
            }
        } else {
            notes.add("DFT condition fails: theory KL ≈ (k−1)/(16 t²), log-log slope −2");
        }
        String levelMeaning = n > 0 ? "the statistical floor of this sample (on average d/(2N) = "
                + CurvePanels.num(d / (2.0 * n)) + "; it scatters between seeds)" : "stuck: the iterates no longer move";
        notes.addAll(RateCaption.notes(v, minDft > 0 ? "fitted slope per iteration" : "fitted log-log slope", levelMeaning,
                "quadrature", numericalFloor));
        double average = d / (2.0 * n);
        if (n > 0 && !v.levelled() && now > average) {
            notes.add("statistical floor ahead: on average d/(2N) = " + CurvePanels.num(average));
        } else if (n > 0 && !v.levelled()) {
            notes.add("below the average floor d/(2N) = " + CurvePanels.num(average) + ": this sample's floor is lower"
                    + (Double.isNaN(recentFall) ? "" : "; KL fell " + percent(recentFall) + " over the last "
                    + RateCaption.LEVEL_WINDOW + " iterations"));
        }
        return notes;
    }

    /** A share as a percentage with two significant digits ("0.34 %", "98 %"). */
    private static String percent(double share) {
        return CurvePanels.num(100 * share, 2) + " %";
    }

    /** The vertices can be dragged: the start (a given θ₀) or the current θ ({@link GmmSimplexManipulation}). */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return new GmmSimplexManipulation(geo, d);
    }
}
