package org.emlab.core.labs.overspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.StepEngine;
import org.emlab.core.em.SymmetricMlrEm;
import org.emlab.core.em.SymmetricMlrPopulation;
import org.emlab.core.em.SymmetricMlrPopulationEm;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.param.Extremes;
import org.emlab.core.lab.LabRun;
import org.emlab.core.view.MlrPlots;
import org.emlab.core.lab.Lab;

/**
 * Lab {@code mlr-overspec} (seed 000): EM for two-component symmetric mixed linear regression with
 * mixing weights, fitted to data with no mixture at all ({@code θ* = 0}) or with a weak one
 * (arXiv 2508.10154, Luo &amp; Hashemi; docs/labs/mlr-overspec.md). Balanced initial weights converge
 * sublinearly ({@code ‖θ_t‖ ≈ 1/sqrt(6t)}), unbalanced ones linearly; the statistical floors are
 * {@code (d/n)^{1/4}} and {@code (d/n)^{1/2}}.
 */
public final class MlrOverspecLab implements Lab {
    public static final String ID = "mlr-overspec";
    /** Largest n·d the lab will allocate. */
    public static final long MAX_VALUES = 20_000_000L;
    /** Grid of the data density image. */
    public static final int RASTER = 160;
    /** Points of the drawn β trajectory. */
    public static final int PATH_POINTS = 1_500;
    /** Iterations of the population map used to find τ∞ for the theory overlays. */
    public static final int TAU_LIMIT_ITERATIONS = 4_000;
    /** The population iteration for τ∞ stops when b is below this (the drift of τ is ∝ b²). */
    public static final double TAU_LIMIT_B = 1e-9;
    /** Balanced finite-sample floor ‖θ̂‖ ≈ 0.75 σ (d/n)^{1/4} (docs/labs/mlr-overspec.md#the-papers-claim-and-how-the-views-show-it, measured). */
    public static final double BALANCED_FLOOR = 0.75;
    /** A fitted rate needs at least this many points in the tail. */
    public static final int MIN_FIT_POINTS = 8;
    /** With θ* ≠ 0, population errors and KLs below this (relative to σ) are rounding noise of the MLR kit. */
    public static final double KIT_PRECISION = 1e-13;
    /** |π1 − ½| below this counts as balanced (the sublinear regime). */
    public static final double BALANCED_TOLERANCE = 1e-12;

    private static final List<String> DIRECTIONS = List.of("e1", "diagonal", "random", "given");

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("d", "d", 5, 1, Extremes.MAX_DIMENSION, "Truth",
                    "dimension of the covariates x ~ N(0, I_d)"),
            ParamSpec.integer("n", "n", 10_000, 2, 10_000_000, "Truth",
                    "sample size N (ignored in population mode); EM stalls at the statistical floor ≈ 0.75 (d/n)^¼ "
                            + "for balanced weights and ≈ σ sqrt(d/n)/|π₁ − π₂| for fixed unbalanced ones"),
            ParamSpec.positive("sigma", "σ", 1.0, 100.0, "Truth",
                    "noise level σ of y = s<x, θ*> + σε; known to the fitted model"),
            ParamSpec.real("snr", "snr ‖θ*‖/σ", 0.0, 0.0, Extremes.MAX_SNR, "Truth",
                    "signal-to-noise ratio ‖θ*‖/σ of the truth (θ* = snr·σ·e₁); 0 is the exactly overspecified case "
                            + "y = σε, where the two fitted lines must merge into one"),
            ParamSpec.real("p_star", "p*", 0.5, Extremes.MIN_WEIGHT, Extremes.MAX_WEIGHT, "Truth",
                    "P(s = +1) of the true labels (only matters when snr > 0)"),
            ParamSpec.bool("population", "population (n = ∞)", false, "Truth",
                    "run the population EM map instead of EM on a sample: exact 1-D reduction when θ* = 0, "
                            + "the MLR kit (closed-form characteristic functions) otherwise"),
            ParamSpec.bool("update_weights", "update weights", true, "Model",
                    "true: EM also updates the mixing weight π₁ (the paper's unknown-weights EM); false: π₁ stays at π₀ "
                            + "(the finite-sample theorem's fixed weights)"),
            ParamSpec.real("pi0", "π₁ initial", 0.5, Extremes.MIN_WEIGHT, Extremes.MAX_WEIGHT, "Initialisation",
                    "initial mixing weight π₁; 0.5 is the balanced case, where convergence is sublinear (‖θ_t‖ ~ 1/sqrt(6t)); "
                            + "any other value gives linear convergence"),
            ParamSpec.positive("b0", "b₀ = ‖θ₀‖/σ", 1.0, 50.0, "Initialisation",
                    "length of the initial regression vector in units of σ"),
            ParamSpec.choice("init_dir", "θ₀ direction", "e1", DIRECTIONS, "Initialisation",
                    "direction of θ₀: e1 (along θ*), diagonal ((e₁ + e₂)/√2, shows the curved path when snr > 0), random, "
                            + "or given (init_direction; what dragging the start in the geometry sets)"),
            ParamSpec.vector("init_direction", "given direction u", new double[] {1}, -1e6, 1e6, Extremes.MAX_DIMENSION,
                    "Initialisation", "the direction of θ₀ for init_dir = given: d numbers, not all 0; θ₀ = b₀σ·u/‖u‖"),
            ParamSpec.seed(1));

    /**
     * Heap a run plans to use (for {@link SizeGuard}): the sample (x, n × d, drawn then kept, and y), the
     * engine's copy of x in tiles (8nd bytes, the last tile padded, and a header and reference per tile column), the two posterior buffers (n each, kept up to {@link SymmetricMlrEm#MAX_STORED_POSTERIORS}), the Gram
     * matrix and the history budget. A population run stores no sample.
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long d = p.getInt("d");
        if (p.getBool("population")) {
            return 8L * d * d + History.MEMORY_BUDGET;
        }
        long n = p.getInt("n");
        long post = n <= SymmetricMlrEm.MAX_STORED_POSTERIORS ? 16L * n : 0;
        long tiles = SymmetricMlrEm.tileBytes(n, d); // the engine's tiled copy of x
        return 16L * n * d + tiles + 8L * n + post + 8L * d * d + History.MEMORY_BUDGET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Overspecified mixed linear regression";
    }

    @Override
    public String claim() {
        return "Fitting two regression lines to data with one, EM converges sublinearly (‖θ_t‖ ~ t^−½) from balanced "
                + "weights and linearly from unbalanced ones, to floors (d/n)^¼ and (d/n)^½.";
    }

    @Override
    public String citation() {
        return "Luo & Hashemi, arXiv 2508.10154";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (p.getBool("population")) {
            out.put("n", "not used in population mode (N = ∞)");
        }
        if (!p.getString("init_dir").equals("given")) {
            out.put("init_direction", "used only with init_dir = given");
        }
        return out;
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        Roles.validate(p, errors);
        int d = p.getInt("d");
        int n = p.getInt("n");
        if (d < 2 && p.getString("init_dir").equals("diagonal")) {
            errors.add(new FieldError("init_dir", "init_dir diagonal needs d ≥ 2 (got d = " + d + ")"));
        }
        if (p.getString("init_dir").equals("given")) {
            double[] u = p.getVector("init_direction");
            if (u.length != d) {
                errors.add(new FieldError("init_direction", "init_direction has " + u.length + " entries; d = " + d
                        + " needs " + d));
            } else if (MlrPlots.norm(u) == 0) {
                errors.add(new FieldError("init_direction", "init_direction must not be the zero vector"));
            }
        }
        if (!p.getBool("population")) {
            if (n < d + 1) {
                errors.add(new FieldError("n", "n must be at least d + 1 = " + (d + 1) + " (got " + n + ")"));
            }
            if ((long) n * d > MAX_VALUES) {
                errors.add(new FieldError("n", "n·d = " + (long) n * d + " values is too large; at most " + MAX_VALUES
                        + " (so n ≤ " + MAX_VALUES / d + " at d = " + d + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** θ* = snr·σ·e₁. */
    static double[] thetaStar(ParamValues p) {
        double[] t = new double[p.getInt("d")];
        t[0] = p.getDouble("snr") * p.getDouble("sigma");
        return t;
    }

    /** θ₀ = b₀σ·u with u = e₁, (e₁ + e₂)/√2 or a random unit vector (stream INIT of the seed). */
    static double[] initialTheta(String dir, int d, double b0, double sigma, long seed) {
        double[] u;
        switch (dir) {
            case "diagonal":
                u = new double[d];
                u[0] = Math.sqrt(0.5);
                u[1] = Math.sqrt(0.5);
                break;
            case "random":
                u = Gaussians.unitVector(Rng.stream(seed, Rng.INIT), d);
                break;
            case "e1":
            default:
                u = new double[d];
                u[0] = 1;
        }
        for (int c = 0; c < d; c++) {
            u[c] *= b0 * sigma;
        }
        return u;
    }

    /** θ₀ in units of σ for {@code init_dir = given}: {@code b₀ u/‖u‖}. */
    static double[] givenTheta(double[] u, double b0) {
        double n = MlrPlots.norm(u);
        double[] t = new double[u.length];
        for (int c = 0; c < u.length; c++) {
            t[c] = b0 * (u[c] / n);
        }
        return t;
    }

    /**
     * The sample {@code x_i ~ N(0, I_d)}, {@code y_i = s_i<x_i, θ*> + σε_i}, {@code P(s_i = +1) = p*}
     * (labels stored as 0 for s = +1 and 1 for s = −1 when θ* ≠ 0).
     */
    public static Dataset generate(int n, int d, double sigma, double[] thetaStar, double pStar, long seed) {
        RandomGenerator rng = Rng.stream(seed, Rng.DATA);
        double[] x = Gaussians.standardNormal(rng, n, d);
        boolean signal = MlrPlots.norm(thetaStar) > 0;
        double[] y = new double[n];
        int[] label = signal ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += x[i * d + c] * thetaStar[c];
            }
            boolean plus = rng.nextDouble() < pStar;
            if (label != null) {
                label[i] = plus ? 0 : 1;
            }
            y[i] = (plus ? dot : -dot) + sigma * rng.nextGaussian();
        }
        return new Dataset(n, d, x, y, null, label, null, "y");
    }

    /**
     * Starts a run. The truth, the start and the sample are made in units of σ (θ* / σ = snr·e₁,
     * θ₀/σ = b₀u, y/σ = ±<x, θ* / σ> + ε) and the engines work in those units, so that any σ in the
     * range, down to 1e-300 and below, gives the same finite run as σ = 1 scaled; the sample shown and
     * written ({@code --data-out}) is in the original units, {@code y = σ·(y/σ)}.
     */
    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p);
        int d = p.getInt("d");
        double sigma = p.getDouble("sigma");
        long seed = p.getLong("seed");
        boolean population = p.getBool("population");
        double pStar = p.getDouble("p_star");
        double[] unitTs = new double[d];
        unitTs[0] = p.getDouble("snr");
        SymmetricMlrPopulation pop = SymmetricMlrPopulation.inUnitsOfSigma(new SymmetricMlrPopulation(d, 1.0, unitTs,
                pStar), sigma);
        double[] unitTheta0 = p.getString("init_dir").equals("given") ? givenTheta(p.getVector("init_direction"), p.getDouble("b0"))
                : initialTheta(p.getString("init_dir"), d, p.getDouble("b0"), 1.0, seed);
        double[] theta0 = scaled(unitTheta0, sigma);
        double pi0 = p.getDouble("pi0");
        boolean update = p.getBool("update_weights");
        Dataset unitData = population ? null : generate(p.getInt("n"), d, 1.0, unitTs, pStar, seed);
        Dataset data = unitData == null ? null : scaledY(unitData, sigma);
        StepEngine engine = population ? new SymmetricMlrPopulationEm(pop, theta0, pi0, update)
                : SymmetricMlrEm.inUnitsOfSigma(unitData, sigma, unitTheta0, pi0, update, pop);
        return new MlrOverspecRun(this, p, data, engine, pop, theta0);
    }

    /** {@code σv} (v itself at σ = 1). */
    static double[] scaled(double[] v, double sigma) {
        if (sigma == 1.0) {
            return v;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = sigma * v[i];
        }
        return out;
    }

    /** The sample in the original units: x as generated (shared), y multiplied by σ. */
    static Dataset scaledY(Dataset unit, double sigma) {
        if (sigma == 1.0) {
            return unit;
        }
        return new Dataset(unit.n(), unit.d(), unit.x(), scaled(unit.y(), sigma), unit.node(), unit.label(), unit.xNames(),
                unit.yName());
    }

    /**
     * τ∞ of the population run with θ* = 0 from (b₀, τ₀) with updated weights, by iterating the exact
     * map (there is no closed form); returns {τ∞, converged ? 1 : 0}.
     */
    static double[] tauLimit(double b0, double tau0) {
        if (tau0 == 0) {
            return new double[] {0, 1};
        }
        double b = b0;
        double tau = tau0;
        double[] out = new double[2];
        for (int t = 0; t < TAU_LIMIT_ITERATIONS; t++) {
            if (b < TAU_LIMIT_B) {
                return new double[] {tau, 1};
            }
            SymmetricMlrPopulation.reducedMap(b, org.emlab.core.numeric.Stable.atanh(tau), out);
            b = out[0];
            tau = out[1];
        }
        return new double[] {tau, 0};
    }

    // ---- the run and its views ----------------------------------------------------------------

    // ---- exploration hooks (A/B comparison, sweeps) ----------------------------------------------

    /** The paper's contrast: balanced (π₁ = ½) against unbalanced (π₁ = 0.7) initial weights. */
    @Override
    public Optional<Contrast> suggestedComparison(ParamValues current) {
        boolean balanced = current.getDouble("pi0") == 0.5;
        return Optional.of(new Contrast("pi0", balanced ? "0.7" : "0.5", "balanced vs unbalanced initial weights"));
    }

    @Override
    public Optional<String> errorColumn() {
        return Optional.of("error");
    }

    @Override
    public Optional<String> klColumn() {
        return Optional.of("kl");
    }

    /**
     * docs/labs/mlr-overspec.md#the-papers-claim-and-how-the-views-show-it (E3): with fixed weights and θ* = 0 the final error scales like (d/n)^{1/4} for
     * balanced weights and (d/n)^{1/2} for unbalanced ones.
     */
    @Override
    public OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        if (!"n".equals(varied) || !"final_error".equals(stat) || p.getBool("population") || p.getBool("update_weights")
                || p.getDouble("snr") != 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(p.getDouble("pi0") == 0.5 ? -0.25 : -0.5);
    }
}
