package org.emlab.core.em;

import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.GramCholesky;
import org.emlab.core.numeric.SweepMath;

/**
 * Exact EM for symmetric two-component mixed linear regression whose hidden sign is shared by the
 * samples of a node, {@code p(D_j; θ) = ½ Π_i φ_σ(y_ji − <x_ji,θ>) + ½ Π_i φ_σ(y_ji + <x_ji,θ>)}
 * (arXiv 2308.11518, Reisizadeh, Gatmiry &amp; Ozdaglar; docs/labs/mlr-clustered.md#sample-em-update), written on the node
 * sufficient statistics {@code S_j = Σ_i y_ji x_ji}:
 * <pre>
 *   T_j     = &lt;S_j, θ_t&gt; / σ²                    (= Σ_i y_ji &lt;x_ji, θ_t&gt; / σ²)
 *   θ_{t+1} = (Σ_{j,i} x_ji x_jiᵀ)⁻¹ Σ_j tanh(T_j) S_j
 *   ℓ(θ)    = (1/m) Σ_j [ Σ_i ( −½ log(2πσ²) − (y_ji² + &lt;x_ji,θ&gt;²)/(2σ²) ) + log cosh T_j ]
 *           = −(n/2) log(2πσ²) − (Σ y² + θᵀGθ)/(2σ² m) + (1/m) Σ_j log cosh T_j
 * </pre>
 * With one sample per node ({@code S_i = y_i x_i}) this is ordinary i.i.d. symmetric 2-MLR EM, the
 * "standard EM that ignores the clusters". Each pass is O(m d) in the number m of nodes, in
 * deterministic chunks. Owned by one thread.
 *
 * <p>The second form of ℓ subtracts {@code (Σ y² + θᵀGθ)/(2σ²m)} from {@code (1/m) Σ_j |T_j|}; at high SNR
 * both are about 1e15 while ℓ is about 1e3 (fuzz configuration m=2 n=1500 d=2 snr=1e6 seed=561637: ℓ
 * moved in steps of 0.25 and seemed to fall). When those terms exceed {@link #CANCELLATION_RATIO} times
 * {@code 1 + |ℓ|}, ℓ is recomputed from the samples without cancellation,
 * {@code ℓ = −(n/2) log(2πσ²) − (1/(2σ²m)) Σ_j Σ_i (y_ji − s_j <x_ji,θ>)² + (1/m) Σ_j [log(1 + e^{−2|T_j|}) − log 2]}
 * with {@code s_j = sign T_j} (one more O(N d) pass, only in that regime).
 */
final class NodeMlrEm {
    /** Above this ratio of the cancelling terms to {@code 1 + |ℓ|}, ℓ is recomputed from the samples. */
    static final double CANCELLATION_RATIO = 1e3;

    private final double[] x; // the samples (node-contiguous, n per node), for the cancellation-free ℓ
    private final double[] y;
    private final ChunkedSums rawSums;
    private final double[] rawOut = new double[1];
    private final double[] stats; // m × d, S_j
    private final int m;
    private final int d;
    private final double samplesPerNode;
    private final double sigma2;
    private final GramCholesky gram;
    private final double sumY2;
    private final ChunkedSums sums;
    private final double[] sumsOut;
    private final double[] statistic; // T_j of the latest pass
    private double[] theta;
    private double loglik;
    private boolean valid;

    /**
     * @param stats          node statistics S_j, row-major m × d (taken over, not copied)
     * @param m              number of nodes
     * @param samplesPerNode n
     * @param sigma          the known noise level
     * @param gram           the factored Gram matrix Σ x xᵀ over all samples
     * @param sumY2          Σ y² over all samples
     * @param theta0         initial θ
     */
    NodeMlrEm(double[] stats, int m, int d, int samplesPerNode, double sigma, GramCholesky gram, double sumY2,
              double[] theta0, double[] x, double[] y) {
        this.x = x;
        this.y = y;
        this.rawSums = new ChunkedSums(m, 1);
        this.stats = stats;
        this.m = m;
        this.d = d;
        this.samplesPerNode = samplesPerNode;
        this.sigma2 = sigma * sigma;
        this.gram = gram;
        this.sumY2 = sumY2;
        this.sums = new ChunkedSums(m, d + 2);
        this.sumsOut = new double[d + 2];
        this.statistic = new double[m];
        this.theta = theta0.clone();
    }

    /** The pass at the current θ: T_j, Σ tanh(T_j) S_j and ℓ(θ). */
    void sweep() {
        if (valid) {
            return;
        }
        final double[] s = stats;
        final double[] th = theta;
        final double inv = 1 / sigma2;
        final int dd = d;
        final double[] tOut = statistic;
        sums.sum((from, to, acc, off) -> {
            double lc = 0; // Σ |T_j|
            double logs = 0; // Σ log(1 + e_j) of the completed batches
            double prod = 1; // Π (1 + e_j) over the batch: log cosh T = |T| + log(1 + e) − log 2 (SweepMath)
            int inBatch = 0;
            for (int j = from; j < to; j++) {
                int o = j * dd;
                double dot = 0;
                for (int c = 0; c < dd; c++) {
                    dot += s[o + c] * th[c];
                }
                double tj = dot * inv;
                tOut[j] = tj;
                // tanh and log cosh from one exp (see SymmetricMlrKernel)
                double a = Math.abs(tj);
                double e = Math.exp(-2 * a);
                double w = Math.copySign(SweepMath.tanhAbs(a, e), tj);
                for (int c = 0; c < dd; c++) {
                    acc[off + c] += w * s[o + c];
                }
                lc += a;
                prod *= 1 + e;
                if (++inBatch == SweepMath.LOG_BATCH) {
                    logs += Math.log(prod);
                    prod = 1;
                    inBatch = 0;
                }
            }
            // Σ_j [log(1 + e_j) − log 2] over the whole chunk (every batch, not only the last one)
            double rest = logs + Math.log(prod) - (to - from) * SweepMath.LOG_2;
            acc[off + dd] += lc + rest;
            acc[off + dd + 1] += rest;
        }, sumsOut);
        double big = (sumY2 + gram.quadratic(theta)) * inv / (2 * m);
        loglik = -0.5 * samplesPerNode * Math.log(2 * Math.PI * sigma2) - big + sumsOut[d] / m;
        if (big > CANCELLATION_RATIO * (1 + Math.abs(loglik))) {
            loglik = -0.5 * samplesPerNode * Math.log(2 * Math.PI * sigma2) - residuals() * inv / (2 * m)
                    + sumsOut[d + 1] / m;
        }
        valid = true;
    }

    /** {@code Σ_j Σ_i (y_ji − s_j <x_ji, θ>)²} with {@code s_j = sign T_j} (samples of node j are rows j·n … j·n + n − 1). */
    private double residuals() {
        final double[] th = theta;
        final double[] tj = statistic;
        final int per = (int) samplesPerNode;
        final int dd = d;
        rawSums.sum((from, to, acc, off) -> {
            double r = 0;
            for (int j = from; j < to; j++) {
                double sj = tj[j] >= 0 ? 1 : -1;
                for (int i = j * per; i < (j + 1) * per; i++) {
                    double u = 0;
                    for (int c = 0; c < dd; c++) {
                        u += x[i * dd + c] * th[c];
                    }
                    double e = y[i] - sj * u;
                    r += e * e;
                }
            }
            acc[off] += r;
        }, rawOut);
        return rawOut[0];
    }

    /** M-step from the latest pass; returns ‖θ_{t+1} − θ_t‖. */
    double mStep() {
        sweep();
        double[] next = new double[d];
        gram.solve(sumsOut, next);
        double moved = 0;
        for (int c = 0; c < d; c++) {
            double dc = next[c] - theta[c];
            moved += dc * dc;
        }
        theta = next;
        valid = false;
        return Math.sqrt(moved);
    }

    double logLikelihood() {
        sweep();
        return loglik;
    }

    double[] theta() {
        return theta;
    }

    void setTheta(double[] t) {
        theta = t.clone();
        valid = false;
    }

    /** The node statistics T_j of the latest pass (do not modify). */
    double[] statistic() {
        sweep();
        return statistic;
    }

    int nodes() {
        return m;
    }
}
