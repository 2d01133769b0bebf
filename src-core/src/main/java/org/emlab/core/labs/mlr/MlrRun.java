package org.emlab.core.labs.mlr;

import static org.emlab.core.labs.mlr.MlrLab.MAX_SHOWN_POINTS;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.MixtureRegressionEm;
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
import org.emlab.core.labs.mlr.MlrLab.Truth;

final class MlrRun extends BaseRun<MlrLab, MixtureRegressionEm> {
    private final Truth truth;
    private final boolean user;
    private final int k;
    private final int d;
    private final int p;
    private final double[] xRange;
    private final double[] yRange;

    /** Which of several seeded starts won ("" for a single start). */
    private final String startNote;

    MlrRun(MlrLab lab, ParamValues params, Dataset data, MixtureRegressionEm engine, Truth truth, boolean user,
           String startNote) {
        super(lab, params, data, engine);
        this.startNote = startNote;
        this.truth = truth;
        this.user = user;
        this.k = engine.components();
        this.d = data.d();
        this.p = engine.coefficientCount();
        this.xRange = d == 1 ? UserDataSupport.range(data.x(), data.n(), 1, 0) : null;
        this.yRange = UserDataSupport.range(data.y(), data.n(), 1, 0);
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        panels.add(d == 1 ? lines(h, row) : predicted(h, row));
        panels.add(CurvePanels.metric(h, row, "loglik", "loglik", "log-likelihood ℓ (total)", "ℓ", false, Ink.line(0),
                null, loglikNotes(h, row, data.n())));
        panels.add(weights(h, row));
        panels.add(sigmas(h, row));
        return new Figure(lab.title(), panels);
    }

    private double[] shownResponsibilities(History h, int row) {
        return row == h.size() - 1 ? engine.shownResponsibilities() : engine.responsibilities();
    }

    private int stride() {
        return Math.max(1, (data.n() + MAX_SHOWN_POINTS - 1) / MAX_SHOWN_POINTS);
    }

    /** d = 1: the data coloured by responsibility and each component's line with its ±2σ band. */
    private Panel lines(History h, int row) {
        double[] r = h.row(row);
        int betaBase = h.column(engine.intercept() ? "beta_1_0" : "beta_1_1");
        int sigmaBase = h.column("sigma_1");
        List<Layer> layers = new ArrayList<>();
        int step = stride();
        int m = (data.n() + step - 1) / step;
        double[] px = new double[m];
        double[] py = new double[m];
        double[] resp = shownResponsibilities(h, row);
        double[] shownResp = resp == null ? null : new double[m * k];
        for (int s = 0; s < m; s++) {
            int i = s * step;
            px[s] = data.x(i, 0);
            py[s] = data.y()[i];
            if (resp != null) {
                System.arraycopy(resp, i * k, shownResp, s * k, k);
            }
        }
        layers.add(UserDataSupport.colouredPoints("data", px, py, shownResp, k, m > 1000 ? 4 : 6));
        double x0 = xRange[0];
        double x1 = xRange[1];
        if (truth != null) {
            for (int j = 0; j < truth.kTrue(); j++) {
                double b0 = truth.beta()[j * 2];
                double b1 = truth.beta()[j * 2 + 1];
                layers.add(new Layer.Line(j == 0 ? "true lines" : null,
                        Ink.dotted(Ink.FOREGROUND).withWidth(1.5).withOpacity(0.7), new double[] {x0, x1},
                        new double[] {b0 + b1 * x0, b0 + b1 * x1}));
            }
        }
        for (int j = 0; j < k; j++) {
            double b0 = engine.intercept() ? r[betaBase + j * p] : 0;
            double b1 = r[betaBase + j * p + (engine.intercept() ? 1 : 0)];
            double s = r[sigmaBase + j];
            double[] xs = {x0, x1};
            Ink ink = Ink.component(j).withMarker(Ink.Marker.NONE, 0);
            layers.add(new Layer.Band(null, ink.withOpacity(0.6), xs, new double[] {b0 + b1 * x0 - 2 * s,
                    b0 + b1 * x1 - 2 * s}, new double[] {b0 + b1 * x0 + 2 * s, b0 + b1 * x1 + 2 * s}));
            layers.add(new Layer.Line(String.format(Locale.ROOT, "y = %s %s %s·x  (π = %s, σ = %s)",
                    CurvePanels.num(b0, 3), b1 < 0 ? "−" : "+", CurvePanels.num(Math.abs(b1), 3),
                    CurvePanels.num(r[h.column("pi_1") + j], 2), CurvePanels.num(s, 2)),
                    ink.withDash(Ink.Dash.SOLID).withWidth(2.5), xs, new double[] {b0 + b1 * x0, b0 + b1 * x1}));
        }
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6) + "   bands: ±2σ_j");
        if (step > 1) {
            notes.add("showing every " + step + "th of " + data.n() + " points");
        }
        runNotes(h, row, notes);
        return new Panel("geometry", user ? "Data and the fitted regressions" : "Sample, true and fitted lines",
                Panel.Kind.GEOMETRY, Axis.fixed(UserDataSupport.label(data.xNames(), 0), x0, x1),
                Axis.fixed(data.yName() == null ? "y" : data.yName(), yRange[0], yRange[1]), false, layers, notes);
    }

    /** d &gt; 1: each point's prediction by its most responsible component against the observed y. */
    private Panel predicted(History h, int row) {
        double[] r = h.row(row);
        int betaBase = h.column(engine.intercept() ? "beta_1_0" : "beta_1_1");
        double[] resp = shownResponsibilities(h, row);
        int step = stride();
        int m = (data.n() + step - 1) / step;
        double[] px = new double[m];
        double[] py = new double[m];
        double[] shownResp = resp == null ? null : new double[m * k];
        double lo = yRange[0];
        double hi = yRange[1];
        for (int s = 0; s < m; s++) {
            int i = s * step;
            int best = 0;
            if (resp != null) {
                for (int j = 1; j < k; j++) {
                    if (resp[i * k + j] > resp[i * k + best]) {
                        best = j;
                    }
                }
                System.arraycopy(resp, i * k, shownResp, s * k, k);
            }
            double v = engine.intercept() ? r[betaBase + best * p] : 0;
            for (int c = 0; c < d; c++) {
                v += r[betaBase + best * p + (engine.intercept() ? 1 : 0) + c] * data.x(i, c);
            }
            px[s] = v;
            py[s] = data.y()[i];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer.Line("y = ŷ", Ink.dashed(Ink.FOREGROUND).withOpacity(0.7), new double[] {lo, hi},
                new double[] {lo, hi}));
        layers.add(UserDataSupport.colouredPoints("data", px, py, shownResp, k, m > 1000 ? 4 : 6));
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + ":  ℓ = " + CurvePanels.num(r[0], 6));
        notes.add("ŷ: prediction of each point's most responsible regression (d = " + d + " covariates)");
        runNotes(h, row, notes);
        return new Panel("geometry", "Predicted against observed", Panel.Kind.GEOMETRY, Axis.fixed("predicted ŷ", lo, hi),
                Axis.fixed("observed " + (data.yName() == null ? "y" : data.yName()), lo, hi), true, layers, notes);
    }

    /** The notes every geometry view carries: which start won, and why the run stopped. */
    private void runNotes(History h, int row, List<String> notes) {
        if (!startNote.isEmpty()) {
            int cut = startNote.indexOf(';');
            notes.add(cut < 0 ? startNote : startNote.substring(0, cut));
        }
        if (engine.finished() && row == h.size() - 1) {
            notes.add("stopped: " + engine.finishedReason());
        }
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

    private Panel sigmas(History h, int row) {
        List<Layer> layers = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            layers.add(CurvePanels.line("σ" + (j + 1), Ink.component(j).withMarker(Ink.Marker.NONE, 0),
                    CurvePanels.series(h, "sigma_" + (j + 1)), false));
        }
        layers.add(CurvePanels.cursor(h, row));
        return new Panel("sigmas", "Noise levels σ_j", Panel.Kind.CURVE, Axis.iterations(), Axis.linear("σ"), false, layers,
                List.of(floorNote(h, row)));
    }

    /** The variance floor and whether it binds at the row shown. */
    private String floorNote(History h, int row) {
        double eps = engine.floor();
        if (eps == 0) {
            return "no variance floor (ε = 0)";
        }
        List<Integer> bound = new ArrayList<>();
        double[] r = h.row(row);
        for (int j = 0; j < k; j++) {
            double s = r[h.column("sigma_" + (j + 1))];
            if (r[h.column("pi_" + (j + 1))] > 0 && s * s <= eps * (1 + org.emlab.core.em.GaussianMixtureEm.AT_FLOOR_TOLERANCE)) {
                bound.add(j + 1);
            }
        }
        boolean auto = Double.isNaN(params.getDouble("variance_floor"));
        return "variance floor ε = " + CurvePanels.num(eps, 2) + (auto ? " (auto)" : "") + (bound.isEmpty()
                ? ": not binding, so this is exact EM" : ": binds on component " + bound.toString().replaceAll("[\\[\\]]", "")
                + " (σ_j² held at ε)");
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

    /**
     * With one covariate the fitted lines can be dragged: the start (a given start) or the current iterate
     * ({@link MlrManipulation}); with more the geometry plots predictions and has no handles.
     */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return d == 1 ? new MlrManipulation(xRange[0], xRange[1], engine.intercept(), params.getBool("common_sigma"))
                : org.emlab.core.lab.Manipulation.NONE;
    }
}
