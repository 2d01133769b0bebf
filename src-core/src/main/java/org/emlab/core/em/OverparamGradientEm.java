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
    /** The same at the points of the rule's second rule (null without one). */
    private final double[] logTruthCheck;
    private double sweepKl;
    private final UnitGaussianMixture truth;
    private final int n;
    private final int d;
    private final double eta;
    private final int innerSteps;
    private final ChunkedSums sums;
    private final ChunkedSums lossSums;
    private final double[] sweepOut;
    private final ChunkedSums weightSums; // the inner weight steps' sums E[ψ_i] alone
    private final double[] weightOut;
    private final double[] factors; // points × live components: exp(−‖x_p − μ_i‖²/2 − c_p) for the current means
    private final double[] shifts; // c_p
    private final int[] live; // the components with π_i > 0 when the factors were filled, ascending
    private int liveCount;
    private boolean factorsValid;
    private final double[] lossOut = new double[1];
    private ChunkedSums checkSums;
    private double[] checkOut;
    private final ThreadLocal<double[]> scratch;
    private final ThreadLocal<double[]> compactSums; // per-chunk sums over the live components

    private double[] pi;
    private double[] mu;
    private final double[] logPi;
    private boolean sweepValid;
    private double sweepLoglik;
    private boolean lossValid;
    private double loss;
    private boolean checkValid;
    private double lossError;
    private double stepError;
    private int lastInnerSteps;
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
        this.sums = new ChunkedSums(points.size(), n + n * d + 2);
        this.sweepOut = new double[n + n * d + 2];
        this.weightSums = new ChunkedSums(points.size(), n);
        this.weightOut = new double[n];
        if ((long) points.size() * n > MAX_FACTORS) {
            throw new IllegalArgumentException(points.size() + " points × " + n + " components is more than "
                    + MAX_FACTORS + " (the Gaussian factors of one sweep are kept in memory)");
        }
        this.factors = new double[points.size() * n];
        this.shifts = new double[points.size()];
        this.live = new int[n];
        this.lossSums = lossGrid == points ? null : new ChunkedSums(lossGrid.size(), 1);
        this.logTruth = shiftedLogTruth(truth, lossGrid);
        this.logTruthCheck = rule != null && rule.kind() == PopulationRule.Check.SECOND_RULE
                ? shiftedLogTruth(truth, rule.check()) : null;
        this.scratch = ThreadLocal.withInitial(() -> new double[Math.max(n, truth.m())]);
        this.compactSums = ThreadLocal.withInitial(() -> new double[n * (1 + d)]);
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
        sweep();
        List<Integer> pruned = new ArrayList<>();
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
                    pruned.add(i);
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
            sweep(); // the last inner step: the full sweep, for the mean step and ℓ
            break;
        }
        lastInnerSteps = k;
        lastWeightChange = change;
        for (int i : pruned) {
            events.add("component " + (i + 1) + " pruned (its weight underflowed to 0)");
        }
        phase = Phase.AFTER_E;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "weight step: %d inner EM step%s, last max|Δπ| = %.2g", k, k == 1 ? "" : "s", change));
        if (!pruned.isEmpty()) {
            sb.append("; pruned ");
            for (int j = 0; j < pruned.size(); j++) {
                sb.append(j == 0 ? "" : ", ").append(pruned.get(j) + 1);
            }
        }
        sb.append(String.format(Locale.ROOT, " (%d of %d components alive)", countPositive(), n));
        caption = sb.toString();
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
        caption = String.format(Locale.ROOT, "mean step (η = %s): means moved by at most %.3g", fmt(eta), moved);
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
     */
    private void sweep() {
        if (sweepValid) {
            return;
        }
        final boolean fill = !factorsValid;
        if (fill) {
            compactLive();
        }
        final int nl = liveCount;
        final int[] lv = live;
        final double[] wl = liveWeights();
        final double[] x = points.x();
        final double[] w = points.w();
        final double[] ex = factors;
        final double[] shift = shifts;
        final int width = n + n * d + 2;
        final double[] lt = lossGrid == points ? logTruth : null;
        sums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double[] cs = compactSums.get();
            java.util.Arrays.fill(cs, 0, nl * (1 + d), 0.0);
            double lse = 0;
            double kl = 0;
            for (int p = from; p < to; p++) {
                int xo = p * d;
                int eo = p * nl;
                if (fill) {
                    double c = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < nl; j++) {
                        double s = 0;
                        int mo = lv[j] * d;
                        for (int k = 0; k < d; k++) {
                            double u = x[xo + k] - mu[mo + k];
                            s += u * u;
                        }
                        a[j] = -0.5 * s;
                        if (a[j] > c) {
                            c = a[j];
                        }
                    }
                    if (c == Double.NEGATIVE_INFINITY) {
                        c = 0;
                    }
                    shift[p] = c;
                    for (int j = 0; j < nl; j++) {
                        ex[eo + j] = Math.exp(a[j] - c);
                    }
                }
                double total = dot(wl, ex, eo, nl);
                double wp = w[p];
                if (total >= SHIFT_RESCUE) {
                    double lp = Math.log(total) + shift[p];
                    lse += wp * lp;
                    if (lt != null) {
                        kl += wp * (lt[p] - lp);
                    }
                    double scale = wp / total;
                    for (int j = 0; j < nl; j++) {
                        double wi = scale * wl[j] * ex[eo + j];
                        cs[j] += wi;
                        int co = nl + j * d;
                        for (int k = 0; k < d; k++) {
                            cs[co + k] += wi * x[xo + k];
                        }
                    }
                } else {
                    logScores(x, xo, a);
                    double lp = Stable.softmaxInPlace(a, 0, n);
                    lse += wp * lp;
                    if (lt != null) {
                        kl += wp * (lt[p] - lp);
                    }
                    for (int i = 0; i < n; i++) {
                        double wi = a[i] * wp;
                        if (wi == 0) {
                            continue;
                        }
                        acc[off + i] += wi;
                        int ao = off + n + i * d;
                        for (int k = 0; k < d; k++) {
                            acc[ao + k] += wi * x[xo + k];
                        }
                    }
                }
            }
            for (int j = 0; j < nl; j++) {
                int i = lv[j];
                acc[off + i] += cs[j];
                int ao = off + n + i * d;
                int co = nl + j * d;
                for (int k = 0; k < d; k++) {
                    acc[ao + k] += cs[co + k];
                }
            }
            acc[off + width - 2] += lse;
            acc[off + width - 1] += kl;
        }, sweepOut);
        factorsValid = true;
        sweepLoglik = sweepOut[width - 2] - d * HALF_LOG_2PI;
        sweepKl = sweepOut[width - 1];
        sweepValid = true;
    }

    /** The weights of the live components, in the order of {@link #live}. */
    private double[] liveWeights() {
        double[] wl = new double[liveCount];
        for (int j = 0; j < liveCount; j++) {
            wl[j] = pi[live[j]];
        }
        return wl;
    }

    /**
     * {@code Σ_j w[j] e[off + j]} with four running sums (so that the products do not wait on one
     * another); every pass uses this one function, so the full and the weights-only passes give the
     * same sums bit for bit.
     */
    static double dot(double[] w, double[] e, int off, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += w[j] * e[off + j];
            s1 += w[j + 1] * e[off + j + 1];
            s2 += w[j + 2] * e[off + j + 2];
            s3 += w[j + 3] * e[off + j + 3];
        }
        for (; j < len; j++) {
            s0 += w[j] * e[off + j];
        }
        return (s0 + s1) + (s2 + s3);
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
     * Gaussian factors of the current means: what an inner weight step needs. The same expressions
     * in the same order as {@link #sweep()}, so the sums are bit-for-bit those of a full sweep, at
     * about a third of its cost (no {@code E[ψ_i x]}, no logarithm).
     */
    private void weightSweep() {
        final int nl = liveCount;
        final int[] lv = live;
        final double[] wl = liveWeights();
        final double[] x = points.x();
        final double[] w = points.w();
        final double[] ex = factors;
        weightSums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double[] cs = compactSums.get();
            java.util.Arrays.fill(cs, 0, nl, 0.0);
            for (int p = from; p < to; p++) {
                int eo = p * nl;
                double total = dot(wl, ex, eo, nl);
                double wp = w[p];
                if (total >= SHIFT_RESCUE) {
                    double scale = wp / total;
                    for (int j = 0; j < nl; j++) {
                        cs[j] += scale * wl[j] * ex[eo + j];
                    }
                } else {
                    logScores(x, p * d, a);
                    Stable.softmaxInPlace(a, 0, n);
                    for (int i = 0; i < n; i++) {
                        double wi = a[i] * wp;
                        if (wi != 0) {
                            acc[off + i] += wi;
                        }
                    }
                }
            }
            for (int j = 0; j < nl; j++) {
                acc[off + lv[j]] += cs[j];
            }
        }, weightOut);
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
            loss = klOn(lossGrid, logTruth, lossSums, lossOut);
        }
        lossValid = true;
        return loss;
    }

    /**
     * {@code KL = Σ_p w_p (log p*(x_p) − log p_t(x_p))} on {@code grid}, summed per point (so that a small KL
     * is not the difference of two large sums), live components only.
     */
    private double klOn(WeightedPoints grid, double[] lt, ChunkedSums buffer, double[] out) {
        int nl = 0;
        final int[] lv = new int[n];
        for (int i = 0; i < n; i++) {
            logPi[i] = Stable.logOrMask(pi[i]);
            if (pi[i] > 0) {
                lv[nl++] = i;
            }
        }
        final int count = nl;
        final double[] x = grid.x();
        final double[] w = grid.w();
        buffer.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double s0 = 0;
            for (int p = from; p < to; p++) {
                for (int j = 0; j < count; j++) {
                    int i = lv[j];
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        double u = x[p * d + c] - mu[i * d + c];
                        s += u * u;
                    }
                    a[j] = logPi[i] - 0.5 * s;
                }
                s0 += w[p] * (lt[p] - Stable.logSumExp(a, 0, count));
            }
            acc[off] += s0;
        }, out);
        return out[0];
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
            checkOut = new double[width];
        }
        final int[] lv = new int[n];
        int nl = 0;
        for (int i = 0; i < n; i++) {
            logPi[i] = Stable.logOrMask(pi[i]);
            if (pi[i] > 0) {
                lv[nl++] = i;
            }
        }
        final int count = nl;
        final double[] x = grid.x();
        final double[] w = grid.w();
        final int moments = n + n * d;
        final double[] tw = truth.weights();
        final double[] tLog = new double[truth.m()];
        for (int k = 0; k < truth.m(); k++) {
            tLog[k] = Stable.logOrMask(tw[k]);
        }
        final double[] tMu = truth.means();
        final int tm = truth.m();
        final double[] ltc = logTruthCheck;
        checkSums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double[] b = new double[tm];
            double[] kk = new double[Math.max(count, 1)];
            for (int p = from; p < to; p++) {
                int xo = p * d;
                double top = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < count; j++) {
                    int i = lv[j];
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        double u = x[xo + c] - mu[i * d + c];
                        s += u * u;
                    }
                    a[j] = logPi[i] - 0.5 * s;
                    top = Math.max(top, a[j]);
                }
                // softmax with the vectorised exp (a diagnostic pass: 2 ulps are plenty)
                for (int j = 0; j < count; j++) {
                    double u = a[j] - top;
                    a[j] = u < SweepMath.EXP_NORMAL_BELOW ? SweepMath.EXP_FLUSH : u;
                }
                SweepMath.expBlock(a, count, kk);
                double sum = 0;
                for (int j = 0; j < count; j++) {
                    sum += a[j];
                }
                double lse = top + Math.log(sum);
                double inv = 1 / sum;
                for (int j = 0; j < count; j++) {
                    a[j] *= inv;
                }
                double wp = w[p];
                if (mc) {
                    for (int k = 0; k < tm; k++) {
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            double u = x[xo + c] - tMu[k * d + c];
                            s += u * u;
                        }
                        b[k] = tLog[k] - 0.5 * s;
                    }
                    double f = Stable.logSumExp(b, 0, tm) - lse; // log p* − log p_t (the 2π terms cancel)
                    acc[off] += wp * f;
                    acc[off + 1] += wp * f * f;
                } else {
                    double f = ltc[p] - lse;
                    acc[off] += wp * f;
                    acc[off + 1] += wp * Math.abs(f);
                }
                int base = off + 2;
                for (int j = 0; j < count; j++) {
                    int i = lv[j];
                    double psi = a[j];
                    if (psi == 0) {
                        continue;
                    }
                    if (mc) {
                        acc[base + i] += wp * psi;
                        acc[base + moments + i] += wp * psi * psi;
                    } else {
                        acc[base + i] += wp * psi;
                    }
                    int go = base + n + i * d;
                    for (int c = 0; c < d; c++) {
                        double g = psi * (x[xo + c] - mu[i * d + c]);
                        acc[go + c] += wp * g;
                        if (mc) {
                            acc[go + moments + c] += wp * g * g;
                        }
                    }
                }
            }
        }, checkOut);
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
            // the difference of the two rules, plus the rounding of a sum of terms of total size Σ w|f|
            lossError = Math.abs(kl - klCheck) + ROUNDING * checkOut[1];
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
