package org.emlab.app.curves;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.emlab.app.theme.Themes;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's curve chart stacks a panel's layers as the exports do, the last one on top: a thin
 * orange line given after a thick blue one on the same points shows orange where they lie (ChartFX
 * itself draws its first dataset on top, which hid a fitted tail under the curve it was fitted to).
 */
@ExtendWith(ApplicationExtension.class)
class CurveChartDrawOrderTest {
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        Scene scene = new Scene(root, 560, 330);
        Themes.apply(scene, Themes.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(60, TimeUnit.SECONDS);
    }

    /** {@code p} in a light-themed chart filling the stage, after the pulses that lay it out and draw it. */
    private CurveChart show(Panel p) throws Exception {
        CurveChart c = fx(() -> LightCharts.showIn(root, p));
        WaitForAsyncUtils.waitForFxEvents(20);
        return c;
    }

    /** The chart's plot area (its canvas) in the root's coordinates, those of a snapshot of the root (FX thread). */
    private Bounds plotBounds(CurveChart c) {
        return root.sceneToLocal(c.chart().getCanvas().localToScene(c.chart().getCanvas().getLayoutBounds()));
    }

    @Test
    void theLastLayerIsDrawnOnTop() throws Exception {
        double[] x = {0, 25, 50, 75, 100}; // (ChartFX's point reduction drops a two-point line)
        double[] y = {5, 5, 5, 5, 5};
        Panel p = new Panel("order", "draw order", Panel.Kind.CURVE, Axis.fixed("iteration", 0, 100),
                Axis.fixed("value", 0, 10), false,
                List.of(new Layer.Line("curve", Ink.line(0).withWidth(6), x, y),
                        new Layer.Line("fitted tail", Ink.line(1).withWidth(1.5), x, y)),
                List.of());
        CurveChart c = show(p);
        int[] counts = fx(() -> {
            PixelReader r = root.snapshot(null, null).getPixelReader();
            Bounds plot = plotBounds(c);
            int blue = 0;
            int orange = 0;
            // the line's row, at columns across the middle of the plot
            int row = -1;
            int cx = (int) plot.getCenterX();
            for (int yy = (int) plot.getMinY(); yy < (int) plot.getMaxY() && row < 0; yy++) {
                if (dist(r.getArgb(cx, yy), Theme.LIGHT.color(0)) < 60 || dist(r.getArgb(cx, yy), Theme.LIGHT.color(1)) < 60) {
                    row = yy + 3; // the thick line's top edge, then its middle
                }
            }
            for (int xx = (int) plot.getMinX() + 20; xx < (int) plot.getMaxX() - 20; xx += 5) {
                int argb = r.getArgb(xx, row);
                if (dist(argb, Theme.LIGHT.color(0)) < 60) {
                    blue++;
                } else if (dist(argb, Theme.LIGHT.color(1)) < 60) {
                    orange++;
                }
            }
            return new int[] {blue, orange, row};
        });
        assertTrue(counts[2] > 0, "found the line");
        assertTrue(counts[1] > 10 && counts[1] > 3 * counts[0],
                "the orange line (given last) on top: orange " + counts[1] + ", blue " + counts[0]);
    }

    /**
     * A line is drawn as its points joined, nothing more: the renderer's default error style drew
     * zero-length error bars with caps at every point of some datasets (an "I" at each point of a
     * dotted theory line, seen in the window at 1024 × 768). A flat dotted line 1.5 px wide is drawn at
     * most 4 px high.
     */
    @Test
    void aLineHasNoMarksAtItsPoints() throws Exception {
        int m = 41;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 2.5 * i;
            y[i] = 5;
        }
        Panel p = new Panel("marks", "marks", Panel.Kind.CURVE, Axis.fixed("iteration", 0, 100), Axis.fixed("value", 0, 10),
                false, List.of(new Layer.Line("curve", Ink.line(0), new double[] {0, 50, 100}, new double[] {8, 8, 8}),
                        new Layer.Line("theory", Ink.dotted(Ink.FOREGROUND), x, y),
                        new Layer.Line(null, Ink.line(0), new double[] {0, 50, 100}, new double[] {2, 2, 2})),
                List.of());
        CurveChart c = show(p);
        int[] found = fx(() -> {
            PixelReader r = root.snapshot(null, null).getPixelReader();
            Bounds plot = plotBounds(c);
            int centre = (int) Math.round(plot.getMinY() + plot.getHeight() / 2); // y = 5 of 0..10
            int top = Integer.MAX_VALUE;
            int bottom = Integer.MIN_VALUE;
            int onLine = 0;
            for (int xx = (int) plot.getMinX() + 10; xx < (int) plot.getMaxX() - 10; xx++) {
                for (int yy = centre - 15; yy <= centre + 15; yy++) {
                    if (dist(r.getArgb(xx, yy), Theme.LIGHT.foreground()) < 200) {
                        top = Math.min(top, yy);
                        bottom = Math.max(bottom, yy);
                        onLine++;
                    }
                }
            }
            int dark = bottom - top + 1; // the height of what is drawn there
            return new int[] {dark, onLine, (int) plot.getWidth() - 20};
        });
        assertTrue(found[1] > 20, "the dotted line is drawn: " + found[1]);
        assertTrue(found[0] <= 4, "the dotted line (1.5 px) is drawn " + found[0] + " px high");
        // a dotted line is ink on about a third of its length (dash 1.2 w, gap 2.8 w), one to two pixels high:
        // caps at each of its 41 points filled the gaps (measured: 390 dark pixels with them, 150 without)
        assertTrue(found[1] <= found[2] / 2, "dark pixels along the line: " + found[1] + " over " + found[2] + " px");
    }

    private static int dist(int a, int b) {
        int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
        int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
        int db = (a & 0xFF) - (b & 0xFF);
        return Math.abs(dr) + Math.abs(dg) + Math.abs(db);
    }
}
