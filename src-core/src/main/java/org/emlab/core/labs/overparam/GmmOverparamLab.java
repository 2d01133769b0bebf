package org.emlab.core.labs.overparam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Rng;
import org.emlab.core.em.OverparamGradientEm;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.WeightedPoints;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ProbabilityVectors;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.param.Extremes;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.Lab;

/**
 * Lab {@code gmm-overparam} (seed 004): gradient EM with near-optimal weights on an
 * over-parameterised mixture of identity-covariance Gaussians (arXiv 2506.06584, Zhou, Xu, Fazel
 * &amp; Du; docs/labs/gmm-overparam.md). With n = Ω(m log m) components initialised from p*, redundant components
 * are pruned (their weights underflow to 0) or merge onto true centres, and KL decays to 0 — in a
 * polynomial, not geometric, second phase. With n = m the same algorithm can stall in a
 * "one-fits-many" local optimum (the pentagon preset).
 *
 * <p>Population mode integrates over p* with a per-true-component lattice (trapezoid) rule in
 * d ≤ 3 ({@link #latticeSpacing}; with an explicit {@code gh_nodes}, the per-component Gauss–Hermite
 * rule instead) and over a fixed Monte Carlo sample of {@link #MONTE_CARLO_POINTS} points (seed
 * {@link #MONTE_CARLO_SEED}) in d ≥ 4. Every population value carries an error estimate from a
 * second rule ({@link #populationRule}; docs/labs/gmm-overparam.md, "Population update"). Sample
 * mode runs on N draws from p*; its {@code loss} column is still the population KL of the current
 * fit (same rule), so both modes plot the same quantity.
 */
public final class GmmOverparamLab implements Lab {
    public static final String ID = "gmm-overparam";
    /** Above this dimension the population is a Monte Carlo proxy. */
    public static final int MAX_QUADRATURE_DIMENSION = 3;
    /** Size of the population Monte Carlo proxy (docs/labs/gmm-overparam.md#population-update: error about 2e-3). */
    public static final int MONTE_CARLO_POINTS = 200_000;
    /** Fixed seed of the Monte Carlo proxy (the same population for every run seed). */
    public static final long MONTE_CARLO_SEED = 2506_06584L;
    /**
     * Gauss–Hermite nodes per axis that {@code auto} chose before the lattice rule replaced it (d = 1,
     * 2); kept for tests and comparisons.
     */
    public static final int AUTO_NODES_LOW_DIMENSION = 40;
    /** The same for d = 3. */
    public static final int AUTO_NODES_3D = 20;
    /** Truncation radius ‖z‖ ≤ R of the lattice rule: the Gaussian mass outside is below 3e-15 for d ≤ 3, and what it drops from any of the integrals below 1e-13. */
    public static final double LATTICE_RADIUS = 8.5;
    /**
     * Spacing constant of the lattice rule: {@code h_c = κ / (extent_c + spread)} along axis c, where
     * extent_c is the spread of the true centres along c. The integrands are analytic in a strip of
     * half-width about π/|μ_ic − μ_jc| along c, and the trapezoid error falls like exp(−2π·width/h);
     * model means stray up to a few units beyond the true centres (they start at μ*_k + N(0, I)).
     */
    public static final double LATTICE_KAPPA = 1.6;
    /** The spread term of {@link #LATTICE_KAPPA}. */
    public static final double LATTICE_SPREAD = 4;
    /**
     * Target of the KL error estimate at the initial state: the lattice is refined ({@link #LATTICE_REFINE})
     * until the estimate {@code |KL − KL'|} (about twice the error) is below it, or the budget is reached.
     */
    public static final double KL_TARGET = 2e-11;
    /** Target of the step error estimate at the initial state (population mode), absolute. */
    public static final double STEP_TARGET = 1e-9;
    /** Factor of one refinement of the lattice spacing. */
    public static final double LATTICE_REFINE = 0.85;
    /** Most refinements at the start of a run. */
    public static final int LATTICE_MAX_REFINEMENTS = 8;
    /** Largest lattice spacing. */
    public static final double LATTICE_MAX_SPACING = 0.4;
    /** Most lattice points (over all true components) in d = 1, 2, 3; beyond it the spacing grows. */
    static final long[] LATTICE_POINT_BUDGET = {0, 200_000, 400_000, 250_000};
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
    /**
     * KL values below this are drawn at this floor; values at or below their error estimate are drawn at
     * the estimate and marked (the lattice rule's estimate is about 1e-14–1e-12 on the presets).
     */
    public static final double KL_DISPLAY_FLOOR = 1e-13;

    /** Weights are drawn no lower than this (so that a log axis can show pruned, exactly-zero weights). */
    public static final double WEIGHT_DISPLAY_FLOOR = 1e-20;
    /** The power-law tail is fitted once the run has this many iterations ... */
    static final double TAIL_MIN_END = 200;
    /** ... over t from max(this, t_end/10) to t_end. */
    static final double TAIL_START = 100;
    /** KL values below this, or below ten times the run's largest error estimate, are left out of the tail fit. */
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
            ParamSpec.probabilities("weights", "weights π*", new double[] {0.5, 0.3, 0.2}, Extremes.MAX_COMPONENTS, "m",
                    ParamRole.Fill.UNIFORM, "Truth", "true mixing weights π*_k (sum 1), one per true component"),
            ParamSpec.choice("layout", "layout", "polygon", LAYOUTS, "Truth",
                    "polygon: the centres form a regular m-gon with sides Δ (m = 3: the triangle, m = 5: the pentagon); "
                            + "line: equally spaced on the first axis"),
            ParamSpec.integer("n", "N (samples)", 10_000, 10, 5_000_000, "Truth",
                    "sample size N in sample mode (ignored in population mode); with finite N the extra components fit "
                            + "noise instead of dying"),
            ParamSpec.bool("population", "population (N = ∞)", false, "Truth",
                    "run on p* itself: a lattice (trapezoid) rule centred on each true component in d ≤ 3, a fixed "
                            + "Monte Carlo sample of 200000 points in d ≥ 4; every value carries an error estimate"),
            ParamSpec.real("gh_nodes", "GH nodes per axis", Double.NaN, MIN_NODES, MAX_NODES, "Truth",
                    "population rule in d ≤ 3: auto = the per-component lattice rule (KL error about 1e-12 on the "
                            + "presets); a number = Gauss–Hermite with that many nodes per axis and true component, "
                            + "much less accurate here (KL error 2e-4 at 24, 1e-5 at 40 on the pentagon)").withAuto(),
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
            ParamSpec.choice("init", "initialisation", "sample", List.of("sample", "given"), "Initialisation",
                    "sample: the paper's start, n draws μ_i⁰ ~ p* from the seed's initialisation stream; given: the means "
                            + "init_means (what dragging a mean in the geometry sets); π_i⁰ = 1/n either way"),
            ParamSpec.vector("init_means", "given means", new double[] {0, 0}, -1e6, 1e6, 200 * Extremes.MAX_DIMENSION,
                    "Initialisation", "initial means for init = given: n·d numbers, row-major (μ_1 first)"),
            ParamSpec.seed(0));

    /**
     * Heap a run plans to use (for {@link SizeGuard}): the sample (N points in d, with weights), the
     * population grid or Monte Carlo sample the loss is measured on (every run keeps it), per-point
     * factors of the n model components for each, the engine's per-point copies and scratch, and the
     * history budget.
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
        double grid = populationPoints(p, (int) Math.min(comps, Integer.MAX_VALUE));
        if (d <= MAX_QUADRATURE_DIMENSION && Double.isNaN(p.getDouble("gh_nodes"))) {
            // the lattice may be refined at the start (start()): allow for about three times the points
            grid = Math.min(Math.min(LATTICE_POINT_BUDGET[(int) d], MAX_SWEEP / Math.max(1, comps)), 3 * grid);
        }
        double points = p.getBool("population") ? 0 : p.getInt("n");
        // the point and its weight, one factor per component, and the engine's per-point copies and scratch
        // (coordinates per chunk, weight, shift, total, ratio, product: issue 19)
        double perPoint = 8.0 * (2 * d + 7 + comps);
        // the second rule of the error estimate: its points (and weights) only
        double check = grid * 8.0 * (d + 1);
        return (long) Math.min(Long.MAX_VALUE / 2.0, (points + grid) * perPoint + check) + History.MEMORY_BUDGET;
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

    /**
     * Nodes per axis and true component of the population rule: the Gauss–Hermite count when
     * {@code gh_nodes} is a number; for {@code auto} (the lattice rule) the d-th root of the lattice's
     * points per component, rounded up, so that {@code m · nodes^d} bounds the rule's size.
     */
    public static int nodes(ParamValues p) {
        double g = p.getDouble("gh_nodes");
        if (!Double.isNaN(g)) {
            return (int) g;
        }
        int d = p.getInt("d");
        if (d > MAX_QUADRATURE_DIMENSION) {
            return AUTO_NODES_3D;
        }
        int m = p.getInt("m");
        int comps;
        try {
            comps = components(p.getString("components"), m);
        } catch (ValidationException e) {
            comps = DEFAULT_FACTOR * m;
        }
        UnitGaussianMixture t;
        try {
            t = truth(p);
        } catch (RuntimeException e) {
            return AUTO_NODES_LOW_DIMENSION;
        }
        int per = UnitGaussianMixture.latticeSize(latticeSpacing(t, Math.max(1, comps)), LATTICE_RADIUS, false);
        return (int) Math.ceil(Math.pow(per, 1.0 / d) - 1e-9);
    }

    /** Points of the population rule for these parameters (the rule the engine keeps factors for). */
    static long populationPoints(ParamValues p, int comps) {
        int d = p.getInt("d");
        int m = p.getInt("m");
        if (d > MAX_QUADRATURE_DIMENSION) {
            return MONTE_CARLO_POINTS;
        }
        double g = p.getDouble("gh_nodes");
        if (!Double.isNaN(g)) {
            return m * (long) Math.pow(g, d);
        }
        UnitGaussianMixture t;
        try {
            t = truth(p);
        } catch (RuntimeException e) {
            return 0; // invalid truth parameters: validate() reports them
        }
        return liveComponents(t) * (long) UnitGaussianMixture.latticeSize(latticeSpacing(t, Math.max(1, comps)),
                LATTICE_RADIUS, false);
    }

    private static int liveComponents(UnitGaussianMixture t) {
        int c = 0;
        for (double w : t.weights()) {
            if (w > 0) {
                c++;
            }
        }
        return c;
    }

    /**
     * The lattice spacing per axis for this truth and model size: {@code h_c = min(LATTICE_MAX_SPACING,
     * κ / (extent_c + spread))} with extent_c the range of the (weighted) true centres along axis c;
     * then, if the rule would exceed its point budget (d = 3, many or far-apart components) or
     * {@link OverparamGradientEm#MAX_FACTORS} points × components, every spacing grows by the same
     * factor until it fits. The run's error estimate then says what accuracy that buys.
     */
    public static double[] latticeSpacing(UnitGaussianMixture truth, int comps) {
        int d = truth.d();
        double[] h = new double[d];
        double[] w = truth.weights();
        for (int c = 0; c < d; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < truth.m(); k++) {
                if (w[k] > 0) {
                    lo = Math.min(lo, truth.mean(k, c));
                    hi = Math.max(hi, truth.mean(k, c));
                }
            }
            double extent = hi >= lo ? hi - lo : 0;
            h[c] = Math.min(LATTICE_MAX_SPACING, LATTICE_KAPPA / (extent + LATTICE_SPREAD));
        }
        int live = Math.max(1, liveComponents(truth));
        long budget = Math.min(LATTICE_POINT_BUDGET[Math.min(d, 3)], MAX_SWEEP / Math.max(1, comps));
        long size = live * (long) UnitGaussianMixture.latticeSize(h, LATTICE_RADIUS, false);
        if (size > budget) {
            double grow = Math.pow((double) size / budget, 1.0 / d);
            for (int c = 0; c < d; c++) {
                h[c] *= grow;
            }
            while (live * (long) Math.max(UnitGaussianMixture.latticeSize(h, LATTICE_RADIUS, false),
                    UnitGaussianMixture.latticeSize(h, LATTICE_RADIUS, true)) > budget) {
                for (int c = 0; c < d; c++) {
                    h[c] *= 1.02;
                }
            }
        }
        return h;
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
        if (!p.getString("init").equals("given")) {
            out.put("init_means", "used only with initialisation = given");
        }
        return out;
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        int d = p.getInt("d");
        int m = p.getInt("m");
        Roles.validate(p, errors);
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
            long popPoints = populationPoints(p, comps);
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
        if (comps > 0 && p.getString("init").equals("given") && p.getVector("init_means").length != comps * d) {
            errors.add(new FieldError("init_means", "init_means has " + p.getVector("init_means").length
                    + " entries; init = given needs n·d = " + comps + "·" + d + " = " + comps * d + " (row-major: μ_1 first)"));
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

    /** The truth p* of these parameters (the weights renormalised exactly, {@link ProbabilityVectors#normalised}). */
    public static UnitGaussianMixture truth(ParamValues p) {
        double[] w = ProbabilityVectors.normalised(p.getVector("weights"));
        int d = p.getInt("d");
        double sep = p.getDouble("separation");
        return p.getString("layout").equals("line") ? UnitGaussianMixture.line(d, w, sep)
                : UnitGaussianMixture.polygon(d, w, sep);
    }

    /**
     * The population rule and its check for a model of {@code comps} components:
     * <ul>
     *   <li>d ≤ 3, {@code ghNodes} NaN (auto): the per-component lattice rule
     *       ({@link UnitGaussianMixture#lattice}, spacing {@link #latticeSpacing}, radius
     *       {@link #LATTICE_RADIUS}), checked against its half-shifted copy;</li>
     *   <li>d ≤ 3, {@code ghNodes} a number: the per-component Gauss–Hermite rule, checked against the
     *       lattice rule;</li>
     *   <li>d ≥ 4: the fixed Monte Carlo proxy, with three standard errors as its error.</li>
     * </ul>
     */
    public static PopulationRule populationRule(UnitGaussianMixture truth, double ghNodes, int comps) {
        return populationRule(truth, ghNodes, truth.d() > MAX_QUADRATURE_DIMENSION ? null : latticeSpacing(truth, comps));
    }

    /** {@link #populationRule(UnitGaussianMixture, double, int)} with the lattice spacing {@code h} given. */
    public static PopulationRule populationRule(UnitGaussianMixture truth, double ghNodes, double[] h) {
        int d = truth.d();
        if (d > MAX_QUADRATURE_DIMENSION) {
            WeightedPoints mc = population(truth, 0);
            return new PopulationRule(mc, mc, PopulationRule.Check.MONTE_CARLO,
                    "Monte Carlo proxy, " + MONTE_CARLO_POINTS + " points (fixed seed)",
                    "three standard errors");
        }
        WeightedPoints lattice = truth.lattice(h, LATTICE_RADIUS, false);
        StringBuilder sb = new StringBuilder("lattice h = ");
        for (int c = 0; c < d; c++) {
            sb.append(c == 0 ? "" : " × ").append(String.format(Locale.ROOT, "%.3g", h[c]));
        }
        sb.append(", ‖z‖ ≤ ").append(ParamSpec.fmt(LATTICE_RADIUS)).append(" per true component (")
                .append(lattice.size()).append(" points)");
        if (Double.isNaN(ghNodes)) {
            return new PopulationRule(lattice, truth.lattice(h, LATTICE_RADIUS, true), PopulationRule.Check.SECOND_RULE,
                    sb.toString(), "vs its half-shifted copy");
        }
        int g = (int) ghNodes;
        WeightedPoints gh = truth.quadrature(g);
        return new PopulationRule(gh, lattice, PopulationRule.Check.SECOND_RULE,
                "Gauss–Hermite " + g + (d == 2 ? "²" : d == 3 ? "³" : "") + " per true component (" + gh.size() + " points)",
                "vs the " + sb);
    }

    /**
     * The Gauss–Hermite population measure with {@code nodes} per axis and true component in d ≤ 3, the
     * fixed Monte Carlo proxy above (without error estimate: see {@link #populationRule}).
     */
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
        double gh = p.getDouble("gh_nodes");
        Dataset data = population ? null : truth.sample(p.getInt("n"), Rng.stream(seed, Rng.DATA));
        WeightedPoints sample = population ? null : WeightedPoints.uniform(d, data.n(), data.x());
        double[] pi0 = new double[n];
        java.util.Arrays.fill(pi0, 1.0 / n);
        double[] mu0 = p.getString("init").equals("given") ? p.getVector("init_means").clone() : initialMeans(truth, n, seed);
        int inner = p.getString("weights_update").equals("one-step") ? 1 : p.getInt("inner_steps");
        double eta = p.getDouble("step");
        double[] h = d > MAX_QUADRATURE_DIMENSION ? null : latticeSpacing(truth, n);
        PopulationRule pop = populationRule(truth, gh, h);
        OverparamGradientEm engine = new OverparamGradientEm(population ? pop.points() : sample, pop, truth, pi0, mu0, eta,
                inner);
        if (h != null && Double.isNaN(gh)) {
            // refine the lattice until the error estimates at the initial state meet their targets (or the budget)
            long budget = Math.min(LATTICE_POINT_BUDGET[d], MAX_SWEEP / Math.max(1, n));
            int live = liveComponents(truth);
            for (int k = 0; k < LATTICE_MAX_REFINEMENTS && !meetsTargets(engine, population); k++) {
                double[] finer = h.clone();
                for (int c = 0; c < d; c++) {
                    finer[c] *= LATTICE_REFINE;
                }
                if (live * (long) Math.max(UnitGaussianMixture.latticeSize(finer, LATTICE_RADIUS, false),
                        UnitGaussianMixture.latticeSize(finer, LATTICE_RADIUS, true)) > budget) {
                    break;
                }
                h = finer;
                pop = populationRule(truth, gh, h);
                engine = new OverparamGradientEm(population ? pop.points() : sample, pop, truth, pi0, mu0, eta, inner);
            }
        }
        return new GmmOverparamRun(this, p, data, engine, truth, pop);
    }

    /** The error estimates at the engine's current state are within {@link #KL_TARGET} and {@link #STEP_TARGET}. */
    private static boolean meetsTargets(OverparamGradientEm engine, boolean population) {
        return engine.lossError() <= KL_TARGET && (!population || engine.stepError() <= STEP_TARGET);
    }

    // ---- the run and its views ----------------------------------------------------------------

    // ---- exploration hooks (A/B comparison, sweeps) ----------------------------------------------

    /** KL above this at the horizon counts as stuck in a one-fits-many local optimum (docs/labs/gmm-overparam.md#the-papers-claim-and-how-the-views-show-it: 1.48). */
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
}
