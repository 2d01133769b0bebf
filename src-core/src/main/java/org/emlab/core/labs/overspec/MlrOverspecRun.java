package org.emlab.core.labs.overspec;

import static org.emlab.core.labs.overspec.MlrOverspecLab.tauLimit;
import static org.emlab.core.labs.overspec.MlrOverspecLab.BALANCED_FLOOR;
import static org.emlab.core.labs.overspec.MlrOverspecLab.BALANCED_TOLERANCE;
import static org.emlab.core.labs.overspec.MlrOverspecLab.KIT_PRECISION;
import static org.emlab.core.labs.overspec.MlrOverspecLab.MIN_FIT_POINTS;
import static org.emlab.core.labs.overspec.MlrOverspecLab.PATH_POINTS;
import static org.emlab.core.labs.overspec.MlrOverspecLab.RASTER;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.em.ErrorLog;
import org.emlab.core.em.SymmetricMlrEm;
import org.emlab.core.em.SymmetricMlrPopulationEm;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.em.SymmetricMlrEm;
import org.emlab.core.em.SymmetricMlrPopulation;
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
import org.emlab.core.view.Rasters;
import org.emlab.core.view.RateCaption;
import org.emlab.core.view.RateFit;

final class MlrOverspecRun extends BaseRun<MlrOverspecLab, StepEngine> {
    private final SymmetricMlrPopulation pop;
    private final int d;
    private final double sigma;
    private final double[] thetaStar;
    private final double[] theta0;
    private final double pi0;
    private final boolean update;
    private final boolean population;
    private final boolean overspecified;
    private final boolean balanced;
    private final double[] u1;
    private final double[] u2;
    private double[] tauInf;
    private Layer cachedData;

    MlrOverspecRun(MlrOverspecLab lab, ParamValues params, Dataset data, StepEngine engine, SymmetricMlrPopulation pop,
        double[] theta0) {
        super(lab, params, data, engine);
        this.pop = pop;
        this.d = params.getInt("d");
        this.sigma = params.getDouble("sigma");
        this.thetaStar = pop.thetaStar();
        this.theta0 = theta0.clone();
        this.pi0 = params.getDouble("pi0");
        this.update = params.getBool("update_weights");
        this.population = params.getBool("population");
        this.overspecified = pop.overspecified();
        this.balanced = Math.abs(pi0 - 0.5) < BALANCED_TOLERANCE;
        double[][] pl = MlrPlots.plane(thetaStar, theta0);
        this.u1 = pl[0];
        this.u2 = pl[1];
    }

    /** τ∞ of the population map (θ* = 0, weights updated), computed once. */
    private double[] tauInf() {
        if (tauInf == null) {
            tauInf = tauLimit(params.getDouble("b0"), 2 * pi0 - 1);
        }
        return tauInf;
    }

    /** The finite-sample floor of ‖θ̂‖ at weight difference τ (θ* = 0), or NaN in population mode. */
    private double floor(double tau) {
        if (data == null) {
            return Double.NaN;
        }
        double ratio = (double) d / data.n();
        if (!overspecified) {
            return sigma * Math.sqrt(ratio);
        }
        double bal = BALANCED_FLOOR * sigma * Math.pow(ratio, 0.25);
        double unb = Math.abs(tau) > 0 ? sigma * Math.sqrt(ratio) / Math.abs(tau) : Double.POSITIVE_INFINITY;
        return Math.min(bal, unb);
    }

    @Override
    public Figure figure(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Panel> panels = new ArrayList<>();
        boolean eStep = d > 1 && row == h.size() - 1 && engine.phase() == StepEngine.Phase.AFTER_E;
        panels.add(d == 1 ? lines(h, row) : eStep ? alongBeta(h, row) : plane(h, row));
        panels.add(errorPanel(h, cursor));
        panels.add(weightPanel(h, cursor));
        panels.add(klPanel(h, cursor));
        panels.add(CurvePanels.metric(h, cursor, "loglik", "loglik",
                population ? "expected log-likelihood (per sample)" : "log-likelihood (per sample)", "ℓ", false,
                Ink.line(3), null, List.of()));
        return new Figure(lab.title(), panels);
    }

    // ---- geometry -----------------------------------------------------------------------------

    /**
     * d &gt; 1 after the E-step: the data seen along the current direction u = β/‖β‖, (⟨x, u⟩, y), where the
     * two fitted lines are y = ±‖β‖⟨x, u⟩; the E-step's posterior label depends on these two numbers only,
     * P(+ | x, y) ∝ π₁ exp(−(y − ‖β‖⟨x,u⟩)²/(2σ²)), drawn as a map (and on the points when there are few).
     */
    private Panel alongBeta(History h, int row) {
        double[] r = h.row(row);
        int b = h.column("beta_1");
        double[] beta = java.util.Arrays.copyOfRange(r, b, b + d);
        double norm = 0;
        for (double v : beta) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[d];
        for (int c = 0; c < d; c++) {
            u[c] = norm > 0 ? beta[c] / norm : c == 0 ? 1 : 0;
        }
        double pi1 = r[h.column("pi_1")];
        double ts = 0;
        for (int c = 0; c < d; c++) {
            ts += thetaStar[c] * u[c];
        }
        double xe = 3.5;
        double ye = 3.5 * Math.sqrt(sigma * sigma + ts * ts + norm * norm);
        double s2 = sigma * sigma;
        double lp = Math.log(pi1);
        double lq = Math.log(1 - pi1);
        double bn = norm;
        double spread = s2 + ts * ts;
        List<Layer> layers = new ArrayList<>(org.emlab.core.view.ResponsibilityMap.of("E-step: posterior label", (x, y, out) -> {
            double a = y - bn * x;
            double c = y + bn * x;
            out[0] = lp - a * a / (2 * s2);
            out[1] = lq - c * c / (2 * s2);
        }, 2, -xe, xe, -ye, ye, (x, y) -> Math.exp(-0.5 * x * x - 0.5 * y * y / spread)));
        double[] post = engine instanceof SymmetricMlrEm s ? s.shownPosteriors() : null;
        if (data != null && data.n() <= Rasters.MAX_MARKERS && post != null) {
            int n = data.n();
            double[] px = new double[n];
            double[] py = new double[n];
            int[] colors = new int[n];
            double[] alphas = new double[n];
            for (int i = 0; i < n; i++) {
                double proj = 0;
                for (int c = 0; c < d; c++) {
                    proj += data.x(i, c) * u[c];
                }
                px[i] = proj;
                py[i] = data.y()[i];
                colors[i] = post[i] >= 0 ? 0 : 1;
                alphas[i] = 0.2 + 0.7 * Math.abs(post[i]);
            }
            layers.add(new Layer.Points("data (colour: posterior label)", Ink.points(Ink.MUTED, Ink.Marker.CIRCLE, 4)
                    .withOpacity(0.55), px, py, null, colors, alphas));
        }
        layers.add(new Layer.Line("y = +‖β‖⟨x, u⟩ (π₁ = " + MlrPlots.num(pi1) + ")", Ink.component(0).withWidth(1.5 + 4 * pi1),
                new double[] {-xe, xe}, new double[] {-norm * xe, norm * xe}));
        layers.add(new Layer.Line("y = −‖β‖⟨x, u⟩ (π₂ = " + MlrPlots.num(1 - pi1) + ")",
                Ink.component(1).withWidth(1.5 + 4 * (1 - pi1)), new double[] {-xe, xe}, new double[] {norm * xe, -norm * xe}));
        List<String> notes = new ArrayList<>();
        notes.add("after the E-step, iteration " + h.iteration(row) + ": colour = the posterior label of a point there");
        notes.add("the data along u = β/‖β‖ (R^" + d + " seen from the fitted direction)");
        return new Panel("geometry", "E-step: posterior labels along β", Panel.Kind.GEOMETRY, Axis.fixed("⟨x, u⟩", -xe, xe),
                Axis.fixed("y", -ye, ye), false, layers, notes);
    }

    /** d = 1: the data (x, y) and the two fitted lines y = ±βx. */
    private Panel lines(History h, int row) {
        double[] r = h.row(row);
        int b = h.column("beta_1");
        double beta = r[b];
        double pi1 = r[h.column("pi_1")];
        double ts = thetaStar[0];
        double xe = 3.5;
        double ye = 3.5 * Math.sqrt(sigma * sigma + ts * ts);
        List<Layer> layers = new ArrayList<>();
        layers.add(dataLayer(xe, ye));
        if (ts != 0) {
            layers.add(new Layer.Line("truth y = ±θ*x", Ink.dashed(Ink.FOREGROUND).withOpacity(0.7),
                    new double[] {-xe, xe, Double.NaN, -xe, xe}, new double[] {-ts * xe, ts * xe, Double.NaN, ts * xe,
                            -ts * xe}));
        } else {
            layers.add(new Layer.Line("truth y = σε (no line)", Ink.dashed(Ink.FOREGROUND).withOpacity(0.7),
                    new double[] {-xe, xe}, new double[] {0, 0}));
        }
        layers.add(new Layer.Line("y = +βx (π₁ = " + MlrPlots.num(pi1) + ")",
                Ink.component(0).withWidth(1.5 + 4 * pi1), new double[] {-xe, xe}, new double[] {-beta * xe, beta * xe}));
        layers.add(new Layer.Line("y = −βx (π₂ = " + MlrPlots.num(1 - pi1) + ")",
                Ink.component(1).withWidth(1.5 + 4 * (1 - pi1)), new double[] {-xe, xe},
                new double[] {beta * xe, -beta * xe}));
        List<String> notes = new ArrayList<>();
        notes.add("iteration " + h.iteration(row) + "   β = " + MlrPlots.num(beta) + "   π₁ = " + MlrPlots.num(pi1));
        if (data != null && data.n() <= Rasters.MAX_MARKERS) {
            notes.add("colour: posterior label (E-step), faint = uncertain");
        }
        return new Panel("geometry", "Data and the two fitted lines", Panel.Kind.GEOMETRY, Axis.fixed("x", -xe, xe),
                Axis.fixed("y", -ye, ye), false, layers, notes);
    }

    private Layer dataLayer(double xe, double ye) {
        if (data == null) {
            if (cachedData == null) {
                double ts = thetaStar[0];
                double ps = pop.pStar();
                double s2 = sigma * sigma;
                cachedData = Rasters.function("population density p(x, y)", (x, y) -> {
                    double a = y - ts * x;
                    double c = y + ts * x;
                    return Math.exp(-0.5 * x * x) * (ps * Math.exp(-0.5 * a * a / s2) + (1 - ps) * Math.exp(-0.5 * c * c / s2));
                }, -xe, xe, -ye, ye, RASTER, RASTER, Ink.MUTED);
            }
            return cachedData;
        }
        double[] post = engine instanceof SymmetricMlrEm s ? s.shownPosteriors() : null;
        int n = data.n();
        if (n <= Rasters.MAX_MARKERS) {
            double[] px = new double[n];
            double[] py = new double[n];
            int[] colors = post == null ? null : new int[n];
            double[] alphas = post == null ? null : new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = data.x(i, 0);
                py[i] = data.y()[i];
                if (post != null) {
                    colors[i] = post[i] >= 0 ? 0 : 1;
                    alphas[i] = 0.2 + 0.7 * Math.abs(post[i]);
                }
            }
            return new Layer.Points(post == null ? "data" : "data (colour: posterior label)",
                    Ink.points(Ink.MUTED, Ink.Marker.CIRCLE, 4).withOpacity(0.55), px, py, null, colors, alphas);
        }
        if (cachedData == null) {
            double[] xy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                xy[2 * i] = data.x(i, 0);
                xy[2 * i + 1] = data.y()[i];
            }
            cachedData = Rasters.density("data density", xy, n, 2, 0, 1, -xe, xe, -ye, ye, RASTER, RASTER, Ink.MUTED);
        }
        return cachedData;
    }

    /** d ≥ 2: the trajectory of β in the plane spanned by β* and β₀. */
    private Panel plane(History h, int row) {
        int base = h.column("beta_1");
        double[][] path = MlrPlots.projectedPath(h, base, d, row, u1, u2, PATH_POINTS);
        double[] cur = MlrPlots.project(h.row(row), base, d, u1, u2);
        double[] st = MlrPlots.project(thetaStar, u1, u2);
        double extent = 0.3 * sigma;
        for (int i = 0; i < path[0].length; i++) {
            extent = Math.max(extent, Math.max(Math.abs(path[0][i]), Math.abs(path[1][i])));
        }
        extent = 1.15 * Math.max(extent, Math.abs(st[0]));
        List<Layer> layers = new ArrayList<>();
        double[] mx = new double[path[0].length];
        double[] my = new double[path[0].length];
        for (int i = 0; i < mx.length; i++) {
            mx[i] = -path[0][i];
            my[i] = -path[1][i];
        }
        layers.add(new Layer.Line("−β_t (the same fit with labels swapped)", Ink.dotted(0).withOpacity(0.45), mx, my));
        double fl = floor(h.row(row)[h.column("tau")]);
        if (Double.isFinite(fl)) {
            layers.add(new Layer.Ellipse("statistical floor", Ink.dashed(Ink.MUTED), st[0], st[1], fl, fl, 0, 0.08));
            if (!overspecified) {
                layers.add(new Layer.Ellipse(null, Ink.dashed(Ink.MUTED), -st[0], -st[1], fl, fl, 0, 0.08));
            }
        }
        layers.add(new Layer.Line("β_t", Ink.line(0).withWidth(2), path[0], path[1]));
        layers.add(new Layer.Points("β₀", Ink.points(0, Ink.Marker.SQUARE, 9).withOpacity(0.7),
                new double[] {path[0][0]}, new double[] {path[1][0]}));
        if (overspecified) {
            layers.add(new Layer.Points("truth β* = 0", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 16).withWidth(2),
                    new double[] {0}, new double[] {0}));
        } else {
            layers.add(new Layer.Points("±β*", Ink.points(Ink.FOREGROUND, Ink.Marker.PLUS, 16).withWidth(2),
                    new double[] {st[0], -st[0]}, new double[] {st[1], -st[1]}));
        }
        layers.add(new Layer.Points("β at iteration " + h.iteration(row), Ink.component(0).withMarker(Ink.Marker.CIRCLE, 12),
                new double[] {cur[0]}, new double[] {cur[1]}));
        List<String> notes = new ArrayList<>();
        double[] r = h.row(row);
        notes.add("iteration " + h.iteration(row) + "   error = " + MlrPlots.num(r[0]) + "   π₁ = "
                + MlrPlots.num(r[h.column("pi_1")]));
        notes.add(overspecified ? "plane of β₀ (horizontal) and e" + (argMax(u2) + 1) + " in R^" + d
                : "plane of β* (horizontal) and β₀ in R^" + d);
        String xl = overspecified ? "β · β₀/‖β₀‖" : "β · β*/‖β*‖";
        return new Panel("geometry", "Trajectory of β", Panel.Kind.GEOMETRY, Axis.fixed(xl, -extent, extent),
                Axis.fixed("orthogonal direction in the plane", -extent, extent), true, layers, notes);
    }

    /** The largest estimated numerical errors of the error (population) and KL columns over the recorded rows. */
    @Override
    public List<String> accuracyNotes(History h) {
        int end = h.size() == 0 ? 0 : h.iteration(h.size() - 1);
        ErrorLog log = errorLog();
        return List.of("numerical error (the rule vs its finer rule, plus rounding) of kl ≤ " + CurvePanels.num(log.max(1, end), 2)
                + (population ? ", of error ≤ " + CurvePanels.num(log.max(0, end), 2) : "")
                + " over the rows (docs/labs/mlr-overspec.md)");
    }

    /** The engine's log of error estimates (error: entry 0, KL: entry 1). */
    private ErrorLog errorLog() {
        if (engine instanceof SymmetricMlrPopulationEm pe) {
            return pe.errorLog();
        }
        if (engine instanceof SymmetricMlrEm se) {
            return se.errorLog();
        }
        return new ErrorLog(2);
    }

    /** The logged estimate {@code k} at the iterations of {@code xy}. */
    private static double[][] epsSeries(ErrorLog log, double[][] xy, int k) {
        double[] e = new double[xy[0].length];
        for (int i = 0; i < e.length; i++) {
            e[i] = log.get((int) xy[0][i], k);
        }
        return new double[][] {xy[0], e};
    }

    private static int argMax(double[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[k])) {
                k = i;
            }
        }
        return k;
    }

    // ---- curves -------------------------------------------------------------------------------

    private Panel errorPanel(History h, int cursor) {
        boolean logX = overspecified && balanced;
        double[][] err = CurvePanels.series(h, "error");
        double tauNow = h.row(h.size() - 1)[h.column("tau")];
        double fl = floor(tauNow);
        double fitFloor = Double.isFinite(fl) ? 2 * fl : overspecified ? 1e-280 : KIT_PRECISION * sigma;
        double[][] shown = logX ? MlrPlots.fromOne(err) : err;
        double tMax = MlrPlots.lastX(err);
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String name = overspecified ? "‖β_t‖" : "min ‖β_t ∓ β*‖";
        if (population) {
            // each error next to its numerical error ε (finer rule + rounding next to β*); values ≤ ε marked ≈ 0
            ErrorLog log = errorLog();
            layers.addAll(CurvePanels.withErrorFloor(name, Ink.line(0), shown, epsSeries(log, shown, 0),
                    CurvePanels.LOG_FLOOR, "numerical error"));
            int row = Math.max(0, Math.min(cursor, h.size() - 1));
            notes.add(CurvePanels.valueWithError("error", h.row(row)[h.column("error")], log.get(h.iteration(row), 0),
                    "numerical error"));
        } else {
            layers.add(CurvePanels.line(name, Ink.line(0), shown, true));
        }
        if (logX) {
            double b0 = params.getDouble("b0");
            if (tMax >= 2) {
                layers.add(CurvePanels.theory("theory (b₀⁻² + 6t)^−½", t -> sigma / Math.sqrt(1 / (b0 * b0) + 6 * t), 1,
                        tMax, 48, true, Ink.dotted(Ink.FOREGROUND)));
            }
            notes.add("theory: log-log slope −½ (‖β_t‖ ≈ σ/sqrt(b₀⁻² + 6t))");
            RateCaption.Verdict v = errorVerdict(err[0], err[1], true, fitFloor, sigma);
            if (v.showsRate() && v.tail().toX() >= 8) {
                layers.add(CurvePanels.fittedLine("fitted tail", v.tail(), true, CurvePanels.FIT_INK));
            }
            notes.addAll(withoutRoundingZero(errorNotes(v, true, data != null), population));
        } else {
            RateCaption.Verdict v = errorVerdict(err[0], err[1], false, fitFloor, sigma);
            RateFit.Tail tail = v.tail();
            double theory = Double.NaN;
            if (overspecified) {
                if (!update) {
                    theory = Math.log(4 * pi0 * (1 - pi0));
                    notes.add("theory (fixed weights): slope log(4π₁π₂) = " + MlrPlots.num(theory) + " per iteration");
                } else {
                    double[] ti = tauInf();
                    theory = Math.log1p(-ti[0] * ti[0]);
                    notes.add("theory: slope log(1 − τ∞²) = " + MlrPlots.num(theory) + " per iteration, τ∞ "
                            + (ti[1] > 0 ? "= " : "≈ ") + MlrPlots.num(ti[0]));
                }
            }
            notes.addAll(withoutRoundingZero(errorNotes(v, false, data != null), population));
            if (v.showsRate()) {
                layers.add(CurvePanels.fittedLine("fitted tail", tail, false, CurvePanels.FIT_INK));
                if (Double.isFinite(theory)) {
                    double t0 = tail.fromX();
                    double[] band = CurvePanels.positiveRange(shown[1]);
                    Layer.Line guide = CurvePanels.rateGuide("theory rate", t0, Math.exp(tail.fit().at(t0)), theory,
                            shown[0][0], tMax, band[0], band[1], Ink.dotted(Ink.FOREGROUND));
                    if (guide != null) {
                        layers.add(guide);
                    }
                }
            }
        }
        if (Double.isFinite(fl)) {
            double x0 = logX ? 1 : 0;
            layers.add(MlrPlots.horizontal("statistical floor", Ink.dashed(Ink.MUTED), fl, x0, Math.max(x0 + 1, tMax)));
            notes.add(overspecified ? "floor ≈ min(0.75σ(d/n)^¼, σ sqrt(d/n)/|τ|) = " + MlrPlots.num(fl)
                    : "reference σ sqrt(d/n) = " + MlrPlots.num(fl));
        }
        layers.add(CurvePanels.cursor(h, cursor));
        Axis x = logX ? Axis.iterations().withLog(true) : Axis.iterations();
        String title = overspecified ? "error ‖β_t‖ (truth β* = 0)" : "error min ‖β_t ∓ β*‖";
        return new Panel("error", title, Panel.Kind.CURVE, x, Axis.log("error"), false, layers,
                notes);
    }

    private Panel weightPanel(History h, int cursor) {
        double[][] pi = CurvePanels.series(h, "pi_1");
        double[] dev = new double[pi[1].length];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = Math.abs(pi[1][i] - 0.5);
        }
        double tMax = MlrPlots.lastX(pi);
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        layers.add(CurvePanels.line("|π₁ − ½|", Ink.line(1), new double[][] {pi[0], dev}, false));
        if (!update) {
            notes.add("weights fixed at π₁ = " + MlrPlots.num(pi0));
        } else if (overspecified) {
            if (balanced) {
                notes.add(population ? "balanced: π₁ = ½ is preserved exactly by the population map"
                        : "balanced start: the population map keeps π₁ = ½; on n samples π₁ drifts by sampling noise");
            } else {
                double[] ti = tauInf();
                layers.add(MlrPlots.horizontal("population limit |τ∞|/2", Ink.dotted(Ink.FOREGROUND),
                        Math.abs(ti[0]) / 2, 0, Math.max(1, tMax)));
                notes.add("population limit π₁∞ " + (ti[1] > 0 ? "= " : "≈ ") + MlrPlots.num(0.5 * (1 + ti[0]))
                        + " (0 < |τ∞| < |τ₀|: the weights stop short of ½)");
            }
        }
        notes.add("π₁ now " + MlrPlots.num(pi[1][pi[1].length - 1]));
        layers.add(CurvePanels.cursor(h, cursor));
        return new Panel("weights", "mixing weight |π₁ − ½|", Panel.Kind.CURVE, Axis.iterations(),
                new Axis("|π₁ − ½|", false, 0, Double.NaN), false, layers, notes);
    }

    private Panel klPanel(History h, int cursor) {
        boolean logX = overspecified && balanced;
        double[][] kl = CurvePanels.series(h, "kl");
        ErrorLog log = errorLog();
        // the general-truth KL is a difference of two expected log-likelihoods: values at or below its
        // error estimate ε (finer rule + rounding) are marked ≈ 0, not dropped
        double[][] shown = logX ? MlrPlots.fromOne(kl) : kl;
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        layers.addAll(CurvePanels.withErrorFloor("KL", Ink.line(2), shown, epsSeries(log, shown, 1),
                CurvePanels.LOG_FLOOR, "numerical error"));
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        notes.add(CurvePanels.valueWithError("KL", h.row(row)[h.column("kl")], log.get(h.iteration(row), 1),
                "numerical error"));
        double tMax = MlrPlots.lastX(kl);
        if (logX) {
            double b0 = params.getDouble("b0");
            if (tMax >= 2) {
                layers.add(CurvePanels.theory("theory 0.75 b_t⁴", t -> 0.75 / Math.pow(1 / (b0 * b0) + 6 * t, 2), 1, tMax,
                        48, true, Ink.dotted(Ink.FOREGROUND)));
            }
            notes.add("theory: KL ≈ 0.75 b⁴ ≈ 1/(48 t²), log-log slope −2");
            RateCaption.Verdict v = RateCaption.power(kl[0], kl[1], 0.5, 1e-280, KIT_PRECISION);
            if (v.tail() != null && v.tail().toX() >= 8) {
                notes.addAll(withoutRoundingZero(RateCaption.notes(v, "fitted log-log slope", data != null
                        ? "the sample fit stops moving at its statistical floor" : "", "quadrature", KIT_PRECISION), true));
            }
        } else if (overspecified) {
            notes.add("small b: KL ≈ τ²b²/2 + ¾(1 − τ²)(1 − 3τ²)b⁴");
        }
        if (data != null) {
            notes.add("population KL of the sample fit");
        }
        layers.add(CurvePanels.cursor(h, cursor));
        Axis x = logX ? Axis.iterations().withLog(true) : Axis.iterations();
        return new Panel("kl", "KL(truth ‖ fit) per observation", Panel.Kind.CURVE, x,
                Axis.log("KL"), false, layers, notes);
    }

    /**
     * The verdict on the error curve: a power law (balanced weights, sublinear) or a geometric rate,
     * fitted above {@code fitFloor}; values below the kit's precision (relative to σ) are rounding.
     */
    static RateCaption.Verdict errorVerdict(double[] t, double[] err, boolean power, double fitFloor, double sigma) {
        return power ? RateCaption.power(t, err, 0.5, fitFloor, KIT_PRECISION * sigma)
                : RateCaption.geometric(t, err, 0.4, fitFloor, KIT_PRECISION * sigma);
    }

    /**
     * {@code notes} without the verdict's "now ≈ 0 (below the … floor)" when {@code measured}: the panel's value line
     * already says whether the value is zero within the numerical error measured for that iterate (the finer rule
     * and the rounding next to the truth, often far below the kit's fixed 1e−13, so the two lines contradicted each
     * other: "now ≈ 0 (below the rounding floor 1e−13)" beside "error = 2.147e−31 (numerical error ≤ 2.2e−46)").
     */
    static List<String> withoutRoundingZero(List<String> notes, boolean measured) {
        if (!measured) {
            return notes;
        }
        List<String> out = new ArrayList<>();
        for (String n : notes) {
            if (!n.startsWith("now ≈ 0")) {
                out.add(n);
            }
        }
        return out;
    }

    /** The error panel's notes for {@code v}: the fitted rate with its window and R², and where it levelled off. */
    static List<String> errorNotes(RateCaption.Verdict v, boolean power, boolean sample) {
        return RateCaption.notes(v, power ? "fitted log-log slope" : "fitted slope per iteration",
                sample ? "the statistical floor of this sample" : "stuck: the iterates no longer move", "rounding",
                KIT_PRECISION);
    }

    private MlrOverspecManipulation manipulation;

    /** β can be dragged: the start (a given direction and b₀) or the current iterate ({@link MlrOverspecManipulation}). */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        if (manipulation == null) {
            manipulation = new MlrOverspecManipulation(d, sigma, population, u1, u2);
        }
        return manipulation;
    }
}
