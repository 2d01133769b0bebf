package org.emlab.core.numeric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The smallest eigenvalue of a small symmetric matrix: EJML's symmetric QR algorithm
 * ({@link DecompositionFactory_DDRM#eig(int, boolean, boolean) eig(d, false, true)}, Householder
 * tridiagonalisation + implicit QR) for {@code d ≥ 3}, closed forms for {@code d ≤ 2}.
 *
 * <p>Why closed forms for d ≤ 2: the recursive MLR estimator reports λ_min(Σ φφᵀ) in every trajectory
 * row, and with its default {@code batch = 1} a row is written after every sample, so this routine is
 * called once per sample. An EJML decomposition of a 2 × 2 matrix allocates its workspaces and took
 * 0.5–1.5 µs here, as much as or more than the whole d = 2 recursion step (0.4–2 µs), against a few
 * nanoseconds for the closed form. The closed form {@code λ_min = ½ (a₀₀ + a₁₁ − sqrt((a₀₀ − a₁₁)² + 4 a₀₁²))} has, like the
 * QR algorithm, an absolute error of a few ulps of {@code ‖A‖} (so a λ_min much smaller than λ_max
 * keeps only its leading digits; both routines share that limit).
 */
public final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /**
     * Smallest eigenvalue of the symmetric d × d block {@code a[o .. o + d²)} (row-major; only its
     * symmetric part is meaningful). NaN when the QR iteration fails, which EJML reports only for
     * non-finite input.
     */
    public static double minEigenvalue(double[] a, int o, int d) {
        if (d == 1) {
            return a[o];
        }
        if (d == 2) {
            double tr = a[o] + a[o + 3];
            double diff = a[o] - a[o + 3];
            double b = a[o + 1];
            return 0.5 * (tr - Math.sqrt(diff * diff + 4 * b * b));
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        System.arraycopy(a, o, m.data, 0, d * d);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(m)) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            min = Math.min(min, eig.getEigenvalue(i).getReal());
        }
        return min;
    }
}
