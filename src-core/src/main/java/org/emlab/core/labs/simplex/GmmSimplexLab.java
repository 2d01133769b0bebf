package org.emlab.core.labs.simplex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.KMeans;
import org.emlab.core.em.SimplexGmmEm;
import org.emlab.core.em.SimplexGmmPopulationEm;
import org.emlab.core.em.SimplexPopulation;
import org.emlab.core.em.StepEngine;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ProbabilityVectors;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.Lab;

/**
 * Lab {@code gmm-simplex} (seed 002): an overspecified Gaussian mixture whose k means sit on a
 * regular simplex, fitted by EM to data from a single standard Gaussian (arXiv 2506.11850,
 * Assylbekov, Legg &amp; Pak; docs/labs/gmm-simplex.md). With weights whose DFT has no zero, KL decays
 * exponentially; with uniform weights it decays like 1/t².
 */
public final class GmmSimplexLab implements Lab {
    public static final String ID = "gmm-simplex";
    /** Largest n·d the lab will allocate. */
    public static final long MAX_VALUES = 50_000_000L;
    /** Iterates drawn in each fading trail. */
    public static final int TRAIL = 60;
    /** Below this min |F_l|², the 1/t² phase lasts long enough to be worth a note. */
    public static final double NEAR_DEGENERATE_DFT = 0.01;
    /** In population mode, Lloyd's initialisation runs on this many draws from N(0, I_d). */
    public static final int LLOYD_POPULATION_SAMPLE = 5_000;
    /** Grid of the data density image. */
    public static final int RASTER = 160;

    private static final List<String> INITS = List.of("simplex", "random", "lloyd", "given");

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("d", "d", 2, 1, 200, "Truth",
                    "dimension of the data x ~ N(0, I_d); must be at least k − 1 (the simplex needs k − 1 directions)"),
            ParamSpec.integer("n", "n", 10_000, 10, 10_000_000, "Truth",
                    "sample size N (ignored in population mode); the final fit sits at the statistical floor KL ≈ d/(2N)"),
            ParamSpec.bool("population", "population (n = ∞)", false, "Truth",
                    "run the population (infinite-sample) EM map, integrated by Gauss–Hermite quadrature"),
            ParamSpec.integer("k", "k", 3, 2, 16, "Model",
                    "number of fitted components; their means are the vertices R^j θ of a regular simplex"),
            ParamSpec.probabilities("weights", "weights π", new double[] {0.5, 0.3, 0.2}, 16, "k", ParamRole.Fill.DECREASING,
                    "Model", "fixed mixing weights π_j (sum 1). Exponential convergence needs every DFT coefficient F_l, l ≥ 1, "
                            + "to be non-zero; uniform weights violate it and converge like 1/t²"),
            ParamSpec.choice("init", "initialisation", "simplex", INITS, "Initialisation",
                    "simplex: θ₀ = r₀ v₀ (a regular simplex of radius r₀); random: a random direction of length r₀; "
                            + "lloyd: fit θ₀ to Lloyd's k-means centroids of the data; given: θ₀ = r₀ u/‖u‖ with u = "
                            + "init_direction (what dragging a mean in the geometry sets)"),
            ParamSpec.real("radius", "radius r₀", Double.NaN, 0.0, 50.0, "Initialisation",
                    "initial radius ‖θ₀‖; auto is r*(k), the radius of Lloyd's fixed point (r*(3) = 1.0365)").withAuto(),
            ParamSpec.vector("init_direction", "given direction u", new double[] {1, 0}, -1e6, 1e6, 200, "Initialisation",
                    "the direction of θ₀ for init = given: d numbers, not all 0; θ₀ = r₀ u/‖u‖"),
            ParamSpec.seed(1));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Overspecified GMM with simplex means";
    }

    @Override
    public String claim() {
        return "Fitting k simplex-structured components to one Gaussian, EM's KL decays exponentially when the "
                + "weights' DFT has no zero, and only like 1/t² for uniform weights.";
    }

    @Override
    public String citation() {
        return "Assylbekov, Legg & Pak, arXiv 2506.11850";
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
        if (!p.getString("init").equals("given")) {
            out.put("init_direction", "used only with init = given");
        }
        return out;
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        int k = p.getInt("k");
        int d = p.getInt("d");
        int n = p.getInt("n");
        if (d < k - 1) {
            errors.add(new FieldError("d", "d must be at least k − 1 = " + (k - 1) + " (got " + d + ")"));
        }
        Roles.validate(p, errors);
        if (p.getString("init").equals("given")) {
            double[] u = p.getVector("init_direction");
            if (u.length != d) {
                errors.add(new FieldError("init_direction", "init_direction has " + u.length + " entries; d = " + d
                        + " needs " + d));
            } else if (org.emlab.core.view.MlrPlots.norm(u) == 0) {
                errors.add(new FieldError("init_direction", "init_direction must not be the zero vector"));
            }
        }
        if (!p.getBool("population")) {
            if (n < d + 1) {
                errors.add(new FieldError("n", "n must be at least d + 1 = " + (d + 1) + " (got " + n + ")"));
            }
            if ((long) n * d > MAX_VALUES) {
                errors.add(new FieldError("n", "n·d = " + (long) n * d + " values is too large; at most "
                        + MAX_VALUES + " (so n ≤ " + MAX_VALUES / d + " at d = " + d + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /**
     * Weights of the wrong length become π_j ∝ k − j (the role's fill, {@link Roles#repair}; it meets the
     * DFT condition); d is raised to k − 1.
     */
    @Override
    public ParamValues repair(ParamValues p) {
        int k = p.getInt("k");
        ParamValues out = Roles.repair(p);
        if (out.getInt("d") < k - 1) {
            out = out.with("d", Integer.toString(k - 1));
        }
        return out;
    }

    @Override
    public long estimateBytes(ParamValues p) {
        long k = p.getInt("k");
        long d = p.getInt("d");
        long grid = 8L * (k - 1 + 1) * Math.max(100, SimplexPopulation.MC_POINTS);
        if (p.getBool("population")) {
            return grid + History.MEMORY_BUDGET;
        }
        long n = p.getInt("n");
        long resp = n * k <= SimplexGmmEm.MAX_STORED_RESPONSIBILITIES ? 16L * n * k : 0;
        return 8L * n * d + resp + grid + History.MEMORY_BUDGET;
    }

    @Override
    public String noBenchReason(int n, int d, int k) {
        return "the simplex needs d >= k - 1 = " + (k - 1);
    }

    /** Benchmarks need a valid k-simplex: d ≥ k − 1 and k weights (π_j ∝ k − j). */
    @Override
    public ParamValues benchParams(ParamValues base, int n, int d, int k) {
        if (d < k - 1) {
            return null;
        }
        return repair(base.with("n", Integer.toString(n)).with("d", Integer.toString(d)).with("k", Integer.toString(k))
                .with("population", "false"));
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

    // ---- exploration hooks ---------------------------------------------------------------------

    /**
     * The paper's contrast: DFT-valid against uniform weights (docs/labs/gmm-simplex.md#the-papers-claim-and-how-the-views-show-it). From non-uniform
     * weights B gets uniform ones; from uniform weights B gets {@code π_j ∝ k − j} (which meets the
     * DFT condition; (.5,.3,.2) for k = 3 as in the paper's experiment E1).
     */
    @Override
    public Optional<Contrast> suggestedComparison(ParamValues current) {
        int k = current.getInt("k");
        boolean uniform = ProbabilityVectors.isUniform(current.getVector("weights"), k);
        String b = !uniform ? ProbabilityVectors.fillText(ParamRole.Fill.UNIFORM, k)
                : k == 3 ? "0.5,0.3,0.2" : ProbabilityVectors.fillText(ParamRole.Fill.DECREASING, k);
        return Optional.of(new Contrast("weights", b,
                uniform ? "uniform vs DFT-valid weights" : "DFT-valid vs uniform weights"));
    }

    /** ‖θ‖: the truth is θ = 0. */
    @Override
    public Optional<String> errorColumn() {
        return Optional.of("radius");
    }

    @Override
    public Optional<String> klColumn() {
        return Optional.of("kl");
    }

    /**
     * docs/labs/gmm-simplex.md#the-papers-claim-and-how-the-views-show-it E3: in sample mode with DFT-valid weights, EM converges to the floor
     * {@code θ̂ ≈ A⁻¹ x̄}, so {@code ‖θ̂‖ ~ sqrt(d/N)/min|F_l|} (slope −½ in n) and
     * {@code KL(θ̂) ≈ ½‖x̄‖² ≈ d/(2N)} (slope −1 in n). Nothing is claimed for uniform weights.
     */
    @Override
    public OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        if (!"n".equals(varied) || p.getBool("population")
                || SimplexGeometry.minDftSquared(ProbabilityVectors.normalised(p.getVector("weights"))) <= 0) {
            return OptionalDouble.empty();
        }
        return switch (stat) {
            case "final_kl" -> OptionalDouble.of(-1.0);
            case "final_error" -> OptionalDouble.of(-0.5);
            default -> OptionalDouble.empty();
        };
    }

    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p);
        int k = p.getInt("k");
        int d = p.getInt("d");
        long seed = p.getLong("seed");
        boolean population = p.getBool("population");
        double[] pi = ProbabilityVectors.normalised(p.getVector("weights"));
        SimplexGeometry geo = new SimplexGeometry(k);
        SimplexPopulation pop = new SimplexPopulation(geo, pi);
        Dataset data = population ? null : Dataset.points(p.getInt("n"), d,
                Gaussians.standardNormal(Rng.stream(seed, Rng.DATA), p.getInt("n"), d));
        double r0 = Double.isNaN(p.getDouble("radius")) ? SimplexGeometry.lloydRadius(k) : p.getDouble("radius");
        double[] theta0 = p.getString("init").equals("given") ? givenTheta(p.getVector("init_direction"), r0)
                : initialTheta(p.getString("init"), geo, d, r0, data, seed);
        StepEngine engine = population ? new SimplexGmmPopulationEm(geo, pi, d, theta0, pop)
                : new SimplexGmmEm(geo, pi, data, theta0, pop);
        return new GmmSimplexRun(this, p, data, engine, geo, pi, pop, r0);
    }

    /** θ₀ for {@code init = given}: {@code r₀ u/‖u‖}. */
    static double[] givenTheta(double[] u, double r0) {
        double n = org.emlab.core.view.MlrPlots.norm(u);
        double[] t = new double[u.length];
        for (int c = 0; c < u.length; c++) {
            t[c] = r0 * (u[c] / n);
        }
        return t;
    }

    /** θ₀ for the chosen initialisation. */
    static double[] initialTheta(String init, SimplexGeometry geo, int d, double r0, Dataset data, long seed) {
        RandomGenerator rng = Rng.stream(seed, Rng.INIT);
        switch (init) {
            case "random": {
                double[] u = Gaussians.unitVector(rng, d);
                for (int c = 0; c < d; c++) {
                    u[c] *= r0;
                }
                return u;
            }
            case "lloyd": {
                int k = geo.k();
                double[] x;
                int n;
                if (data != null) {
                    x = data.x();
                    n = data.n();
                } else {
                    n = LLOYD_POPULATION_SAMPLE;
                    x = Gaussians.standardNormal(rng, n, d);
                }
                double[] centres = KMeans.plusPlus(x, n, d, k, rng);
                KMeans.lloyd(x, n, d, k, centres, KMeans.DEFAULT_ITERATIONS);
                return fitToCentres(geo, centres, d);
            }
            case "simplex":
            default:
                return geo.simplexTheta(r0, d);
        }
    }

    /**
     * The structured θ closest to k centroids: {@code θ = (1/k) Σ_j (R^j)ᵀ c_σ(j)}, the least-squares
     * solution of {@code Σ_j ‖c_σ(j) − R^jθ‖²} for the assignment σ that fits best (all permutations
     * for k ≤ 7, greedy otherwise).
     */
    static double[] fitToCentres(SimplexGeometry geo, double[] centres, int d) {
        int k = geo.k();
        int[] perm = new int[k];
        for (int j = 0; j < k; j++) {
            perm[j] = j;
        }
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        if (k <= 7) {
            do {
                double[] th = solve(geo, centres, perm, d);
                double cost = cost(geo, centres, perm, th, d);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = th;
                }
            } while (nextPermutation(perm));
            return best;
        }
        // greedy: vertex j takes the nearest unused centroid to R^j θ of the identity assignment
        double[] th = solve(geo, centres, perm, d);
        boolean[] used = new boolean[k];
        double[] mj = new double[d];
        for (int j = 0; j < k; j++) {
            geo.applyR(j, th, mj);
            int pick = -1;
            double pd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (!used[c]) {
                    double dd = 0;
                    for (int a = 0; a < d; a++) {
                        double t = centres[c * d + a] - mj[a];
                        dd += t * t;
                    }
                    if (dd < pd) {
                        pd = dd;
                        pick = c;
                    }
                }
            }
            used[pick] = true;
            perm[j] = pick;
        }
        return solve(geo, centres, perm, d);
    }

    private static double[] solve(SimplexGeometry geo, double[] centres, int[] perm, int d) {
        int k = geo.k();
        double[] th = new double[d];
        double[] cj = new double[d];
        for (int j = 0; j < k; j++) {
            System.arraycopy(centres, perm[j] * d, cj, 0, d);
            geo.addRTransposed(j, cj, 0, 1.0 / k, th);
        }
        return th;
    }

    private static double cost(SimplexGeometry geo, double[] centres, int[] perm, double[] th, int d) {
        double[] mj = new double[d];
        double c = 0;
        for (int j = 0; j < geo.k(); j++) {
            geo.applyR(j, th, mj);
            for (int a = 0; a < d; a++) {
                double t = centres[perm[j] * d + a] - mj[a];
                c += t * t;
            }
        }
        return c;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}
