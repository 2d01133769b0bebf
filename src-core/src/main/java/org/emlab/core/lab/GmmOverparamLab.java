package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Rng;
import org.emlab.core.em.OverparamGradientEm;
import org.emlab.core.em.StepEngine;
import org.emlab.core.em.WeightedPoints;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.History;
import org.emlab.core.view.CurvePanels;
import org.emlab.core.view.RateFit;
import org.emlab.core.view.Rasters;

/**
 * Lab {@code gmm-overparam} (seed 004): gradient EM with near-optimal weights on an
 * over-parameterised mixture of identity-covariance Gaussians (arXiv 2506.06584, Zhou, Xu, Fazel
 * &amp; Du; MODELS.md §5). With n = Ω(m log m) components initialised from p*, redundant components
 * are pruned (their weights underflow to 0) or merge onto true centres, and KL decays to 0 — in a
 * polynomial, not geometric, second phase. With n = m the same algorithm can stall in a
 * "one-fits-many" local optimum (the pentagon preset).
 *
 * <p>Population mode integrates over p* with a per-true-component tensor Gauss–Hermite rule in
 * d ≤ 3 and over a fixed Monte Carlo sample of {@link #MONTE_CARLO_POINTS} points (seed
 * {@link #MONTE_CARLO_SEED}) in d ≥ 4. Sample mode runs on N draws from p*; its {@code loss} column
 * is still the population KL of the current fit (same quadrature), so both modes plot the same
 * quantity.
 */
public final class GmmOverparamLab implements Lab {
    public static final String ID = "gmm-overparam";
    /** Weights must sum to 1 within this tolerance (they are then renormalised exactly). */
    public static final double WEIGHT_SUM_TOLERANCE = 1e-6;
    /** Above this dimension the population is a Monte Carlo proxy. */
    public static final int MAX_QUADRATURE_DIMENSION = 3;
    /** Size of the population Monte Carlo proxy (MODELS.md §5.4: error about 2e-3). */
    public static final int MONTE_CARLO_POINTS = 200_000;
    /** Fixed seed of the Monte Carlo proxy (the same population for every run seed). */
    public static final long MONTE_CARLO_SEED = 2506_06584L;
    /** Gauss–Hermite nodes per axis chosen by {@code auto} for d = 1, 2. */
    public static final int AUTO_NODES_LOW_DIMENSION = 40;
    /** Gauss–Hermite nodes per axis chosen by {@code auto} for d = 3. */
    public static final int AUTO_NODES_3D = 20;
    /** Smallest and largest Gauss–Hermite rule. */
    public static final int MIN_NODES = 4;
    public static final int MAX_NODES = 100;
    /** Largest (points × components) product of one sweep (the engine keeps one factor per pair). */
    public static final long MAX_SWEEP = OverparamGradientEm.MAX_FACTORS;
    /** Default over-parameterisation factor: n = 4m. */
    public static final int DEFAULT_FACTOR = 4;
    /** Iterates drawn in each trail. */
    public static final int TRAIL = 80;
    /** Grid of the density image. */
    public static final int RASTER = 170;
    /** KL values below this are drawn at this floor (the quadrature floor is about 1e-10 with GH40–60). */
    public static final double KL_DISPLAY_FLOOR = 1e-13;

    /** Weights are drawn no lower than this (so that a log axis can show pruned, exactly-zero weights). */
    public static final double WEIGHT_DISPLAY_FLOOR = 1e-20;
    /** The power-law tail is fitted once the run has this many iterations ... */
    static final double TAIL_MIN_END = 200;
    /** ... over t from max(this, t_end/10) to t_end. */
    static final double TAIL_START = 100;
    /** KL values below this (the quadrature floor) are left out of the tail fit. */
    static final double KL_FIT_FLOOR = 1e-11;

    private static final List<String> LAYOUTS = List.of("polygon", "line");
    private static final List<String> WEIGHT_UPDATES = List.of("near-optimal", "one-step");

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("d", "d", 2, 1, Extremes.MAX_DIMENSION, "Truth",
                    "dimension of the data; the true centres lie in the first two coordinates (polygon) or on the first axis (line)"),
            ParamSpec.integer("m", "m (true)", 3, 1, Extremes.MAX_COMPONENTS, "Truth",
                    "number of true components of p* = Σ π*_k N(μ*_k, I)"),
            ParamSpec.positive("separation", "separation Δ", 6.0, 50.0, "Truth",
                    "distance between adjacent true centres; the paper's first stage reaches loss exp(−Θ(Δ²))"),
            ParamSpec.vector("weights", "weights π*", new double[] {0.5, 0.3, 0.2}, 0.0, 1.0, Extremes.MAX_COMPONENTS, "Truth",
                    "true mixing weights π*_k (sum 1), one per true component"),
            ParamSpec.choice("layout", "layout", "polygon", LAYOUTS, "Truth",
                    "polygon: the centres form a regular m-gon with sides Δ (m = 3: the triangle, m = 5: the pentagon); "
                            + "line: equally spaced on the first axis"),
            ParamSpec.integer("n", "N (samples)", 10_000, 10, 5_000_000, "Truth",
                    "sample size N in sample mode (ignored in population mode); with finite N the extra components fit "
                            + "noise instead of dying"),
            ParamSpec.bool("population", "population (N = ∞)", false, "Truth",
                    "run on p* itself: Gauss–Hermite quadrature per true component in d ≤ 3, a fixed Monte Carlo "
                            + "sample of 200000 points in d ≥ 4"),
            ParamSpec.real("gh_nodes", "GH nodes per axis", Double.NaN, MIN_NODES, MAX_NODES, "Truth",
                    "Gauss–Hermite nodes per axis and true component (d ≤ 3); auto = 40 in d ≤ 2, 20 in d = 3. "
                            + "KL floor ≈ 1e-6 at 24, 1e-9 at 40").withAuto(),
            ParamSpec.text("components", "components n", "auto", "Model",
                    "number of model components n: a whole number, or m (exact parameterisation), 4m, 2mlogm "
                            + "(= ⌈2 m ln m⌉), ...; auto = 4m. The theory needs n = Ω(m log m)"),
            ParamSpec.positive("step", "step η", OverparamGradientEm.DEFAULT_STEP, 2.0, "Model",
                    "step size of the gradient step on the means; η = 1 is a convex combination (stable), "
                            + "standard EM would use η_i = 1/π_i"),
            ParamSpec.choice("weights_update", "weight update", "near-optimal", WEIGHT_UPDATES, "Model",
                    "near-optimal: up to K_in multiplicative EM steps on the weights per iteration (the paper's "
                            + "argmax over the simplex); one-step: the standard EM weight update π_i ← E[ψ_i]"),
            ParamSpec.integer("inner_steps", "K_in", OverparamGradientEm.DEFAULT_INNER_STEPS, 1, OverparamGradientEm.MAX_INNER_STEPS, "Model",
                    "inner multiplicative steps of the near-optimal weight update (stops early once max|Δπ| < 1e-12)"),
            ParamSpec.seed(0));

    /**
     * Heap a run plans to use (for {@link SizeGuard}): the sample (N points in d, with weights), the
     * population grid or Monte Carlo sample the loss is measured on (every run keeps it), per-point
     * factors of the n model components for each, and the history budget.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long d = p.getInt("d");
        long m = p.getInt("m");
        long comps;
        try {
            comps = components(p.getString("components"), (int) m);
        } catch (ValidationException e) {
            return 0;
        }
        double grid = d <= MAX_QUADRATURE_DIMENSION ? m * Math.pow(nodes(p), d) : MONTE_CARLO_POINTS;
        double points = p.getBool("population") ? 0 : p.getInt("n");
        double perPoint = 8.0 * (d + 2 + comps);
        return (long) Math.min(Long.MAX_VALUE / 2.0, (points + grid) * perPoint) + History.MEMORY_BUDGET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Over-parameterised gradient EM";
    }

    @Override
    public String claim() {
        return "With n = Ω(m log m) components initialised from the data, gradient EM prunes the redundant ones and "
                + "reaches the true mixture — in polynomial, not geometric, time; with n = m it can stall.";
    }

    @Override
    public String citation() {
        return "Zhou, Xu, Fazel & Du, arXiv 2506.06584";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    /** The model size n named by {@code text} for m true components, or an error message. */
    public static int components(String text, int m) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("·", "").replace("*", "");
        if (s.equals("auto")) {
            return DEFAULT_FACTOR * m;
        }
        if (s.matches("\\d+")) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw bad(text);
            }
        }
        if (s.matches("\\d*(\\.\\d+)?mlogm")) {
            String c = s.substring(0, s.length() - "mlogm".length());
            double f = c.isEmpty() ? 1 : Double.parseDouble(c);
            return Math.max(m, (int) Math.ceil(f * m * Math.log(m) - 1e-12));
        }
        if (s.matches("\\d*m")) {
            String c = s.substring(0, s.length() - 1);
            return (c.isEmpty() ? 1 : Integer.parseInt(c)) * m;
        }
        throw bad(text);
    }

    private static ValidationException bad(String text) {
        return new ValidationException("components", "components must be a whole number, auto, m, 4m or 2mlogm (got \""
                + text + "\")");
    }

    /** The Gauss–Hermite nodes per axis for these parameters (auto resolved). */
    static int nodes(ParamValues p) {
        double g = p.getDouble("gh_nodes");
        if (Double.isNaN(g)) {
            return p.getInt("d") <= 2 ? AUTO_NODES_LOW_DIMENSION : AUTO_NODES_3D;
        }
        return (int) g;
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (p.getBool("population")) {
            out.put("n", "not used in population mode (N = ∞)");
        }
        if (p.getInt("d") > MAX_QUADRATURE_DIMENSION) {
            out.put("gh_nodes", "not used in d ≥ 4: the population is a fixed Monte Carlo sample");
        }
        return out;
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        int d = p.getInt("d");
        int m = p.getInt("m");
        double[] w = p.getVector("weights");
        if (w.length != m) {
            errors.add(new FieldError("weights", "weights has " + w.length + " entries; m = " + m + " needs " + m));
        } else {
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
                errors.add(new FieldError("weights", "weights must sum to 1 (got " + ParamSpec.fmt(sum) + ")"));
            }
        }
        if (p.getString("layout").equals("polygon") && d < 2 && m > 2) {
            errors.add(new FieldError("layout", "a polygon of m = " + m + " centres needs d ≥ 2 (got d = " + d
                    + "); use layout line"));
        }
        int comps = -1;
        try {
            comps = components(p.getString("components"), m);
            if (comps < 1 || comps > 200) {
                errors.add(new FieldError("components", "components must give n in [1, 200] (got n = " + comps + ")"));
                comps = -1;
            }
        } catch (ValidationException e) {
            errors.addAll(e.errors());
        }
        double g = p.getDouble("gh_nodes");
        if (!Double.isNaN(g) && g != Math.rint(g)) {
            errors.add(new FieldError("gh_nodes", "gh_nodes must be a whole number in [" + MIN_NODES + ", " + MAX_NODES
                    + "] or auto (got " + ParamSpec.fmt(g) + ")"));
        } else if (comps > 0) {
            long popPoints = d <= MAX_QUADRATURE_DIMENSION ? m * (long) Math.pow(nodes(p), d) : MONTE_CARLO_POINTS;
            if (popPoints * comps > MAX_SWEEP) {
                errors.add(new FieldError("gh_nodes", "GH" + nodes(p) + " in d = " + d + " gives " + popPoints
                        + " population points × n = " + comps + " components, more than " + MAX_SWEEP
                        + " per sweep; choose fewer nodes"));
            }
            if (!p.getBool("population") && (long) p.getInt("n") * comps > MAX_SWEEP) {
                errors.add(new FieldError("n", "N × n = " + (long) p.getInt("n") * comps + " is more than " + MAX_SWEEP
                        + " per sweep; at most N = " + MAX_SWEEP / comps + " with n = " + comps));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    @Override
    public List<ViewOption> viewOptions(ParamValues p) {
        int d = p.getInt("d");
        if (d <= 2) {
            return List.of();
        }
        List<String> choices = new ArrayList<>();
        int top = Math.min(d, 4);
        for (int a = 1; a <= top; a++) {
            for (int b = a + 1; b <= top; b++) {
                choices.add("x" + a + "–x" + b);
            }
        }
        return List.of(new ViewOption("projection", "projection", choices, choices.get(0)));
    }

    /** The truth p* of these parameters. */
    public static UnitGaussianMixture truth(ParamValues p) {
        double[] w = p.getVector("weights");
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        int d = p.getInt("d");
        double sep = p.getDouble("separation");
        return p.getString("layout").equals("line") ? UnitGaussianMixture.line(d, w, sep)
                : UnitGaussianMixture.polygon(d, w, sep);
    }

    /** The population measure: GH per true component in d ≤ 3, the fixed Monte Carlo proxy above. */
    public static WeightedPoints population(UnitGaussianMixture truth, int nodes) {
        if (truth.d() <= MAX_QUADRATURE_DIMENSION) {
            return truth.quadrature(nodes);
        }
        return truth.monteCarlo(MONTE_CARLO_POINTS, Rng.stream(MONTE_CARLO_SEED, Rng.POPULATION));
    }

    /**
     * The paper's initialisation: {@code μ_i^0 = μ*_k + N(0, I)} with {@code k ~ π*} (i.e. μ_i^0 ~ p*),
     * and {@code π_i^0 = 1/n}; drawn from the run's initialisation stream, so sample and population
     * runs with the same seed start from the same means.
     */
    public static double[] initialMeans(UnitGaussianMixture truth, int n, long seed) {
        RandomGenerator rng = Rng.stream(seed, Rng.INIT);
        return truth.sample(n, rng).x();
    }

    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p);
        if (userData != null) {
            throw new ValidationException("data", "lab " + ID + " runs on data drawn from its own truth p*, not on user data");
        }
        UnitGaussianMixture truth = truth(p);
        int m = truth.m();
        int d = truth.d();
        int n = components(p.getString("components"), m);
        long seed = p.getLong("seed");
        boolean population = p.getBool("population");
        int nodes = nodes(p);
        WeightedPoints pop = population(truth, nodes);
        Dataset data = population ? null : truth.sample(p.getInt("n"), Rng.stream(seed, Rng.DATA));
        WeightedPoints points = population ? pop : WeightedPoints.uniform(d, data.n(), data.x());
        double[] pi0 = new double[n];
        java.util.Arrays.fill(pi0, 1.0 / n);
        double[] mu0 = initialMeans(truth, n, seed);
        int inner = p.getString("weights_update").equals("one-step") ? 1 : p.getInt("inner_steps");
        OverparamGradientEm engine = new OverparamGradientEm(points, pop, truth, pi0, mu0, p.getDouble("step"), inner);
        return new Run(this, p, data, engine, truth, nodes);
    }

    // ---- the run and its views ----------------------------------------------------------------

    // ---- exploration hooks (A/B comparison, sweeps) ----------------------------------------------

    /** KL above this at the horizon counts as stuck in a one-fits-many local optimum (MODELS.md §5.6: 1.48). */
    public static final double STUCK_LOSS = 0.1;

    /** The paper's contrast: exact parameterisation (n = m) against over-parameterisation (n = 4m). */
    @Override
    public Optional<Contrast> suggestedComparison(ParamValues current) {
        int m = current.getInt("m");
        int n = components(current.getString("components"), m);
        return Optional.of(n > m ? new Contrast("components", "m", "over-parameterised (n = " + n + ") vs exact (n = m)")
                : new Contrast("components", "4m", "exact (n = m) vs over-parameterised (n = 4m)"));
    }

    /** Coverage, max_k min_i ‖μ_i − μ*_k‖: how far the worst-covered true centre is from every fitted mean. */
    @Override
    public Optional<String> errorColumn() {
        return Optional.of("coverage");
    }

    @Override
    public Optional<String> klColumn() {
        return Optional.of("loss");
    }

    @Override
    public boolean stuck(ParamValues p, List<String> columns, double[] finalRow) {
        int i = columns.indexOf("loss");
        return i >= 0 && finalRow[i] > STUCK_LOSS;
    }

    @Override
    public String stuckRule() {
        return "KL to the truth above " + STUCK_LOSS + " at the horizon: a one-fits-many local optimum";
    }

    private static final class Run extends BaseRun<GmmOverparamLab, OverparamGradientEm> {
        private final UnitGaussianMixture truth;
        private final int nodes;
        private final int n;
        private final int d;
        private final double[] box; // x0, x1, y0, y1 (unprojected: every axis)
        private Layer cachedRaster;
        private String cachedKey = "";

        Run(GmmOverparamLab lab, ParamValues params, Dataset data, OverparamGradientEm engine, UnitGaussianMixture truth,
            int nodes) {
            super(lab, params, data, engine);
            this.truth = truth;
            this.nodes = nodes;
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
                return d <= MAX_QUADRATURE_DIMENSION
                        ? "population: Gauss–Hermite, " + nodes + (d == 2 ? "²" : d == 3 ? "³" : "") + " nodes per true component"
                        : "population: Monte Carlo proxy, " + MONTE_CARLO_POINTS + " points (fixed seed), error ≈ 2e-3";
            }
            return "sample N = " + data.n() + "; loss = population KL of the fit ("
                    + (d <= MAX_QUADRATURE_DIMENSION ? "Gauss–Hermite, " + nodes + " nodes per axis" : "Monte Carlo proxy") + ")";
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
            int from = 0;
            while (from < kl[0].length && kl[0][from] < 1) {
                from++;
            }
            double[] x = java.util.Arrays.copyOfRange(kl[0], from, kl[0].length);
            double[] y = java.util.Arrays.copyOfRange(kl[1], from, kl[1].length);
            double[] shown = y.clone();
            for (int i = 0; i < shown.length; i++) {
                shown[i] = Math.max(shown[i], KL_DISPLAY_FLOOR);
            }
            List<Layer> layers = new ArrayList<>();
            layers.add(new Layer.Line("KL(p* ‖ p_t)", Ink.line(0), x, shown));
            List<String> notes = new ArrayList<>();
            double tEnd = x.length == 0 ? 0 : x[x.length - 1];
            if (tEnd >= TAIL_MIN_END) {
                double tStart = Math.max(TAIL_START, tEnd / 10);
                double fraction = 1 - Math.log(tStart) / Math.log(tEnd);
                RateFit.Tail tail = RateFit.power(x, y, fraction, KL_FIT_FLOOR);
                if (tail.valid()) {
                    layers.add(CurvePanels.fittedLine("fitted tail", tail, true, Ink.dashed(Ink.ACCENT)));
                    notes.add("log-log slope " + CurvePanels.num(tail.fit().slope(), 3) + " over t ∈ [" + (long) tail.fromX()
                            + ", " + (long) tail.toX() + "]: a straight line is a polynomial rate (about t^−2 for t ≫ 100)");
                }
            }
            if (notes.isEmpty()) {
                notes.add("stage 1 falls fast to about exp(−Θ(Δ²)); stage 2 is polynomial: a straight line here"
                        + (data == null ? "" : ", until the fit to the N samples levels off at its statistical floor"));
            } else if (data != null) {
                notes.add("sample mode: the curve levels off at the statistical floor of the N samples");
            }
            double last = h.row(row)[0];
            notes.add(last < KL_DISPLAY_FLOOR
                    ? "KL ≈ 0: below the quadrature floor (computed " + CurvePanels.num(last) + ")"
                    : "KL = " + CurvePanels.num(last));
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
    }
}
