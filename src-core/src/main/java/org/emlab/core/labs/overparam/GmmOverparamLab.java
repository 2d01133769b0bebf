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
            ParamSpec.probabilities("weights", "weights π*", new double[] {0.5, 0.3, 0.2}, Extremes.MAX_COMPONENTS, "m",
                    ParamRole.Fill.UNIFORM, "Truth", "true mixing weights π*_k (sum 1), one per true component"),
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
            ParamSpec.choice("init", "initialisation", "sample", List.of("sample", "given"), "Initialisation",
                    "sample: the paper's start, n draws μ_i⁰ ~ p* from the seed's initialisation stream; given: the means "
                            + "init_means (what dragging a mean in the geometry sets); π_i⁰ = 1/n either way"),
            ParamSpec.vector("init_means", "given means", new double[] {0, 0}, -1e6, 1e6, 200 * Extremes.MAX_DIMENSION,
                    "Initialisation", "initial means for init = given: n·d numbers, row-major (μ_1 first)"),
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
    public static int nodes(ParamValues p) {
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
        double[] mu0 = p.getString("init").equals("given") ? p.getVector("init_means").clone() : initialMeans(truth, n, seed);
        int inner = p.getString("weights_update").equals("one-step") ? 1 : p.getInt("inner_steps");
        OverparamGradientEm engine = new OverparamGradientEm(points, pop, truth, pi0, mu0, p.getDouble("step"), inner);
        return new GmmOverparamRun(this, p, data, engine, truth, nodes);
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
}
