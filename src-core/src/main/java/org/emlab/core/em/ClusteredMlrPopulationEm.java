package org.emlab.core.em;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.numeric.MlrKit;
import org.emlab.core.text.Numbers;

/**
 * Population EM for mixed linear regression with clustered data (arXiv 2308.11518; docs/labs/mlr-clustered.md#population-update),
 * beside the population EM that ignores the clusters:
 * <pre>
 *   structured:  M_n(θ) = E[tanh(T) y_1 x_1] = F_V(θ, θ*, n, 0),   T = Σ_{i≤n} y_i &lt;x_i,θ&gt;/σ²
 *   i.i.d.:      M_1(θ) = F_V(θ, θ*, 1, 0)
 * </pre>
 * from the MLR kit, with the contour-shifted tail form {@code θ* − E[(1 − tanh T) y_1 x_1]} from
 * n = {@link MlrKit#TAIL_MIN_N} on. Near θ* the structured map contracts by a factor that decays
 * exponentially in n.
 *
 * <p>Columns: {@code error}, {@code loglik} (expected node log-likelihood per node),
 * {@code iid_error}, {@code iid_loglik} (per sample), {@code beta_c}, {@code iid_beta_c}. Every row
 * also logs ({@link #errorLog()}) the estimated numerical error of its two error columns: the
 * difference between the step on the kit's rule and on its finer rule, plus one unit in the last place
 * of every coordinate — the rounding of an iterate next to θ* (docs/labs/mlr-clustered.md,
 * "Population update"). The
 * expected node log-likelihood is
 * {@code n(−½ log 2πσ² − (‖θ*‖² + σ²)/(2σ²)) − n‖θ‖²/(2σ²) + F_lc(θ, θ*, n, 0)}.
 * An estimate is held once its error is below {@link #ROUNDING} times max(σ, ‖θ*‖), the resolution of
 * a double at the scale of θ* (the tail form would otherwise shrink the orthogonal part of the error
 * to 1e-300, far below anything that can be shown); the run is finished when neither estimate moves
 * by more than {@link #ROUNDING} times max(σ, ‖θ‖) or both are held.
 */
public final class ClusteredMlrPopulationEm implements StepEngine {
    /** Relative move below which the population run has reached its rounding floor. */
    public static final double ROUNDING = 1e-15;
    /** Number of metric columns. */
    public static final int METRICS = 4;

    private final int n;
    private final int d;
    private final double sigma;
    private final double[] thetaStar;
    private double[] theta;
    private double[] iidTheta;
    private double errorEps;
    private double iidErrorEps;
    private final ErrorLog errorLog = new ErrorLog(2);
    private int t;
    private boolean converged;
    private final StepCaption caption = new StepCaption("initialised");

    public ClusteredMlrPopulationEm(int n, double sigma, double[] thetaStar, double[] theta0) {
        this.n = n;
        this.d = theta0.length;
        this.sigma = sigma;
        this.thetaStar = thetaStar.clone();
        this.theta = theta0.clone();
        this.iidTheta = theta0.clone();
        this.errorEps = rounding(theta0);
        this.iidErrorEps = errorEps;
    }

    /** The trajectory columns in population mode. */
    public static List<String> columns(int d) {
        List<String> c = new ArrayList<>(List.of("error", "loglik", "iid_error", "iid_loglik"));
        for (int a = 1; a <= d; a++) {
            c.add("beta_" + a);
        }
        for (int a = 1; a <= d; a++) {
            c.add("iid_beta_" + a);
        }
        return c;
    }

    @Override
    public List<String> columns() {
        return columns(d);
    }

    @Override
    public int metricCount() {
        return METRICS;
    }

    @Override
    public int iteration() {
        return t;
    }

    /** The population operator M_k(θ) = F_V(θ, θ*, k, 0). */
    public double[] map(double[] th, int k) {
        return map(th, k, 1);
    }

    /** M_k(θ) on the kit's rule ({@code refine = 1}) or on its finer rule ({@code refine = 2}). */
    public double[] map(double[] th, int k, int refine) {
        double[] out = new double[d];
        MlrKit.fV(th, thetaStar, sigma, k, 0, out, refine);
        return out;
    }

    /** The rounding of an iterate next to θ*: one unit in the last place of every coordinate (in quadrature). */
    static double rounding(double[] th) {
        double s = 0;
        for (double v : th) {
            double u = Math.ulp(v);
            s += u * u;
        }
        return Math.sqrt(s);
    }

    /** The estimated error of error(M_k(θ)) when {@code next} = M_k(θ) on the rule. */
    private double errorEstimate(double[] th, int k, double[] next) {
        double[] fine = map(th, k, 2);
        return Math.abs(SymmetricMlrPopulation.error(fine, thetaStar) - SymmetricMlrPopulation.error(next, thetaStar))
                + rounding(next);
    }

    private boolean resolved(double[] th) {
        return SymmetricMlrPopulation.error(th, thetaStar) <= ROUNDING * Math.max(sigma, MlrNorms.norm(thetaStar));
    }

    @Override
    public void step() {
        boolean holdA = resolved(theta);
        boolean holdB = resolved(iidTheta);
        double[] a = holdA ? theta.clone() : map(theta, n);
        double[] b = holdB ? iidTheta.clone() : map(iidTheta, 1);
        if (!holdA) {
            errorEps = errorEstimate(theta, n, a);
        }
        if (!holdB) {
            iidErrorEps = errorEstimate(iidTheta, 1, b);
        }
        double ma = distance(a, theta);
        double mb = distance(b, iidTheta);
        converged = ma <= ROUNDING * Math.max(sigma, MlrNorms.norm(a)) && mb <= ROUNDING * Math.max(sigma, MlrNorms.norm(b));
        theta = a;
        iidTheta = b;
        t++;
        caption.later(() -> "population EM step: structured β moved by " + Numbers.compact(ma, 3) + ", i.i.d. β by "
                + Numbers.compact(mb, 3));
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean finished() {
        return converged;
    }

    /** Expected log-likelihood of a node of k samples at θ. */
    public double expectedLogLik(double[] th, int k) {
        double s2 = sigma * sigma;
        double ts = 0;
        double tt = 0;
        for (int c = 0; c < d; c++) {
            ts += thetaStar[c] * thetaStar[c];
            tt += th[c] * th[c];
        }
        return k * (-0.5 * Math.log(2 * Math.PI * s2) - (ts + s2) / (2 * s2)) - k * tt / (2 * s2)
                + MlrKit.fLc(th, thetaStar, sigma, k, 0);
    }

    @Override
    public void row(double[] out) {
        out[0] = SymmetricMlrPopulation.error(theta, thetaStar);
        out[1] = expectedLogLik(theta, n);
        out[2] = SymmetricMlrPopulation.error(iidTheta, thetaStar);
        out[3] = expectedLogLik(iidTheta, 1);
        errorLog.put(t, errorEps, iidErrorEps);
        System.arraycopy(theta, 0, out, METRICS, d);
        System.arraycopy(iidTheta, 0, out, METRICS + d, d);
    }

    /** θ, the i.i.d. θ, and the two error estimates (so that a restored row reads as recorded). */
    @Override
    public double[] state() {
        double[] s = new double[2 * d + 2];
        System.arraycopy(theta, 0, s, 0, d);
        System.arraycopy(iidTheta, 0, s, d, d);
        s[2 * d] = errorEps;
        s[2 * d + 1] = iidErrorEps;
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        theta = java.util.Arrays.copyOfRange(state, 0, d);
        iidTheta = java.util.Arrays.copyOfRange(state, d, 2 * d);
        errorEps = state[2 * d];
        iidErrorEps = state[2 * d + 1];
        t = iteration;
        converged = false;
        caption.set("at iteration " + iteration);
    }

    @Override
    public String caption() {
        return caption.text();
    }

    public double[] theta() {
        return theta.clone();
    }

    /** The estimated numerical errors of the rows' {@code error} (entry 0) and {@code iid_error} (entry 1), by iteration. */
    public ErrorLog errorLog() {
        return errorLog;
    }

    /** The estimated numerical error of the current structured error column. */
    public double errorEstimate() {
        return errorEps;
    }

    public double[] iidTheta() {
        return iidTheta.clone();
    }

    /** Small vector helpers. */
    private static final class MlrNorms {
        static double norm(double[] v) {
            double s = 0;
            for (double a : v) {
                s += a * a;
            }
            return Math.sqrt(s);
        }
    }
}
