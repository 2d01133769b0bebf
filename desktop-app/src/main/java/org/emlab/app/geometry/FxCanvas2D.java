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
 *
 * <p><b>Clipping.</b> A {@code GraphicsContext.clip()} makes JavaFX draw every later operation through
 * a mask (a temporary texture blended SRC_IN): with the software pipeline this cost about 0.3 s per
 * frame for a geometry panel, which is painted entirely under clips. The painter only ever clips to
 * rectangles, so this class keeps the clip rectangle itself and clips geometrically: lines and
 * polylines exactly (Liang–Barsky per segment), filled polygons exactly (Sutherland–Hodgman),
 * rectangles and images exactly (by intersection, an image by its source sub-rectangle). Operations
 * that lie inside are drawn as they are, those outside are dropped, and only the rare remaining
 * ones (an oval or text crossing the edge, a stroked polygon) are drawn through a real clip. Sides
 * of the clip on or beyond the canvas edge need no clipping at all.
 */
public final class FxCanvas2D implements Canvas2D {
    /** Font family shared with the exports. */
    public static final String FONT_FAMILY = "DejaVu Sans";

    /** Widths remembered per font and text; beyond this many the least recently used is forgotten. */
    static final int WIDTHS_KEPT = 4096;

    private final GraphicsContext g;
    /**
     * Text widths by font and string, shared by every canvas. A width depends on
     * nothing else, and the painter measures every tick label, legend entry and note at every repaint:
     * measuring through a {@link Text} node lays the string out again (bidirectional analysis, glyph
     * runs), which was the largest allocation of a playing window (58 of about 200 MB in 14 s at the
     * gmm-1e5-density preset) and a good part of the FX thread's time.
     */
    private static final Map<WidthKey, Double> WIDTHS = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WidthKey, Double> eldest) {
            return size() > WIDTHS_KEPT;
        }
    };
    private static final Text MEASURE = new Text();

    private record WidthKey(String font, double size, String text) {
    }
    /** Images of pixel arrays the painter caches per raster layer (arrays hash by identity; FX thread only). */
    private static final Map<int[], WritableImage> IMAGES = new WeakHashMap<>();
    private Font font = Font.font(FONT_FAMILY, 11);
    /** The current clip rectangle; an unbounded side is ±infinity. */
    private double cx0 = Double.NEGATIVE_INFINITY;
    private double cy0 = Double.NEGATIVE_INFINITY;
    private double cx1 = Double.POSITIVE_INFINITY;
    private double cy1 = Double.POSITIVE_INFINITY;
    private final java.util.ArrayDeque<double[]> clips = new java.util.ArrayDeque<>();

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
        clips.push(new double[] {cx0, cy0, cx1, cy1});
    }

    @Override
    public void restore() {
        g.restore();
        g.setFont(font);
        double[] c = clips.poll();
        if (c != null) {
            cx0 = c[0];
            cy0 = c[1];
            cx1 = c[2];
            cy1 = c[3];
        }
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        // the canvas in user space (the export preview draws a page scaled down: axis-aligned transforms)
        double cw = g.getCanvas().getWidth();
        double ch = g.getCanvas().getHeight();
        double ux0 = 0;
        double uy0 = 0;
        double ux1 = cw;
        double uy1 = ch;
        try {
            javafx.geometry.Point2D a = g.getTransform().inverseTransform(0, 0);
            javafx.geometry.Point2D b = g.getTransform().inverseTransform(cw, ch);
            ux0 = Math.min(a.getX(), b.getX());
            uy0 = Math.min(a.getY(), b.getY());
            ux1 = Math.max(a.getX(), b.getX());
            uy1 = Math.max(a.getY(), b.getY());
        } catch (javafx.scene.transform.NonInvertibleTransformException e) {
            // nothing is drawn through a singular transform: keep the pixel bounds
        }
        // a side on or beyond the canvas edge clips nothing the canvas would not
        cx0 = Math.max(cx0, x <= ux0 ? Double.NEGATIVE_INFINITY : x);
        cy0 = Math.max(cy0, y <= uy0 ? Double.NEGATIVE_INFINITY : y);
        cx1 = Math.min(cx1, x + w >= ux1 ? Double.POSITIVE_INFINITY : x + w);
        cy1 = Math.min(cy1, y + h >= uy1 ? Double.POSITIVE_INFINITY : y + h);
    }

    /** True when no clipping is in force. */
    private boolean unclipped() {
        return cx0 == Double.NEGATIVE_INFINITY && cy0 == Double.NEGATIVE_INFINITY && cx1 == Double.POSITIVE_INFINITY
                && cy1 == Double.POSITIVE_INFINITY;
    }

    private boolean inside(double x0, double y0, double x1, double y1) {
        return x0 >= cx0 && y0 >= cy0 && x1 <= cx1 && y1 <= cy1;
    }

    private boolean outside(double x0, double y0, double x1, double y1) {
        return x1 < cx0 || y1 < cy0 || x0 > cx1 || y0 > cy1 || cx1 < cx0 || cy1 < cy0;
    }

    /** Runs {@code op} through a real (slow) clip to the current rectangle. */
    private void maskedDraw(Runnable op) {
        g.save();
        g.beginPath();
        double x0 = Math.max(cx0, -1);
        double y0 = Math.max(cy0, -1);
        double x1 = Math.min(cx1, g.getCanvas().getWidth() + 1);
        double y1 = Math.min(cy1, g.getCanvas().getHeight() + 1);
        g.rect(x0, y0, x1 - x0, y1 - y0);
        g.closePath();
        g.clip();
        op.run();
        g.restore();
        g.setFont(font);
    }

    /** Draws a shape with bounding box {@code (x0, y0)–(x1, y1)}: as it is, not at all, or through a real clip. */
    private void shape(double x0, double y0, double x1, double y1, Runnable op) {
        if (unclipped() || inside(x0, y0, x1, y1)) {
            op.run();
        } else if (!outside(x0, y0, x1, y1)) {
            maskedDraw(op);
        }
    }

    /**
     * Liang–Barsky: the part of segment {@code (x1, y1)–(x2, y2)} inside the clip as {@code {t0, t1}}
     * (parameters along the segment), or null when none is.
     */
    private double[] clipSegment(double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x1 - cx0, cx1 - x1, y1 - cy0, cy1 - y1};
        double t0 = 0;
        double t1 = 1;
        for (int i = 0; i < 4; i++) {
            if (Double.isInfinite(q[i])) {
                continue; // an unbounded side
            }
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return null;
                }
            } else {
                double t = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
            }
        }
        return t0 <= t1 ? new double[] {t0, t1} : null;
    }

    private static double min(double[] v, int n) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, v[i]);
        }
        return m;
    }

    private static double max(double[] v, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
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
        if (unclipped()) {
            g.strokeLine(x1, y1, x2, y2);
            return;
        }
        double[] t = clipSegment(x1, y1, x2, y2);
        if (t != null) {
            double dx = x2 - x1;
            double dy = y2 - y1;
            g.strokeLine(x1 + t[0] * dx, y1 + t[0] * dy, x1 + t[1] * dx, y1 + t[1] * dy);
        }
    }

    @Override
    public void strokePolyline(double[] xs, double[] ys, int n) {
        if (n < 2 || unclipped() || inside(min(xs, n), min(ys, n), max(xs, n), max(ys, n))) {
            g.strokePolyline(xs, ys, n);
            return;
        }
        // the polyline as runs of connected clipped segments
        double[] rx = new double[n + 1];
        double[] ry = new double[n + 1];
        int m = 0;
        for (int i = 0; i + 1 < n; i++) {
            double dx = xs[i + 1] - xs[i];
            double dy = ys[i + 1] - ys[i];
            double[] t = clipSegment(xs[i], ys[i], xs[i + 1], ys[i + 1]);
            if (t == null) {
                m = flush(rx, ry, m);
                continue;
            }
            if (m == 0 || t[0] > 0) {
                m = flush(rx, ry, m);
                rx[m] = xs[i] + t[0] * dx;
                ry[m++] = ys[i] + t[0] * dy;
            }
            rx[m] = xs[i] + t[1] * dx;
            ry[m++] = ys[i] + t[1] * dy;
            if (t[1] < 1) {
                m = flush(rx, ry, m);
            }
        }
        flush(rx, ry, m);
    }

    /** Strokes the run collected so far; returns 0 (the new run length). */
    private int flush(double[] rx, double[] ry, int m) {
        if (m >= 2) {
            g.strokePolyline(rx, ry, m);
        }
        return 0;
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n) {
        if (n < 3 || unclipped() || inside(min(xs, n), min(ys, n), max(xs, n), max(ys, n))) {
            g.fillPolygon(xs, ys, n);
            return;
        }
        if (outside(min(xs, n), min(ys, n), max(xs, n), max(ys, n))) {
            return;
        }
        // Sutherland–Hodgman against the four sides (a convex clip keeps the fill exact)
        double[][] poly = {java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n)};
        poly = clipSide(poly, 0, cx0, true);
        poly = clipSide(poly, 0, cx1, false);
        poly = clipSide(poly, 1, cy0, true);
        poly = clipSide(poly, 1, cy1, false);
        if (poly[0].length >= 3) {
            g.fillPolygon(poly[0], poly[1], poly[0].length);
        }
    }

    /** One Sutherland–Hodgman pass: keeps the part with coordinate {@code axis} ≥ (lower) or ≤ {@code bound}. */
    private static double[][] clipSide(double[][] poly, int axis, double bound, boolean lower) {
        int n = poly[0].length;
        if (Double.isInfinite(bound) || n == 0) {
            return poly;
        }
        double[] ox = new double[2 * n];
        double[] oy = new double[2 * n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ax = poly[0][i];
            double ay = poly[1][i];
            double bx = poly[0][j];
            double by = poly[1][j];
            double a = axis == 0 ? ax : ay;
            double b = axis == 0 ? bx : by;
            boolean ain = lower ? a >= bound : a <= bound;
            boolean bin = lower ? b >= bound : b <= bound;
            if (ain) {
                ox[m] = ax;
                oy[m++] = ay;
            }
            if (ain != bin) {
                double t = (bound - a) / (b - a);
                ox[m] = ax + t * (bx - ax);
                oy[m++] = ay + t * (by - ay);
            }
        }
        return new double[][] {java.util.Arrays.copyOf(ox, m), java.util.Arrays.copyOf(oy, m)};
    }

    @Override
    public void strokePolygon(double[] xs, double[] ys, int n) {
        shape(min(xs, n), min(ys, n), max(xs, n), max(ys, n), () -> g.strokePolygon(xs, ys, n));
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        if (unclipped()) {
            g.fillRect(x, y, w, h);
            return;
        }
        double x0 = Math.max(x, cx0);
        double y0 = Math.max(y, cy0);
        double x1 = Math.min(x + w, cx1);
        double y1 = Math.min(y + h, cy1);
        if (x1 > x0 && y1 > y0) {
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
        }
    }

    @Override
    public void strokeRect(double x, double y, double w, double h) {
        if (unclipped() || inside(x, y, x + w, y + h)) {
            g.strokeRect(x, y, w, h);
            return;
        }
        strokeLine(x, y, x + w, y);
        strokeLine(x + w, y, x + w, y + h);
        strokeLine(x + w, y + h, x, y + h);
        strokeLine(x, y + h, x, y);
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        shape(x, y, x + w, y + h, () -> g.fillOval(x, y, w, h));
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        shape(x, y, x + w, y + h, () -> g.strokeOval(x, y, w, h));
    }

    @Override
    public void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h) {
        WritableImage img = IMAGES.computeIfAbsent(argb, a -> {
            WritableImage im = new WritableImage(iw, ih);
            im.getPixelWriter().setPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), a, 0, iw);
            return im;
        });
        if (unclipped() || inside(x, y, x + w, y + h)) {
            g.drawImage(img, x, y, w, h);
            return;
        }
        // the visible part, and the source pixels that map onto it
        double x0 = Math.max(x, cx0);
        double y0 = Math.max(y, cy0);
        double x1 = Math.min(x + w, cx1);
        double y1 = Math.min(y + h, cy1);
        if (x1 <= x0 || y1 <= y0 || w <= 0 || h <= 0) {
            return;
        }
        double sx = iw / w;
        double sy = ih / h;
        g.drawImage(img, (x0 - x) * sx, (y0 - y) * sy, (x1 - x0) * sx, (y1 - y0) * sy, x0, y0, x1 - x0, y1 - y0);
    }

    @Override
    public void setFont(double size, boolean bold) {
        font = Font.font(FONT_FAMILY, bold ? FontWeight.BOLD : FontWeight.NORMAL, size);
        g.setFont(font);
    }

    @Override
    public double textWidth(String s) {
        return width(font, s);
    }

    /** The width of {@code s} in {@code f}, measured once per font and string. */
    static double width(Font f, String s) {
        WidthKey key = new WidthKey(f.getName(), f.getSize(), s);
        synchronized (WIDTHS) { // uncontended: the FX thread (a test may measure from another)
            Double w = WIDTHS.get(key);
            if (w == null) {
                MEASURE.setFont(f);
                MEASURE.setText(s);
                w = MEASURE.getLayoutBounds().getWidth();
                WIDTHS.put(key, w);
            }
            return w;
        }
    }

    @Override
    public double textAscent() {
        return font.getSize() * 0.76;
    }

    @Override
    public void fillText(String s, double x, double y) {
        if (unclipped()) {
            g.fillText(s, x, y);
            return;
        }
        // generous box: the ascent above the baseline, descenders below
        double size = font.getSize();
        shape(x, y - size, x + textWidth(s), y + size * 0.35, () -> g.fillText(s, x, y));
    }

    @Override
    public void fillTextRotated(String s, double x, double y, double degrees) {
        if (!unclipped()) {
            maskedDraw(() -> rotatedText(s, x, y, degrees));
            return;
        }
        rotatedText(s, x, y, degrees);
    }

    private void rotatedText(String s, double x, double y, double degrees) {
        g.save();
        g.translate(x, y);
        g.rotate(degrees);
        g.fillText(s, 0, 0);
        g.restore();
        g.setFont(font);
    }
}
