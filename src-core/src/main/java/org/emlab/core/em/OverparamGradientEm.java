package org.emlab.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.Stable;
import org.emlab.core.numeric.SweepMath;
import org.emlab.core.model.WeightedPoints;
import org.emlab.core.text.Numbers;

/**
 * Gradient EM with near-optimal weights for an over-parameterised Gaussian mixture with identity
 * covariances, {@code p(x) = Σ_{i≤n} π_i N(x; μ_i, I_d)}, fitted to a truth with m &lt; n components
 * (arXiv 2506.06584, Zhou, Xu, Fazel &amp; Du; docs/labs/gmm-overparam.md#sample-em-update). One outer iteration:
 * <pre>
 *   (W) π^{t+1} = argmax_{π ∈ simplex} L(π, μ^t),  L(π, μ) = E[log Σ_i π_i N(x; μ_i, I)],
 *       by warm-started multiplicative EM steps  π_i ← E[ψ_i(x)],
 *       ψ_i(x) = exp(a_i(x) − logsumexp_i a_i(x)),  a_i(x) = log π_i − ‖x − μ_i‖²/2,
 *       stopping when max|Δπ| &lt; 1e-12 or after K_in steps (K_in = 30: near-optimal; K_in = 1: standard EM);
 *   (E) ψ_i with (π^{t+1}, μ^t);
 *   (M) μ_i^{t+1} = μ_i^t + η E[ψ_i(x)(x − μ_i^t)]   (one gradient step on the EM surrogate).
 * </pre>
 * The expectation {@code E} is a {@link WeightedPoints} measure: a per-true-component Gauss–Hermite
 * rule or a fixed Monte Carlo proxy (population mode), or the sample with weights 1/N.
 *
 * <p><b>Pruning.</b> A weight that underflows to exactly 0 is masked ({@code a_i = −∞},
 * {@code ψ_i ≡ 0}): it stays 0 and its mean never moves again. Each such moment is reported once
 * through {@link #drainEvents()} ("component 7 pruned").
 *
 * <p>Every inner weight step but the last needs only {@code E[ψ_i]}: those passes skip
 * {@code E[ψ_i x]} and ℓ ({@link #weightSweep()}, bit-for-bit the same weight sums), and the last one
 * is the full sweep the mean step uses.
 *
 * <p>Half-steps: the first half is the weight step (W) with its E-step, the second the mean step
 * (M); a full {@link #step()} runs the same code. Columns: {@code loss} (KL(p* ‖ p_t), always on the
 * population measure given as the loss grid: in sample mode this is the population KL of the current
 * fit, not a sample quantity), {@code active} (components with π_i &gt; {@link #ACTIVE_THRESHOLD}),
 * {@code loglik} (L(π_t, μ_t) on the expectation measure: the expected log-likelihood in population
 * mode, the mean sample log-likelihood in sample mode), {@code coverage}
 * ({@code max_k min_{i: π_i>0} ‖μ_i − μ*_k‖}), then {@code pi_i} and {@code mu_i_c}. When the engine
 * is given a {@link PopulationRule}, every row also logs ({@link #errorLog()}) the estimated error of
 * {@code loss} (and of {@code loglik} in population mode), {@link #lossError()}, and in population
 * mode that of the step's integrals {@code E[ψ_i]} and {@code η E[ψ_i(x − μ_i)]} at the row's
 * state, {@link #stepError()}. Both come from the rule's check: a second rule, or three standard
 * errors of the Monte Carlo proxy (docs/labs/gmm-overparam.md, "Population update" and "Metrics").
 *
 * <p>Pruned components cost nothing: every pass runs over the live components only (the Gaussian
 * factors are stored for those), with bit-for-bit the sums of a pass over all n.
 */
public final class OverparamGradientEm extends HalfStepEngine {
    /** A weight above this counts as active (docs/labs/gmm-overparam.md#metrics). */
    public static final double ACTIVE_THRESHOLD = 1e-3;
    /** The weight step stops early once no weight moves by more than this. */
    public static final double WEIGHT_TOLERANCE = 1e-12;
    /** Default number of inner multiplicative weight steps (near-optimal weights). */
    public static final int DEFAULT_INNER_STEPS = 30;
    /**
     * Most inner weight steps per outer iteration. The weight step stops earlier when it converges
     * ({@link #WEIGHT_TOLERANCE}); beyond this many one outer step of the population proxy (d ≥ 4)
     * would take seconds and the run could no longer be paused promptly.
     */
    public static final int MAX_INNER_STEPS = 100;
    /** Default mean step size η. */
    public static final double DEFAULT_STEP = 1.0;
    /** Largest points × components product (the Gaussian factors of one weight step are kept: 8 bytes each). */
    public static final long MAX_FACTORS = 12_000_000L;
    /**
     * Points × components from which the passes run on several threads (when the machine has them);
     * below it they stay on the calling thread. A sample of other labs goes parallel from
     * {@link ChunkedSums#PARALLEL_THRESHOLD} rows; a point here costs about as much per component. (It was
     * 4 times this while every pass woke a parked helper thread; a helper now lingers between the 31 short
     * passes of a weight step, so the default sample, 10⁴ points × 12 components, gains from two cores too.)
     */
    static final long PARALLEL_FACTORS = ChunkedSums.PARALLEL_THRESHOLD;
    /** Below this normaliser a point's responsibilities are recomputed in log space. */
    static final double SHIFT_RESCUE = 1e-250;
    /** Relative rounding of a weighted sum, per unit of Σ w|term| (a few ulps), in the KL error estimate. */
    static final double ROUNDING = 1e-15;
    /** Number of metric columns without the error estimates. */
    public static final int METRICS = 4;

    private static final double HALF_LOG_2PI = Stable.HALF_LOG_2PI;

    private final WeightedPoints points;
    private final WeightedPoints lossGrid;
    private final PopulationRule rule; // null: no error estimate
    private final boolean populationMode;
    private final ErrorLog errorLog = new ErrorLog(2);
    /** {@code log p*(x_p) + (d/2) log 2π} at the points of the loss grid (KL is summed per point: no cancellation). */
    private final double[] logTruth;
    private final double lossTruthSize; // Σ w |ℓ*| on the loss grid, ℓ* = log p* + (d/2) log 2π as stored
    /** The same at the points of the rule's second rule (null without one). */
    private final double[] logTruthCheck;
    private double sweepKl;
    private final UnitGaussianMixture truth;
    private final int n;
    private final int d;
    private final double eta;
    private final int innerSteps;
    private final ChunkedSums sums;
    private ChunkedSums lossSums;
    private final double[] sweepOut;
    private final ChunkedSums weightSums; // the inner weight steps' sums E[ψ_i] alone
    private final double[] weightOut;
    /**
     * Points per block, the unit of the kernel's inner loops ({@link #chunkPass}): a block's factors of
     * the live components and its lane sums stay in the first-level cache between the loops that use them.
     * It divides {@link ChunkedSums#CHUNK}, so that every chunk is a whole number of blocks (the last
     * block of the last chunk may be short).
     */
    static final int BLOCK = 128;
    /**
     * Points × live components: {@code exp(−‖x_p − μ_i‖²/2 − c_p)} for the current means, one array per
     * block of {@link #BLOCK} points and live component ({@link #fillBlock}).
     */
    private final double[][][] factors; // [block][live component][row in the block]
    private final double[][] shifts; // [block][row]: c_p
    private final boolean[] unshifted; // [block]: some point of the block had no finite exponent (c_p set to 0)
    private final double[][] blockWeights; // [block][row]: the points' weights w_p
    private final double[][][] blockX; // [block][coordinate][row]: the points, coordinate-major per block
    private final ThreadLocal<KernelScratch> kernelScratch;
    private final FactoredSweep factoredSweep; // the step's passes on a lattice rule (population mode), or null
    private final int[] live; // the components with π_i > 0 when the factors were filled, ascending
    private final double[] liveWeights; // π of the live components, refreshed before every pass
    private int liveCount;
    private boolean factorsValid;
    private boolean fillNext; // the running full pass also fills the factors
    private final FactoredSweep.Rescue rescuer = this::rescue;
    private final ChunkedSums.Kernel momentsKernel = (from, to, acc, off) -> chunkPass(from, to, acc, off, true, false);
    private final ChunkedSums.Kernel fullKernel = (from, to, acc, off) -> chunkPass(from, to, acc, off, true, true);
    private final ChunkedSums.Kernel weightKernel = (from, to, acc, off) -> chunkPass(from, to, acc, off, false, false);
    private final double[] lossOut = new double[2];
    private BlockGrid lossBlocks; // the loss grid per block, made with the first loss (when it is not the points)
    private FactoredSweep lossSweep; // or the loss grid as a lattice's runs and columns
    private ChunkedSums.Kernel lossKernel;
    private ChunkedSums checkSums;
    private double[] checkOut;
    private ChunkedSums.Kernel checkKernel; // built with the first check
    private FactoredSweep checkSweep; // the check pass on a lattice's second rule (population mode), or null
    private boolean checkSweepTried;
    private ChunkedSums checkSweepSums;
    private double[] checkSweepOut;
    private final double[] checkWeights; // π of checkLive, in its order
    private ChunkedSums.Kernel checkSweepKernel; // population mode: the check's every sum
    private ChunkedSums.Kernel checkKlKernel; // sample mode: the check's KL sums alone
    private final ThreadLocal<CheckScratch> checkScratch;
    private BlockGrid checkBlocks; // the check grid per block, made with the first check
    private final int[] checkLive; // the live components of the latest check, ascending
    private int checkCount;
    private final ThreadLocal<double[]> scratch;

    private double[] pi;
    private double[] mu;
    private final double[] logPi;
    private boolean sweepValid;
    private boolean sweepLogs; // the valid sweep has ℓ and KL too
    private double sweepLoglik;
    private boolean lossValid;
    private double loss;
    private boolean checkValid;
    private double lossError;
    private double stepError;
    private int lastInnerSteps;
    /** The caption still to format: 0 none (or formatted), 1 the weight step, 2 the mean step. */
    private int captionKind;
    private int captionInner;
    private double captionChange;
    private int captionPruned;
    private int captionAlive;
    private double captionMoved;
    private final int[] prunedNow; // the components pruned by the latest weight step
    private double lastWeightChange;

    /**
     * An engine without error estimates ({@link #lossError()} and {@link #stepError()} are then NaN).
     *
     * @param points     the expectation measure (population rule or sample)
     * @param lossGrid   the population measure for the KL column (may be {@code points} itself)
     * @param truth      the truth p* (for KL and coverage)
     * @param pi0        initial weights (sum 1)
     * @param mu0        initial means, row-major n × d
     * @param eta        mean step size η &gt; 0
     * @param innerSteps K_in ≥ 1
     */
    public OverparamGradientEm(WeightedPoints points, WeightedPoints lossGrid, UnitGaussianMixture truth, double[] pi0,
                               double[] mu0, double eta, int innerSteps) {
        this(points, lossGrid, null, truth, pi0, mu0, eta, innerSteps);
    }

    /**
     * An engine on {@code points} (the population rule's own points in population mode, the sample
     * otherwise) whose KL is measured on {@code population}, with the rule's error estimates as
     * columns.
     */
    public OverparamGradientEm(WeightedPoints points, PopulationRule population, UnitGaussianMixture truth, double[] pi0,
                               double[] mu0, double eta, int innerSteps) {
        this(points, population.points(), population, truth, pi0, mu0, eta, innerSteps);
    }

    private OverparamGradientEm(WeightedPoints points, WeightedPoints lossGrid, PopulationRule rule,
                                UnitGaussianMixture truth, double[] pi0, double[] mu0, double eta, int innerSteps) {
        this.points = points;
        this.lossGrid = lossGrid;
        this.rule = rule;
        this.populationMode = rule != null && points == lossGrid;
        this.truth = truth;
        this.n = pi0.length;
        this.d = points.d();
        if (mu0.length != n * d) {
            throw new IllegalArgumentException("mu0 has " + mu0.length + " entries, expected n*d = " + n * d);
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps must be >= 1 (got " + innerSteps + ")");
        }
        this.eta = eta;
        this.innerSteps = innerSteps;
        this.pi = pi0.clone();
        this.mu = mu0.clone();
        this.logPi = new double[n];
        // a point costs about n times a row of the other labs: parallel from PARALLEL_FACTORS points × components
        boolean parallel = (long) points.size() * n >= PARALLEL_FACTORS;
        this.logTruth = shiftedLogTruth(truth, lossGrid);
        double truthSize = 0;
        for (int p = 0; p < logTruth.length; p++) {
            truthSize += lossGrid.w()[p] * Math.abs(logTruth[p]);
        }
        this.lossTruthSize = truthSize;
        FactoredGrid lattice = populationMode ? FactoredGrid.of(points) : null;
        this.factoredSweep = lattice != null && lattice.contiguous()
                ? new FactoredSweep(lattice, points, n, logTruth) : null;
        // fewer, longer chunks (FactoredSweep.chunkRows), each a whole number of the per-point kernel's blocks
        int chunk = FactoredSweep.chunkRows(points.size(), BLOCK);
        this.sums = new ChunkedSums(points.size(), n + n * d + 3, chunk);
        this.sweepOut = new double[n + n * d + 3];
        this.weightSums = new ChunkedSums(points.size(), n, chunk);
        if (parallel && !sums.isParallel() && Runtime.getRuntime().availableProcessors() > 1) {
            sums.parallel(true);
            weightSums.parallel(true);
        }
        this.weightOut = new double[n];
        if ((long) points.size() * n > MAX_FACTORS) {
            throw new IllegalArgumentException(points.size() + " points × " + n + " components is more than "
                    + MAX_FACTORS + " (the Gaussian factors of one sweep are kept in memory)");
        }
        int size = factoredSweep == null ? points.size() : 0; // the factored passes store no factors per point
        int blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
        this.factors = new double[blocks][n][];
        this.shifts = new double[blocks][];
        this.unshifted = new boolean[blocks];
        this.blockWeights = new double[blocks][];
        this.blockX = new double[blocks][][];
        for (int g = 0; g < blocks; g++) {
            int from = g * BLOCK;
            int len = Math.max(0, Math.min(size, from + BLOCK) - from);
            for (int i = 0; i < n; i++) {
                factors[g][i] = new double[len];
            }
            shifts[g] = new double[len];
            blockWeights[g] = java.util.Arrays.copyOfRange(points.w(), from, from + len);
            blockX[g] = new double[d][len];
            for (int q = 0; q < len; q++) {
                for (int k = 0; k < d; k++) {
                    blockX[g][k][q] = points.x()[(from + q) * d + k];
                }
            }
        }
        final int lanes = n + n * d;
        this.kernelScratch = ThreadLocal.withInitial(() -> new KernelScratch(lanes));
        this.live = new int[n];
        this.liveWeights = new double[n];
        this.prunedNow = new int[n];
        this.checkLive = new int[n];
        this.checkWeights = new double[n];
        this.lossSums = lossGrid == points ? null : new ChunkedSums(lossGrid.size(), 2);
        if (lossSums != null && (long) lossGrid.size() * n >= PARALLEL_FACTORS && !lossSums.isParallel()
                && Runtime.getRuntime().availableProcessors() > 1) {
            lossSums.parallel(true); // as the step's passes: a point costs about n rows' worth
        }
        this.logTruthCheck = rule != null && rule.kind() == PopulationRule.Check.SECOND_RULE
                ? shiftedLogTruth(truth, rule.check()) : null;
        this.scratch = ThreadLocal.withInitial(() -> new double[Math.max(n, truth.m())]);
        final int checkWidth = rule == null ? 2
                : rule.kind() == PopulationRule.Check.MONTE_CARLO ? 2 + 2 * (n + n * d) : 2 + n + n * d;
        this.checkScratch = ThreadLocal.withInitial(() -> new CheckScratch(n, checkWidth));
    }

    /** {@code log p*(x_p) + (d/2) log 2π} at every point of {@code grid}. */
    private static double[] shiftedLogTruth(UnitGaussianMixture truth, WeightedPoints grid) {
        double[] out = new double[grid.size()];
        double shift = grid.d() * HALF_LOG_2PI;
        for (int p = 0; p < out.length; p++) {
            out[p] = truth.logDensity(grid.x(), p * grid.d()) + shift;
        }
        return out;
    }

    /** The trajectory columns for n components in d dimensions. */
    public static List<String> columns(int n, int d) {
        List<String> c = new ArrayList<>(List.of("loss", "active", "loglik", "coverage"));
        for (int i = 1; i <= n; i++) {
            c.add("pi_" + i);
        }
        for (int i = 1; i <= n; i++) {
            for (int a = 1; a <= d; a++) {
                c.add("mu_" + i + "_" + a);
            }
        }
        return c;
    }

    @Override
    public List<String> columns() {
        return columns(n, d);
    }

    @Override
    public int metricCount() {
        return METRICS;
    }

    /** (W)+(E) changes the weights, (M) the means: docs/labs/gmm-overparam.md#sample-em-update. */
    @Override
    public List<String> halfStepNames() {
        return List.of("weight step", "mean step");
    }

    /** The first half-step is the weight step (W) with its E-step. */
    @Override
    public void eStep() {
        weightStep();
    }

    /** The second half-step is the gradient step on the means (M). */
    @Override
    public void mStep() {
        meanStep();
    }

    /**
     * (W) and (E): up to K_in multiplicative EM steps on the weights with the means fixed, then the
     * responsibilities at the new weights (the sweep that ends the loop).
     */
    public void weightStep() {
        if (phase != Phase.BEFORE_E) {
            throw new IllegalStateException("the weight step of this iteration has run already");
        }
        sweep(false); // the first inner step needs E[ψ_i] alone
        int prunedCount = 0;
        double change = 0;
        int k = 0;
        while (k < innerSteps) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += sweepOut[i];
            }
            change = 0;
            for (int i = 0; i < n; i++) {
                double next = sweepOut[i] / total;
                change = Math.max(change, Math.abs(next - pi[i]));
                if (pi[i] > 0 && next == 0) {
                    prunedNow[prunedCount++] = i;
                }
                pi[i] = next;
            }
            sweepValid = false;
            lossValid = false;
            checkValid = false;
            k++;
            if (k < innerSteps && change >= WEIGHT_TOLERANCE) {
                weightSweep(); // another inner step follows: only E[ψ_i] is needed
                continue;
            }
            sweep(false); // the last inner step: E[ψ_i] and E[ψ_i x] for the mean step (ℓ when asked for)
            break;
        }
        lastInnerSteps = k;
        lastWeightChange = change;
        for (int j = 0; j < prunedCount; j++) {
            events.add("component " + (prunedNow[j] + 1) + " pruned (its weight underflowed to 0)");
        }
        phase = Phase.AFTER_E;
        captionKind = 1;
        captionInner = k;
        captionChange = change;
        captionPruned = prunedCount;
        captionAlive = countPositive();
    }

    /**
     * What the last half-step did. Formatted when asked for (a step itself allocates nothing for it): "weight
     * step: K inner EM steps, last max|Δπ| = …[; pruned i, j] (a of n components alive)" or "mean step (η =
     * …): means moved by at most …".
     */
    @Override
    public String caption() {
        if (captionKind == 1) {
            int k = captionInner;
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "weight step: %d inner EM step%s, last max|Δπ| = %.2g", k, k == 1 ? "" : "s", captionChange));
            if (captionPruned > 0) {
                sb.append("; pruned ");
                for (int j = 0; j < captionPruned; j++) {
                    sb.append(j == 0 ? "" : ", ").append(prunedNow[j] + 1);
                }
            }
            sb.append(String.format(Locale.ROOT, " (%d of %d components alive)", captionAlive, n));
            caption.set(sb.toString());
        } else if (captionKind == 2) {
            caption.set("mean step (η = " + fmt(eta) + "): means moved by at most "
                    + Numbers.compact(captionMoved, 3));
        }
        captionKind = 0;
        return caption.text();
    }

    /** (M): {@code μ_i ← μ_i + η (E[ψ_i x] − E[ψ_i] μ_i)} with the responsibilities of the weight step. */
    public void meanStep() {
        if (phase != Phase.AFTER_E) {
            throw new IllegalStateException("the mean step needs the weight step first");
        }
        double moved = 0;
        for (int i = 0; i < n; i++) {
            double p = sweepOut[i];
            for (int c = 0; c < d; c++) {
                double old = mu[i * d + c];
                double next = old + eta * (sweepOut[n + i * d + c] - p * old);
                moved = Math.max(moved, Math.abs(next - old));
                mu[i * d + c] = next;
            }
        }
        t++;
        phase = Phase.BEFORE_E;
        sweepValid = false;
        factorsValid = false;
        lossValid = false;
        checkValid = false;
        captionKind = 2;
        captionMoved = moved;
    }

    private static String fmt(double v) {
        return org.emlab.core.text.Numbers.exact(v);
    }

    private int countPositive() {
        int c = 0;
        for (double p : pi) {
            if (p > 0) {
                c++;
            }
        }
        return c;
    }

    /**
     * One pass over the expectation measure at the current (π, μ): E[ψ_i], E[ψ_i x] and L.
     *
     * <p>Within one weight step the means are fixed, so the Gaussian factors
     * {@code E_pi = exp(−‖x_p − μ_i‖²/2 − c_p)}, with {@code c_p} the largest exponent among the live
     * components, are computed once per set of means and reused by every inner step:
     * {@code ψ_i(x_p) = π_i E_pi / S_p} with {@code S_p = Σ_j π_j E_pj}, and
     * {@code log Σ_i π_i N(x_p; μ_i, I) = log S_p + c_p − (d/2) log 2π}. This is the log-sum-exp
     * softmax with the shift taken from the means alone; a masked component (π_i = 0) contributes
     * exactly 0. Should {@code S_p} ever fall below {@link #SHIFT_RESCUE} (every live component far from
     * the point has a tiny weight), that point is recomputed in log space.
     *
     * <p>The kernel ({@link #chunkPass}; issue 19, docs/labs/gmm-overparam.md "Population update") works
     * block by block of {@link #BLOCK} points (a chunk of {@link ChunkedSums#CHUNK} points is a whole
     * number of blocks), with the factors of each block and live component in their own array, so that
     * every inner loop runs elementwise over the block's points from index 0 (C2 compiles such loops to
     * SIMD code, but not a floating-point running sum): {@code S_p} per point over the components,
     * {@code r_p = w_p / S_p}, then per component the terms {@code (r_p π_i) E_pi} added into lane q of
     * that component's {@link #BLOCK} lane sums; the lanes are added up once per chunk, in a fixed order.
     * The factors, the points' weights and coordinates per block and every scratch array are allocated
     * once (per engine, or per thread); a pass allocates nothing. The sums equal those of the
     * point-by-point form up to the order of the additions (each term is the same product), which
     * {@code OverparamKernelEqualityTest} checks to 1e-12 against a straightforward log-space kernel.
     */
    private void sweep() {
        sweep(true);
    }

    /**
     * The full sweep; without {@code logs}, only its sums of ψ and their first moments (bit for bit the full
     * sweep's), without the logarithm per point that ℓ and KL need: the weight step's sweeps, whose ℓ nobody asks
     * for unless a row is shown between the half-steps (then {@link #logLikelihood()} runs the full sweep at that
     * state).
     */
    private void sweep(boolean logs) {
        if (sweepValid && (sweepLogs || !logs)) {
            return;
        }
        fillNext = !factorsValid;
        if (fillNext) {
            compactLive();
            if (factoredSweep != null) {
                factoredSweep.prepare(liveCount, live, mu);
            }
        }
        refreshLiveWeights();
        sums.sum(logs ? fullKernel : momentsKernel, sweepOut);
        factorsValid = true;
        int width = n + n * d + 2;
        sweepLoglik = sweepOut[width - 2] - d * HALF_LOG_2PI;
        sweepKl = sweepOut[width - 1];
        sweepLogs = logs;
        sweepValid = true;
    }

    /** The smallest weight of a live component (after {@link #refreshLiveWeights}). */
    private double minLiveWeight() {
        double m = Double.POSITIVE_INFINITY;
        for (int j = 0; j < liveCount; j++) {
            m = Math.min(m, liveWeights[j]);
        }
        return m;
    }

    /** The weights of the live components, in the order of {@link #live}, into {@link #liveWeights}. */
    private void refreshLiveWeights() {
        for (int j = 0; j < liveCount; j++) {
            liveWeights[j] = pi[live[j]];
        }
    }

    /** Per-thread scratch of the step's passes: one block's totals, ratios, terms and the lane sums. */
    private static final class KernelScratch {
        final double[] s = new double[BLOCK]; // S_p = Σ_j π_j E_pj
        final double[] r = new double[BLOCK]; // w_p / S_p (0 for a point recomputed in log space)
        final double[] u = new double[BLOCK]; // (r_p π_j) E_pj of one component (full pass)
        final double[] k = new double[BLOCK]; // scratch of the vectorised exp, then the block's logarithms
        final double[][] lanes; // [live j]: weight sums by row of the block; [n + j d + c]: first moments

        KernelScratch(int width) {
            lanes = new double[width][BLOCK];
        }
    }

    /**
     * {@code out[q] = Σ_c (x_qc − μ_c)²} for the {@code len} points of a block stored by coordinate
     * ({@code xb[c][q]}), {@code μ} at {@code mu[mo ..]}: summed over the coordinates in order, as a
     * point-by-point pass sums it, one elementwise (SIMD) loop per coordinate.
     */
    private void squaredDistances(double[][] xb, double[] mu, int mo, int len, double[] out) {
        java.util.Arrays.fill(out, 0, len, 0.0);
        for (int c = 0; c < d; c++) {
            double[] xc = xb[c];
            double m = mu[mo + c];
            for (int q = 0; q < len; q++) {
                double u = xc[q] - m;
                out[q] += u * u;
            }
        }
    }

    /**
     * The factors of block {@code g} ({@code len} points) for the current means (live component j of
     * row q at {@code factors[g][j][q]}) and the shifts {@code c_p}: the squared distance summed over the
     * coordinates in order (as a point-by-point fill sums it; in the plane in the same loop as the exponent and
     * its maximum), {@code c_p} the largest {@code −‖x_p − μ_j‖²/2}, then {@code exp(−‖x_p − μ_j‖²/2 − c_p)} by
     * {@link SweepMath#expBlockSubnormal(double[], double[], int, double[])} (the shift subtracted in its first
     * loop; within 2 ulps of {@code Math.exp}, subnormal results kept, so that a far component's factor underflows
     * as there). Fewer loops over the block than one per step (ten sample steps 12.48 against 12.74 ms, a row 0.641
     * against 0.665 ms, the loops flipped in one JVM, faster in 52 and 56 of 60 rounds); the same values.
     */
    private void fillBlock(int g, int len, KernelScratch ks) {
        final int nl = liveCount;
        final double[][] fc = factors[g];
        final double[][] xb = blockX[g];
        final double[] c = shifts[g];
        java.util.Arrays.fill(c, 0, len, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < nl; j++) {
            int mo = live[j] * d;
            double[] f = fc[j];
            if (d == 2) {
                // the plane, in one loop: (0 + u₁²) + u₂² is u₁² + u₂² exactly, the general loops' sum
                final double[] x1 = xb[0];
                final double[] x2 = xb[1];
                final double m1 = mu[mo];
                final double m2 = mu[mo + 1];
                for (int q = 0; q < len; q++) {
                    double u1 = x1[q] - m1;
                    double u2 = x2[q] - m2;
                    double a = -0.5 * (u1 * u1 + u2 * u2);
                    f[q] = a;
                    c[q] = Math.max(c[q], a);
                }
                continue;
            }
            squaredDistances(xb, mu, mo, len, f);
            for (int q = 0; q < len; q++) {
                double a = -0.5 * f[q];
                f[q] = a;
                c[q] = Math.max(c[q], a);
            }
        }
        boolean none = false;
        for (int q = 0; q < len; q++) {
            if (c[q] == Double.NEGATIVE_INFINITY) {
                c[q] = 0;
                none = true;
            }
        }
        unshifted[g] = none;
        for (int j = 0; j < nl; j++) {
            double[] f = fc[j];
            SweepMath.expBlockSubnormal(f, c, len, ks.k);
        }
    }

    /**
     * One chunk of a pass: the weight sums {@code Σ_p w_p ψ_i(x_p)} into {@code acc[off + i]} and, when
     * {@code full}, also {@code Σ_p w_p ψ_i(x_p) x_p}, and with {@code logs} (a full pass only) ℓ and the KL terms.
     * Block by block of
     * {@link #BLOCK} points: {@code S_p = Σ_j π_j E_pj}, {@code r_p = w_p / S_p}, then per live component
     * the terms {@code (r_p π_j) E_pj} (each formed as the point-by-point form forms it, so a tiny weight's
     * terms underflow as there) added into lane q of the component's lane sums (and, in a full pass,
     * {@code (r_p π_j) E_pj x_pk} into its moment lanes). Every one of these loops is elementwise over the
     * block's points, so C2 (JDK 17) compiles it to SIMD code; the lanes are added into {@code acc} once
     * per chunk, in lane order with four running sums. The weight terms, their lanes and their order are
     * the same in both kinds of pass, so a weights-only pass gives the full pass's sums bit for bit; the
     * order depends on the fixed chunks and blocks alone, not on the number of threads.
     */
    private void chunkPass(int from, int to, double[] acc, int off, boolean full, boolean logs) {
        if (factoredSweep != null) {
            factoredSweep.chunk(from, to, liveWeights, live, acc, off, full, logs, rescuer);
            return;
        }
        if (from % BLOCK != 0) {
            throw new IllegalArgumentException("a chunk must start at a block (a multiple of " + BLOCK + "), not " + from);
        }
        final KernelScratch ks = kernelScratch.get();
        final int nl = liveCount;
        final double[][] lanes = ks.lanes;
        for (int j = 0; j < nl; j++) {
            java.util.Arrays.fill(lanes[j], 0.0);
            if (full) {
                for (int k = 0; k < d; k++) {
                    java.util.Arrays.fill(lanes[n + j * d + k], 0.0);
                }
            }
        }
        final double[] lt = full && logs && lossGrid == points ? logTruth : null;
        // At a point whose shift c_p is its largest exponent, the factor of that component is exp(0) = 1
        // (within 2 ulps), so S_p ≥ (1 − 4.4e-16) min_j π_j: with every live weight at least 2 · SHIFT_RESCUE
        // no point of a block with finite exponents needs the log-space path, and a pass without logarithms
        // skips looking.
        final boolean noRescue = !logs && nl > 0 && minLiveWeight() >= 2 * SHIFT_RESCUE;
        double lse = 0;
        double kl = 0;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            final int g = b0 / BLOCK;
            final int len = Math.min(to, b0 + BLOCK) - b0;
            if (full && fillNext) {
                fillBlock(g, len, ks);
            }
            final double[] s = ks.s;
            final double[] r = ks.r;
            final double[] w = blockWeights[g];
            totals(g, len, s);
            for (int q = 0; q < len; q++) {
                r[q] = w[q] / s[q];
            }
            final double[] c = shifts[g];
            final double[] lg = ks.k;
            if (logs) {
                System.arraycopy(s, 0, lg, 0, len);
                SweepMath.logBlock(lg, len); // used where S_p ≥ SHIFT_RESCUE: logBlock's domain
            }
            for (int q = noRescue && !unshifted[g] ? len : 0; q < len; q++) {
                double total = s[q];
                double lp;
                if (total >= SHIFT_RESCUE) {
                    if (!logs) {
                        continue;
                    }
                    lp = lg[q] + c[q];
                } else {
                    r[q] = 0;
                    lp = rescue(b0 + q, w[q], acc, off, full);
                }
                if (logs) {
                    double wp = w[q];
                    lse += wp * lp;
                    if (lt != null) {
                        kl += wp * (lt[b0 + q] - lp);
                    }
                }
            }
            if (full) {
                fullLanes(g, len, ks);
            } else {
                weightLanes(g, len, ks);
            }
        }
        for (int j = 0; j < nl; j++) {
            int i = live[j];
            acc[off + i] += SweepMath.sum(lanes[j], 0, BLOCK);
            if (full) {
                for (int k = 0; k < d; k++) {
                    acc[off + n + i * d + k] += SweepMath.sum(lanes[n + j * d + k], 0, BLOCK);
                }
            }
        }
        if (full) {
            int width = n + n * d + 2;
            acc[off + width - 2] += lse;
            acc[off + width - 1] += kl;
        }
    }

    /**
     * {@code S_p = Σ_j π_j E_pj} of block {@code g} into {@code s}, four (then two, then one) components per
     * pass over s (SIMD code), added in component order.
     */
    private void totals(int g, int len, double[] s) {
        final int nl = liveCount;
        final double[][] fc = factors[g];
        final double[] wl = liveWeights;
        if (nl == 0) {
            java.util.Arrays.fill(s, 0, len, 0.0);
            return;
        }
        double w0 = wl[0];
        double[] f0 = fc[0];
        for (int q = 0; q < len; q++) {
            s[q] = w0 * f0[q];
        }
        int j = 1;
        for (; j + 3 < nl; j += 4) {
            double wa = wl[j];
            double wb = wl[j + 1];
            double wc = wl[j + 2];
            double wd = wl[j + 3];
            double[] fa = fc[j];
            double[] fb = fc[j + 1];
            double[] fc2 = fc[j + 2];
            double[] fd = fc[j + 3];
            for (int q = 0; q < len; q++) {
                s[q] = (((s[q] + wa * fa[q]) + wb * fb[q]) + wc * fc2[q]) + wd * fd[q];
            }
        }
        for (; j + 1 < nl; j += 2) {
            double wa = wl[j];
            double wb = wl[j + 1];
            double[] fa = fc[j];
            double[] fb = fc[j + 1];
            for (int q = 0; q < len; q++) {
                s[q] = (s[q] + wa * fa[q]) + wb * fb[q];
            }
        }
        if (j < nl) {
            double wa = wl[j];
            double[] fa = fc[j];
            for (int q = 0; q < len; q++) {
                s[q] += wa * fa[q];
            }
        }
    }

    /** The weight terms {@code (r_p π_j) E_pj} of block {@code g} into the lanes, per live component. */
    private void weightLanes(int g, int len, KernelScratch ks) {
        final int nl = liveCount;
        final double[][] fc = factors[g];
        final double[] r = ks.r;
        final double[] wl = liveWeights;
        final double[][] lanes = ks.lanes;
        for (int j = 0; j < nl; j++) {
            double[] f = fc[j];
            double[] l = lanes[j];
            double wj = wl[j];
            for (int q = 0; q < len; q++) {
                l[q] += r[q] * wj * f[q];
            }
        }
    }

    /**
     * The weight terms {@code u_p = (r_p π_j) E_pj} of block {@code g} (the very terms of
     * {@link #weightLanes}, into the same lanes) and the first-moment terms {@code u_p x_pk}.
     */
    private void fullLanes(int g, int len, KernelScratch ks) {
        final int nl = liveCount;
        final double[][] fc = factors[g];
        final double[][] xb = blockX[g];
        final double[] r = ks.r;
        final double[] u = ks.u;
        final double[] wl = liveWeights;
        final double[][] lanes = ks.lanes;
        for (int j = 0; j < nl; j++) {
            double[] f = fc[j];
            double[] l = lanes[j];
            double wj = wl[j];
            for (int q = 0; q < len; q++) {
                double t = r[q] * wj * f[q];
                u[q] = t;
                l[q] += t;
            }
            for (int k = 0; k < d; k++) {
                double[] xk = xb[k];
                double[] lm = lanes[n + j * d + k];
                for (int q = 0; q < len; q++) {
                    lm[q] += u[q] * xk[q];
                }
            }
        }
    }

    /**
     * A point whose shifted factors underflowed ({@code S_p} below {@link #SHIFT_RESCUE}), in log space:
     * its weighted responsibilities (and, in a full pass, their first moments) into {@code acc}; returns
     * {@code log Σ_i π_i exp(−‖x_p − μ_i‖²/2)}.
     */
    private double rescue(int p, double wp, double[] acc, int off, boolean full) {
        return rescue(points.x(), p, wp, acc, off, full);
    }

    /** {@link #rescue(int, double, double[], int, boolean)} at point {@code p} of the coordinates {@code x}. */
    private double rescue(double[] x, int p, double wp, double[] acc, int off, boolean full) {
        double[] a = scratch.get();
        int xo = p * d;
        logScores(x, xo, a);
        double lp = Stable.softmaxInPlace(a, 0, n);
        for (int i = 0; i < n; i++) {
            double wi = a[i] * wp;
            if (wi == 0) {
                continue;
            }
            acc[off + i] += wi;
            if (full) {
                int ao = off + n + i * d;
                for (int k = 0; k < d; k++) {
                    acc[ao + k] += wi * x[xo + k];
                }
            }
        }
        return lp;
    }

    /** The components with π_i &gt; 0, ascending, into {@link #live}: the factors are filled for those alone. */
    private void compactLive() {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (pi[i] > 0) {
                live[c++] = i;
            }
        }
        liveCount = c;
    }

    /**
     * The log-space scores of the point at {@code x[xo..xo+d)}, for the rescue path of a point whose
     * shifted factors underflowed: {@code a_i = log π_i − ‖x − μ_i‖²/2}, and −∞ for a masked
     * (pruned) component, so that {@code log 0} is never taken.
     */
    private void logScores(double[] x, int xo, double[] a) {
        for (int i = 0; i < n; i++) {
            if (!(pi[i] > 0)) {
                a[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double s = 0;
            int mo = i * d;
            for (int k = 0; k < d; k++) {
                double u = x[xo + k] - mu[mo + k];
                s += u * u;
            }
            a[i] = Math.log(pi[i]) - 0.5 * s;
        }
    }

    /**
     * The weight sums {@code E[ψ_i]} alone into {@code sweepOut[0..n)}, at the current π and the
     * Gaussian factors of the current means: what an inner weight step needs. The same code as the
     * weight sums of {@link #sweep()} ({@link #chunkPass}), so the sums are bit-for-bit those of a full
     * sweep, at a fraction of its cost (no {@code E[ψ_i x]}, no logarithm).
     */
    private void weightSweep() {
        refreshLiveWeights();
        weightSums.sum(weightKernel, weightOut);
        System.arraycopy(weightOut, 0, sweepOut, 0, n);
    }

    /** The weight sums E[ψ_i] at the current state by the full sweep (false) or the weights-only pass (true). */
    double[] weightSumsFor(boolean weightsOnly) {
        if (weightsOnly) {
            sweep(); // fills the factors for the current means
            weightSweep();
            double[] out = java.util.Arrays.copyOf(sweepOut, n);
            sweepValid = false;
            return out;
        }
        sweepValid = false;
        sweep();
        return java.util.Arrays.copyOf(sweepOut, n);
    }

    /**
     * The full sweep's sums at the current state, for tests: {@code E[ψ_i]} (n entries), {@code E[ψ_i x]}
     * (n·d, row-major) and ℓ + (d/2) log 2π.
     */
    double[] sweepSums() {
        sweepValid = false;
        sweep();
        double[] out = java.util.Arrays.copyOf(sweepOut, n + n * d + 1);
        out[n + n * d] = sweepOut[n + n * d];
        return out;
    }

    /**
     * The sums {@code E[ψ_i]} and {@code E[ψ_i x]} at the current state by the sweep without ℓ and KL (the weight
     * step's, {@link #sweep(boolean)}), for tests.
     */
    double[] sweepSumsWithoutLogs() {
        sweepValid = false;
        sweep(false);
        double[] out = java.util.Arrays.copyOf(sweepOut, n + n * d);
        sweepValid = false;
        return out;
    }

    /** L(π_t, μ_t) on the expectation measure. */
    public double logLikelihood() {
        sweep();
        return sweepLoglik;
    }

    /** KL(p* ‖ p_t) on the population measure. */
    public double loss() {
        if (lossValid) {
            return loss;
        }
        if (lossSums == null) {
            sweep();
            loss = sweepKl;
        } else {
            loss = klOnLossGrid();
        }
        lossValid = true;
        return loss;
    }

    /**
     * {@code KL = Σ_p w_p (log p*(x_p) − log p_t(x_p))} on the loss grid (when it is not the expectation
     * measure), summed per point (so that a small KL is not the difference of two large sums), live
     * components only, by the block kernel of the check pass ({@link #klChunk}) without its moments.
     */
    private double klOnLossGrid() {
        liveForCheck();
        if (lossKernel == null) {
            FactoredGrid lattice = FactoredGrid.of(lossGrid);
            if (lattice != null && lattice.contiguous()) {
                // a lattice: the factored KL pass, (runs + columns) × live exponentials in all
                lossSweep = new FactoredSweep(lattice, lossGrid, n, logTruth);
                boolean parallel = lossSums.isParallel();
                lossSums = new ChunkedSums(lossGrid.size(), 2, FactoredSweep.chunkRows(lossGrid.size(), BLOCK));
                lossSums.parallel(parallel);
                final double[] gx = lossGrid.x();
                final FactoredSweep.LogDensity direct = p -> logDensityAt(gx, p);
                lossKernel = (from, to, acc, off) -> lossSweep.klChunk(from, to, checkWeights, acc, off, false, direct);
            } else {
                lossBlocks = blockGrid(lossGrid, logTruth);
                lossKernel = (from, to, acc, off) -> klChunk(lossBlocks, 2, false, from, to, acc, off);
            }
        }
        if (lossSweep != null) {
            lossSweep.prepare(checkCount, checkLive, mu);
        }
        lossSums.sum(lossKernel, lossOut);
        return lossOut[0];
    }

    /** {@code log Σ_i π_i exp(−‖x_p − μ_i‖²/2)} at point {@code p} of the coordinates {@code x}, in log space. */
    private double logDensityAt(double[] x, int p) {
        double[] a = scratch.get();
        logScores(x, p * d, a);
        return Stable.logSumExp(a, 0, n);
    }

    /**
     * {@code log π_i} (−∞ when masked), the live components, ascending, and their weights in that order, for
     * {@link #klChunk} and the factored KL and check passes.
     */
    private void liveForCheck() {
        int nl = 0;
        for (int i = 0; i < n; i++) {
            logPi[i] = Stable.logOrMask(pi[i]);
            if (pi[i] > 0) {
                checkWeights[nl] = pi[i];
                checkLive[nl++] = i;
            }
        }
        checkCount = nl;
    }

    /**
     * The estimated error of {@link #loss()} (and, in population mode, of {@link #logLikelihood()}):
     * {@code |KL − KL'|} with KL' on the rule's second rule, or three standard errors of the Monte
     * Carlo proxy. NaN for an engine built without a {@link PopulationRule}.
     */
    public double lossError() {
        check();
        return lossError;
    }

    /**
     * The estimated error of the step at the current state (population mode): the largest difference
     * of {@code E[ψ_i]} and of {@code η E[ψ_i (x − μ_i)]} (the mean move) between the rule and its
     * second rule (or three standard errors of the Monte Carlo proxy), at the current π and μ. 0 in
     * sample mode (the sample step is exact); NaN without a {@link PopulationRule}.
     */
    public double stepError() {
        check();
        return stepError;
    }

    /**
     * The check pass's sums at the current state, for tests: with the second rule {@code Σ w f},
     * {@code Σ w|f|} ({@code f = log p* − log p_t}), {@code Σ w ψ_i} (n), {@code Σ w ψ_i (x − μ_i)} (n·d);
     * with the Monte Carlo proxy {@code Σ w f}, {@code Σ w f²}, then the same n + n·d sums and the sums of
     * their terms' squares (in sample mode only the first two are computed, the rest are 0).
     */
    double[] checkSums() {
        checkValid = false;
        check();
        return checkOut.clone();
    }

    /** One pass over the rule's check at the current state: fills {@link #lossError} and {@link #stepError}. */
    private void check() {
        if (checkValid) {
            return;
        }
        if (rule == null) {
            lossError = Double.NaN;
            stepError = Double.NaN;
            checkValid = true;
            return;
        }
        double kl = loss();
        boolean mc = rule.kind() == PopulationRule.Check.MONTE_CARLO;
        WeightedPoints grid = rule.check();
        int width = mc ? 2 + 2 * (n + n * d) : 2 + n + n * d;
        if (checkSums == null) {
            checkSums = new ChunkedSums(grid.size(), width);
            if ((long) grid.size() * n >= PARALLEL_FACTORS && !checkSums.isParallel()
                    && Runtime.getRuntime().availableProcessors() > 1) {
                checkSums.parallel(true); // as the step's passes: a point costs about n rows' worth
            }
            checkOut = new double[width];
        }
        liveForCheck();
        if (!mc && !checkSweepTried) {
            makeCheckSweep(grid);
        }
        if (checkKernel == null && checkSweep == null) {
            checkBlocks = blockGrid(grid, mc ? monteCarloLogTruth(grid) : logTruthCheck);
            // the sums of ψ and of the mean moves serve the step's estimate, in population mode only
            final int used = populationMode ? width : 2;
            checkKernel = (from, to, acc, off) -> klChunk(checkBlocks, used, mc, from, to, acc, off);
        }
        final int moments = n + n * d;
        if (checkSweep != null && !populationMode) {
            checkSweep.prepare(checkCount, checkLive, mu);
            checkSweepSums.sum(checkKlKernel, checkSweepOut);
            checkOut[0] = checkSweepOut[0];
            checkOut[1] = checkSweepOut[1];
        } else if (checkSweep != null) {
            checkSweep.prepare(checkCount, checkLive, mu);
            checkSweepSums.sum(checkSweepKernel, checkSweepOut);
            // into the check's layout: Σ w f, Σ w|f|, Σ w ψ_i, Σ w ψ_i (x − μ_i) = Σ w ψ_i x − μ_i Σ w ψ_i
            checkOut[0] = checkSweepOut[moments + 1];
            checkOut[1] = checkSweepOut[moments + 2];
            for (int i = 0; i < n; i++) {
                double s = checkSweepOut[i];
                checkOut[2 + i] = s;
                for (int c = 0; c < d; c++) {
                    checkOut[2 + n + i * d + c] = checkSweepOut[n + i * d + c] - mu[i * d + c] * s;
                }
            }
        } else {
            checkSums.sum(checkKernel, checkOut);
        }
        if (mc) {
            int size = grid.size();
            lossError = PopulationRule.STANDARD_ERRORS * standardError(checkOut[0], checkOut[1], size);
            double worst = 0;
            if (populationMode) {
                for (int i = 0; i < n; i++) {
                    worst = Math.max(worst, standardError(checkOut[2 + i], checkOut[2 + moments + i], size));
                    for (int c = 0; c < d; c++) {
                        int g = 2 + n + i * d + c;
                        worst = Math.max(worst, eta * standardError(checkOut[g], checkOut[g + moments], size));
                    }
                }
            }
            stepError = PopulationRule.STANDARD_ERRORS * worst;
        } else {
            double klCheck = checkOut[0];
            // the difference of the two rules, plus the rounding: of a sum of terms of total size Σ w|f|, and of
            // each term f = ℓ* − lse, a difference of numbers of size |ℓ*| (which stays when KL → 0)
            lossError = Math.abs(kl - klCheck) + ROUNDING * (checkOut[1] + lossTruthSize);
            double worst = 0;
            if (populationMode) {
                sweep();
                for (int i = 0; i < n; i++) {
                    double s = sweepOut[i];
                    worst = Math.max(worst, Math.abs(s - checkOut[2 + i]));
                    for (int c = 0; c < d; c++) {
                        double move = sweepOut[n + i * d + c] - s * mu[i * d + c];
                        worst = Math.max(worst, eta * Math.abs(move - checkOut[2 + n + i * d + c]));
                    }
                }
            }
            stepError = worst;
        }
        checkValid = true;
    }

    /**
     * The check on a lattice's second rule by the factored passes ({@link FactoredSweep}), made with the first
     * check when the second rule's runs are slices of its columns: in population mode its full pass gives every
     * sum of the check (ψ's first moments about the origin, from which the moves about μ_i follow), in sample
     * mode its KL pass the KL sums; (runs + columns) × live exponentials instead of one per point and component.
     */
    private void makeCheckSweep(WeightedPoints grid) {
        checkSweepTried = true;
        FactoredGrid lattice = FactoredGrid.of(grid);
        if (lattice == null || !lattice.contiguous()) {
            return;
        }
        checkSweep = new FactoredSweep(lattice, grid, n, logTruthCheck);
        checkSweepSums = new ChunkedSums(grid.size(), n + n * d + 3, FactoredSweep.chunkRows(grid.size(), BLOCK));
        if ((long) grid.size() * n >= PARALLEL_FACTORS && !checkSweepSums.isParallel()
                && Runtime.getRuntime().availableProcessors() > 1) {
            checkSweepSums.parallel(true);
        }
        checkSweepOut = new double[n + n * d + 3];
        final double[] gx = grid.x();
        final FactoredSweep.Rescue atCheck = (p, wp, acc, off, full) -> rescue(gx, p, wp, acc, off, full);
        final FactoredSweep.LogDensity direct = p -> logDensityAt(gx, p);
        checkSweepKernel = (from, to, acc, off) -> checkSweep.chunk(from, to, checkWeights, checkLive, acc, off, true,
                true, atCheck);
        checkKlKernel = (from, to, acc, off) -> checkSweep.klChunk(from, to, checkWeights, acc, off, false, direct);
    }

    /** Per-thread scratch of the check pass: one block's exponents per live component, per-point arrays, lane sums. */
    private static final class CheckScratch {
        final double[][] a;
        final double[] top = new double[BLOCK];
        final double[] sum = new double[BLOCK];
        final double[] lse = new double[BLOCK];
        final double[] psi = new double[BLOCK];
        final double[] k = new double[BLOCK];
        final double[][] lanes; // one per entry of the check's output

        CheckScratch(int n, int width) {
            a = new double[n][BLOCK];
            lanes = new double[width][BLOCK];
        }
    }

    /**
     * A grid of the KL and check passes per block of {@link #BLOCK} points: coordinates coordinate-major,
     * weights, and {@code lt} with {@code lt − lse = log p* − log p_t} at each point (lse the log-sum-exp of
     * the scores {@code log π_i − ‖x − μ_i‖²/2}): for grids that are not a lattice's runs and columns (a
     * sample, the Monte Carlo proxy; a lattice goes to {@link FactoredSweep}). Made once per grid: none of it
     * changes along a run.
     */
    private record BlockGrid(double[][][] x, double[][] w, double[][] lt) {
    }

    private BlockGrid blockGrid(WeightedPoints grid, double[] lt) {
        int size = grid.size();
        int blocks = Math.max(1, (size + BLOCK - 1) / BLOCK);
        double[][][] bx = new double[blocks][][];
        double[][] bw = new double[blocks][];
        double[][] bl = new double[blocks][];
        double[] x = grid.x();
        for (int g = 0; g < blocks; g++) {
            int from = g * BLOCK;
            int len = Math.max(0, Math.min(size, from + BLOCK) - from);
            bx[g] = new double[d][len];
            bw[g] = java.util.Arrays.copyOfRange(grid.w(), from, from + len);
            bl[g] = java.util.Arrays.copyOfRange(lt, from, from + len);
            for (int q = 0; q < len; q++) {
                for (int c = 0; c < d; c++) {
                    bx[g][c][q] = x[(from + q) * d + c];
                }
            }
        }
        return new BlockGrid(bx, bw, bl);
    }

    /** {@code log Σ_k π*_k exp(−‖x − μ*_k‖²/2)} at every point of the Monte Carlo proxy (its 2π terms cancel against lse's). */
    private double[] monteCarloLogTruth(WeightedPoints grid) {
        int tm = truth.m();
        double[] tw = truth.weights();
        double[] tMu = truth.means();
        double[] tLog = new double[tm];
        for (int k = 0; k < tm; k++) {
            tLog[k] = Stable.logOrMask(tw[k]);
        }
        double[] b = new double[tm];
        double[] x = grid.x();
        double[] out = new double[grid.size()];
        for (int p = 0; p < out.length; p++) {
            for (int k = 0; k < tm; k++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double u = x[p * d + c] - tMu[k * d + c];
                    s += u * u;
                }
                b[k] = tLog[k] - 0.5 * s;
            }
            out[p] = Stable.logSumExp(b, 0, tm);
        }
        return out;
    }

    /**
     * One chunk of the check pass ({@link #check()}) or of the KL on a loss grid of its own
     * ({@link #klOnLossGrid()}), block by block of {@link #BLOCK} points: the scores of the live
     * components from the block's coordinate arrays, their softmax with the vectorised exp, then the KL
     * terms {@code w f} and {@code w|f|} (Monte Carlo: {@code w f²}) and, when {@code width > 2} (the check
     * in population mode: the step's estimate), the weight terms {@code w ψ_i} and the moment terms
     * {@code w ψ_i (x − μ_i)} (Monte Carlo: and their squares), added elementwise into lane sums, one set of {@link #BLOCK} lanes per output entry, which
     * are added up once per chunk in a fixed order. Every loop runs elementwise over the block's points (SIMD
     * code; the normalisers' logarithms by {@link SweepMath#logBlock}, within 1 ulp of {@code Math.log}); each
     * term is the point-by-point form's up to that ulp, and the sums differ from its in the order of the
     * additions ({@code OverparamKernelEqualityTest}).
     */
    private void klChunk(BlockGrid grid, int width, boolean mc, int from, int to, double[] acc, int off) {
        if (from % BLOCK != 0) {
            throw new IllegalArgumentException("a chunk must start at a block (a multiple of " + BLOCK + "), not " + from);
        }
        final CheckScratch sc = checkScratch.get();
        final int count = checkCount;
        final int[] lv = checkLive;
        final int moments = n + n * d;
        final double[][] lanes = sc.lanes;
        for (int e = 0; e < width; e++) {
            java.util.Arrays.fill(lanes[e], 0.0);
        }
        final double[] top = sc.top;
        final double[] sum = sc.sum;
        final double[] lse = sc.lse;
        final double[] psi = sc.psi;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            final int g = b0 / BLOCK;
            final int len = Math.min(to, b0 + BLOCK) - b0;
            final double[][] xb = grid.x()[g];
            final double[] w = grid.w()[g];
            final double[] lt = grid.lt()[g];
            java.util.Arrays.fill(top, 0, len, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < count; j++) {
                int mo = lv[j] * d;
                double lp = logPi[lv[j]];
                double[] a = sc.a[j];
                squaredDistances(xb, mu, mo, len, a);
                for (int q = 0; q < len; q++) {
                    double v = lp - 0.5 * a[q];
                    a[q] = v;
                    top[q] = Math.max(top[q], v);
                }
            }
            // softmax with the vectorised exp (a diagnostic pass: 2 ulps are plenty)
            java.util.Arrays.fill(sum, 0, len, 0.0);
            for (int j = 0; j < count; j++) {
                double[] a = sc.a[j];
                for (int q = 0; q < len; q++) {
                    double u = a[q] - top[q];
                    a[q] = u < SweepMath.EXP_NORMAL_BELOW ? SweepMath.EXP_FLUSH : u;
                }
                SweepMath.expBlock(a, len, sc.k);
                for (int q = 0; q < len; q++) {
                    sum[q] += a[q];
                }
            }
            System.arraycopy(sum, 0, lse, 0, len); // each sum at least 1 (its largest term): logBlock's domain
            SweepMath.logBlock(lse, len);
            for (int q = 0; q < len; q++) {
                lse[q] += top[q];
            }
            for (int q = 0; q < len; q++) {
                sum[q] = 1 / sum[q];
            }
            final double[] inv = sum;
            final double[] l0 = lanes[0];
            final double[] l1 = lanes[1];
            if (mc) {
                for (int q = 0; q < len; q++) {
                    double f = lt[q] - lse[q]; // log p* − log p_t
                    l0[q] += w[q] * f;
                    l1[q] += w[q] * f * f;
                }
            } else {
                for (int q = 0; q < len; q++) {
                    double f = lt[q] - lse[q];
                    l0[q] += w[q] * f;
                    l1[q] += w[q] * Math.abs(f);
                }
            }
            for (int j = 0; width > 2 && j < count; j++) {
                int i = lv[j];
                double[] a = sc.a[j];
                double[] m1 = lanes[2 + i];
                for (int q = 0; q < len; q++) {
                    double ps = a[q] * inv[q];
                    psi[q] = ps;
                    m1[q] += w[q] * ps;
                }
                if (mc) {
                    double[] m2 = lanes[2 + moments + i];
                    for (int q = 0; q < len; q++) {
                        m2[q] += w[q] * psi[q] * psi[q];
                    }
                }
                int mo = i * d;
                for (int c = 0; c < d; c++) {
                    double[] xc = xb[c];
                    double mean = mu[mo + c];
                    double[] g1 = lanes[2 + n + mo + c];
                    for (int q = 0; q < len; q++) {
                        g1[q] += w[q] * (psi[q] * (xc[q] - mean));
                    }
                    if (mc) {
                        double[] g2 = lanes[2 + moments + n + mo + c];
                        for (int q = 0; q < len; q++) {
                            double gq = psi[q] * (xc[q] - mean);
                            g2[q] += w[q] * gq * gq;
                        }
                    }
                }
            }
        }
        for (int e = 0; e < width; e++) {
            acc[off + e] += SweepMath.sum(lanes[e], 0, BLOCK);
        }
    }

    /** The standard error of a weighted mean with weights 1/size from its first two moments. */
    private static double standardError(double mean, double meanSquare, int size) {
        return Math.sqrt(Math.max(0, meanSquare - mean * mean) / size);
    }

    /** {@code max_k min_{i: π_i > 0} ‖μ_i − μ*_k‖}: below about 1 every true centre has a component near it. */
    public double coverage() {
        double worst = 0;
        for (int k = 0; k < truth.m(); k++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (!(pi[i] > 0)) {
                    continue;
                }
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double u = mu[i * d + c] - truth.mean(k, c);
                    s += u * u;
                }
                best = Math.min(best, s);
            }
            worst = Math.max(worst, best);
        }
        return Math.sqrt(worst);
    }

    /** Number of components with π_i &gt; {@link #ACTIVE_THRESHOLD}. */
    public int active() {
        int c = 0;
        for (double p : pi) {
            if (p > ACTIVE_THRESHOLD) {
                c++;
            }
        }
        return c;
    }

    @Override
    public void row(double[] out) {
        out[0] = loss();
        out[1] = active();
        out[2] = logLikelihood();
        out[3] = coverage();
        System.arraycopy(pi, 0, out, METRICS, n);
        System.arraycopy(mu, 0, out, METRICS + n, n * d);
        if (rule != null) {
            errorLog.put(t, lossError(), stepError());
        }
    }

    @Override
    public double[] state() {
        double[] s = new double[n + n * d];
        System.arraycopy(pi, 0, s, 0, n);
        System.arraycopy(mu, 0, s, n, n * d);
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        pi = Arrays.copyOfRange(state, 0, n);
        mu = Arrays.copyOfRange(state, n, n + n * d);
        sweepValid = false;
        factorsValid = false;
        lossValid = false;
        checkValid = false;
        captionKind = 0;
        restored(iteration);
    }

    /**
     * The error estimates of every row written so far, by iteration: entry 0 is {@link #lossError()},
     * entry 1 {@link #stepError()} (docs/labs/gmm-overparam.md, "Metrics").
     */
    public ErrorLog errorLog() {
        return errorLog;
    }

    /** The population rule and its check, or null when the engine has none. */
    public PopulationRule populationRule() {
        return rule;
    }

    /** A copy of the weights. */
    public double[] weights() {
        return pi.clone();
    }

    /** A copy of the means (row-major n × d). */
    public double[] means() {
        return mu.clone();
    }

    /** Number of model components n. */
    public int components() {
        return n;
    }

    /** Inner weight steps taken by the last weight step. */
    public int lastInnerSteps() {
        return lastInnerSteps;
    }

    /** The largest weight change of the last inner step. */
    public double lastWeightChange() {
        return lastWeightChange;
    }

    /** The step size η. */
    public double eta() {
        return eta;
    }
}
