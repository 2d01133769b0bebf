package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The smallest eigenvalue against mpmath ({@code eigsy}, 50 digits) on the double matrices written
 * here; the values come from {@code src/test/resources/reference/min_eigenvalue_mpmath.py}. A
 * backward-stable symmetric eigensolver (and the d = 2 closed form) is accurate to a few ulps of
 * {@code ‖A‖}, so each check allows {@code 8 d ε ‖A‖_F}.
 */
class SymmetricEigenTest {
    private static final double EPS = Math.ulp(1.0);

    private static void check(double expected, double[] a, int d) {
        // at an offset, to check the slice addressing too
        double[] padded = new double[3 + d * d];
        System.arraycopy(a, 0, padded, 3, d * d);
        double norm = 0;
        for (double v : a) {
            norm += v * v;
        }
        double tol = 8 * d * EPS * Math.sqrt(norm);
        assertEquals(expected, SymmetricEigen.minEigenvalue(padded, 3, d), tol, "d = " + d);
    }

    private static double[] hilbert(int d) {
        double[] h = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                h[i * d + j] = 1.0 / (i + j + 1);
            }
        }
        return h;
    }

    @Test
    void hilbertMatricesMatchMpmath() {
        check(0.002687340355773521816525463, hilbert(3), 3);
        check(0.00009670230402260017602260467, hilbert(4), 4);
        check(0.000003287928772175815890892489, hilbert(5), 5);
        check(0.0000001082799484481101042331537, hilbert(6), 6);
    }

    @Test
    void gramMatrixOfAnIntegerDesignMatchesMpmath() {
        double[] g = {
            15, 1, 1, -3, 6,
            1, 11, -3, 3, 6,
            1, -3, 16, 4, 1,
            -3, 3, 4, 8, -5,
            6, 6, 1, -5, 16};
        check(0.5054246599494686362854776, g, 5);
    }

    @Test
    void indefiniteMatrixGivesItsNegativeEigenvalue() {
        check(-4.752234242489406100614754, new double[] {1, 2, 3, 2, -4, 0.5, 3, 0.5, 2}, 3);
    }

    @Test
    void closedFormsForOneAndTwoDimensions() {
        check(-2.5, new double[] {-2.5}, 1);
        check(0.9999999899999999, new double[] {1e8, 1, 1, 1}, 2);
        // [[4, 2], [2, 1]] is singular: eigenvalues 0 and 5, both exact in the closed form
        assertEquals(0.0, SymmetricEigen.minEigenvalue(new double[] {4, 2, 2, 1}, 0, 2), 0.0);
        // a diagonal matrix: the closed form is exact
        assertEquals(-3.0, SymmetricEigen.minEigenvalue(new double[] {7, 0, 0, -3}, 0, 2), 0.0);
    }
}
