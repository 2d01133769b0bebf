package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one Cholesky routine and the Gram-matrix holder built on it, against matrices made from a known
 * integer factor: {@code A = L Lᵀ} with {@code L = [[2,0,0],[1,3,0],[-1,2,4]]}, so that
 * {@code A = [[4,2,-2],[2,10,5],[-2,5,21]]}, {@code det A = (2·3·4)² = 576}, and
 * {@code A (1, -1, 2)ᵀ = (-2, 2, 35)ᵀ}. Every entry is exact in binary.
 */
class CholeskyTest {
    private static final double[] A = {4, 2, -2, 2, 10, 5, -2, 5, 21};
    private static final double[] L = {2, 0, 0, 1, 3, 0, -1, 2, 4};

    @Test
    void decomposeRecoversTheIntegerFactorAtAnOffset() {
        double[] a = new double[2 + 9];
        System.arraycopy(A, 0, a, 2, 9);
        double[] l = new double[1 + 9];
        java.util.Arrays.fill(l, 7); // the upper part must be overwritten with zeros
        assertTrue(Cholesky.decompose(a, 2, 3, l, 1));
        assertArrayEquals(L, java.util.Arrays.copyOfRange(l, 1, 10), 0.0);
        assertEquals(Math.log(576), Cholesky.logDet(l, 1, 3), 1e-15);
    }

    @Test
    void solveReturnsTheKnownSolutionAndMahalanobisItsQuadraticForm() {
        double[] l = new double[9];
        assertTrue(Cholesky.decompose(A, 0, 3, l, 0));
        double[] b = {-2, 2, 35};
        Cholesky.solve(l, 0, 3, b, 0);
        assertArrayEquals(new double[] {1, -1, 2}, b, 1e-15);
        // v = A x with x = (1, -1, 2): vᵀ A⁻¹ v = xᵀ A x = 1·(-2) + (-1)·2 + 2·35 = 66
        assertEquals(66, Cholesky.mahalanobis(l, 0, 3, new double[] {-2, 2, 35}, 0, new double[3]), 1e-13);
    }

    @Test
    void decomposeRefusesIndefiniteSingularAndNonFiniteMatrices() {
        double[] l = new double[4];
        assertFalse(Cholesky.decompose(new double[] {1, 2, 2, 1}, 0, 2, l, 0)); // eigenvalues 3, -1
        assertFalse(Cholesky.decompose(new double[] {1, 1, 1, 1}, 0, 2, l, 0)); // singular
        assertFalse(Cholesky.decompose(new double[] {Double.POSITIVE_INFINITY, 0, 0, 1}, 0, 2, l, 0));
        assertFalse(Cholesky.decompose(new double[] {Double.NaN, 0, 0, 1}, 0, 2, l, 0));
    }

    @Test
    void gramHolderSolvesTheNormalEquationsOfAKnownDesign() {
        // rows of X are the rows of Lᵀ, so XᵀX = L Lᵀ = A
        double[] x = {2, 1, -1, 0, 3, 2, 0, 0, 4};
        double[] g = GramCholesky.gram(x, 3, 3);
        assertArrayEquals(A, g, 0.0);
        GramCholesky gc = new GramCholesky(g, 3);
        double[] out = new double[3];
        gc.solve(new double[] {-2, 2, 35}, out);
        assertArrayEquals(new double[] {1, -1, 2}, out, 1e-15);
        double[] inPlace = {-2, 2, 35};
        gc.solve(inPlace, inPlace);
        assertArrayEquals(new double[] {1, -1, 2}, inPlace, 1e-15);
        assertEquals(66, gc.quadratic(new double[] {1, -1, 2}), 0.0);
    }

    @Test
    void gramHolderRejectsARankDeficientDesign() {
        double[] x = {2, 1}; // one sample in two dimensions: XᵀX = [[4, 2], [2, 1]], second pivot exactly 0
        assertThrows(IllegalArgumentException.class, () -> new GramCholesky(GramCholesky.gram(x, 1, 2), 2));
    }
}
