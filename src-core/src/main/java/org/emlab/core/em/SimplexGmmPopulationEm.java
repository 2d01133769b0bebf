package org.emlab.core.em;

import java.util.List;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.text.Numbers;

/**
 * Population EM for the simplex mixture fitted to {@code N(0, I_d)} (arXiv 2506.11850; docs/labs
 * §3.4): {@code θ_{t+1} = Σ_j E[w_j(X) (R^j)ᵀ X]}, integrated over the simplex subspace S by
 * {@link SimplexPopulation}. Near θ = 0 it contracts each Fourier mode by {@code 1 − |F_l|²}, so
 * KL decays like {@code (1 − min_l |F_l|²)^{2t}} when the weights meet the DFT condition, and
 * like {@code (k−1)/(16t²)} for uniform weights.
 *
 * <p>The run is finished at the rounding floor {@code ‖θ‖ < 1e-14} (KL ≈ 1e-29), below which the
 * quadrature sums are noise. The {@code loglik} column is the expected log-likelihood per sample,
 * {@code −(d/2) log(2πe) − KL}.
 */
public final class SimplexGmmPopulationEm extends HalfStepEngine {
    /** Stop below this ‖θ‖ (the quadrature's rounding floor). */
    public static final double ROUNDING_FLOOR = 1e-14;

    private final SimplexGeometry geo;
    private final SimplexPopulation population;
    private final double[] pi;
    private final int k;
    private final int d;
    private double[] theta;

    public SimplexGmmPopulationEm(SimplexGeometry geo, double[] pi, int d, double[] theta0, SimplexPopulation population) {
        this.geo = geo;
        this.population = population;
        this.pi = pi.clone();
        this.k = geo.k();
        this.d = d;
        this.theta = theta0.clone();
    }

    @Override
    public List<String> columns() {
        return SimplexGmmEm.columns(k, d);
    }

    @Override
    public int metricCount() {
        return 4;
    }

    /** Exact EM: the (expected) log-likelihood never decreases. */
    @Override
    public String monotoneColumn() {
        return "loglik";
    }

    /**
     * The E-step of the population map: the responsibilities w_j(x) at θ_t for every x (they are
     * integrated against N(0, I) by the M-step); the parameters do not change.
     */
    @Override
    public void eStep() {
        phase = Phase.AFTER_E;
        caption.set("E-step (population): responsibilities w_j(x) at θ_t over the whole space; M integrates them");
    }

    /** The M-step: θ_{t+1} = Σ_j E[w_j(X) (R^j)ᵀ X]. */
    @Override
    public void mStep() {
        double[] next = new double[d];
        population.map(theta, next);
        double moved = 0;
        for (int c = 0; c < d; c++) {
            double dc = next[c] - theta[c];
            moved += dc * dc;
        }
        theta = next;
        t++;
        phase = Phase.BEFORE_E;
        double step = Math.sqrt(moved);
        caption.later(() -> "M-step (population): means moved by " + Numbers.compact(step));
    }

    @Override
    public boolean finished() {
        return radius() < ROUNDING_FLOOR;
    }

    private double radius() {
        double r2 = 0;
        for (double v : theta) {
            r2 += v * v;
        }
        return Math.sqrt(r2);
    }

    @Override
    public void row(double[] out) {
        double kl = population.kl(theta);
        out[0] = kl;
        out[1] = -0.5 * d * Math.log(2 * Math.PI * Math.E) - kl;
        out[2] = radius();
        out[3] = population.meanNorm(theta);
        System.arraycopy(pi, 0, out, 4, k);
        double[] mj = new double[d];
        for (int j = 0; j < k; j++) {
            geo.applyR(j, theta, mj);
            System.arraycopy(mj, 0, out, 4 + k + j * d, d);
        }
    }

    @Override
    public double[] state() {
        return theta.clone();
    }

    @Override
    public void restore(double[] state, int iteration) {
        theta = state.clone();
        restored(iteration);
    }

    /** A copy of θ_t. */
    public double[] theta() {
        return theta.clone();
    }
}
