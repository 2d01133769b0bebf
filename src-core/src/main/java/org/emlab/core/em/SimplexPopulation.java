package org.emlab.core.em;

import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.GaussHermite;
import org.emlab.core.numeric.Stable;

/**
 * Population (infinite-sample) quantities of the simplex mixture fitted to {@code N(0, I_d)}
 * (MODELS.md §3.4–3.5): the population EM map and the exact, cancellation-free KL divergence.
 *
 * <p>Only the (k−1)-dimensional subspace S is integrated: the responsibilities depend on
 * {@code x} only through its S-coordinates {@code z ~ N(0, I_{k−1})} (the part of θ orthogonal
 * to S shifts every mean equally and cancels in the softmax). The rule is a tensor
 * Gauss–Hermite grid (100 nodes for k=2, 60² for k=3, 30³ for k=4, 14⁴ for k=5) and, for k ≥ 6, a
 * fixed-seed antithetic Monte Carlo set of {@link #MC_POINTS} points, as MODELS.md recommends.
 */
public final class SimplexPopulation {
    /**
     * Monte Carlo points (antithetic pairs) used as the population proxy when k ≥ 6. MODELS.md §3.4
     * suggests 10⁶ points for 1e-3 accuracy; 2¹⁶ keeps a step interactive at k = 16 with an error of
     * about 3e-3, which the lab states in its notes. (A Sobol set of the same size was no more accurate
     * here: measured 0.6 % off at k = 12.)
     */
    public static final int MC_POINTS = 1 << 16;
    /** The stated accuracy of the Monte Carlo proxy. */
    public static final double MC_ERROR = 3e-3;

    private final SimplexGeometry geo;
    private final double[] pi;
    private final double[] logPi;
    private final int k;
    private final int s;
    private final double[] z; // rule points, row-major (size × s)
    private final double[] w; // rule weights, sum 1
    private final int size;
    private final boolean monteCarlo;
    private final ChunkedSums mapSums;
    private final ChunkedSums klSums;
    private final double[] mapOut;
    private final double[] klOut = new double[1];

    public SimplexPopulation(SimplexGeometry geo, double[] pi) {
        this.geo = geo;
        this.k = geo.k();
        this.s = geo.subspaceDim();
        this.pi = pi.clone();
        this.logPi = new double[k];
        for (int j = 0; j < k; j++) {
            logPi[j] = Stable.logOrMask(pi[j]);
        }
        int nodes = switch (s) {
            case 1 -> 100;
            case 2 -> 60;
            case 3 -> 30;
            case 4 -> 14;
            default -> 0;
        };
        if (nodes > 0) {
            GaussHermite.TensorGrid g = GaussHermite.of(nodes).tensor(s);
            z = g.points();
            w = g.weights();
            monteCarlo = false;
        } else {
            int half = MC_POINTS / 2;
            double[] base = Gaussians.standardNormal(Rng.stream(0x51AB1E, Rng.POPULATION), half, s);
            z = new double[2 * half * s];
            System.arraycopy(base, 0, z, 0, base.length);
            for (int i = 0; i < base.length; i++) {
                z[base.length + i] = -base[i];
            }
            w = new double[2 * half];
            java.util.Arrays.fill(w, 1.0 / (2 * half));
            monteCarlo = true;
        }
        size = w.length;
        mapSums = new ChunkedSums(size, k * s);
        klSums = new ChunkedSums(size, 1);
        mapOut = new double[k * s];
    }

    /** True when the rule is a Monte Carlo proxy (k ≥ 6), to say so in the UI. */
    public boolean monteCarlo() {
        return monteCarlo;
    }

    /** Number of rule points. */
    public int points() {
        return size;
    }

    /**
     * The population EM map {@code θ⁺ = Σ_j E[w_j(X) (R^j)ᵀ X]} (MODELS.md §3.4). The component of θ
     * outside S maps to 0; the S-part is integrated over the rule.
     */
    public void map(double[] theta, double[] out) {
        final double[] m = means(theta);
        java.util.Arrays.fill(out, 0.0);
        mapSums.sum((from, to, acc, off) -> {
            double[] a = new double[k];
            for (int p = from; p < to; p++) {
                int zo = p * s;
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int c = 0; c < s; c++) {
                        dot += z[zo + c] * m[j * s + c];
                    }
                    a[j] = logPi[j] + dot;
                }
                Stable.softmaxInPlace(a, 0, k);
                double wp = w[p];
                for (int j = 0; j < k; j++) {
                    double wj = wp * a[j];
                    int ao = off + j * s;
                    for (int c = 0; c < s; c++) {
                        acc[ao + c] += wj * z[zo + c];
                    }
                }
            }
        }, mapOut);
        // θ⁺_S = Σ_j (C^j)ᵀ acc_j
        for (int j = 0; j < k; j++) {
            for (int b = 0; b < s; b++) {
                double sum = 0;
                for (int c = 0; c < s; c++) {
                    sum += geo.cPow(j, c, b) * mapOut[j * s + c];
                }
                out[b] += sum;
            }
        }
    }

    /**
     * {@code KL(N(0,I_d) ‖ p_θ)}, exact and cancellation-free (MODELS.md §3.5):
     * with {@code m_j = R^jθ}, {@code μ̄ = Σ π_j m_j}, {@code u_j = <x, m_j − μ̄>},
     * {@code s = Σ π_j e2(u_j)} and {@code r = [log1p(s) − s] + Σ π_j e3(u_j)},
     * {@code KL = ½‖μ̄‖² − E[r(X)]}; plus {@code ½‖θ_⊥‖²} for a part of θ outside S (which shifts
     * every mean equally).
     *
     * <p>Far from the truth ({@code ‖θ_S‖ ≥} {@link #NAIVE_KL_RADIUS}) the series terms would overflow
     * while KL itself is large, so the naive form {@code ‖θ‖²/2 − E[logsumexp_j(log π_j + <X, m_j>)]}
     * is used there: it has no cancellation problem once KL is of order one (MODELS.md §3.5: both
     * agree to 1e-10 at ‖θ‖ = 1).
     */
    public double kl(double[] theta) {
        final double[] m = means(theta);
        double rS = 0;
        for (int c = 0; c < s; c++) {
            rS += theta[c] * theta[c];
        }
        double perp = 0;
        for (int c = s; c < theta.length; c++) {
            perp += theta[c] * theta[c];
        }
        if (Math.sqrt(rS) >= NAIVE_KL_RADIUS) {
            return naiveKl(m, rS) + 0.5 * perp;
        }
        double[] mbar = new double[s];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < s; c++) {
                mbar[c] += pi[j] * m[j * s + c];
            }
        }
        double half = 0;
        for (int c = 0; c < s; c++) {
            half += mbar[c] * mbar[c];
        }
        half *= 0.5;
        final double[] dm = new double[k * s];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < s; c++) {
                dm[j * s + c] = m[j * s + c] - mbar[c];
            }
        }
        klSums.sum((from, to, acc, off) -> {
            double er = 0;
            for (int p = from; p < to; p++) {
                int zo = p * s;
                double sSum = 0;
                double e3Sum = 0;
                for (int j = 0; j < k; j++) {
                    if (pi[j] == 0) {
                        continue;
                    }
                    double u = 0;
                    for (int c = 0; c < s; c++) {
                        u += z[zo + c] * dm[j * s + c];
                    }
                    // e3 = e^u − 1 − u − u²/2 by its series, and e2 = u²/2 + e3 exactly from it
                    double e3 = Stable.expm1MinusXMinusHalfX2(u);
                    sSum += pi[j] * (0.5 * u * u + e3);
                    e3Sum += pi[j] * e3;
                }
                er += w[p] * (Stable.log1pMinusX(sSum) + e3Sum);
            }
            acc[off] += er;
        }, klOut);
        return Math.max(0.0, half - klOut[0]) + 0.5 * perp;
    }

    /** Radius from which {@link #kl} uses the naive form. */
    public static final double NAIVE_KL_RADIUS = 1.0;

    /** {@code ‖θ_S‖²/2 − E[logsumexp_j(log π_j + <Z, C^jθ_S>)]} over the rule. */
    private double naiveKl(double[] m, double rS) {
        klSums.sum((from, to, acc, off) -> {
            double[] a = new double[k];
            double e = 0;
            for (int p = from; p < to; p++) {
                int zo = p * s;
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int c = 0; c < s; c++) {
                        dot += z[zo + c] * m[j * s + c];
                    }
                    a[j] = logPi[j] + dot;
                }
                e += w[p] * Stable.logSumExp(a, 0, k);
            }
            acc[off] += e;
        }, klOut);
        return Math.max(0.0, 0.5 * rS - klOut[0]);
    }

    /** {@code ‖Aθ‖ = ‖Σ π_j R^jθ‖}: the norm of the fitted mixture's mean. */
    public double meanNorm(double[] theta) {
        double[] out = new double[theta.length];
        double[] tmp = new double[theta.length];
        for (int j = 0; j < k; j++) {
            geo.applyR(j, theta, tmp);
            for (int c = 0; c < theta.length; c++) {
                out[c] += pi[j] * tmp[c];
            }
        }
        double n2 = 0;
        for (double v : out) {
            n2 += v * v;
        }
        return Math.sqrt(n2);
    }

    /** The S-coordinates of the means, {@code m_j = C^j θ_S} (k × (k−1), row-major). */
    private double[] means(double[] theta) {
        double[] m = new double[k * s];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < s; c++) {
                double sum = 0;
                for (int b = 0; b < s; b++) {
                    sum += geo.cPow(j, c, b) * theta[b];
                }
                m[j * s + c] = sum;
            }
        }
        return m;
    }
}
