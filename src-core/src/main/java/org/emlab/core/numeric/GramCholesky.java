package org.emlab.core.numeric;

/**
 * The Cholesky factor {@code L} of a Gram matrix {@code G = XᵀX = L Lᵀ} (row-major {@code d × d}),
 * computed once per run and reused by every M-step of a least-squares EM
 * ({@code θ = G⁻¹ b} by two triangular solves, O(d²), no allocation). A holder only: the
 * factorisation and the solves are {@link Cholesky}'s.
 */
public final class GramCholesky {
    private final int d;
    private final double[] gram;
    private final double[] l;

    /**
     * Factors {@code gram} (row-major, symmetric positive definite).
     *
     * @throws IllegalArgumentException when the matrix is not positive definite (the design is
     *                                  rank-deficient, e.g. fewer samples than dimensions)
     */
    public GramCholesky(double[] gram, int d) {
        this.d = d;
        this.gram = gram.clone();
        this.l = new double[d * d];
        if (!Cholesky.decompose(this.gram, 0, d, l, 0)) {
            throw new IllegalArgumentException("XᵀX (" + d + " × " + d
                    + ") is not positive definite: the design is rank-deficient");
        }
    }

    /** {@code XᵀX} of {@code n} rows of {@code x} (row-major {@code n × d}), summed in deterministic chunks. */
    public static double[] gram(double[] x, int n, int d) {
        int width = d * (d + 1) / 2;
        ChunkedSums sums = new ChunkedSums(n, width);
        double[] tri = new double[width];
        sums.sum((from, to, acc, off) -> {
            for (int r = from; r < to; r++) {
                int o = r * d;
                int k = off;
                for (int i = 0; i < d; i++) {
                    double xi = x[o + i];
                    for (int j = 0; j <= i; j++) {
                        acc[k++] += xi * x[o + j];
                    }
                }
            }
        }, tri);
        double[] g = new double[d * d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                g[i * d + j] = tri[k];
                g[j * d + i] = tri[k];
                k++;
            }
        }
        return g;
    }

    public int dimension() {
        return d;
    }

    /** A copy of the factored matrix G. */
    public double[] matrix() {
        return gram.clone();
    }

    /** Solves {@code G θ = b} into {@code out} (may be the same array as {@code b}), by {@link Cholesky#solve}. */
    public void solve(double[] b, double[] out) {
        if (out != b) {
            System.arraycopy(b, 0, out, 0, d);
        }
        Cholesky.solve(l, 0, d, out, 0);
    }

    /** The quadratic form {@code θᵀ G θ}. */
    public double quadratic(double[] theta) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double r = 0;
            for (int j = 0; j < d; j++) {
                r += gram[i * d + j] * theta[j];
            }
            s += theta[i] * r;
        }
        return s;
    }
}
