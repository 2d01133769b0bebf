package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gauss–Hermite and Gauss–Legendre rules against closed-form moments and mpmath reference nodes and weights. */
class QuadratureTest {

    /** Oracle: E[Z^{2m}] = (2m−1)!! for Z ~ N(0,1); odd moments vanish. */
    @ParameterizedTest
    @ValueSource(ints = {5, 20, 60, 100})
    void hermiteRuleIntegratesNormalMomentsExactly(int n) {
        GaussHermite gh = GaussHermite.of(n);
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += gh.weight(k);
        }
        assertEquals(1.0, total, 1e-14);
        int maxMoment = Math.min(2 * n - 1, 20);
        for (int p = 0; p <= maxMoment; p++) {
            double s = 0;
            double scale = 0;
            for (int k = 0; k < n; k++) {
                s += gh.weight(k) * Math.pow(gh.node(k), p);
                scale += gh.weight(k) * Math.abs(Math.pow(gh.node(k), p));
            }
            double exact = p % 2 == 1 ? 0 : doubleFactorial(p - 1);
            assertEquals(exact, s, 1e-13 * scale, "moment " + p + " with " + n + " nodes");
        }
    }

    /**
     * Oracle: the positive half of the 20-node probabilists' rule, {node, weight} with weights summing to 1,
     * computed by {@code src-core/src/test/resources/reference/gauss_hermite_mpmath.py} (zeros of He_20
     * polished in 50-digit mpmath arithmetic, Christoffel weights); the rule is symmetric.
     */
    private static final double[][] HERMITE_20 = {
        {0.3469641570813559279733224, 0.2607930634495548591510965},
        {1.042945348802751031461367, 0.161739333983999961721213},
        {1.745247320814126714930679, 0.06150637206397690655181779},
        {2.458663611172367751317351, 0.01399783744710100334984774},
        {3.189014816553389414853717, 0.001830103131080492795556455},
        {3.943967350657316260331768, 0.0001288262799619294493983119},
        {4.734581334046055343901709, 0.000004402121090230852833113072},
        {5.578738805893201152680403, 6.127490259982947540477441e-8},
        {6.510590157013654486362893, 2.482062362315178645581608e-10},
        {7.619048541679758291381282, 1.25780067243792701541061e-13},
    };

    @Test
    void hermiteNodesAndWeightsAgreeWithMpmath() {
        int n = 20;
        GaussHermite gh = GaussHermite.of(n);
        for (int i = 0; i < n / 2; i++) {
            double x = HERMITE_20[i][0];
            double w = HERMITE_20[i][1];
            assertEquals(x, gh.node(n / 2 + i), 4 * Math.ulp(x), "node " + (n / 2 + i));
            assertEquals(-x, gh.node(n / 2 - 1 - i), 4 * Math.ulp(x), "node " + (n / 2 - 1 - i));
            assertEquals(w, gh.weight(n / 2 + i), 1e-13 * w, "weight " + (n / 2 + i));
            assertEquals(w, gh.weight(n / 2 - 1 - i), 1e-13 * w, "weight " + (n / 2 - 1 - i));
        }
        // E[cos(Z)] = exp(-1/2)
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += gh.weight(k) * Math.cos(gh.node(k));
        }
        assertEquals(Math.exp(-0.5), s, 1e-15);
    }

    /** Oracle: E[exp(<a, Z>)] = exp(‖a‖²/2) for Z ~ N(0, I_2). */
    @Test
    void tensorGridIntegratesTwoDimensionalGaussianExpectation() {
        GaussHermite.TensorGrid g = GaussHermite.of(40).tensor(2);
        double a0 = 0.7;
        double a1 = -0.4;
        double s = 0;
        for (int p = 0; p < g.size(); p++) {
            s += g.weights()[p] * Math.exp(a0 * g.points()[2 * p] + a1 * g.points()[2 * p + 1]);
        }
        assertEquals(Math.exp(0.5 * (a0 * a0 + a1 * a1)), s, 1e-13);
    }

    /** Oracles: ∫_0^π sin = 2, ∫_0^1 x^31 = 1/32 (exact for degree ≤ 31 per panel), ∫_0^∞ e^{−x} ≈ 1. */
    @Test
    void compositeLegendreIsExactForPolynomialsAndAccurateForSmoothFunctions() {
        assertEquals(2.0, GaussLegendre.integrate(Math::sin, 0, Math.PI, 4), 1e-14);
        assertEquals(1.0 / 32, GaussLegendre.integrate(x -> Math.pow(x, 31), 0, 1, 1), 1e-15);
        assertEquals(1.0, GaussLegendre.integrate(x -> Math.exp(-x), 0, 60, 240), 1e-14);
        double w = 0;
        for (int i = 0; i < GaussLegendre.NODES_PER_PANEL; i++) {
            w += GaussLegendre.weight(i);
        }
        assertEquals(2.0, w, 1e-14);
    }

    @Test
    void linearFitRecoversAKnownSlopeAndItsStandardError() {
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
            y[i] = 3.0 - 0.25 * i;
        }
        LinearFit f = LinearFit.fit(x, y);
        assertEquals(-0.25, f.slope(), 1e-14);
        assertEquals(3.0, f.intercept(), 1e-12);
        assertEquals(0.0, f.slopeStdError(), 1e-12);
        // noisy line: y = 1 + 2x + e with e = ±0.1 alternating; the slope is still 2 within its s.e.
        for (int i = 0; i < 50; i++) {
            y[i] = 1 + 2 * x[i] + (i % 2 == 0 ? 0.1 : -0.1);
        }
        f = LinearFit.fit(x, y);
        assertEquals(2.0, f.slope(), 4 * f.slopeStdError() + 1e-12);
    }

    private static double doubleFactorial(int m) {
        double r = 1;
        for (int i = m; i > 1; i -= 2) {
            r *= i;
        }
        return r;
    }
}
