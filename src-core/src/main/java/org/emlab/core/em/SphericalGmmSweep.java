package org.emlab.core.em;

import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.Stable;

/**
 * The fused EM sweep of a Gaussian mixture with spherical covariances {@code Σ_j = s_j I}
 * ({@link GaussianMixtureEm}, docs/labs/gmm.md): one pass over the data computes the E-step and every
 * M-step sum. In coordinates centred at the data mean {@code m} ({@code x̃_i = x_i − m},
 * {@code ν_j = μ_j − m}),
 * <pre>
 *   ‖x_i − μ_j‖² = ‖x̃_i‖² − 2 x̃_i·ν_j + ‖ν_j‖²                     (‖x̃_i‖² precomputed once per run)
 *   a_ij = log π_j − (d/2) log(2π s_j) − ‖x_i − μ_j‖² / (2 s_j),   w_ij = softmax_j a_ij,   ℓ = Σ_i logsumexp_j a_ij
 *   N_j = Σ_i w_ij,   S_j = Σ_i w_ij x̃_i,   T_j = Σ_i w_ij ‖x̃_i‖²
 * </pre>
 * (the sweep itself is {@link SoftmaxSweep} with {@code β_j v_j = ν_j/s_j},
 * {@code γ_j = −1/(2s_j)}), and the M-step needs no further pass: {@code μ_j' = m + S_j/N_j} and
 * {@code Σ_i w_ij ‖x_i − μ_j'‖² = T_j − ‖S_j‖²/N_j}, so {@code s_j' = (T_j − ‖S_j‖²/N_j)/(N_j d) + ε}.
 *
 * <p>Rounding: the expansions have absolute errors of a few ulps of {@code ‖x̃_i‖² + ‖ν_j‖²} (and of
 * {@code T_j}); centring at the data mean keeps these at the scale of the data's spread rather than
 * of its offset from the origin, so the results agree with the two-pass textbook form to about
 * {@code 1e-15 × (spread² + ‖μ_j − m‖²)/s_j} relative. A negative scatter (rounding) is taken as 0.
 *
 * <p>The sweep runs over the rows in deterministic chunks ({@link ChunkedSums}, parallel for large n)
 * and reads each row of X once. Masked components ({@code π_j = 0}) get {@code a_ij = −∞} and
 * {@code w_ij = 0}.
 */
final class SphericalGmmSweep {
    private final int n;
    private final int d;
    private final int k;
    private final double[] centre;
    private final SoftmaxSweep kernel;
    private final ChunkedSums sums;
    private final double[] out;
    private final double[] nu; // ν_j = μ_j − m
    private final double[] alpha;
    private final double[] scaled; // ν_j / s_j
    private final double[] gamma;
    private final double spread2; // mean ‖x_i − m‖²

    /** Precomputes the data mean and {@code ‖x_i − m‖²} (two passes, once per run). */
    SphericalGmmSweep(double[] x, int n, int d, int k) {
        this.n = n;
        this.d = d;
        this.k = k;
        this.centre = ChunkedSums.columnMeans(x, n, d);
        ChunkedSums colSums = new ChunkedSums(n, d);
        double[] sq = new double[n];
        final double[] m = centre;
        colSums.sum((from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double v = x[i * d + c] - m[c];
                    s += v * v;
                }
                sq[i] = s;
            }
        }, new double[d]);
        double total = 0;
        for (double v : sq) {
            total += v;
        }
        this.spread2 = total / Math.max(1, n);
        this.kernel = new SoftmaxSweep(x, d, k, centre, sq);
        this.sums = new ChunkedSums(n, kernel.width());
        this.out = new double[kernel.width()];
        this.nu = new double[k * d];
        this.alpha = new double[k];
        this.scaled = new double[k * d];
        this.gamma = new double[k];
    }

    /**
     * Largest {@code (spread² + ‖μ_j − m‖²)/s_j} for which the expansions are used: their rounding,
     * about 1e-16 of it per point, then stays near 1e-12 of each log-density.
     */
    static final double MAX_SCALE_RATIO = 1e4;

    /** True when the fused sweep resolves every active component at (π, μ, s) (see {@link #MAX_SCALE_RATIO}). */
    boolean accurateFor(double[] pi, double[] mu, double[] cov) {
        for (int j = 0; j < k; j++) {
            if (pi[j] == 0) {
                continue;
            }
            double q = 0;
            for (int c = 0; c < d; c++) {
                double v = mu[j * d + c] - centre[c];
                q += v * v;
            }
            if (!((spread2 + q) <= MAX_SCALE_RATIO * cov[j * d * d])) {
                return false;
            }
        }
        return true;
    }

    /** Bytes this sweep keeps beyond the data: {@code ‖x_i − m‖²} and the chunk partials. */
    static long bytes(long n, int d, int k) {
        long chunks = (n + ChunkedSums.CHUNK - 1) / ChunkedSums.CHUNK;
        return 8 * n + 8 * chunks * (k * (d + 2L) + 1 + 16);
    }

    /**
     * E-step at (π, μ, s) and the M-step sums: writes the responsibilities into {@code resp}
     * (row-major n × k) and returns ℓ, the total log-likelihood.
     *
     * @param cov k row-major d × d blocks, spherical: {@code s_j} is read from the first diagonal entry
     */
    double sweep(double[] pi, double[] mu, double[] cov, double[] resp) {
        for (int j = 0; j < k; j++) {
            double s = cov[j * d * d];
            double q = 0;
            for (int c = 0; c < d; c++) {
                double v = mu[j * d + c] - centre[c];
                nu[j * d + c] = v;
                q += v * v;
            }
            for (int c = 0; c < d; c++) {
                scaled[j * d + c] = nu[j * d + c] / s;
            }
            gamma[j] = -0.5 / s;
            alpha[j] = Stable.logOrMask(pi[j]) - d * Stable.HALF_LOG_2PI - 0.5 * d * Math.log(s) - 0.5 * q / s;
        }
        sums.sum((from, to, acc, off) -> kernel.accumulate(scaled, alpha, gamma, resp, from, to, acc, off), out);
        return out[out.length - 1];
    }

    /**
     * The M-step's first sums as {@link GaussianMixtureEm} lays them out: {@code N_j} in
     * {@code dst[j]}, {@code Σ_i w_ij x_i = N_j m + S_j} in {@code dst[k + j·d + c]}.
     */
    void meanSums(double[] dst) {
        for (int j = 0; j < k; j++) {
            double nj = out[j];
            dst[j] = nj;
            for (int c = 0; c < d; c++) {
                dst[k + j * d + c] = nj * centre[c] + out[k + j * d + c];
            }
        }
    }

    /**
     * {@code Σ_i w_ij ‖x_i − μ_j'‖² = T_j − ‖S_j‖²/N_j} around the new means {@code μ_j' = m + S_j/N_j},
     * clamped at 0, into {@code dst[j]} (0 for an empty component).
     */
    void scatter(double[] dst) {
        for (int j = 0; j < k; j++) {
            double nj = out[j];
            double s2 = 0;
            for (int c = 0; c < d; c++) {
                double v = out[k + j * d + c];
                s2 += v * v;
            }
            dst[j] = nj > 0 ? Math.max(0, out[k + k * d + j] - s2 / nj) : 0;
        }
    }

    /** The data mean {@code m} (a copy). */
    double[] centre() {
        return centre.clone();
    }
}
