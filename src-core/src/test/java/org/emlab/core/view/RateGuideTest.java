package org.emlab.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.junit.jupiter.api.Test;

/**
 * {@link CurvePanels#rateGuide}: a geometric rate through (t₀, y₀) across the iterations shown, cut where it
 * leaves the measured curve's range. Expected points worked out by hand from y = y₀·e^{r(t − t₀)}.
 */
class RateGuideTest {
    private static final Ink INK = Ink.dotted(Ink.FOREGROUND);

    /** The guide's first and last abscissas. */
    private static double[] ends(Layer.Line l) {
        return new double[] {l.x()[0], l.x()[l.x().length - 1]};
    }

    /** Every point of {@code l} on y = y₀·e^{r(t − t₀)}, in increasing t. */
    private static void assertOnTheLine(Layer.Line l, double t0, double y0, double rate) {
        for (int i = 0; i < l.size(); i++) {
            double t = l.x()[i];
            assertEquals(Math.log(y0) + rate * (t - t0), Math.log(l.y()[i]), 1e-12, "on the line at t = " + t);
            assertTrue(i == 0 || t > l.x()[i - 1], "increasing abscissas");
        }
    }

    @Test
    void throughTheAnchorWithTheRateAcrossTheIterationsShownWhenItStaysInRange() {
        // y = 1e−3·e^{−0.1(t − 10)}: 2.718e−3 at t = 0, 1e−3·e^{−9} = 1.234e−7 at t = 100, inside [1e−8, 1]
        Layer.Line l = CurvePanels.rateGuide("theory rate", 10, 1e-3, -0.1, 0, 100, 1e-8, 1, INK);
        assertArrayEquals(new double[] {0, 100}, ends(l), 0);
        double[] y = l.y();
        assertEquals(2.718281828459045e-3, y[0], 1e-15);
        assertEquals(1.2340980408667956e-7, y[y.length - 1], 1e-19);
        assertOnTheLine(l, 10, 1e-3, -0.1); // log y falls by 0.1 per iteration
        assertEquals("theory rate", l.name());
    }

    @Test
    void cutWhereItLeavesTheMeasuredRange() {
        // a sample's curve floors at 5e−7: the guide from (13, 1e−3) at −0.1451 reaches 5e−7 at
        // t = 13 + ln(2000)/0.1451 = 13 + 7.6009/0.1451 = 65.384; above 0.1 it would be before t = 13 − ln(100)/0.1451 < 0
        Layer.Line l = CurvePanels.rateGuide("theory rate", 13, 1e-3, -0.1451, 0, 505, 5e-7, 0.1, INK);
        assertArrayEquals(new double[] {0, 13 + Math.log(2000) / 0.1451}, ends(l), 1e-9);
        assertEquals(65.384, ends(l)[1], 1e-3);
        double[] y = l.y();
        assertEquals(5e-7, y[y.length - 1], 5e-7 * 1e-12);
        for (double v : y) {
            assertTrue(v >= 5e-7 * (1 - 1e-12) && v <= 0.1, "inside the curve's range: " + v);
        }
        // a rising rate is cut at the top instead: 1e−2·e^{0.5(t − 2)} = 1 at t = 2 + ln(100)/0.5 = 11.21
        Layer.Line up = CurvePanels.rateGuide("r", 2, 1e-2, 0.5, 0, 50, 1e-3, 1, INK);
        assertArrayEquals(new double[] {0, 2 + Math.log(100) / 0.5}, ends(up), 1e-9);
    }

    @Test
    void nothingWhenNoPartIsInRangeOrTheInputsCannotMakeALine() {
        // starts below the curve's smallest value and falls
        assertNull(CurvePanels.rateGuide("r", 0, 1e-9, -0.1, 0, 100, 1e-8, 1, INK));
        assertNull(CurvePanels.rateGuide("r", 0, 0, -0.1, 0, 100, 1e-8, 1, INK));
        assertNull(CurvePanels.rateGuide("r", 0, 1e-3, Double.NaN, 0, 100, 1e-8, 1, INK));
        assertNull(CurvePanels.rateGuide("r", 0, 1e-3, -0.1, 5, 5, 1e-8, 1, INK));
        assertNull(CurvePanels.rateGuide("r", 0, 1e-3, -0.1, 0, 100, Double.NaN, Double.NaN, INK));
        // a flat rate inside the range is drawn across; outside it, not at all
        assertEquals(2, CurvePanels.rateGuide("r", 0, 1e-3, 0, 0, 100, 1e-8, 1, INK).y()[0] * 2000, 1e-12);
        assertNull(CurvePanels.rateGuide("r", 0, 10, 0, 0, 100, 1e-8, 1, INK));
    }

    @Test
    void onALogarithmicAxisTooTheLineStartsAtIterationOneWithoutChordsAcrossDecades() {
        // over [0, 1000] evenly spaced points are 21.3 apart: on a log axis, which leaves out x = 0, the line alone
        // would start at t = 21.3 and cross the next decades in a few chords; log-spaced points from 1 fill that
        Layer.Line l = CurvePanels.rateGuide("theory rate", 10, 1e-3, -0.01, 0, 1000, 1e-8, 1, INK);
        assertArrayEquals(new double[] {0, 1000}, ends(l), 0);
        assertOnTheLine(l, 10, 1e-3, -0.01);
        double[] x = l.x();
        double previous = Double.NaN;
        int fromOne = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= 1) {
                if (fromOne == 0) {
                    assertEquals(1, x[i], 0, "the first point a log axis can show is iteration 1");
                } else {
                    // 32 log-spaced points over [1, 1000]: neighbours at most 1000^(1/31) = 1.25 apart
                    assertTrue(x[i] / previous <= Math.pow(1000, 1 / 31.0) * (1 + 1e-12), x[i] + " after " + previous);
                }
                previous = x[i];
                fromOne++;
            }
        }
        assertTrue(fromOne >= 60, "even and log-spaced points: " + fromOne);
        // a short span gets the even points alone
        assertEquals(48, CurvePanels.rateGuide("r", 0, 1e-3, -0.1, 0, 1.5, 1e-8, 1, INK).size());
    }

    @Test
    void positiveRangeSkipsZerosNegativesAndNonFiniteValues() {
        double[] r = CurvePanels.positiveRange(new double[] {0, -1, 3e-7, Double.NaN, 0.2, Double.POSITIVE_INFINITY, 1e-3});
        assertEquals(3e-7, r[0], 0);
        assertEquals(0.2, r[1], 0);
        assertTrue(Double.isNaN(CurvePanels.positiveRange(new double[] {0, -2})[0]));
    }
}
