package org.emlab.core.numeric;

import java.util.concurrent.ConcurrentHashMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Probabilists' Gauss–Hermite rule (docs/labs/README.md#quadrature-rules): nodes {@code z_k} and weights {@code w_k}
 * with {@code Σ w_k = 1}, so that {@code E[f(Z)] ≈ Σ_k w_k f(z_k)} for {@code Z ~ N(0,1)}.
 *
 * <p>Construction: Golub–Welsch (eigenvalues of the symmetric tridiagonal Jacobi matrix with
 * off-diagonal {@code sqrt(1), ..., sqrt(N-1)}), each node then polished by Newton's method on
 * the orthonormal Hermite polynomial, and the weights taken from the Christoffel function
 * {@code w_k = 1 / Σ_{j<N} p_j(z_k)²}, which is accurate where the squared eigenvector
 * components would underflow. Rules are immutable and cached.
 */
public final class GaussHermite {
    private static final ConcurrentHashMap<Integer, GaussHermite> CACHE = new ConcurrentHashMap<>();
    private static final int NEWTON_STEPS = 3;

    private final double[] nodes;
    private final double[] weights;

    private GaussHermite(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The N-node rule, {@code 1 <= N <= 400}. */
    public static GaussHermite of(int n) {
        if (n < 1 || n > 400) {
            throw new IllegalArgumentException("Gauss-Hermite node count must be in [1, 400] (got " + n + ")");
        }
        return CACHE.computeIfAbsent(n, GaussHermite::build);
    }

    /** Node count. */
    public int size() {
        return nodes.length;
    }

    /** Node {@code k}. */
    public double node(int k) {
        return nodes[k];
    }

    /** Weight {@code k}; the weights sum to 1. */
    public double weight(int k) {
        return weights[k];
    }

    /** A copy of the nodes, ascending. */
    public double[] nodes() {
        return nodes.clone();
    }

    /** A copy of the weights. */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The tensor-product rule for {@code N(0, I_D)}: {@code N^D} points, row-major in
     * {@code points} ({@code D} doubles per point), weights summing to 1.
     */
    public TensorGrid tensor(int dims) {
        int n = nodes.length;
        long count = 1;
        for (int i = 0; i < dims; i++) {
            count *= n;
            if (count > 50_000_000L) {
                throw new IllegalArgumentException("tensor grid " + n + "^" + dims + " is too large");
            }
        }
        int m = (int) count;
        double[] pts = new double[m * dims];
        double[] w = new double[m];
        int[] idx = new int[dims];
        for (int p = 0; p < m; p++) {
            double wp = 1.0;
            for (int c = 0; c < dims; c++) {
                pts[p * dims + c] = nodes[idx[c]];
                wp *= weights[idx[c]];
            }
            w[p] = wp;
            for (int c = dims - 1; c >= 0; c--) {
                if (++idx[c] < n) {
                    break;
                }
                idx[c] = 0;
            }
        }
        return new TensorGrid(dims, pts, w);
    }

    /** A tensor grid: {@code size()} points of dimension {@code dims}. Arrays are shared; never modify them. */
    public record TensorGrid(int dims, double[] points, double[] weights) {
        public int size() {
            return weights.length;
        }
    }

    private static GaussHermite build(int n) {
        double[] z = new double[n];
        if (n == 1) {
            return new GaussHermite(new double[] {0.0}, new double[] {1.0});
        }
        DMatrixRMaj jacobi = new DMatrixRMaj(n, n);
        for (int i = 1; i < n; i++) {
            double b = Math.sqrt(i);
            jacobi.set(i - 1, i, b);
            jacobi.set(i, i - 1, b);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(jacobi)) {
            throw new IllegalStateException("Golub-Welsch eigen-decomposition failed for N = " + n);
        }
        for (int i = 0; i < n; i++) {
            z[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(z);
        // symmetrise exactly: z_k = -z_{n-1-k}
        for (int i = 0; i < n / 2; i++) {
            double a = 0.5 * (z[n - 1 - i] - z[i]);
            z[i] = -a;
            z[n - 1 - i] = a;
        }
        if (n % 2 == 1) {
            z[n / 2] = 0.0;
        }
        double[] w = new double[n];
        double[] pv = new double[2];
        for (int k = n / 2; k < n; k++) {
            double x = z[k];
            for (int it = 0; it < NEWTON_STEPS && x != 0.0; it++) {
                orthonormalHermite(n, x, pv);
                // p_N'(x) = sqrt(N) p_{N-1}(x) for orthonormal probabilists' Hermite polynomials
                double step = pv[0] / (Math.sqrt(n) * pv[1]);
                x -= step;
            }
            z[k] = x;
            double s = 0.0;
            double pPrev = 0.0;
            double p = 1.0;
            for (int j = 0; j < n; j++) {
                s += p * p;
                double next = (x * p - Math.sqrt(j) * pPrev) / Math.sqrt(j + 1.0);
                pPrev = p;
                p = next;
            }
            w[k] = 1.0 / s;
            // mirror: nodes and weights are exactly symmetric
            z[n - 1 - k] = -x;
            w[n - 1 - k] = w[k];
        }
        double total = 0.0;
        for (double v : w) {
            total += v;
        }
        for (int k = 0; k < n; k++) {
            w[k] /= total;
        }
        return new GaussHermite(z, w);
    }

    /** out[0] = p_N(x), out[1] = p_{N-1}(x) (orthonormal w.r.t. N(0,1)). */
    private static void orthonormalHermite(int n, double x, double[] out) {
        double pPrev = 0.0;
        double p = 1.0;
        for (int j = 0; j < n; j++) {
            double next = (x * p - Math.sqrt(j) * pPrev) / Math.sqrt(j + 1.0);
            pPrev = p;
            p = next;
        }
        out[0] = p;
        out[1] = pPrev;
    }
}
