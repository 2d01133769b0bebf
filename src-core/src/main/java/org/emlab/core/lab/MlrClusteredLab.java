package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.ClusteredMlrEm;
import org.emlab.core.em.ClusteredMlrPopulationEm;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.History;
import org.emlab.core.view.CurvePanels;

/**
 * Lab {@code mlr-clustered} (seed 001): mixed linear regression where each of m nodes holds n
 * samples sharing one hidden sign (arXiv 2308.11518, Reisizadeh, Gatmiry &amp; Ozdaglar; MODELS.md
 * §2). EM that pools each node's samples reaches the statistical accuracy σ sqrt(d/(mn)) in O(1)
 * iterations; the standard EM that treats the mn samples as i.i.d. needs about log(mn/d). Both run
 * on the same data from the same start.
 */
public final class MlrClusteredLab implements Lab {
    public static final String ID = "mlr-clustered";
    /** Largest m·n·d the lab will allocate (x and the per-sample statistics are both kept). */
    public static final long MAX_VALUES = 10_000_000L;
    /** Seed of the fixed random direction u of the initialisation θ₀ = θ* + r‖θ*‖u (MODELS.md §2.1: seed 0). */
    public static final long DIRECTION_SEED = 0;
    /** Default initial radius ‖θ₀ − θ*‖/‖θ*‖ = 1/14, the paper's ball. */
    public static final double DEFAULT_RADIUS = 1.0 / 14;
    /** At most this many nodes are drawn as individual bars in the posterior strip. */
    public static final int MAX_BARS = 256;
    /** Points per group of the posterior strip when it is drawn as a curve. */
    public static final int STRIP_POINTS = 600;
    /** Top of the posterior axis: room above 1 for the notes and the legend. */
    public static final double STRIP_TOP = 1.32;
    /** Statistical accuracy is reached when ‖θ_t − θ_∞‖ ≤ this fraction of err(θ_∞) (MODELS.md §2.5). */
    public static final double ACCURACY_FRACTION = 0.1;

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("m", "m (nodes)", 2048, 1, 1_000_000, "Truth",
                    "number of nodes; each has one hidden sign ξ_j shared by all its samples"),
            ParamSpec.integer("n", "n (per node)", 16, 1, 100_000, "Truth",
                    "samples per node; n = 1 is ordinary i.i.d. mixed linear regression. The contraction of structured EM "
                            + "improves exponentially in n"),
            ParamSpec.integer("d", "d", 10, 1, Extremes.MAX_DIMENSION, "Truth", "dimension of the covariates x ~ N(0, I_d)"),
            ParamSpec.positive("sigma", "σ", 1.0, 100.0, "Truth", "noise level σ, known to both algorithms"),
            ParamSpec.positive("snr", "snr ‖θ*‖/σ", 1.0, Extremes.MAX_SNR, "Truth",
                    "signal-to-noise ratio; θ* = snr·σ·e₁. At snr = 1 the contrast between the algorithms is largest"),
            ParamSpec.bool("population", "population (m = ∞)", false, "Truth",
                    "run the population maps M_n(θ) = F_V(θ, θ*, n, 0) and M_1(θ) from the MLR kit (tail form for n ≥ 8)"),
            ParamSpec.real("init_radius", "init radius", DEFAULT_RADIUS, 0.0, 5.0, "Initialisation",
                    "‖θ₀ − θ*‖ as a fraction of ‖θ*‖ (θ₀ = θ* + r‖θ*‖u, u a fixed random unit vector); the paper's ball is "
                            + "1/14 ≈ 0.0714, 0.6 shows robustness"),
            ParamSpec.seed(1));

    /**
     * A benchmark of N samples in all: m = N / n nodes of the default n samples each (the structured
     * and the i.i.d. EM both step; their sweeps are over m node statistics and over N samples).
     */
    @Override
    public ParamValues benchParams(ParamValues base, int n, int d, int k) {
        int perNode = base.getInt("n");
        long m = Math.round(n / (double) perNode);
        if (m < 1 || m > 1_000_000 || m * perNode * d > MAX_VALUES) {
            return null;
        }
        return base.with("m", Long.toString(m)).with("d", Integer.toString(d)).with("population", "false");
    }

    @Override
    public String noBenchReason(int n, int d, int k) {
        return "needs 1 <= m <= 1e6 nodes of 16 samples and m·n·d <= " + MAX_VALUES + " values";
    }

    /**
     * Heap a run plans to use (for {@link SizeGuard}): the m·n samples (x drawn then kept, the per-sample
     * products y x of the i.i.d. engine, y and the node labels), the per-node statistics of both engines
     * and the history budget. A population run stores no sample.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long d = p.getInt("d");
        if (p.getBool("population")) {
            return 8L * d * d + History.MEMORY_BUDGET;
        }
        long m = p.getInt("m");
        long total = m * p.getInt("n");
        return 24L * total * d + 12L * total + 24L * m * d + History.MEMORY_BUDGET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Mixed linear regression with clustered data";
    }

    @Override
    public String claim() {
        return "When each node's n samples share one hidden label, EM reaches the statistical accuracy sqrt(d/(mn)) in O(1) "
                + "iterations, while EM on i.i.d. samples needs O(log(mn/d)).";
    }

    @Override
    public String citation() {
        return "Reisizadeh, Gatmiry & Ozdaglar, arXiv 2308.11518";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        long m = p.getInt("m");
        long n = p.getInt("n");
        int d = p.getInt("d");
        if (!p.getBool("population")) {
            if (m * n < d + 1) {
                errors.add(new FieldError("m", "m·n must be at least d + 1 = " + (d + 1) + " (got " + m * n + ")"));
            }
            if (m * n * d > MAX_VALUES) {
                errors.add(new FieldError("m", "m·n·d = " + m * n * d + " values is too large; at most " + MAX_VALUES));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** θ* = snr·σ·e₁. */
    static double[] thetaStar(int d, double snr, double sigma) {
        double[] t = new double[d];
        t[0] = snr * sigma;
        return t;
    }

    /** θ₀ = θ* + r‖θ*‖u with u a fixed random unit vector (independent of the run's seed). */
    static double[] initialTheta(double[] thetaStar, double r) {
        int d = thetaStar.length;
        double[] u = Gaussians.unitVector(Rng.stream(DIRECTION_SEED, Rng.INIT), d);
        double s = MlrPlots.norm(thetaStar);
        double[] t = thetaStar.clone();
        for (int c = 0; c < d; c++) {
            t[c] += r * s * u[c];
        }
        return t;
    }

    /**
     * m nodes of n samples, node-major: {@code ξ_j ~ U{±1}}, {@code x ~ N(0, I_d)},
     * {@code y_ji = ξ_j<x_ji, θ*> + σε_ji}; node ids 0-based, labels 0 for ξ = +1 and 1 for ξ = −1.
     */
    public static Dataset generate(int m, int n, int d, double sigma, double[] thetaStar, long seed) {
        RandomGenerator rng = Rng.stream(seed, Rng.DATA);
        int total = m * n;
        double[] x = Gaussians.standardNormal(rng, total, d);
        double[] y = new double[total];
        int[] node = new int[total];
        int[] label = new int[total];
        for (int j = 0; j < m; j++) {
            boolean plus = rng.nextBoolean();
            for (int i = 0; i < n; i++) {
                int k = j * n + i;
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += x[k * d + c] * thetaStar[c];
                }
                y[k] = (plus ? dot : -dot) + sigma * rng.nextGaussian();
                node[k] = j;
                label[k] = plus ? 0 : 1;
            }
        }
        return new Dataset(total, d, x, y, node, label, null, "y");
    }

    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p);
        int m = p.getInt("m");
        int n = p.getInt("n");
        int d = p.getInt("d");
        double sigma = p.getDouble("sigma");
        double[] ts = thetaStar(d, p.getDouble("snr"), sigma);
        double[] theta0 = initialTheta(ts, p.getDouble("init_radius"));
        boolean population = p.getBool("population");
        Dataset data = population ? null : generate(m, n, d, sigma, ts, p.getLong("seed"));
        StepEngine engine = population ? new ClusteredMlrPopulationEm(n, sigma, ts, theta0)
                : new ClusteredMlrEm(data, m, n, sigma, ts, theta0);
        return new Run(this, p, data, engine, ts, theta0);
    }

    /**
     * The first iteration at which the estimate in columns {@code base..base+d} is within
     * {@code 0.1·err(θ_∞)} of its last recorded value θ_∞ (MODELS.md §2.5), or -1 when the history is empty.
     */
    public static int iterationsToAccuracy(History h, int base, int d, double[] thetaStar) {
        if (h.size() == 0) {
            return -1;
        }
        double[] last = Arrays.copyOfRange(h.row(h.size() - 1), base, base + d);
        double errInf = org.emlab.core.em.SymmetricMlrPopulation.error(last, thetaStar);
        for (int i = 0; i < h.size(); i++) {
            double s = 0;
            double[] r = h.row(i);
            for (int c = 0; c < d; c++) {
                double v = r[base + c] - last[c];
                s += v * v;
            }
            if (Math.sqrt(s) <= ACCURACY_FRACTION * errInf) {
                return h.iteration(i);
            }
        }
        return h.iteration(h.size() - 1);
    }

    /** The first recorded iteration whose column value is at most {@code level}, or -1. */
    static int firstBelow(History h, String column, double level) {
        int col = h.column(column);
        for (int i = 0; i < h.size(); i++) {
            if (h.row(i)[col] <= level) {
                return h.iteration(i);
            }
        }
        return -1;
    }

    // ---- the run and its views ----------------------------------------------------------------

    // ---- exploration hooks (sweeps); structured and i.i.d. EM already run side by side ------------

    @Override
    public Optional<String> errorColumn() {
        return Optional.of("error");
    }

    /** MODELS.md §2.6: the final error is set by mn alone, σ sqrt(d/(mn)): slope −½ in m and in n. */
    @Override
    public OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        if (("m".equals(varied) || "n".equals(varied)) && "final_error".equals(stat) && !p.getBool("population")) {
            return OptionalDouble.of(-0.5);
        }
        return OptionalDouble.empty();
    }

    private static final class Run extends BaseRun<MlrClusteredLab, StepEngine> {
        private final double[] thetaStar;
        private final int m;
        private final int n;
        private final int d;
        private final double sigma;
        private final double floor;
        private final double[] u1;
        private final double[] u2;

        Run(MlrClusteredLab lab, ParamValues params, Dataset data, StepEngine engine, double[] thetaStar, double[] theta0) {
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
            layers.add(CurvePanels.line("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), e, true));
            layers.add(CurvePanels.line("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6), ei, true));
            layers.add(MlrPlots.horizontal("σ sqrt(d/(mn))", Ink.dotted(Ink.FOREGROUND), floor, 0, Math.max(1, tMax)));
            if (data != null) {
                int ts = iterationsToAccuracy(h, h.column("beta_1"), d, thetaStar);
                int ti = iterationsToAccuracy(h, h.column("iid_beta_1"), d, thetaStar);
                String tail = engine.finished() ? "" : " (so far)";
                notes.add("iterations to statistical accuracy: structured " + ts + ", i.i.d. " + ti + tail);
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

        /** Population mode: the per-iteration contraction err_t/err_{t−1} of both maps. */
        private Panel contractionPanel(History h, int cursor) {
            int ce = h.column("error");
            int ci = h.column("iid_error");
            int k = Math.max(0, h.size() - 1);
            double[] x = new double[k];
            double[] ys = new double[k];
            double[] yi = new double[k];
            for (int i = 1; i <= k; i++) {
                x[i - 1] = h.iteration(i);
                double ps = h.row(i - 1)[ce];
                double pi = h.row(i - 1)[ci];
                ys[i - 1] = ps > 1e-13 * sigma ? h.row(i)[ce] / ps : Double.NaN;
                yi[i - 1] = pi > 1e-13 * sigma ? h.row(i)[ci] / pi : Double.NaN;
            }
            List<Layer> layers = new ArrayList<>();
            layers.add(CurvePanels.line("structured EM", Ink.line(0).withMarker(Ink.Marker.CIRCLE, 6), new double[][] {x, ys},
                    true));
            layers.add(CurvePanels.line("i.i.d. EM", Ink.dashed(1).withWidth(2).withMarker(Ink.Marker.SQUARE, 6),
                    new double[][] {x, yi}, true));
            layers.add(CurvePanels.cursor(h, cursor));
            List<String> notes = new ArrayList<>();
            if (k >= 1) {
                notes.add("first step: κ(n = " + n + ") = " + MlrPlots.num(ys[0]) + ", κ(1) = " + MlrPlots.num(yi[0]));
            }
            notes.add("MODELS.md §2.6 (snr 1, r = ‖θ*‖/14): κ = .505, .331, .146, .0307, 1.5e−3 at n = 1, 2, 4, 8, 16");
            return new Panel("contraction", "contraction err_t / err_{t−1}", Panel.Kind.CURVE, Axis.iterations(),
                    Axis.log("ratio"), false, layers, notes);
        }

        private Panel loglikPanel(History h, int cursor) {
            String title = data == null ? "expected log-likelihood per node (structured)" : "log-likelihood per node (structured)";
            return CurvePanels.metric(h, cursor, "loglik", "loglik", title, "ℓ", false, Ink.line(3), null,
                    List.of("structured EM is exact EM for the node model: ℓ never decreases"));
        }
    }
}
