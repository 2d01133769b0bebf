package org.emlab.core.model;

import org.emlab.core.numeric.GaussLegendre;
import org.emlab.core.numeric.SpecialFunctions;

/**
 * The regular-simplex structure of the overspecified Gaussian mixture of arXiv 2506.11850
 * (Assylbekov, Legg &amp; Pak), as constructed in docs/labs/gmm-simplex.md#model.
 *
 * <ul>
 *   <li>{@code P}: the k×k cyclic shift, {@code P e_j = e_{(j+1) mod k}};</li>
 *   <li>{@code V}: a k×(k−1) orthonormal basis of the sum-zero subspace (Gram–Schmidt of the first
 *       k−1 columns of {@code I − 11ᵀ/k});</li>
 *   <li>{@code C = Vᵀ P V}: (k−1)×(k−1), orthogonal, {@code C^k = I};</li>
 *   <li>unit vertices {@code v_j = sqrt(k/(k−1)) Vᵀ e_j}, with {@code C v_j = v_{j+1}};</li>
 *   <li>{@code R = U C Uᵀ + (I_d − U Uᵀ)} with {@code U = [e_1 … e_{k−1}]}: R acts as C on the first
 *       k−1 coordinates (the subspace S) and as the identity on the others.</li>
 * </ul>
 * With {@code θ = r U v_0} the means {@code R^j θ = r U v_j} are the vertices of a regular simplex of
 * radius r. Powers {@code C^j} are precomputed; everything is immutable after construction.
 */
public final class SimplexGeometry {
    private final int k;
    private final int s;
    private final double[][] cPow; // cPow[j] = C^j, row-major s×s
    private final double[][] vertices; // unit vertices v_j in R^{k-1}

    public SimplexGeometry(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2 (got " + k + ")");
        }
        this.k = k;
        this.s = k - 1;
        double[][] v = sumZeroBasis(k); // v[row 0..k-1][col 0..s-1]
        double[] c = new double[s * s];
        // C = Vᵀ P V, with (P V)[row] = V[row-1] (P moves entry j to j+1)
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                double sum = 0;
                for (int row = 0; row < k; row++) {
                    sum += v[row][a] * v[(row - 1 + k) % k][b];
                }
                c[a * s + b] = sum;
            }
        }
        cPow = new double[k][];
        cPow[0] = identity(s);
        for (int j = 1; j < k; j++) {
            cPow[j] = multiply(c, cPow[j - 1], s);
        }
        vertices = new double[k][s];
        double scale = Math.sqrt((double) k / (k - 1));
        for (int j = 0; j < k; j++) {
            for (int a = 0; a < s; a++) {
                vertices[j][a] = scale * v[j][a];
            }
        }
    }

    /** Number of components k. */
    public int k() {
        return k;
    }

    /** Dimension of the simplex subspace S, k − 1. */
    public int subspaceDim() {
        return s;
    }

    /** Entry (a, b) of {@code C^j}. */
    public double cPow(int j, int a, int b) {
        return cPow[((j % k) + k) % k][a * s + b];
    }

    /** A copy of {@code C^j} (row-major). */
    public double[] cPowMatrix(int j) {
        return cPow[((j % k) + k) % k].clone();
    }

    /** A copy of the unit vertex {@code v_j ∈ R^{k−1}}. */
    public double[] vertex(int j) {
        return vertices[j].clone();
    }

    /**
     * {@code out = R^j θ} for {@code θ ∈ R^d} (the first k−1 coordinates rotate by C^j, the rest are
     * unchanged). {@code d >= k−1}.
     */
    public void applyR(int j, double[] theta, double[] out) {
        double[] m = cPow[((j % k) + k) % k];
        int d = theta.length;
        for (int a = 0; a < s; a++) {
            double sum = 0;
            for (int b = 0; b < s; b++) {
                sum += m[a * s + b] * theta[b];
            }
            out[a] = sum;
        }
        for (int c = s; c < d; c++) {
            out[c] = theta[c];
        }
    }

    /** {@code out = (R^j)ᵀ x}, accumulated: {@code out += scale · (R^j)ᵀ x}. */
    public void addRTransposed(int j, double[] x, int xOff, double scale, double[] out) {
        double[] m = cPow[((j % k) + k) % k];
        int d = out.length;
        for (int b = 0; b < s; b++) {
            double sum = 0;
            for (int a = 0; a < s; a++) {
                sum += m[a * s + b] * x[xOff + a];
            }
            out[b] += scale * sum;
        }
        for (int c = s; c < d; c++) {
            out[c] += scale * x[xOff + c];
        }
    }

    /** {@code θ_0 = r U v_0} in {@code R^d}. */
    public double[] simplexTheta(double r, int d) {
        double[] t = new double[d];
        for (int a = 0; a < s; a++) {
            t[a] = r * vertices[0][a];
        }
        return t;
    }

    /**
     * The DFT of the weights, {@code |F_l|² = |Σ_j π_j exp(2πi l j/k)|²} for {@code l = 0..k−1}.
     * The DFT (non-degeneracy) condition is {@code F_l ≠ 0} for every {@code l = 1..k−1}.
     */
    public static double[] dftMagnitudesSquared(double[] pi) {
        int k = pi.length;
        double[] out = new double[k];
        for (int l = 0; l < k; l++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < k; j++) {
                double ang = 2 * Math.PI * l * j / k;
                re += pi[j] * Math.cos(ang);
                im += pi[j] * Math.sin(ang);
            }
            out[l] = re * re + im * im;
        }
        return out;
    }

    /** Threshold below which {@code |F_l|²} counts as zero (the condition fails). */
    public static final double DFT_ZERO = 1e-12;

    /** {@code min_{l>=1} |F_l|²}: 0 when the DFT condition fails. */
    public static double minDftSquared(double[] pi) {
        double[] f = dftMagnitudesSquared(pi);
        double m = Double.POSITIVE_INFINITY;
        for (int l = 1; l < f.length; l++) {
            m = Math.min(m, f[l]);
        }
        return m < DFT_ZERO ? 0.0 : m;
    }

    /**
     * The Lloyd / k-means fixed-point radius {@code r*(k) = sqrt(k/(k−1)) · E[max of k i.i.d. N(0,1)]}
     * (docs/labs/gmm-simplex.md#model), with {@code E[max] = ∫ z k φ(z) Φ(z)^{k−1} dz} by composite Gauss–Legendre on
     * [−12, 12]. {@code r*(3) = 1.0364824484}.
     */
    public static double lloydRadius(int k) {
        double eMax = GaussLegendre.integrate(z -> {
            double phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            double cdf = normalCdf(z);
            return z * k * phi * Math.pow(cdf, k - 1);
        }, -12, 12, 96);
        return Math.sqrt((double) k / (k - 1)) * eMax;
    }

    /** Standard normal CDF via erfc (accurate in both tails). */
    static double normalCdf(double z) {
        return 0.5 * SpecialFunctions.erfc(-z / Math.sqrt(2));
    }

    private static double[][] sumZeroBasis(int k) {
        int s = k - 1;
        double[][] cols = new double[s][k];
        for (int c = 0; c < s; c++) {
            for (int r = 0; r < k; r++) {
                cols[c][r] = (r == c ? 1.0 : 0.0) - 1.0 / k;
            }
        }
        // modified Gram–Schmidt, twice for orthogonality to machine precision
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < s; c++) {
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int r = 0; r < k; r++) {
                        dot += cols[c][r] * cols[p][r];
                    }
                    for (int r = 0; r < k; r++) {
                        cols[c][r] -= dot * cols[p][r];
                    }
                }
                double norm = 0;
                for (int r = 0; r < k; r++) {
                    norm += cols[c][r] * cols[c][r];
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < k; r++) {
                    cols[c][r] /= norm;
                }
            }
        }
        double[][] v = new double[k][s];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < s; c++) {
                v[r][c] = cols[c][r];
            }
        }
        return v;
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < n; l++) {
                    sum += a[i * n + l] * b[l * n + j];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }
}
