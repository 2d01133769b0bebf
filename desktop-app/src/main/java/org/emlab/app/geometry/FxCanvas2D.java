package org.emlab.app.geometry;

import java.util.Map;
import java.util.WeakHashMap;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.emlab.core.figure.render.Canvas2D;

/**
 * {@link Canvas2D} on a JavaFX {@link GraphicsContext}, so the window's geometry is drawn by the same
 * {@code PanelPainter} as the exports. Runs on the FX thread only; it draws, it does not compute.
 */
public final class FxCanvas2D implements Canvas2D {
    /** Font family shared with the exports. */
    public static final String FONT_FAMILY = "DejaVu Sans";

    private final GraphicsContext g;
    private final Text measure = new Text();
    /** Images of pixel arrays the painter caches per raster layer (arrays hash by identity; FX thread only). */
    private static final Map<int[], WritableImage> IMAGES = new WeakHashMap<>();
    private Font font = Font.font(FONT_FAMILY, 11);

    public FxCanvas2D(GraphicsContext g) {
        this.g = g;
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.setImageSmoothing(true);
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
        g.setFont(font);
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
        g.setLineCap(dash == null ? StrokeLineCap.ROUND : StrokeLineCap.BUTT);
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
        WritableImage img = IMAGES.computeIfAbsent(argb, a -> {
            WritableImage im = new WritableImage(iw, ih);
            im.getPixelWriter().setPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), a, 0, iw);
            return im;
        });
        g.drawImage(img, x, y, w, h);
    }

    @Override
    public void setFont(double size, boolean bold) {
        font = Font.font(FONT_FAMILY, bold ? FontWeight.BOLD : FontWeight.NORMAL, size);
        g.setFont(font);
    }

    @Override
    public double textWidth(String s) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    @Override
    public double textAscent() {
        return font.getSize() * 0.76;
    }

    @Override
    public void fillText(String s, double x, double y) {
        g.fillText(s, x, y);
    }

    @Override
    public void fillTextRotated(String s, double x, double y, double degrees) {
        g.save();
        g.translate(x, y);
        g.rotate(degrees);
        g.fillText(s, 0, 0);
        g.restore();
        g.setFont(font);
    }
}
