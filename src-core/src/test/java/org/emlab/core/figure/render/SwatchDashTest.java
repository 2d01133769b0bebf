package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Ink;
import org.junit.jupiter.api.Test;

/**
 * A legend swatch's dash pattern shows the curve's dash beside the marker drawn at the swatch's middle: the gaps
 * (and a dash-dot's dots) lie outside the middle third, where the marker sits; without a marker, as before.
 */
class SwatchDashTest {
    private static final double SW = 26;
    private static final double W = 1.5;

    /** The drawn ("on") intervals of {@code pattern} over [0, SW]. */
    private static List<double[]> drawn(double[] pattern) {
        List<double[]> on = new ArrayList<>();
        double x = 0;
        for (int i = 0; x < SW; i++) {
            double len = pattern[i % pattern.length];
            if (i % 2 == 0) {
                on.add(new double[] {x, Math.min(SW, x + len)});
            }
            x += len;
        }
        return on;
    }

    /** The gaps between the drawn intervals inside [0, SW]. */
    private static List<double[]> gaps(List<double[]> on) {
        List<double[]> out = new ArrayList<>();
        for (int i = 1; i < on.size(); i++) {
            out.add(new double[] {on.get(i - 1)[1], on.get(i)[0]});
        }
        return out;
    }

    private static boolean within(double[] span, double lo, double hi) {
        return span[0] >= lo - 1e-9 && span[1] <= hi + 1e-9;
    }

    @Test
    void aDashedSwatchWithAMarkerShowsAGapOnEachSideOfIt() {
        double[] p = PanelPainter.swatchDash(Ink.Dash.DASHED, W, SW, true);
        List<double[]> g = gaps(drawn(p));
        assertEquals(2, g.size(), "two gaps");
        assertTrue(within(g.get(0), 0, SW / 3) && within(g.get(1), 2 * SW / 3, SW), "both outside the middle third");
        // the line runs unbroken under the marker, and the swatch is symmetric
        assertTrue(drawn(p).stream().anyMatch(s -> s[0] < SW / 3 && s[1] > 2 * SW / 3));
        assertEquals(g.get(0)[0], SW - g.get(1)[1], 1e-9);
        // without the marker its one gap is in the middle, as before
        List<double[]> plain = gaps(drawn(PanelPainter.swatchDash(Ink.Dash.DASHED, W, SW)));
        assertEquals(1, plain.size());
        assertEquals(SW / 2, (plain.get(0)[0] + plain.get(0)[1]) / 2, 1e-9);
    }

    @Test
    void aDashDotSwatchWithAMarkerShowsItsDotsOnEachSideOfIt() {
        double[] p = PanelPainter.swatchDash(Ink.Dash.DASH_DOT, W, SW, true);
        List<double[]> on = drawn(p);
        List<double[]> dots = new ArrayList<>();
        for (double[] s : on) {
            if (s[1] - s[0] <= 1.2 * W + 1e-9) {
                dots.add(s);
            }
        }
        assertEquals(2, dots.size(), "two dots");
        assertTrue(within(dots.get(0), 0, SW / 3) && within(dots.get(1), 2 * SW / 3, SW), "beside the marker");
        assertEquals(SW, on.get(on.size() - 1)[1], 1e-9, "a dash at the end");
        assertEquals(4, gaps(on).size());
        for (double[] gap : gaps(on)) {
            assertTrue(gap[1] - gap[0] > 0, "visible gaps");
            assertTrue(within(gap, 0, SW / 3) || within(gap, 2 * SW / 3, SW), "no gap under the marker");
        }
    }

    @Test
    void dottedAndSolidAreTheSameWithOrWithoutAMarker() {
        assertArrayEquals(PanelPainter.swatchDash(Ink.Dash.DOTTED, W, SW), PanelPainter.swatchDash(Ink.Dash.DOTTED, W, SW,
                true));
        assertNull(PanelPainter.swatchDash(Ink.Dash.SOLID, W, SW, true));
    }
}
