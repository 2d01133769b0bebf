package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.junit.jupiter.api.Test;

/**
 * Iteration 0 on a log iteration axis (an animation's first frame, a render of 0 iterations): the curve's one
 * point cannot be placed, so the plot holds only its reference lines; it says why, in the plot, clear of the
 * lines it draws. Once the curve has a point past 0, or on a linear axis, it says nothing.
 */
class OffLogAxisNoticeTest {
    private static final String NOTICE = "iteration 0 is not on a log axis: the curve starts at iteration 1";
    private static final Axis LOG_ITERATIONS = new Axis("iteration", true, Double.NaN, Double.NaN);

    /** The error at iteration 0, a dashed floor at 0.11 drawn over [1, 2] and the cursor at iteration 0. */
    private static Panel atIterationZero(Axis x, double[] ts, double[] errors) {
        return new Panel("error", "error", Panel.Kind.CURVE, x, Axis.log("error"), false, List.of(
                new Layer.Line("‖β_t‖", Ink.line(0), ts, errors),
                new Layer.Line("statistical floor", Ink.dashed(Ink.MUTED), new double[] {1, 2}, new double[] {0.11, 0.11}),
                new Layer.Line(null, Ink.dotted(Ink.MUTED), new double[] {0, 0},
                        new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})), List.of());
    }

    @Test
    void iterationZeroOnALogAxisIsExplainedInThePlotOffTheFloorLine() {
        // the error at 0 equal to the floor: the axis's range is centred on the floor line, where a notice in the
        // middle of the plot would sit on it
        Panel p = atIterationZero(LOG_ITERATIONS, new double[] {0}, new double[] {0.11});
        assertEquals(NOTICE, p.offLogAxisNotice());

        BufferedImage img = new BufferedImage(420, 300, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g2 = img.createGraphics();
        Recording g = new Recording();
        PanelPainter.Frame f;
        try {
            f = new PanelPainter(Theme.LIGHT).paint(p, g.around(new Java2DCanvas(g2)), 0, 0, 420, 300);
        } finally {
            g2.dispose();
        }
        List<double[]> at = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        for (int i = 0; i < g.texts.size(); i++) {
            String s = g.texts.get(i).strip();
            if (s.contains(" ") && NOTICE.contains(s)) { // not a tick label or the axis label
                said.append(said.length() == 0 ? "" : " ").append(g.texts.get(i).strip());
                at.add(g.places.get(i));
            }
        }
        assertEquals(NOTICE, said.toString(), "the notice, in as many lines as the plot's width needs");
        double floorY = f.sy(0.11);
        double top = Double.POSITIVE_INFINITY;
        double bottom = Double.NEGATIVE_INFINITY;
        for (double[] xy : at) {
            double ascent = xy[2];
            assertTrue(xy[0] >= f.px() && xy[0] <= f.px() + f.pw() && xy[1] - ascent >= f.py() && xy[1] <= f.py() + f.ph(),
                    "inside the plot: " + xy[0] + ", " + xy[1]);
            top = Math.min(top, xy[1] - ascent);
            bottom = Math.max(bottom, xy[1] + 0.3 * ascent);
        }
        assertTrue(floorY < top || floorY > bottom,
                "the floor line (y " + floorY + ") does not cross the notice (" + top + " to " + bottom + ")");
    }

    @Test
    void aCurvePastIterationZeroOrALinearAxisSaysNothing() {
        assertNull(atIterationZero(LOG_ITERATIONS, new double[] {0, 1}, new double[] {0.5, 0.3}).offLogAxisNotice());
        assertNull(atIterationZero(Axis.iterations(), new double[] {0}, new double[] {0.5}).offLogAxisNotice());
        // ℓ < 0 on log axes at iteration 5: empty for another reason than iteration 0, so no notice
        assertNull(atIterationZero(LOG_ITERATIONS, new double[] {0, 1, 2, 3, 4, 5},
                new double[] {-9, -7, -6, -5.5, -5.2, -5.1}).offLogAxisNotice());
        // reference lines alone (no measured curve): nothing to explain
        Panel refOnly = new Panel("error", "error", Panel.Kind.CURVE, LOG_ITERATIONS, Axis.log("error"), false, List.of(
                new Layer.Line(null, Ink.dotted(Ink.MUTED), new double[] {0, 0}, new double[] {0.1, 1})), List.of());
        assertNull(refOnly.offLogAxisNotice());
    }

    /** Every text drawn: its words, and its baseline's start with the font's ascent then. */
    private static final class Recording {
        final List<String> texts = new ArrayList<>();
        final List<double[]> places = new ArrayList<>(); // {x, y, ascent}

        /** A canvas that draws through to {@code to} and records each {@code fillText}. */
        Canvas2D around(Canvas2D to) {
            return (Canvas2D) java.lang.reflect.Proxy.newProxyInstance(Canvas2D.class.getClassLoader(),
                    new Class<?>[] {Canvas2D.class}, (proxy, method, args) -> {
                        if (method.getName().equals("fillText")) {
                            texts.add((String) args[0]);
                            places.add(new double[] {(double) args[1], (double) args[2], to.textAscent()});
                        }
                        return method.invoke(to, args);
                    });
        }
    }
}
