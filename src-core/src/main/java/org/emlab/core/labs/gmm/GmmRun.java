package org.emlab.core.labs.gmm;



import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.GaussianMixtureEm;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.BaseRun;
import org.emlab.core.lab.UserDataSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.Rasters;
import org.emlab.core.labs.gmm.GmmLab.Truth;

final class GmmRun extends BaseRun<GmmLab, GaussianMixtureEm> {
    private final Truth truth;
    private final boolean user;
    private final int k;
    private final int d;
    private final double[][] ranges;
    /** Which of several seeded starts won ("" for a single start). */
    private final String startNote;

    GmmRun(GmmLab lab, ParamValues params, Dataset data, GaussianMixtureEm engine, Truth truth, boolean user,
           String startNote) {
        super(lab, params, data, engine);
        this.startNote = startNote;
        this.truth = truth;
        this.user = user;
        this.k = engine.components();
        this.d = data.d();
        this.ranges = new double[d][];
        for (int c = 0; c < d; c++) {
            ranges[c] = UserDataSupport.range(data.x(), data.n(), d, c);
        }
        if (!user) {
            // a common scale for every axis, so that circles look round
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] r : ranges) {
                lo = Math.min(lo, r[0]);
                hi = Math.max(hi, r[1]);
            }
            for (int c = 0; c < d; c++) {
                ranges[c] = new double[] {lo, hi};
            }
        }
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        panels.add(d == 1 ? histogram(h, row) : geometry(h, row, projection(view.getOrDefault("projection", ""))));
        panels.add(CurvePanels.metric(h, row, "loglik", "loglik", "log-likelihood ℓ (total)", "ℓ", false, Ink.line(0),
                null, loglikNotes(h, row, data.n())));
        panels.add(criteria(h, row));
        panels.add(weights(h, row));
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

    private List<String> stateNotes(History h, int row) {
        double[] r = h.row(row);
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6));
        notes.add("BIC = " + CurvePanels.num(r[1], 6) + ",  AIC = " + CurvePanels.num(r[2], 6));
        List<Integer> bound = engine.floorBinding();
        boolean auto = Double.isNaN(params.getDouble("covariance_floor"));
        notes.add(engine.floor() == 0 ? "no covariance floor (ε = 0)" : "covariance floor ε = " + CurvePanels.num(engine.floor(), 2)
                + (auto ? " (auto)" : "") + (bound.isEmpty() ? ": not binding, so this is exact EM"
                : ": binds on component " + join(bound) + " (eigenvalues held at ε: a collapsing component)"));
        if (!startNote.isEmpty()) {
            notes.add(startNote.substring(0, startNote.indexOf(';') < 0 ? startNote.length() : startNote.indexOf(';')));
        }
        if (engine.finished() && row == h.size() - 1) {
            notes.add("stopped: " + engine.finishedReason());
        }
        return notes;
    }

    private static String join(List<Integer> l) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(l.get(i) + 1);
        }
        return sb.toString();
    }

    /** The data's density image on axes (ax, ay), made once per pair of axes (the data and ranges are fixed). */
    private Layer density(int ax, int ay) {
        DensityImage c = densityImage;
        if (c == null || c.ax() != ax || c.ay() != ay) {
            c = new DensityImage(ax, ay, Rasters.density("data density", data.x(), data.n(), d, ax, ay, ranges[ax][0],
                    ranges[ax][1], ranges[ay][0], ranges[ay][1], 170, 170, Ink.MUTED));
            densityImage = c; // one reference write: a panel built on another thread sees the old image or this one
        }
        return c.layer();
    }

    /**
     * The latest density image and its axes. Every frame used to bin all n points again (10⁵ at the
     * gmm-1e5-density preset) and hand the window a new image, which the window then converted and
     * uploaded as a new texture (docs/performance.md, "Frame p99").
     */
    private record DensityImage(int ax, int ay, Layer layer) {
    }

    private volatile DensityImage densityImage;

    private Panel geometry(History h, int row, int[] axes) {
        int ax = axes[0];
        int ay = axes[1];
        double[] r = h.row(row);
        int piBase = h.column("pi_1");
        int muBase = h.column("mu_1_1");
        int covBase = h.column("cov_1_1_1");
        List<Layer> layers = new ArrayList<>();
        int n = data.n();
        if (n <= Rasters.MAX_MARKERS) {
            double[] px = new double[n];
            double[] py = new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = data.x(i, ax);
                py[i] = data.x(i, ay);
            }
            boolean live = row == h.size() - 1;
            double[] resp = live ? engine.shownResponsibilities() : null;
            if (!live) {
                resp = engine.responsibilities();
            }
            layers.add(UserDataSupport.colouredPoints("data", px, py, resp, k, n > 1000 ? 4 : 6));
        } else {
            layers.add(density(ax, ay));
        }
        if (truth != null) {
            int kt = truth.centres().m();
            double[] tx = new double[kt];
            double[] ty = new double[kt];
            for (int j = 0; j < kt; j++) {
                tx[j] = truth.centres().mean(j, ax);
                ty[j] = truth.centres().mean(j, ay);
                int o = j * d * d;
                layers.add(UserDataSupport.ellipse(j == 0 ? "truth (2σ)" : null,
                        Ink.dotted(Ink.FOREGROUND).withWidth(1.2).withOpacity(0.6), tx[j], ty[j],
                        truth.cov()[o + ax * d + ax], truth.cov()[o + ax * d + ay], truth.cov()[o + ay * d + ay], 2, 0));
            }
            layers.add(new Layer.Points(null, Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 14).withWidth(2), tx, ty));
        }
        double[] mx = new double[k];
        double[] my = new double[k];
        double[] sizes = new double[k];
        int[] colors = new int[k];
        for (int j = 0; j < k; j++) {
            mx[j] = r[muBase + j * d + ax];
            my[j] = r[muBase + j * d + ay];
            int o = covBase + j * d * d;
            double sxx = r[o + ax * d + ax];
            double sxy = r[o + ax * d + ay];
            double syy = r[o + ay * d + ay];
            Ink ink = Ink.component(j).withMarker(Ink.Marker.NONE, 0);
            layers.add(UserDataSupport.ellipse(j == 0 ? "1σ and 2σ ellipses" : null, ink.withWidth(2.2), mx[j], my[j],
                    sxx, sxy, syy, 1, 0.10));
            layers.add(UserDataSupport.ellipse(null, ink.withDash(Ink.Dash.DASHED).withWidth(1.5), mx[j], my[j], sxx, sxy,
                    syy, 2, 0));
            sizes[j] = 9 + 18 * Math.sqrt(Math.max(0, r[piBase + j]));
            colors[j] = j;
        }
        layers.add(new Layer.Points("means (size ∝ √π)", Ink.points(0, Ink.Marker.DIAMOND, 12), mx, my, sizes, colors,
                null));
        List<String> notes = stateNotes(h, row);
        if (d > 2) {
            notes.add("projection on " + UserDataSupport.label(data.xNames(), ax) + "–"
                    + UserDataSupport.label(data.xNames(), ay) + " (ellipses of the marginals)");
        }
        return new Panel("geometry", user ? "Data, responsibilities and components" : "Sample, truth and fit",
                Panel.Kind.GEOMETRY, Axis.fixed(UserDataSupport.label(data.xNames(), ax), ranges[ax][0], ranges[ax][1]),
                Axis.fixed(UserDataSupport.label(data.xNames(), ay), ranges[ay][0], ranges[ay][1]), !user, layers, notes);
    }

    /** d = 1: a histogram of the data with the fitted mixture and its weighted components. */
    private Panel histogram(History h, int row) {
        double[] r = h.row(row);
        int piBase = h.column("pi_1");
        int muBase = h.column("mu_1_1");
        int covBase = h.column("cov_1_1_1");
        int n = data.n();
        double lo = ranges[0][0];
        double hi = ranges[0][1];
        int bins = (int) Math.max(10, Math.min(80, Math.round(2 * Math.cbrt(n))));
        double width = (hi - lo) / bins;
        double[] bx = new double[bins];
        double[] bh = new double[bins];
        for (int b = 0; b < bins; b++) {
            bx[b] = lo + (b + 0.5) * width;
        }
        for (int i = 0; i < n; i++) {
            int b = (int) Math.floor((data.x(i, 0) - lo) / width);
            if (b >= 0 && b < bins) {
                bh[b] += 1.0 / (n * width);
            }
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer.Bars("data (histogram)", Ink.line(Ink.MUTED).withOpacity(0.5), bx, bh, width * 0.95, null));
        int g = 400;
        double[] gx = new double[g];
        double[] mix = new double[g];
        double[][] comp = new double[k][g];
        for (int s = 0; s < g; s++) {
            double x = lo + (hi - lo) * s / (g - 1.0);
            gx[s] = x;
            for (int j = 0; j < k; j++) {
                double v = r[covBase + j];
                double u = x - r[muBase + j];
                double f = r[piBase + j] * Math.exp(-0.5 * u * u / v) / Math.sqrt(2 * Math.PI * v);
                comp[j][s] = f;
                mix[s] += f;
            }
        }
        double top = 0;
        for (double v : bh) {
            top = Math.max(top, v);
        }
        for (double v : mix) {
            top = Math.max(top, v);
        }
        for (int j = 0; j < k; j++) {
            layers.add(new Layer.Line(j == 0 ? "π_j N(μ_j, σ_j²)" : null, Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                    gx, comp[j]));
        }
        layers.add(new Layer.Line("mixture", Ink.line(Ink.FOREGROUND).withWidth(2.5), gx, mix));
        double[] px = new double[n];
        double[] py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = data.x(i, 0);
            py[i] = -0.04 * top;
        }
        double[] resp = row == h.size() - 1 ? engine.shownResponsibilities() : engine.responsibilities();
        if (n <= Rasters.MAX_MARKERS) {
            layers.add(UserDataSupport.colouredPoints("data", px, py, resp, k, 5));
        }
        return new Panel("geometry", "Data and the fitted density", Panel.Kind.GEOMETRY,
                Axis.fixed(UserDataSupport.label(data.xNames(), 0), lo, hi), Axis.fixed("density", -0.08 * top, 1.15 * top),
                false, layers, stateNotes(h, row));
    }

    private Panel criteria(History h, int row) {
        List<Layer> layers = new ArrayList<>();
        layers.add(CurvePanels.line("BIC", Ink.line(1), CurvePanels.series(h, "bic"), false));
        layers.add(CurvePanels.line("AIC", Ink.dashed(2).withWidth(2), CurvePanels.series(h, "aic"), false));
        layers.add(CurvePanels.cursor(h, row));
        int p = GaussianMixtureEm.freeParameters(k, d, engine.covarianceType());
        return new Panel("criteria", "BIC and AIC (lower is better)", Panel.Kind.CURVE, Axis.iterations(),
                Axis.linear("criterion"), false, layers,
                List.of("p = " + p + " free parameters: BIC = −2ℓ + p log n, AIC = −2ℓ + 2p"));
    }

    private Panel weights(History h, int row) {
        List<Layer> layers = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            layers.add(CurvePanels.line("π" + (j + 1), Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                    CurvePanels.series(h, "pi_" + (j + 1)), false));
        }
        layers.add(CurvePanels.cursor(h, row));
        return new Panel("weights", "Weights π_j", Panel.Kind.CURVE, Axis.iterations(), Axis.linear("π"), false, layers,
                List.of());
    }

    /** The log-likelihood panel's notes: exact EM never lowers ℓ; where ℓ is now (a fixed point, still rising); ℓ/n. */
    static List<String> loglikNotes(History h, int row, int n) {
        double[][] ll = CurvePanels.series(h, "loglik");
        List<String> notes = new ArrayList<>();
        notes.add("exact EM: ℓ never decreases");
        String now = org.emlab.core.view.RateCaption.loglikNote(ll[0], ll[1]);
        if (!now.isEmpty()) {
            notes.add(now);
        }
        notes.add("ℓ/n = " + CurvePanels.num(h.row(row)[0] / n));
        return notes;
    }

    /** The fitted means can be dragged: the start (a given start) or the current iterate ({@link GmmManipulation}). */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return MANIPULATION;
    }

    private static final GmmManipulation MANIPULATION = new GmmManipulation();
}
