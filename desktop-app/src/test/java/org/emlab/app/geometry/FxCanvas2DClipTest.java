package org.emlab.app.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.emlab.core.figure.render.Canvas2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The geometric clipping of {@link FxCanvas2D} against JavaFX's own clip as the oracle: the same
 * shapes, crossing the clip rectangle on every side, drawn once through {@code FxCanvas2D} and once
 * on a plain {@link GraphicsContext} with {@code clip()}, give the same pixels (up to anti-aliasing
 * at the clip edge), and nothing outside the rectangle.
 */
@ExtendWith(ApplicationExtension.class)
class FxCanvas2DClipTest {
    private static final int W = 220;
    private static final int H = 160;
    private static final double CX = 50;
    private static final double CY = 40;
    private static final double CW = 110;
    private static final double CH = 70;
    private static final int BLUE = 0xFF0072B2;
    private static final int ORANGE = 0xCCE69F00;

    @Start
    void start(Stage stage) {
        // the extension starts the toolkit
    }

    /** The shapes, through the Canvas2D interface. */
    private static void shapes(Canvas2D g) {
        g.setFill(0xFFFFFFFF);
        g.fillRect(0, 0, W, H);
        g.save();
        g.clip(CX, CY, CW, CH);
        g.setStroke(BLUE, 2, null);
        g.strokeLine(10, 10, 210, 150); // crosses two sides
        g.strokeLine(0, 75, 220, 75); // crosses left and right
        g.strokeLine(100, 0, 100, 20); // outside: dropped
        g.strokePolyline(new double[] {20, 80, 120, 200, 140}, new double[] {60, 50, 130, 90, 20}, 5);
        g.setFill(ORANGE);
        g.fillPolygon(new double[] {30, 120, 90}, new double[] {30, 60, 140}, 3);
        g.fillRect(140, 90, 60, 40);
        g.fillOval(140, 20, 50, 40);
        g.setStroke(BLUE, 1.5, null);
        g.strokeRect(60, 50, 200, 30);
        int[] px = new int[4 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 2 == 0 ? 0xFF009E73 : 0xFFCC79A7);
        }
        g.drawImage(px, 4, 4, 20, 80, 80, 60);
        g.restore();
    }

    private static WritableImage paint(Consumer<GraphicsContext> p) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Canvas c = new Canvas(W, H);
            GraphicsContext gc = c.getGraphicsContext2D();
            gc.setImageSmoothing(false);
            p.accept(gc);
            return c.snapshot(null, null);
        }).get(30, TimeUnit.SECONDS);
    }

    private static int channelDiff(int a, int b) {
        int d = 0;
        for (int s = 0; s < 32; s += 8) {
            d = Math.max(d, Math.abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)));
        }
        return d;
    }

    @Test
    void geometricClipMatchesJavaFxClip() throws Exception {
        WritableImage ours = paint(gc -> {
            FxCanvas2D g = new FxCanvas2D(gc);
            gc.setImageSmoothing(false);
            shapes(g);
        });
        WritableImage reference = paint(gc -> shapes(new ReferenceClip(gc)));
        PixelReader a = ours.getPixelReader();
        PixelReader b = reference.getPixelReader();
        int differ = 0;
        int inked = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int pa = a.getArgb(x, y);
                boolean out = x < CX - 1 || x > CX + CW + 1 || y < CY - 1 || y > CY + CH + 1;
                if (out) {
                    assertEquals(0xFFFFFFFF, pa, "ink outside the clip at " + x + "," + y);
                    continue;
                }
                if (pa != 0xFFFFFFFF) {
                    inked++;
                }
                boolean edge = Math.abs(x - CX) < 2 || Math.abs(x - CX - CW) < 2 || Math.abs(y - CY) < 2
                        || Math.abs(y - CY - CH) < 2;
                if (!edge && channelDiff(pa, b.getArgb(x, y)) > 48) {
                    differ++;
                }
            }
        }
        assertTrue(inked > 1500, "the shapes are drawn inside the clip (" + inked + " pixels)");
        // anti-aliasing of a cut line end differs by a pixel or two per crossing, nothing more
        assertTrue(differ < 60, differ + " pixels differ from JavaFX's clip");
    }

    @Test
    void aScaledPageIsClippedInPageUnits() throws Exception {
        // the export preview draws a page twice the canvas size at scale ½: a clip edge beyond the
        // canvas's pixel width is still inside the page and must clip
        WritableImage img = paint(gc -> {
            gc.scale(0.5, 0.5);
            FxCanvas2D g = new FxCanvas2D(gc);
            g.setFill(0xFFFFFFFF);
            g.fillRect(0, 0, 2 * W, 2 * H);
            g.save();
            g.clip(250, 50, 150, 200);
            g.setStroke(BLUE, 4, null);
            g.strokeLine(0, 150, 2 * W, 150);
            g.restore();
        });
        PixelReader r = img.getPixelReader();
        int inked = 0;
        for (int x = 0; x < W; x++) {
            int px = r.getArgb(x, 75);
            if (x < 124 || x > 201) {
                assertEquals(0xFFFFFFFF, px, "ink outside the clip at " + x);
            } else if (px != 0xFFFFFFFF) {
                inked++;
            }
        }
        assertTrue(inked > 60, "the line is drawn inside the clip (" + inked + " pixels)");
    }

    /** The same drawing calls on a plain GraphicsContext with a real clip. */
    private static final class ReferenceClip implements Canvas2D {
        private final GraphicsContext g;

        ReferenceClip(GraphicsContext g) {
            this.g = g;
            g.setLineCap(javafx.scene.shape.StrokeLineCap.ROUND);
            g.setLineJoin(javafx.scene.shape.StrokeLineJoin.ROUND);
        }

        private static Color color(int argb) {
            return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, ((argb >>> 24) & 0xFF) / 255.0);
        }

        @Override
        public void save() {
            g.save();
        }

        @Override
        public void restore() {
            g.restore();
        }

        @Override
        public void clip(double x, double y, double w, double h) {
            g.beginPath();
            g.rect(x, y, w, h);
            g.closePath();
            g.clip();
        }

        @Override
        public void setStroke(int argb, double width, double[] dash) {
            g.setStroke(color(argb));
            g.setLineWidth(width);
            g.setLineDashes(dash);
        }

        @Override
        public void setFill(int argb) {
            g.setFill(color(argb));
        }

        @Override
        public void strokeLine(double x1, double y1, double x2, double y2) {
            g.strokeLine(x1, y1, x2, y2);
        }

        @Override
        public void strokePolyline(double[] xs, double[] ys, int n) {
            g.strokePolyline(xs, ys, n);
        }

        @Override
        public void fillPolygon(double[] xs, double[] ys, int n) {
            g.fillPolygon(xs, ys, n);
        }

        @Override
        public void strokePolygon(double[] xs, double[] ys, int n) {
            g.strokePolygon(xs, ys, n);
        }

        @Override
        public void fillRect(double x, double y, double w, double h) {
            g.fillRect(x, y, w, h);
        }

        @Override
        public void strokeRect(double x, double y, double w, double h) {
            g.strokeRect(x, y, w, h);
        }

        @Override
        public void fillOval(double x, double y, double w, double h) {
            g.fillOval(x, y, w, h);
        }

        @Override
        public void strokeOval(double x, double y, double w, double h) {
            g.strokeOval(x, y, w, h);
        }

        @Override
        public void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h) {
            WritableImage im = new WritableImage(iw, ih);
            im.getPixelWriter().setPixels(0, 0, iw, ih, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, iw);
            g.drawImage(im, x, y, w, h);
        }

        @Override
        public void setFont(double size, boolean bold) {
        }

        @Override
        public double textWidth(String s) {
            return 0;
        }

        @Override
        public double textAscent() {
            return 0;
        }

        @Override
        public void fillText(String s, double x, double y) {
        }

        @Override
        public void fillTextRotated(String s, double x, double y, double degrees) {
        }
    }
}
