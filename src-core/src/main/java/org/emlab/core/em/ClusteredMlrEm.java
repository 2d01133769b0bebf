package org.emlab.core.em;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.numeric.GramCholesky;
import org.emlab.core.text.Numbers;

/**
 * EM for mixed linear regression with clustered data (arXiv 2308.11518, Reisizadeh, Gatmiry &amp;
 * Ozdaglar; docs/labs/mlr-clustered.md#sample-em-update), run side by side with the standard EM that ignores the clusters, on
 * the same data and from the same start. Node j holds n samples sharing one hidden sign ξ_j:
 * <pre>
 *   structured EM:  T_j = Σ_i y_ji &lt;x_ji, θ_t&gt;/σ²,   θ_{t+1} = (Σ x xᵀ)⁻¹ Σ_j tanh(T_j) Σ_i y_ji x_ji
 *   i.i.d. EM:      t_k = y_k &lt;x_k, θ_t&gt;/σ²,        θ_{t+1} = (Σ x xᵀ)⁻¹ Σ_k tanh(t_k) y_k x_k
 * </pre>
 * (the same {@link NodeMlrEm} code, with n samples per node and with one). Both are exact EM for
 * their model, so each log-likelihood is monotone. The E-step half-step computes both posteriors,
 * the M-step half-step moves both estimates.
 *
 * <p>Trajectory columns: {@code error}, {@code loglik} (structured, mean over nodes),
 * {@code iid_error}, {@code iid_loglik} (mean over samples), {@code accuracy} and
 * {@code iid_accuracy} (node clustering accuracy {@code max(mean[sign T_j = ξ_j], mean[sign T_j = −ξ_j])}
 * with each estimate), {@code oracle_accuracy} (with θ*), {@code beta_c}, {@code iid_beta_c}. The
 * run is finished when neither estimate moves by more than {@link #CONVERGED} (in units of σ).
 *
 * <p><b>Scale.</b> Both algorithms work in units of σ ({@code y/σ}, {@code θ/σ}, known noise 1), where
 * every statistic and step is σ-free; the reported estimates and errors are multiplied by σ and each
 * log-likelihood is shifted by {@code −(samples in its unit) log σ}. So any σ in the lab's range, down to
 * 1e-300 (where σ² underflows to 0), gives finite and correct results, and at σ = 1 the arithmetic is
 * exactly the unscaled one. The lab generates its sample in units of σ ({@link #inUnitsOfSigma}).
 */
public final class ClusteredMlrEm extends HalfStepEngine {
    /** Both estimates moving less than this ends the run (docs/labs/mlr-clustered.md#metrics). */
    public static final double CONVERGED = 1e-12;
    /** Number of metric columns. */
    public static final int METRICS = 7;

    private final int m;
    private final int n;
    private final int d;
    private final double sigma;
    /** θ* in units of σ. */
    private final double[] thetaStar;
    private final NodeMlrEm structured;
    private final NodeMlrEm iid;
    private final double[] nodeStats; // m × d, S_j (shared with the structured EM)
    private final int[] xi; // ξ_j ∈ {+1, −1}
    private final double oracleAccuracy;
    private boolean converged;
    private double[] shownStructured; // T_j of the latest E-step, or null
    private double[] shownIid; // per-sample t_k of the latest E-step, or null

    /**
     * @param data      m·n rows, node-major (row j·n + i is sample i of node j), with node ids and labels
     *                  (0 for ξ = +1, 1 for ξ = −1)
     * @param m         nodes
     * @param n         samples per node
     * @param sigma     known noise level
     * @param thetaStar the truth (for the error and oracle columns)
     * @param theta0    the common start of both algorithms
     */
    public ClusteredMlrEm(Dataset data, int m, int n, double sigma, double[] thetaStar, double[] theta0) {
        this(data.x(), SymmetricMlrEm.divide(data.y(), sigma), data.label(), data.d(), m, n, sigma,
                SymmetricMlrEm.divide(thetaStar, sigma).clone(), SymmetricMlrEm.divide(theta0, sigma).clone());
    }

    /**
     * The engine on a sample already in units of σ ({@code y/σ}, as the lab generates it), with the truth
     * and the start in those units too. Reported values are in the original units.
     */
    public static ClusteredMlrEm inUnitsOfSigma(Dataset unitData, int m, int n, double sigma, double[] unitThetaStar,
                                               double[] unitTheta0) {
        return new ClusteredMlrEm(unitData.x(), unitData.y(), unitData.label(), unitData.d(), m, n, sigma,
                unitThetaStar.clone(), unitTheta0.clone());
    }

    private ClusteredMlrEm(double[] x, double[] y, int[] label, int d, int m, int n, double sigma, double[] unitThetaStar,
                           double[] unitTheta0) {
        this.m = m;
        this.n = n;
        this.d = d;
        this.sigma = sigma;
        this.thetaStar = unitThetaStar;
        double[] theta0 = unitTheta0;
        int total = m * n;
        GramCholesky gram = new GramCholesky(GramCholesky.gram(x, total, d), d);
        double sy2 = 0;
        double[] perSample = new double[total * d];
        this.nodeStats = new double[m * d];
        for (int k = 0; k < total; k++) {
            sy2 += y[k] * y[k];
            int j = k / n;
            for (int c = 0; c < d; c++) {
                double v = y[k] * x[k * d + c];
                perSample[k * d + c] = v;
                nodeStats[j * d + c] += v;
            }
        }
        this.xi = new int[m];
        for (int j = 0; j < m; j++) {
            xi[j] = label == null || label[j * n] == 0 ? 1 : -1;
        }
        this.structured = new NodeMlrEm(nodeStats, m, d, n, 1.0, gram, sy2, theta0, x, y);
        this.iid = new NodeMlrEm(perSample, total, d, 1, 1.0, gram, sy2, theta0, x, y);
        this.oracleAccuracy = unitAccuracy(thetaStar);
    }

    /** The trajectory columns of the clustered lab in sample mode. */
    public static List<String> columns(int d) {
        List<String> c = new ArrayList<>(List.of("error", "loglik", "iid_error", "iid_loglik", "accuracy", "iid_accuracy",
                "oracle_accuracy"));
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

    /**
     * Structured EM is exact EM for the node-level model (docs/labs/mlr-clustered.md#sample-em-update): its log-likelihood never
     * decreases. ({@code iid_loglik} is monotone too, for its own model; the contract names one column.)
     */
    @Override
    public String monotoneColumn() {
        return "loglik";
    }

    /** E-step of both algorithms: node posteriors tanh(T_j) and per-sample posteriors tanh(t_k). */
    public void eStep() {
        structured.sweep();
        iid.sweep();
        shownStructured = structured.statistic().clone();
        shownIid = iid.statistic().clone();
        phase = Phase.AFTER_E;
        caption.set("E-step: node posteriors (structured) and sample posteriors (i.i.d.) updated");
    }

    /** M-step of both algorithms. */
    public void mStep() {
        if (phase != Phase.AFTER_E) {
            throw new IllegalStateException("M-step needs an E-step first");
        }
        double a = structured.mStep();
        double b = iid.mStep();
        converged = a < CONVERGED && b < CONVERGED;
        t++;
        phase = Phase.BEFORE_E;
        caption.later(() -> "M-step: structured β moved by " + Numbers.compact(a, 3) + ", i.i.d. β by "
                + Numbers.compact(b, 3));
    }

    @Override
    public boolean finished() {
        return converged;
    }

    /** {@code min(‖θ − θ*‖, ‖θ + θ*‖)} (θ in the original units). */
    public double error(double[] theta) {
        return unitError(SymmetricMlrEm.divide(theta, sigma));
    }

    /** The error of θ in units of σ, in the original units. */
    private double unitError(double[] unitTheta) {
        return sigma * SymmetricMlrPopulation.error(unitTheta, thetaStar);
    }

    /** Node clustering accuracy {@code max(mean[sign T_j = ξ_j], mean[sign T_j = −ξ_j])} with T_j = <S_j, θ>/σ². */
    public double accuracy(double[] theta) {
        return unitAccuracy(SymmetricMlrEm.divide(theta, sigma));
    }

    private double unitAccuracy(double[] theta) {
        int agree = 0;
        for (int j = 0; j < m; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += nodeStats[j * d + c] * theta[c];
            }
            if ((dot > 0 ? 1 : -1) == xi[j]) {
                agree++;
            }
        }
        double a = (double) agree / m;
        return Math.max(a, 1 - a);
    }

    @Override
    public void row(double[] out) {
        double[] th = structured.theta();
        double[] ti = iid.theta();
        out[0] = unitError(th);
        out[1] = logLikelihood();
        out[2] = unitError(ti);
        out[3] = iidLogLikelihood();
        out[4] = unitAccuracy(th);
        out[5] = unitAccuracy(ti);
        out[6] = oracleAccuracy;
        for (int c = 0; c < d; c++) {
            out[METRICS + c] = sigma * th[c];
            out[METRICS + d + c] = sigma * ti[c];
        }
    }

    @Override
    public double[] state() {
        double[] s = new double[2 * d];
        System.arraycopy(structured.theta(), 0, s, 0, d);
        System.arraycopy(iid.theta(), 0, s, d, d);
        return s;
    }

    @Override
    public void restore(double[] state, int iteration) {
        structured.setTheta(java.util.Arrays.copyOfRange(state, 0, d));
        iid.setTheta(java.util.Arrays.copyOfRange(state, d, 2 * d));
        converged = false;
        shownStructured = null;
        shownIid = null;
        restored(iteration);
    }

    /** A copy of the structured estimate. */
    public double[] theta() {
        return SymmetricMlrEm.times(structured.theta(), sigma);
    }

    /** A copy of the i.i.d. estimate. */
    public double[] iidTheta() {
        return SymmetricMlrEm.times(iid.theta(), sigma);
    }

    /** Structured node log-likelihood ℓ(θ_t) (mean over nodes): ℓ' − n log σ, n samples per node. */
    public double logLikelihood() {
        return structured.logLikelihood() - n * Math.log(sigma);
    }

    /** i.i.d. log-likelihood (mean over samples): ℓ' − log σ. */
    public double iidLogLikelihood() {
        return iid.logLikelihood() - Math.log(sigma);
    }

    /** The true node signs ξ_j (a copy). */
    public int[] signs() {
        return xi.clone();
    }

    public int nodes() {
        return m;
    }

    public int samplesPerNode() {
        return n;
    }

    /**
     * Fresh arrays {P_structured(ξ_j = +1 | D_j), mean over node j of P_iid(z_k = +1 | y_k, x_k)} from the
     * latest E-step, or, when none ran since the start or the last restore, at the current estimates.
     */
    public double[][] nodePosteriors() {
        double[] ts = shownStructured != null ? shownStructured : structured.statistic();
        double[] tk = shownIid != null ? shownIid : iid.statistic();
        double[] ps = new double[m];
        double[] pi = new double[m];
        for (int j = 0; j < m; j++) {
            ps[j] = 0.5 * (1 + Math.tanh(ts[j]));
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += 0.5 * (1 + Math.tanh(tk[j * n + i]));
            }
            pi[j] = s / n;
        }
        return new double[][] {ps, pi};
    }

    public double sigma() {
        return sigma;
    }
}
