package org.emlab.core.labs.clustered;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.ClusteredMlrEm;
import org.emlab.core.em.ClusteredMlrPopulationEm;
import org.emlab.core.em.StepEngine;
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
 * Lab {@code mlr-clustered} (seed 001): mixed linear regression where each of m nodes holds n
 * samples sharing one hidden sign (arXiv 2308.11518, Reisizadeh, Gatmiry &amp; Ozdaglar; docs/labs
 * §2). EM that pools each node's samples reaches the statistical accuracy σ sqrt(d/(mn)) in O(1)
 * iterations; the standard EM that treats the mn samples as i.i.d. needs about log(mn/d). Both run
 * on the same data from the same start.
 */
public final class MlrClusteredLab implements Lab {
    public static final String ID = "mlr-clustered";
    /** Largest m·n·d the lab will allocate (x and the per-sample statistics are both kept). */
    public static final long MAX_VALUES = 10_000_000L;
    /** Seed of the fixed random direction u of the initialisation θ₀ = θ* + r‖θ*‖u (docs/labs/mlr-clustered.md#initialisation: seed 0). */
    public static final long DIRECTION_SEED = 0;
    /** Default initial radius ‖θ₀ − θ*‖/‖θ*‖ = 1/14, the paper's ball. */
    public static final double DEFAULT_RADIUS = 1.0 / 14;
    /** At most this many nodes are drawn as individual bars in the posterior strip. */
    public static final int MAX_BARS = 256;
    /** Points per group of the posterior strip when it is drawn as a curve. */
    public static final int STRIP_POINTS = 600;
    /** Top of the posterior axis: room above 1 for the notes and the legend. */
    public static final double STRIP_TOP = 1.32;
    /** Statistical accuracy is reached when ‖θ_t − θ_∞‖ ≤ this fraction of err(θ_∞) (docs/labs/mlr-clustered.md#metrics). */
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
            ParamSpec.choice("init_dir", "init direction u", "random", List.of("random", "given"), "Initialisation",
                    "random: u is a fixed random unit vector (the same for every seed); given: u = init_direction/‖init_direction‖ "
                            + "(what dragging β₀ in the plane view sets)"),
            ParamSpec.vector("init_direction", "given direction", new double[] {0, 1}, -1e6, 1e6, Extremes.MAX_DIMENSION,
                    "Initialisation", "the direction u of θ₀ − θ* for init_dir = given: d numbers, not all 0"),
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
    public java.util.Map<String, String> unused(ParamValues p) {
        return p.getString("init_dir").equals("given") ? java.util.Map.of()
                : java.util.Map.of("init_direction", "used only with init_dir = given");
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        Roles.validate(p, errors);
        long m = p.getInt("m");
        long n = p.getInt("n");
        int d = p.getInt("d");
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

    /** θ* = snr·σ·e₁. */
    static double[] thetaStar(int d, double snr, double sigma) {
        double[] t = new double[d];
        t[0] = snr * sigma;
        return t;
    }

    /** θ₀ = θ* + r‖θ*‖u/‖u‖ for {@code init_dir = given}. */
    static double[] givenTheta(double[] thetaStar, double r, double[] u) {
        double s = MlrPlots.norm(thetaStar);
        double nu = MlrPlots.norm(u);
        double[] t = thetaStar.clone();
        for (int c = 0; c < t.length; c++) {
            t[c] += r * s * (u[c] / nu);
        }
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
        // the truth, the start and the sample in units of σ (θ* / σ = snr·e₁, y/σ = ξ<x, θ* / σ> + ε): the sample
        // engine works in those units, so any σ in the range gives the same finite run as σ = 1 scaled
        double[] unitTs = thetaStar(d, p.getDouble("snr"), 1.0);
        double[] unitTheta0 = p.getString("init_dir").equals("given")
                ? givenTheta(unitTs, p.getDouble("init_radius"), p.getVector("init_direction"))
                : initialTheta(unitTs, p.getDouble("init_radius"));
        double[] ts = scaled(unitTs, sigma);
        double[] theta0 = scaled(unitTheta0, sigma);
        boolean population = p.getBool("population");
        Dataset unitData = population ? null : generate(m, n, d, 1.0, unitTs, p.getLong("seed"));
        Dataset data = unitData == null || sigma == 1.0 ? unitData : new Dataset(unitData.n(), unitData.d(), unitData.x(),
                scaled(unitData.y(), sigma), unitData.node(), unitData.label(), unitData.xNames(), unitData.yName());
        StepEngine engine = population ? new ClusteredMlrPopulationEm(n, sigma, ts, theta0)
                : ClusteredMlrEm.inUnitsOfSigma(unitData, m, n, sigma, unitTs, unitTheta0);
        return new MlrClusteredRun(this, p, data, engine, ts, theta0);
    }

    /**
     * The first iteration at which the estimate in columns {@code base..base+d} is within
     * {@code 0.1·err(θ_∞)} of its last recorded value θ_∞ (docs/labs/mlr-clustered.md#metrics), or -1 when the history is empty.
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

    /** The statistical accuracy σ sqrt(d/(mn)) (docs/labs/mlr-clustered.md#metrics); none in population mode. */
    @Override
    public OptionalDouble errorFloor(ParamValues p) {
        if (p.getBool("population")) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(p.getDouble("sigma") * Math.sqrt(p.getInt("d") / ((double) p.getInt("m") * p.getInt("n"))));
    }

    /** docs/labs/mlr-clustered.md#the-papers-claim-and-how-the-views-show-it: the final error is set by mn alone, σ sqrt(d/(mn)): slope −½ in m and in n. */
    @Override
    public OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        if (("m".equals(varied) || "n".equals(varied)) && "final_error".equals(stat) && !p.getBool("population")) {
            return OptionalDouble.of(-0.5);
        }
        return OptionalDouble.empty();
    }
}
