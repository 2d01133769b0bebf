package org.emlab.core.numeric;

/**
 * Cholesky factorisation {@code A = L Lᵀ} of small symmetric positive-definite matrices stored
 * row-major in a slice of a {@code double[]}, with the triangular solves and the log-determinant
 * that Gaussian log-densities and weighted least squares need. Allocation-free: the caller owns
 * every buffer.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Writes the lower factor of the d × d matrix {@code a[ao ..]} into {@code l[lo ..]} (upper part
     * zeroed). Returns false, leaving {@code l} undefined, when the matrix is not numerically
     * positive definite (a pivot is not positive or not finite).
     */
    public static boolean decompose(double[] a, int ao, int d, double[] l, int lo) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c <= r; c++) {
                double s = a[ao + r * d + c];
                for (int k = 0; k < c; k++) {
                    s -= l[lo + r * d + k] * l[lo + c * d + k];
                }
                if (r == c) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return false;
                    }
                    l[lo + r * d + r] = Math.sqrt(s);
                } else {
                    l[lo + r * d + c] = s / l[lo + c * d + c];
                }
            }
            for (int c = r + 1; c < d; c++) {
                l[lo + r * d + c] = 0;
            }
        }
        return true;
    }

    /** {@code log det A = 2 Σ log L_rr}. */
    public static double logDet(double[] l, int lo, int d) {
        double s = 0;
        for (int r = 0; r < d; r++) {
            s += Math.log(l[lo + r * d + r]);
        }
        return 2 * s;
    }

    /** Solves {@code L z = b} in place ({@code b[bo .. bo+d)} becomes z). */
    public static void forward(double[] l, int lo, int d, double[] b, int bo) {
        for (int r = 0; r < d; r++) {
            double s = b[bo + r];
            for (int k = 0; k < r; k++) {
                s -= l[lo + r * d + k] * b[bo + k];
            }
            b[bo + r] = s / l[lo + r * d + r];
        }
    }

    /** Solves {@code Lᵀ z = b} in place. */
    public static void backward(double[] l, int lo, int d, double[] b, int bo) {
        for (int r = d - 1; r >= 0; r--) {
            double s = b[bo + r];
            for (int k = r + 1; k < d; k++) {
                s -= l[lo + k * d + r] * b[bo + k];
            }
            b[bo + r] = s / l[lo + r * d + r];
        }
    }

    /** Solves {@code A z = b} given A's factor (b is overwritten with z). */
    public static void solve(double[] l, int lo, int d, double[] b, int bo) {
        forward(l, lo, d, b, bo);
        backward(l, lo, d, b, bo);
    }

    /** The squared Mahalanobis norm {@code ‖L⁻¹ v‖²} of {@code v[vo ..]}, using {@code work[0 .. d)}. */
    public static double mahalanobis(double[] l, int lo, int d, double[] v, int vo, double[] work) {
        double q = 0;
        for (int r = 0; r < d; r++) {
            double s = v[vo + r];
            for (int k = 0; k < r; k++) {
                s -= l[lo + r * d + k] * work[k];
            }
            double z = s / l[lo + r * d + r];
            work[r] = z;
            q += z * z;
        }
        return q;
    }
}
