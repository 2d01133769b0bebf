package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** The stable primitives against naive forms where those are exact, and against series where they cancel. */
class StableTest {

    @Test
    void logCoshIsExactForModerateAndFiniteForHugeArguments() {
        for (double x : new double[] {-3, -0.5, 0, 1e-8, 2, 20}) {
            assertEquals(Math.log(Math.cosh(x)), Stable.logCosh(x), 1e-14 * Math.max(1, Math.abs(x)));
        }
        assertEquals(1000 - Math.log(2), Stable.logCosh(1000), 1e-12);
        assertTrue(Double.isFinite(Stable.logCosh(1e300)));
    }

    @Test
    void logSumExpHandlesMaskedComponentsAndHugeValues() {
        double[] a = {1000, 1000, Double.NEGATIVE_INFINITY};
        assertEquals(1000 + Math.log(2), Stable.logSumExp(a), 1e-12);
        double[] w = a.clone();
        Stable.softmaxInPlace(w, 0, 3);
        assertEquals(0.5, w[0], 1e-15);
        assertEquals(0.0, w[2], 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, Stable.logSumExp(new double[] {Double.NEGATIVE_INFINITY}));
        assertEquals(Math.log(Math.exp(0.3) + Math.exp(-1.2)), Stable.logAddExp(0.3, -1.2), 1e-15);
    }

    /** Oracle: 40-digit BigDecimal Taylor sums of e^u − 1 − u and e^u − 1 − u − u²/2. */
    @Test
    void expSeriesHelpersKeepRelativeAccuracyNearZero() {
        for (double u : new double[] {1e-9, -3e-5, 0.05, -0.099, 0.3}) {
            double e2 = exactExpMinus(u, 2);
            double e3 = exactExpMinus(u, 3);
            assertEquals(e2, Stable.expm1MinusX(u), 1e-14 * Math.abs(e2));
            assertEquals(e3, Stable.expm1MinusXMinusHalfX2(u), 1e-13 * Math.abs(e3));
        }
        for (double s : new double[] {1e-7, -0.05, 0.09, 0.5}) {
            double exact = Math.log1p(s) - s;
            double tol = Math.abs(s) < 0.1 ? 1e-12 * Math.abs(exact) : 1e-15;
            if (Math.abs(s) > 1e-3) {
                assertEquals(exact, Stable.log1pMinusX(s), tol + 1e-16);
            } else {
                assertEquals(-s * s / 2 + s * s * s / 3, Stable.log1pMinusX(s), 1e-12 * s * s);
            }
        }
    }

    private static double exactExpMinus(double u, int from) {
        MathContext mc = new MathContext(40);
        BigDecimal x = new BigDecimal(u);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 1; k < 60; k++) {
            term = term.multiply(x, mc).divide(BigDecimal.valueOf(k), mc);
            if (k >= from) {
                sum = sum.add(term, mc);
            }
        }
        return sum.doubleValue();
    }
}
