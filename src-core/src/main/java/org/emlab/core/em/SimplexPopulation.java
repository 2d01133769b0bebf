package org.emlab.core.em;

import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.numeric.GaussHermite;
import org.emlab.core.numeric.Stable;

/**
 * Population (infinite-sample) quantities of the simplex mixture fitted to {@code N(0, I_d)}
 * (docs/labs/gmm-simplex.md, "Population update" and "Metrics"): the population EM map and the KL
 * divergence.
 *
 * <p>Only the (k−1)-dimensional subspace S is integrated: the responsibilities depend on {@code x}
 * only through its S-coordinates {@code z ~ N(0, I_{k−1})} (the part of θ orthogonal to S shifts every
 * mean equally and cancels in the softmax). The rule, by s = k − 1 and r = ‖θ_S‖ (the radius of the
 * means):
 * <ul>
 *   <li>s ≤ 3: the tensor Gauss–Hermite grid ({@link #GH_NODES}: 100, 60², 40³) while r ≤
 *       {@link #GH_RADIUS} (1, 1.25, 1.2), where it is accurate to 1e-9 relative or better (measured
 *       against the tie rule: 60² is 1.2e-10 off at r = 1.2 and 9e-9 at 1.5; 40³ 4.6e-10 at 1.19 and
 *       2.8e-8 at 1.5); beyond, {@link TieQuadrature}, which resolves the switches of the
 *       responsibilities (width about 1/r) and agrees with an independent polar/spherical adaptive rule to
 *       1e-11 or better up to r = 50. Stated accuracy: 1e-8 relative ({@link #STATED_ACCURACY}).</li>
 *   <li>s ≥ 4: Monte Carlo over {@link #MC_POINTS} fixed points in antithetic pairs ±z, whitened so that
 *       their empirical covariance is exactly I (the rule integrates every polynomial of degree ≤ 3 exactly:
 *       the linear response of the responsibilities, which dominates near θ = 0, carries no sampling
 *       error). Each call also estimates its own error: four standard errors of the pair means
 *       ({@link #mapBound()}, {@link #klBound()}), which the lab shows as the stated bound.</li>
 * </ul>
 */
public final class SimplexPopulation {
    /** Monte Carlo points (antithetic pairs) when k ≥ 5 (s ≥ 4). */
    public static final int MC_POINTS = 1 << 17;
    /** Gauss–Hermite nodes per dimension for s = 1, 2, 3. */
    static final int[] GH_NODES = {100, 60, 40};
    /** Largest ‖θ_S‖ at which the Gauss–Hermite grid is used for s = 1, 2, 3; the tie rule beyond. */
    static final double[] GH_RADIUS = {1.0, 1.25, 1.2};
    /** The relative accuracy stated (and tested) for the map and KL when k ≤ 4. */
    public static final double STATED_ACCURACY = 1e-8;
    /** Standard errors in a Monte Carlo bound. */
    public static final double BOUND_SE = 4;

    private final SimplexGeometry geo;
    private final double[] pi;
    private final double[] logPi;
    private final int k;
    private final int s;
    private final double[] z; // grid or Monte Carlo points, row-major (size × s)
    private final double[] w; // their weights, sum 1
    private final int size;
    private final boolean monteCarlo;
    private final TieQuadrature tie; // s ≤ 3, for r beyond GH_RADIUS
    private final ChunkedSums mapSums;
    private final ChunkedSums klSums;
    private final double[] mapOut;
    private final double[] klOut = new double[2 * BATCHES];
    private double mapBound;
    private double klBound;
    private boolean tieUsed;
    private boolean klBelowBound;

    public SimplexPopulation(SimplexGeometry geo, double[] pi) {
        this.geo = geo;
        this.k = geo.k();
        this.s = geo.subspaceDim();
        this.pi = pi.clone();
        this.logPi = new double[k];
        for (int j = 0; j < k; j++) {
            logPi[j] = Stable.logOrMask(pi[j]);
        }
        if (s <= 3) {
            GaussHermite.TensorGrid g = GaussHermite.of(GH_NODES[s - 1]).tensor(s);
            z = g.points();
            w = g.weights();
            monteCarlo = false;
            tie = new TieQuadrature(s, pi);
        } else {
            z = whitenedAntitheticPoints(MC_POINTS / 2, s);
            w = new double[MC_POINTS];
            java.util.Arrays.fill(w, 1.0 / MC_POINTS);
            monteCarlo = true;
            tie = null;
        }
        size = w.length;
        int half = size / 2;
        // Monte Carlo: sums over the pairs (i, i + half), per batch of pairs
        mapSums = new ChunkedSums(monteCarlo ? half : size, monteCarlo ? 2 * BATCHES * k * s : k * s);
        klSums = new ChunkedSums(monteCarlo ? half : size, monteCarlo ? 2 * BATCHES : 1);
        mapOut = new double[k * s];
    }

    /**
     * {@code half} standard normal points in R^s (fixed seed) and their negatives, transformed by the inverse
     * Cholesky factor of their empirical covariance so that it is exactly I (the mean is 0 by symmetry).
     */
    static double[] whitenedAntitheticPoints(int half, int s) {
        double[] base = Gaussians.standardNormal(Rng.stream(0x51AB1E, Rng.POPULATION), half, s);
        double[] cov = new double[s * s];
        for (int i = 0; i < half; i++) {
            for (int a = 0; a < s; a++) {
                for (int b = 0; b <= a; b++) {
                    cov[a * s + b] += base[i * s + a] * base[i * s + b];
                }
            }
        }
        for (int a = 0; a < s; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a * s + b] /= half; // the antithetic copies give the same second moments
                cov[b * s + a] = cov[a * s + b];
            }
        }
        double[] l = new double[s * s];
        if (!org.emlab.core.numeric.Cholesky.decompose(cov, 0, s, l, 0)) {
            throw new IllegalStateException("Monte Carlo points: singular empirical covariance");
        }
        double[] out = new double[2 * half * s];
        double[] v = new double[s];
        for (int i = 0; i < half; i++) {
            System.arraycopy(base, i * s, v, 0, s);
            org.emlab.core.numeric.Cholesky.forward(l, 0, s, v, 0);
            for (int a = 0; a < s; a++) {
                out[i * s + a] = v[a];
                out[(half + i) * s + a] = -v[a];
            }
        }
        return out;
    }

    /** Batches of Monte Carlo pairs whose means give the standard errors. */
    static final int BATCHES = 32;

    /** True when the rule is a Monte Carlo proxy (k ≥ 5), to say so in the UI. */
    public boolean monteCarlo() {
        return monteCarlo;
    }

    /** Number of points of the Gauss–Hermite grid or of the Monte Carlo set. */
    public int points() {
        return size;
    }

    /** True when the last {@link #map} or {@link #kl} used the tie rule (k ≤ 4, r beyond the grid's range). */
    public boolean tieRuleUsed() {
        return tieUsed;
    }

    /**
     * The bound on the error of the last {@link #map}, in ‖θ⁺‖ units: 4 standard errors (Monte Carlo), or
     * {@link #STATED_ACCURACY} ‖θ⁺‖ (k ≤ 4).
     */
    public double mapBound() {
        return mapBound;
    }

    /** The bound on the error of the last {@link #kl}: 4 standard errors (Monte Carlo), or {@link #STATED_ACCURACY} KL. */
    public double klBound() {
        return klBound;
    }

    /** True when the last {@link #kl} estimate was negative but within its bound, and is reported as 0 (≈ 0). */
    public boolean klBelowBound() {
        return klBelowBound;
    }

    /** One line for the UI and the docs: the rule of this k, and its stated accuracy. */
    public String ruleNote() {
        if (monteCarlo) {
            return "population integrals: Monte Carlo, " + size + " whitened antithetic points; stated bound 4 standard "
                    + "errors, estimated each step";
        }
        return "population integrals: Gauss–Hermite " + GH_NODES[s - 1] + (s > 1 ? "^" + s : "") + " up to ‖θ‖ = "
                + GH_RADIUS[s - 1] + ", tie-resolving rule beyond; stated accuracy 1e-8 relative";
    }

    private double radiusS(double[] theta) {
        double r2 = 0;
        for (int c = 0; c < s; c++) {
            r2 += theta[c] * theta[c];
        }
        return Math.sqrt(r2);
    }

    private boolean useTie(double[] theta) {
        return tie != null && radiusS(theta) > GH_RADIUS[s - 1];
    }

    /**
     * The population EM map {@code θ⁺ = Σ_j E[w_j(X) (R^j)ᵀ X]} (docs/labs/gmm-simplex.md). The component of
     * θ outside S maps to 0; the S-part is integrated by the rule of the class comment, which also sets
     * {@link #mapBound()}.
     */
    public void map(double[] theta, double[] out) {
        final double[] m = means(theta);
        java.util.Arrays.fill(out, 0.0);
        tieUsed = useTie(theta);
        if (tieUsed) {
            double[] sums = new double[k * s];
            tie.mapSums(m, sums);
            rotateBack(sums, 0, out);
            mapBound = STATED_ACCURACY * norm(out, s);
            return;
        }
        if (!monteCarlo) {
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
            rotateBack(mapOut, 0, out);
            mapBound = STATED_ACCURACY * norm(out, s);
            return;
        }
        // Monte Carlo: per batch of pairs, the sums Σ w_j z per component (the estimate) and, for its error,
        // Σ (w_j − π_j(1 + ⟨z, m_j − μ̄⟩)) z: the linear response, integrated exactly by the whitened antithetic
        // set, carries no error and is left out of the standard error
        int half = size / 2;
        final double[] dm = new double[k * s];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < s; c++) {
                double mbar = 0;
                for (int l = 0; l < k; l++) {
                    mbar += pi[l] * m[l * s + c];
                }
                dm[j * s + c] = m[j * s + c] - mbar;
            }
        }
        final int block = k * s;
        double[] sums = new double[2 * BATCHES * block];
        mapSums.sum((from, to, acc, off) -> {
            double[] a = new double[k];
            for (int i = from; i < to; i++) {
                int bo = off + batchOf(i, half) * 2 * block;
                for (int side = 0; side < 2; side++) {
                    int zo = (i + side * half) * s;
                    for (int j = 0; j < k; j++) {
                        double dot = 0;
                        for (int c = 0; c < s; c++) {
                            dot += z[zo + c] * m[j * s + c];
                        }
                        a[j] = logPi[j] + dot;
                    }
                    Stable.softmaxInPlace(a, 0, k);
                    for (int j = 0; j < k; j++) {
                        double lin = 0;
                        for (int c = 0; c < s; c++) {
                            lin += z[zo + c] * dm[j * s + c];
                        }
                        double wj = a[j];
                        double rj = wj - pi[j] * (1 + lin);
                        int ao = bo + j * s;
                        for (int c = 0; c < s; c++) {
                            acc[ao + c] += wj * z[zo + c];
                            acc[ao + block + c] += rj * z[zo + c];
                        }
                    }
                }
            }
        }, sums);
        double[][] batch = new double[BATCHES][];
        for (int b = 0; b < BATCHES; b++) {
            double[] part = new double[s];
            rotateBack(sums, b * 2 * block, part);
            for (int c = 0; c < s; c++) {
                out[c] += part[c] / size;
            }
            double[] residual = new double[s];
            rotateBack(sums, b * 2 * block + block, residual);
            for (int c = 0; c < s; c++) {
                residual[c] /= 2.0 * pairsIn(b, half);
            }
            batch[b] = residual;
        }
        double var = 0;
        for (int c = 0; c < s; c++) {
            double mean = 0;
            for (int b = 0; b < BATCHES; b++) {
                mean += batch[b][c] / BATCHES;
            }
            double ss = 0;
            for (int b = 0; b < BATCHES; b++) {
                ss += (batch[b][c] - mean) * (batch[b][c] - mean);
            }
            var += ss / (BATCHES - 1) / BATCHES;
        }
        mapBound = BOUND_SE * Math.sqrt(var);
    }

    /** The batch of Monte Carlo pair i: {@code ⌊i·B/half⌋}. */
    private static int batchOf(int i, int half) {
        return (int) ((long) i * BATCHES / half);
    }

    /** Pairs in Monte Carlo batch b. */
    private static int pairsIn(int b, int half) {
        int count = 0;
        // the pairs i with ⌊i·B/half⌋ = b: i from ⌈b·half/B⌉ to ⌈(b+1)·half/B⌉ − 1
        long first = ((long) b * half + BATCHES - 1) / BATCHES;
        long next = ((long) (b + 1) * half + BATCHES - 1) / BATCHES;
        count = (int) (next - first);
        return count;
    }

    /** {@code out += Σ_j (C^j)ᵀ sums[o + j·s ..]}. */
    private void rotateBack(double[] sums, int o, double[] out) {
        for (int j = 0; j < k; j++) {
            for (int b = 0; b < s; b++) {
                double sum = 0;
                for (int c = 0; c < s; c++) {
                    sum += geo.cPow(j, c, b) * sums[o + j * s + c];
                }
                out[b] += sum;
            }
        }
    }

    private static double norm(double[] v, int n) {
        double t = 0;
        for (int c = 0; c < n; c++) {
            t += v[c] * v[c];
        }
        return Math.sqrt(t);
    }

    /**
     * {@code KL(N(0,I_d) ‖ p_θ)} (docs/labs/gmm-simplex.md, "Metrics"): near the truth the cancellation-free
     * form, with {@code m_j = R^jθ}, {@code μ̄ = Σ π_j m_j}, {@code u_j = <x, m_j − μ̄>},
     * {@code s = Σ π_j e2(u_j)} and {@code r = [log1p(s) − s] + Σ π_j e3(u_j)}, {@code KL = ½‖μ̄‖² − E[r(X)]};
     * from {@code ‖θ_S‖ ≥} {@link #NAIVE_KL_RADIUS} the naive form {@code ‖θ‖²/2 − E[logsumexp_j(log π_j +
     * <X, m_j>)]} (the series terms would overflow far out, where KL is of order one and the naive form has
     * no cancellation problem); plus {@code ½‖θ_⊥‖²} for a part of θ outside S. Sets {@link #klBound()}; a
     * negative estimate within its bound is reported as 0 ({@link #klBelowBound()}).
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
        tieUsed = useTie(theta);
        double estimate;
        if (Math.sqrt(rS) >= NAIVE_KL_RADIUS) {
            // Monte Carlo error: the quadratic part ½ Σ π_j ⟨z, m_j − μ̄⟩² of the log-sum-exp is integrated exactly
            // by the whitened set (and the linear part by the antithetic pairs), so it is left out of the
            // standard error
            final double[] dm = centred(m);
            double lse = tieUsed ? tie.expectedLogSumExp(m) : gridMean(p -> {
                double[] a = new double[k];
                int zo = p * s;
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int c = 0; c < s; c++) {
                        dot += z[zo + c] * m[j * s + c];
                    }
                    a[j] = logPi[j] + dot;
                }
                return Stable.logSumExp(a, 0, k);
            }, p -> {
                int zo = p * s;
                double q = 0;
                for (int j = 0; j < k; j++) {
                    double u = 0;
                    for (int c = 0; c < s; c++) {
                        u += z[zo + c] * dm[j * s + c];
                    }
                    q += pi[j] * u * u;
                }
                return 0.5 * q;
            });
            estimate = 0.5 * rS - lse;
        } else {
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
            double er = gridMean(p -> {
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
                return Stable.log1pMinusX(sSum) + e3Sum;
            }, p -> 0);
            estimate = half - er;
        }
        if (!monteCarlo) {
            klBound = STATED_ACCURACY * Math.abs(estimate);
        }
        klBelowBound = estimate < 0 && -estimate <= klBound;
        return Math.max(0.0, estimate) + 0.5 * perp;
    }

    /**
     * {@code Σ_p w_p f(p)} over the grid, or, for Monte Carlo, the mean over the points with {@link #klBound()}
     * set to 4 standard errors of the batch means of the pairs of {@code f − exact}, where {@code exact} is
     * a part the point set integrates without error.
     */
    private double gridMean(java.util.function.IntToDoubleFunction f, java.util.function.IntToDoubleFunction exact) {
        if (!monteCarlo) {
            klSums.sum((from, to, acc, off) -> {
                double e = 0;
                for (int p = from; p < to; p++) {
                    e += w[p] * f.applyAsDouble(p);
                }
                acc[off] += e;
            }, klOut);
            return klOut[0];
        }
        int half = size / 2;
        klSums.sum((from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                int b = batchOf(i, half);
                double fi = f.applyAsDouble(i) + f.applyAsDouble(i + half);
                acc[off + b] += fi;
                acc[off + BATCHES + b] += fi - exact.applyAsDouble(i) - exact.applyAsDouble(i + half);
            }
        }, klOut);
        double total = 0;
        double mean = 0;
        double[] v = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            total += klOut[b];
            v[b] = klOut[BATCHES + b] / (2.0 * pairsIn(b, half));
            mean += v[b] / BATCHES;
        }
        double ss = 0;
        for (int b = 0; b < BATCHES; b++) {
            ss += (v[b] - mean) * (v[b] - mean);
        }
        klBound = BOUND_SE * Math.sqrt(ss / (BATCHES - 1) / BATCHES);
        return total / size;
    }

    /** {@code m_j − μ̄}, μ̄ = Σ π_j m_j (k × s). */
    private double[] centred(double[] m) {
        double[] dm = new double[k * s];
        for (int c = 0; c < s; c++) {
            double mbar = 0;
            for (int l = 0; l < k; l++) {
                mbar += pi[l] * m[l * s + c];
            }
            for (int j = 0; j < k; j++) {
                dm[j * s + c] = m[j * s + c] - mbar;
            }
        }
        return dm;
    }

    /** Radius from which {@link #kl} uses the naive form. */
    public static final double NAIVE_KL_RADIUS = 1.0;

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
