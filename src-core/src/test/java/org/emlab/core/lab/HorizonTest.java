package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

class HorizonTest {
    /** Iterates whose state is (x, 0.5): a coordinate that moves and one of size ½ that does not. */
    private static History history(double... xs) {
        History h = new History(List.of("x"), 100);
        for (int i = 0; i < xs.length; i++) {
            h.record(i, new double[] {xs[i]}, new double[] {xs[i], 0.5});
        }
        return h;
    }

    /** Iterates whose whole state is x. */
    private static History alone(double... xs) {
        History h = new History(List.of("x"), 100);
        for (int i = 0; i < xs.length; i++) {
            h.record(i, new double[] {xs[i]}, new double[] {xs[i]});
        }
        return h;
    }

    @Test
    void aRunStopsAtItsIterations() {
        Horizon h = Horizon.exactly(3);
        assertNull(h.reached(history(1, 0.5, 0.25)));
        assertEquals("the horizon of 3 iterations", h.reached(history(1, 0.5, 0.25, 0.125)));
    }

    @Test
    void aGeometricDecayIsNotConvergedUntilItsMovesAreBelowRounding() {
        Horizon h = Horizon.upTo(1000);
        // a state that halves at every step is far from rounding, whatever its size
        assertNull(h.reached(alone(1e-100, 5e-101, 2.5e-101, 1.25e-101, 6.25e-102)));
        // beside a coordinate of size ½, moves of 1e-101 are rounding: the run has converged (the error
        // curve of an unbalanced fit would otherwise fall on to 1e-150 with nothing left to see)
        assertTrue(h.reached(history(1e-100, 5e-101, 2.5e-101, 1.25e-101, 6.25e-102)).startsWith("converged"));
        // moves of a few ulps of the largest coordinate (0.5) for three steps in a row: converged
        double x = 0.3;
        double u = Math.ulp(0.5);
        String why = h.reached(history(0.2, x, x + u, x, x + 2 * u));
        assertTrue(why != null && why.startsWith("converged to rounding at iteration 4"), why);
        // ... but not when the last three are not consecutive iterations
        assertNull(Horizon.exactly(1000).reached(history(0.2, x, x, x, x)), "exactly n never stops early");
    }

    @Test
    void nonFiniteStatesNeverCountAsConverged() {
        assertNull(Horizon.upTo(100).reached(history(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
    }
}
