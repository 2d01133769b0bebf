package org.emlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The regular-simplex construction of docs/labs/gmm-simplex.md#model against its defining properties.
 *
 * <p>Reference: src-core/src/test/resources/reference/simplex_kl_mpmath.py (Lloyd radii).
 */
class SimplexGeometryTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 8, 16})
    void verticesFormARegularSimplexAndCCyclesThem(int k) {
        SimplexGeometry g = new SimplexGeometry(k);
        int s = k - 1;
        double[] sum = new double[s];
        for (int i = 0; i < k; i++) {
            double[] vi = g.vertex(i);
            for (int j = 0; j < k; j++) {
                double[] vj = g.vertex(j);
                double dot = 0;
                for (int a = 0; a < s; a++) {
                    dot += vi[a] * vj[a];
                }
                // unit vertices with pairwise inner product −1/(k−1)
                assertEquals(i == j ? 1.0 : -1.0 / (k - 1), dot, 1e-13);
            }
            for (int a = 0; a < s; a++) {
                sum[a] += vi[a];
            }
            // C v_i = v_{i+1}
            double[] next = g.vertex((i + 1) % k);
            for (int a = 0; a < s; a++) {
                double cv = 0;
                for (int b = 0; b < s; b++) {
                    cv += g.cPow(1, a, b) * vi[b];
                }
                assertEquals(next[a], cv, 1e-13);
            }
        }
        for (double v : sum) {
            assertEquals(0.0, v, 1e-13);
        }
        // C^k = I and C is orthogonal
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                assertEquals(a == b ? 1.0 : 0.0, g.cPow(k, a, b), 1e-13);
                double ctc = 0;
                for (int c = 0; c < s; c++) {
                    ctc += g.cPow(1, c, a) * g.cPow(1, c, b);
                }
                assertEquals(a == b ? 1.0 : 0.0, ctc, 1e-13);
            }
        }
    }

    /** R acts as the identity outside the first k−1 coordinates, and (R^j)ᵀ R^j = I. */
    @Test
    void rotationLeavesTheComplementFixed() {
        SimplexGeometry g = new SimplexGeometry(3);
        double[] theta = {0.3, -0.7, 1.5, -2.0};
        double[] out = new double[4];
        g.applyR(1, theta, out);
        assertEquals(1.5, out[2], 0);
        assertEquals(-2.0, out[3], 0);
        assertEquals(Math.hypot(0.3, -0.7), Math.hypot(out[0], out[1]), 1e-15);
        double[] back = new double[4];
        g.addRTransposed(1, out, 0, 1.0, back);
        for (int c = 0; c < 4; c++) {
            assertEquals(theta[c], back[c], 1e-15);
        }
    }

    /** Oracle: docs/labs/gmm-simplex.md#open-questions (Lloyd radii, measured with mpmath). */
    @Test
    void lloydRadiusMatchesReferenceValues() {
        assertEquals(0.7978845608, SimplexGeometry.lloydRadius(2), 1e-9);
        assertEquals(1.0364824484, SimplexGeometry.lloydRadius(3), 1e-9);
        assertEquals(1.1886202974, SimplexGeometry.lloydRadius(4), 1e-9);
    }

    /** Oracles: hand DFTs. Uniform weights have F_l = 0 (l ≥ 1); k = 4, π = (.4,.3,.2,.1) has F_2 = .4−.3+.2−.1 = 0.2. */
    @Test
    void dftConditionFailsForUniformWeightsAndHoldsOtherwise() {
        assertEquals(0.0, SimplexGeometry.minDftSquared(new double[] {0.25, 0.25, 0.25, 0.25}), 0);
        assertEquals(0.0, SimplexGeometry.minDftSquared(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}), 0);
        assertEquals(0.04, SimplexGeometry.minDftSquared(new double[] {0.4, 0.3, 0.2, 0.1}), 1e-15);
        // k = 3: |F_1|² = Σπ_j² − (π0π1 + π1π2 + π2π0) = 0.38 − 0.31 = 0.07
        assertEquals(0.07, SimplexGeometry.minDftSquared(new double[] {0.5, 0.3, 0.2}), 1e-15);
        // k = 4 fails when π0+π2 = π1+π3 and π0 = π2, π1 = π3 (F_1 = 0 and F_2 = 0 respectively)
        assertEquals(0.0, SimplexGeometry.minDftSquared(new double[] {0.3, 0.2, 0.3, 0.2}), 0);
    }
}
