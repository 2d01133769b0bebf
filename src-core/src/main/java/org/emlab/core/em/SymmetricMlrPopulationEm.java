package org.emlab.core.em;

import java.util.List;
import java.util.Locale;
import org.emlab.core.text.Numbers;

/**
 * Population EM for two-component symmetric mixed linear regression with weights (arXiv
 * 2508.10154; docs/labs/mlr-overspec.md#population-update): {@code θ⁺ = E[tanh(Y<X,θ>/σ² + ν) Y X]},
 * {@code τ⁺ = E[tanh(Y<X,θ>/σ² + ν)]} (τ kept when the weights are fixed), computed by
 * {@link SymmetricMlrPopulation}: the exact 1-D reduction when θ* = 0, the MLR kit with n = 1
 * otherwise.
 *
 * <p>With θ* = 0, balanced weights give {@code b_t ≈ (b_0⁻² + 6t)^{-1/2}} (sublinear), fixed
 * unbalanced weights {@code b_t ∝ (4π1π2)^t}, and updated unbalanced weights
 * {@code b_t ∝ (1 − τ∞²)^t} with {@code 0 < |τ∞| < |τ_0|}.
 *
 * <p>The {@code loglik} column is the expected log-likelihood per observation,
 * {@code E log p* − KL}. Every row also logs ({@link #errorLog()}) the estimated numerical error of
 * {@code error} (entry 0: the difference between the step on the rule and on its finer rule — panels
 * half as wide, longer ranges — plus one unit in the last place of every coordinate of β, which next
 * to θ* ≠ 0 is the resolution of the iterate) and of {@code kl} (entry 1,
 * {@link SymmetricMlrPopulation#klError}; docs/labs/mlr-overspec.md, "Population update" and "Metrics"). The run is finished at an exact fixed point (θ⁺ = θ and τ⁺ = τ, e.g.
 * when b has underflowed to 0), and with θ* ≠ 0 at the rounding floor ({@link #ROUNDING_FLOOR}).
 */
public final class SymmetricMlrPopulationEm implements StepEngine {
    /**
     * With θ* ≠ 0 the run is finished when a step moves β by less than this times max(σ, ‖β‖) and π₁ by
     * less than this: the MLR kit's integrals are accurate to about 1e-15 relative, so the error has
     * reached its rounding floor (about 1e-14).
     */
    public static final double ROUNDING_FLOOR = 1e-15;

    private final SymmetricMlrPopulation population;
    private final boolean updateWeights;
    private final int d;
    private double[] theta;
    private double pi1;
    private double errorEps;
    private final ErrorLog errorLog = new ErrorLog(2);
    private int t;
    private boolean fixed;
    private final StepCaption caption = new StepCaption("initialised");

    public SymmetricMlrPopulationEm(SymmetricMlrPopulation population, double[] theta0, double pi0, boolean updateWeights) {
        this.population = population;
        this.updateWeights = updateWeights;
        this.d = theta0.length;
        this.theta = theta0.clone();
        this.pi1 = pi0;
    }

    @Override
    public List<String> columns() {
        return SymmetricMlrEm.columns(d);
    }

    @Override
    public int metricCount() {
        return SymmetricMlrEm.METRICS;
    }

    /*
     * No monotoneColumn(): population EM is exact EM on the expected log-likelihood, but that column is
     * E log p* − KL from the Fourier kit, whose terms grow like ‖θ*‖²/σ² (1e12 at snr = 1e6) while ℓ is
     * O(1): at high SNR it is resolved only to about 1e-4 (fuzz: snr=1e6, d=11, pi0=0.0166, seed=724458,
     * ℓ moved in steps of 1.2e-4), far coarser than the 1e-12 relative tolerance a monotone claim is
     * checked with. The sample engine makes the claim; its ℓ is summed without cancellation.
     */

    @Override
    public int iteration() {
        return t;
    }

    @Override
    public void step() {
        double[] next = new double[d];
        double tau = 2 * pi1 - 1;
        double tauNext = population.map(theta, tau, next);
        double[] fine = new double[d];
        population.map(theta, tau, fine, 2);
        errorEps = Math.abs(population.error(fine) - population.error(next)) + rounding(next);
        double nextPi = updateWeights ? SymmetricMlrEm.clampWeight(0.5 * (1 + tauNext)) : pi1;
        // the move and the size of θ in units of σ: at σ = 1e-300 their squares would underflow to 0 and
        // the run would look converged at once
        double sigma = population.sigma();
        double moved = 0;
        double size = 0;
        for (int c = 0; c < d; c++) {
            double dc = (next[c] - theta[c]) / sigma;
            double nc = next[c] / sigma;
            moved += dc * dc;
            size += nc * nc;
        }
        double scale = Math.max(1.0, Math.sqrt(size));
        fixed = (moved == 0 && nextPi == pi1) || (!population.overspecified()
                && Math.sqrt(moved) <= ROUNDING_FLOOR * scale && Math.abs(nextPi - pi1) <= ROUNDING_FLOOR);
        theta = next;
        pi1 = nextPi;
        t++;
        double step = sigma * Math.sqrt(moved);
        double weight = pi1;
        caption.later(() -> "population EM step: β moved by " + Numbers.compact(step, 3)
                + String.format(Locale.ROOT, ", π₁ = %.6f", weight));
    }

    /** The rounding of the iterate: one ulp per coordinate (in quadrature); next to θ* ≠ 0 that is the resolution. */
    private double rounding(double[] th) {
        double s = 0;
        for (double v : th) {
            double u = Math.ulp(v);
            s += u * u;
        }
        return Math.sqrt(s);
    }

    private static double norm2(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return s;
    }

    @Override
    public boolean finished() {
        return fixed;
    }

    @Override
    public void row(double[] out) {
        double kl = population.kl(theta, pi1);
        double eps = t == 0 ? rounding(theta) : errorEps;
        SymmetricMlrEm.writeRow(out, population, population.sigma(), theta, pi1, population.truthLogLik() - kl, kl);
        errorLog.put(t, eps, population.klError(theta, pi1, kl));
    }

    /** β, π₁ and the error estimate of the current row. */
    @Override
    public double[] state() {
        double[] s = new double[d + 2];
        System.arraycopy(theta, 0, s, 0, d);
        s[d] = pi1;
        s[d + 1] = t == 0 ? rounding(theta) : errorEps;
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        theta = java.util.Arrays.copyOf(state, d);
        pi1 = state[d];
        t = iteration;
        errorEps = state[d + 1];
        fixed = false;
        caption.set("at iteration " + iteration);
    }

    @Override
    public String caption() {
        return caption.text();
    }

    public double[] theta() {
        return theta.clone();
    }

    public double pi1() {
        return pi1;
    }

    /** The estimated numerical errors of the rows' {@code error} (entry 0) and {@code kl} (entry 1), by iteration. */
    public ErrorLog errorLog() {
        return errorLog;
    }
}
