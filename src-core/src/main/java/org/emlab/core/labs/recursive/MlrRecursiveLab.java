package org.emlab.core.labs.recursive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.RecursiveMlrEstimator;
import org.emlab.core.em.RecursiveMlrEstimator.Regressors;
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
 * Lab {@code mlr-recursive} (seed 003): the two-step recursive LS + EM-scalar algorithm for mixed
 * linear regression with data that need be neither i.i.d. nor persistently exciting (arXiv
 * 2503.18500; docs/labs/mlr-recursive.md). The "iteration" of this lab is the sample index: one step consumes
 * {@code batch} samples, and {@code --iterations} counts steps (samples when batch = 1, the default).
 */
public final class MlrRecursiveLab implements Lab {
    public static final String ID = "mlr-recursive";
    /** Default q_max of the projection bound max(q_max, sqrt(log(n+e))) (docs/labs/mlr-recursive.md#sample-em-update, ours). */
    public static final double DEFAULT_Q_MAX = 20;
    /** |p − ½| below this is rejected: the algorithm needs an imbalanced mixture. */
    public static final double MIN_IMBALANCE = 0.005;
    /** The λ_min slope fit uses the last decade of samples, n ≥ N/10. */
    public static final double FIT_DECADES = 1.0;
    /** Error slopes are fitted over the last two decades, but never before this sample index (the transient). */
    public static final double FIT_FROM = 100;
    /** Second-half accuracy is reported from this many samples on. */
    public static final int MIN_WINDOW = 20;

    private static final List<String> REGRESSORS = List.of("ar", "iid", "bounded");
    private static final List<String> BOUNDS = List.of("max", "literal");

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("d", "d", 2, 1, Extremes.MAX_DIMENSION, "Truth", "dimension of the regressors φ_n"),
            ParamSpec.real("p", "p", 0.6, Extremes.MIN_WEIGHT, Extremes.MAX_WEIGHT, "Truth",
                    "P(z = +1) of the hidden labels; must differ from ½. θ* = (2p − 1)β* and q* = 1/|2p − 1| (q* = 5 at p = 0.6); "
                            + "for p < ½ the algorithm recovers −β*"),
            ParamSpec.positive("sigma", "σ", 1.0, 100.0, "Truth", "noise standard deviation σ (σ² = 1 in the paper), known"),
            ParamSpec.vector("beta_star", "β*", new double[] {2, -1}, -100, 100, Extremes.MAX_DIMENSION, "Truth",
                    "the true regression vector β* (d entries); the two lines are ±β*"),
            ParamSpec.choice("regressors", "regressors", "ar", REGRESSORS, "Data",
                    "ar: the paper's φ_{n+1} = 0.8φ_n + n^{−1/10} e_{n+1}, not persistently exciting (λ_min ~ n^{0.8}); "
                            + "iid: φ_n ~ N(0, I) (λ_min ~ n); bounded: φ_n uniform on [−√3, √3]^d"),
            ParamSpec.real("delta", "δ", 0.0, 0.0, 0.49, "Model",
                    "gain exponent δ ∈ [0, ½) of the weighted least squares, a_n = 1/(n^δ + φᵀPφ); choose it with ‖φ_n‖² = O(n^δ)"),
            ParamSpec.choice("projection", "projection bound", "max", BOUNDS, "Model",
                    "max: q_n is clipped to [1, max(q_max, sqrt(log(n+e)))]; literal: to [1, sqrt(log(n+e))], the summary's "
                            + "bound, which cannot reach q* = 5 for any feasible n (q gets stuck)"),
            ParamSpec.positive("q_max", "q_max", DEFAULT_Q_MAX, 1e6, "Model", "q_max of the default projection bound"),
            ParamSpec.integer("batch", "samples per step", 1, 1, 100_000, "Run",
                    "samples consumed by one step (one trajectory row); 1 gives one row per sample, larger values stream "
                            + "faster in the window"),
            ParamSpec.choice("init", "initialisation", "default", List.of("default", "given"), "Initialisation",
                    "default: θ₁ = 0.01·(1, …, 1), the paper's start; given: θ₁ = init_theta (what dragging the start in the "
                            + "geometry sets); q₁ = 1, so β₁ = θ₁ either way"),
            ParamSpec.vector("init_theta", "given θ₁", new double[] {0.01, 0.01}, -1e6, 1e6, Extremes.MAX_DIMENSION,
                    "Initialisation", "the start θ₁ = β₁ for init = given: d numbers"),
            ParamSpec.seed(1));

    /** Online: one recursive update per sample; there is no batch sample-EM step to time. */
    @Override
    public ParamValues benchParams(ParamValues base, int n, int d, int k) {
        return null;
    }

    @Override
    public String noBenchReason(int n, int d, int k) {
        return "online estimator (one recursive update per sample): no batch sample-EM step to time";
    }

    /**
     * Heap a run plans to use (for {@link SizeGuard}): the recursion is online, so only its d × d
     * matrices, one batch of samples and the history budget (the number of samples consumed does not matter).
     */
    @Override
    public long estimateBytes(ParamValues p) {
        long d = p.getInt("d");
        return 8L * (4 * d * d + 2L * p.getInt("batch") * (d + 1)) + History.MEMORY_BUDGET;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Recursive mixed linear regression";
    }

    @Override
    public String claim() {
        return "A recursive least-squares direction plus an EM scale estimate learn both regression lines online, without "
                + "i.i.d. or persistently exciting data: ‖β_n − β†‖² = O(n^κ/λ_min(n)), with asymptotically optimal clustering.";
    }

    @Override
    public String citation() {
        return "arXiv 2503.18500";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public java.util.Map<String, String> unused(ParamValues p) {
        return p.getString("init").equals("given") ? java.util.Map.of()
                : java.util.Map.of("init_theta", "used only with initialisation = given");
    }

    @Override
    public void validate(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        Roles.validate(p, errors);
        int d = p.getInt("d");
        double[] beta = p.getVector("beta_star");
        if (beta.length != d) {
            errors.add(new FieldError("beta_star", "beta_star has " + beta.length + " entries; d = " + d + " needs " + d));
        } else if (MlrPlots.norm(beta) == 0) {
            errors.add(new FieldError("beta_star", "beta_star must not be the zero vector"));
        }
        if (p.getString("init").equals("given") && p.getVector("init_theta").length != d) {
            errors.add(new FieldError("init_theta", "init_theta has " + p.getVector("init_theta").length + " entries; d = "
                    + d + " needs " + d));
        }
        double pp = p.getDouble("p");
        if (Math.abs(pp - 0.5) < MIN_IMBALANCE) {
            errors.add(new FieldError("p", "p must differ from ½ by at least " + MIN_IMBALANCE + " (got " + ParamSpec.fmt(pp)
                    + "): the algorithm needs an imbalanced mixture"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The engine for these parameters. */
    static RecursiveMlrEstimator engine(ParamValues p) {
        Regressors reg = Regressors.valueOf(p.getString("regressors").toUpperCase(java.util.Locale.ROOT));
        return new RecursiveMlrEstimator(p.getInt("d"), p.getDouble("p"), p.getDouble("sigma"), p.getVector("beta_star"),
                reg, p.getDouble("delta"), p.getDouble("q_max"), p.getString("projection").equals("literal"),
                p.getInt("batch"), p.getLong("seed"), p.getString("init").equals("given") ? p.getVector("init_theta") : null);
    }

    @Override
    public LabRun start(ParamValues p, Dataset userData) {
        validate(p);
        return new MlrRecursiveRun(this, p, engine(p));
    }

    // ---- the run and its views ----------------------------------------------------------------

    // ---- exploration hooks (sweeps) ------------------------------------------------------------------

    @Override
    public Optional<String> errorColumn() {
        return Optional.of("error");
    }
}
