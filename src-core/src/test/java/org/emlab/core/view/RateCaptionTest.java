package org.emlab.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateCaptionTest {
    private static double[] iterations(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    @Test
    void aGeometricDecayGetsItsRateWithTheWindowAndRSquared() {
        double[] t = iterations(100);
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            y[i] = Math.exp(-0.145 * i);
        }
        RateCaption.Verdict v = RateCaption.geometric(t, y, 0.4, 1e-300, 1e-300);
        assertTrue(v.showsRate());
        assertEquals(-0.145, v.slope(), 1e-12);
        assertFalse(v.levelled());
        assertEquals("fitted over t ∈ [60, 99]: slope −0.145 (R² >0.9999)", v.rateText("slope"));
    }

    @Test
    void aStuckRunPrintsNoRateButWhereItLevelledOff() {
        // falls for 10 iterations, then does not move at all (a one-fits-many optimum)
        double[] t = iterations(200);
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i < 10 ? 1.48 + Math.exp(-i) : 1.4816834;
        }
        RateCaption.Verdict v = RateCaption.power(t, y, 0.5, 1e-300, 1e-10);
        assertTrue(v.levelled());
        assertEquals(1.4816834, v.level());
        assertTrue(v.since() <= 12, "levelled from about iteration 10: " + v.since());
        assertFalse(v.showsRate(), "a flat tail has no rate");
        assertEquals("levelled off at 1.482 since t ≈ " + CurvePanels.num(v.since()), v.levelText());
    }

    @Test
    void aDecayThatReachesAFloorIsFittedBeforeTheFloorOnly() {
        double[] t = iterations(120);
        double[] y = new double[120];
        for (int i = 0; i < 120; i++) {
            y[i] = Math.max(Math.exp(-0.2 * i), 5e-7);
        }
        RateCaption.Verdict v = RateCaption.geometric(t, y, 0.4, 1e-300, 1e-300);
        assertTrue(v.levelled());
        assertEquals(5e-7, v.level());
        assertTrue(v.showsRate(), v.rateText("slope"));
        assertEquals(-0.2, v.slope(), 1e-9);
        assertTrue(v.tail().toX() < v.since());
    }

    @Test
    void aValueBelowTheNumericalFloorReadsZero() {
        double[] t = iterations(30);
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            y[i] = 1e-3 * Math.exp(-i) - 4.7e-7; // goes negative within the quadrature error
        }
        RateCaption.Verdict v = RateCaption.geometric(t, y, 0.4, 1e-300, 1e-6);
        assertTrue(v.belowFloor());
        assertEquals("≈ 0 (below the quadrature floor 1e−6)", RateCaption.belowFloorText("quadrature", 1e-6));
    }

    @Test
    void aCurveThatIsNotAStraightLineSaysSoInsteadOfAPrintingARate() {
        double[] t = iterations(200);
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            // fast, then slow: no single geometric rate over the tail window
            y[i] = Math.exp(-0.5 * i) + 1e-3 / (1 + i * i);
        }
        RateCaption.Verdict v = RateCaption.geometric(t, y, 0.9, 1e-300, 1e-300);
        assertFalse(v.showsRate());
        assertTrue(v.rateText("slope").startsWith("no single rate over t ∈ ["), v.rateText("slope"));
    }
}
