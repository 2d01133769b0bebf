package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.junit.jupiter.api.Test;

/** The legend rule of {@link PanelLayout}: a free corner, top right first, else a row above the plot. */
class PanelLayoutTest {
    private static final double W = 400;
    private static final double H = 300;

    private static Layer.Line line(String name, int color, double... xy) {
        double[] x = new double[xy.length / 2];
        double[] y = new double[xy.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new Layer.Line(name, Ink.line(color), x, y);
    }

    /** A panel on fixed ranges [0, 10] × [0, 10], so data positions map straight to corners. */
    private static Panel panel(Layer... layers) {
        return new Panel("p", "p", Panel.Kind.CURVE, Axis.fixed("x", 0, 10), Axis.fixed("y", 0, 10), false,
                List.of(layers), List.of());
    }

    private static PanelLayout.Placement place(Panel p) {
        return PanelLayout.resolve(p, W, H, Theme.LIGHT).legend().placement();
    }

    /** A curve along the bottom edge, covering both bottom corners. */
    private static Layer.Line floor() {
        return line("error", 0, 0, 0.2, 10, 0.2);
    }

    @Test
    void theLegendGoesTopRightWhenNothingIsThere() {
        assertEquals(PanelLayout.Placement.TOP_RIGHT, place(panel(floor())));
    }

    @Test
    void aCurveUnderTheTopRightCornerMovesTheLegendToTheNextFreeCorner() {
        Layer.Line underTopRight = line("theory", 1, 9, 9.8, 10, 9.8);
        assertEquals(PanelLayout.Placement.TOP_LEFT, place(panel(floor(), underTopRight)));
        Layer.Line alsoTopLeft = line("fit", 2, 0, 9.8, 1, 9.8);
        assertEquals(PanelLayout.Placement.ABOVE, place(panel(floor(), underTopRight, alsoTopLeft)),
                "both bottom corners are covered too");
    }

    @Test
    void aSegmentCrossingTheCornerCountsEvenWithoutAPointInIt() {
        // a straight line from the left edge high up to the right edge: no point near the top-right box
        Layer.Line across = line("across", 0, 0, 9.9, 10, 9.0);
        assertEquals(PanelLayout.Placement.BOTTOM_RIGHT, place(panel(across)));
    }

    @Test
    void aMarkerUnderACornerCountsAsData() {
        Layer.Points dot = new Layer.Points("dot", Ink.points(0, Ink.Marker.CIRCLE, 9), new double[] {9.9},
                new double[] {9.9});
        assertEquals(PanelLayout.Placement.TOP_LEFT, place(panel(dot)));
    }

    @Test
    void curvesUnderAllFourCornersPutTheLegendInARowAboveThePlotWithItsRoomReserved() {
        Panel p = panel(line("a", 0, 0, 0.2, 10, 0.2), line("b", 1, 0, 9.8, 10, 9.8));
        PanelLayout l = PanelLayout.resolve(p, W, H, Theme.LIGHT);
        PanelLayout.Legend lg = l.legend();
        assertEquals(PanelLayout.Placement.ABOVE, lg.placement());
        assertTrue(lg.strip() > 0, "room reserved");
        assertEquals(H - lg.strip(), l.plotHeight(), 1e-9, "taken from the plot");
        assertEquals(W, l.plotWidth(), 1e-9);
        assertTrue(lg.y() + lg.height() <= 0 && lg.y() >= -lg.strip(), "in the reserved strip above the plot");
        assertTrue(lg.x() >= 0 && lg.x() + lg.width() <= W, "over the plot's width, clear of the y tick labels");
        assertEquals(List.of("a", "b"), lg.names());
        assertEquals(Ticks.forAxis(0, 10, false, false, l.plotHeight(), Theme.LIGHT.fontSize(), false), l.y().ticks(),
                "the y ticks are those of the smaller plot");
    }

    @Test
    void theShownIterationCursorIsNotData() {
        Layer.Line cursor = line(null, Ink.MUTED, 9.9, Double.NEGATIVE_INFINITY, 9.9, Double.POSITIVE_INFINITY);
        assertEquals(PanelLayout.Placement.TOP_RIGHT, place(panel(floor(), cursor)));
    }

    @Test
    void aNameDrawnBySeveralLayersIsListedOnceWithItsFirstInk() {
        Panel p = panel(line("π_i(t)", 0, 0, 1, 1, 1), line("theory", 1, 0, 2, 1, 2), line("π_i(t)", 2, 0, 3, 1, 3),
                line(null, 3, 0, 4, 1, 4));
        List<PanelLayout.Entry> e = PanelLayout.resolve(p, W, H, Theme.LIGHT).legend().entries();
        assertEquals(List.of("π_i(t)", "theory"), e.stream().map(PanelLayout.Entry::name).toList());
        assertEquals(0, e.get(0).ink().color());
    }

    @Test
    void aCornerLegendKeepsClearOfEveryCurveOnEveryCornerItChose() {
        // random walks: whatever corner is chosen, no segment comes into its box
        java.util.Random r = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<Layer> layers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                double[] xy = new double[40];
                double y = r.nextDouble() * 10;
                for (int i = 0; i < 20; i++) {
                    xy[2 * i] = i * 10.0 / 19;
                    y = Math.max(0, Math.min(10, y + r.nextGaussian()));
                    xy[2 * i + 1] = y;
                }
                layers.add(line("c" + c, c, xy));
            }
            Panel p = panel(layers.toArray(new Layer[0]));
            PanelLayout l = PanelLayout.resolve(p, W, H, Theme.LIGHT);
            PanelLayout.Legend lg = l.legend();
            if (!lg.placement().corner()) {
                continue;
            }
            for (Layer layer : layers) {
                Layer.Line ln = (Layer.Line) layer;
                for (int i = 1; i < ln.size(); i++) {
                    double ax = ln.x()[i - 1] / 10 * W;
                    double ay = H - ln.y()[i - 1] / 10 * H;
                    double bx = ln.x()[i] / 10 * W;
                    double by = H - ln.y()[i] / 10 * H;
                    for (double t = 0; t <= 1; t += 0.01) {
                        double px = ax + t * (bx - ax);
                        double py = ay + t * (by - ay);
                        boolean inside = px >= lg.x() && px <= lg.x() + lg.width() && py >= lg.y()
                                && py <= lg.y() + lg.height();
                        assertTrue(!inside, "trial " + trial + ": " + lg.placement() + " box over curve " + ln.name());
                    }
                }
            }
        }
    }
}
