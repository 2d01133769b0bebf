package org.emlab.core.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.Stable;
import org.emlab.core.model.WeightedPoints;

/**
 * Gradient EM with near-optimal weights for an over-parameterised Gaussian mixture with identity
 * covariances, {@code p(x) = Σ_{i≤n} π_i N(x; μ_i, I_d)}, fitted to a truth with m &lt; n components
 * (arXiv 2506.06584, Zhou, Xu, Fazel &amp; Du; MODELS.md §5.3). One outer iteration:
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
 * ({@code max_k min_{i: π_i>0} ‖μ_i − μ*_k‖}), then {@code pi_i} and {@code mu_i_c}.
 */
public final class OverparamGradientEm extends HalfStepEngine {
    /** A weight above this counts as active (MODELS.md §5.5). */
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
    /** Number of metric columns. */
    public static final int METRICS = 4;

    private static final double HALF_LOG_2PI = Stable.HALF_LOG_2PI;

    private final WeightedPoints points;
    private final WeightedPoints lossGrid;
    private final double expectedLogTruth;
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
    private final double[] factors; // points × n: exp(−‖x_p − μ_i‖²/2 − c_p) for the current means
    private final double[] shifts; // c_p
    private boolean factorsValid;
    private final double[] lossOut = new double[1];
    private final ThreadLocal<double[]> scratch;

    private double[] pi;
    private double[] mu;
    private final double[] logPi;
    private boolean sweepValid;
    private double sweepLoglik;
    private boolean lossValid;
    private double loss;
    private int lastInnerSteps;
    private double lastWeightChange;

    /**
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
        this.points = points;
        this.lossGrid = lossGrid;
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
        this.sums = new ChunkedSums(points.size(), n + n * d + 1);
        this.sweepOut = new double[n + n * d + 1];
        this.weightSums = new ChunkedSums(points.size(), n);
        this.weightOut = new double[n];
        if ((long) points.size() * n > MAX_FACTORS) {
            throw new IllegalArgumentException(points.size() + " points × " + n + " components is more than "
                    + MAX_FACTORS + " (the Gaussian factors of one sweep are kept in memory)");
        }
        this.factors = new double[points.size() * n];
        this.shifts = new double[points.size()];
        this.lossSums = lossGrid == points ? null : new ChunkedSums(lossGrid.size(), 1);
        this.expectedLogTruth = truth.expectedLogDensity(lossGrid);
        this.scratch = ThreadLocal.withInitial(() -> new double[n]);
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

    /** (W)+(E) changes the weights, (M) the means: MODELS.md §5.3. */
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
        final double[] x = points.x();
        final double[] w = points.w();
        final double[] ex = factors;
        final double[] shift = shifts;
        final double[] weights = pi;
        final int width = n + n * d + 1;
        sums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            double lse = 0;
            for (int p = from; p < to; p++) {
                int xo = p * d;
                int eo = p * n;
                if (fill) {
                    double c = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        double s = 0;
                        int mo = i * d;
                        for (int k = 0; k < d; k++) {
                            double u = x[xo + k] - mu[mo + k];
                            s += u * u;
                        }
                        a[i] = -0.5 * s;
                        if (weights[i] > 0 && a[i] > c) {
                            c = a[i];
                        }
                    }
                    if (c == Double.NEGATIVE_INFINITY) {
                        c = 0;
                    }
                    shift[p] = c;
                    for (int i = 0; i < n; i++) {
                        ex[eo + i] = Math.exp(a[i] - c);
                    }
                }
                double total = 0;
                for (int i = 0; i < n; i++) {
                    total += weights[i] * ex[eo + i];
                }
                double wp = w[p];
                if (total >= SHIFT_RESCUE) {
                    lse += wp * (Math.log(total) + shift[p]);
                    double scale = wp / total;
                    for (int i = 0; i < n; i++) {
                        a[i] = scale * weights[i] * ex[eo + i];
                    }
                } else {
                    logScores(x, xo, a);
                    lse += wp * Stable.softmaxInPlace(a, 0, n);
                    for (int i = 0; i < n; i++) {
                        a[i] *= wp;
                    }
                }
                for (int i = 0; i < n; i++) {
                    double wi = a[i];
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
            acc[off + width - 1] += lse;
        }, sweepOut);
        factorsValid = true;
        sweepLoglik = sweepOut[width - 1] - d * HALF_LOG_2PI;
        sweepValid = true;
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
        final double[] x = points.x();
        final double[] w = points.w();
        final double[] ex = factors;
        final double[] weights = pi;
        weightSums.sum((from, to, acc, off) -> {
            double[] a = scratch.get();
            for (int p = from; p < to; p++) {
                int eo = p * n;
                double total = 0;
                for (int i = 0; i < n; i++) {
                    total += weights[i] * ex[eo + i];
                }
                double wp = w[p];
                if (total >= SHIFT_RESCUE) {
                    double scale = wp / total;
                    for (int i = 0; i < n; i++) {
                        double wi = scale * weights[i] * ex[eo + i];
                        if (wi != 0) {
                            acc[off + i] += wi;
                        }
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
        double l;
        if (lossSums == null) {
            l = logLikelihood();
        } else {
            for (int i = 0; i < n; i++) {
                logPi[i] = Stable.logOrMask(pi[i]);
            }
            final double[] x = lossGrid.x();
            final double[] w = lossGrid.w();
            lossSums.sum((from, to, acc, off) -> {
                double[] a = scratch.get();
                double s0 = 0;
                for (int p = from; p < to; p++) {
                    for (int i = 0; i < n; i++) {
                        if (logPi[i] == Double.NEGATIVE_INFINITY) {
                            a[i] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            double u = x[p * d + c] - mu[i * d + c];
                            s += u * u;
                        }
                        a[i] = logPi[i] - 0.5 * s;
                    }
                    s0 += w[p] * Stable.logSumExp(a, 0, n);
                }
                acc[off] += s0;
            }, lossOut);
            l = lossOut[0] - d * HALF_LOG_2PI;
        }
        loss = expectedLogTruth - l;
        lossValid = true;
        return loss;
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
        restored(iteration);
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
