package org.emlab.core.figure;

/**
 * A drawable layer of a {@link Panel}, in data coordinates. Every array is owned by the layer and
 * never modified after construction, so layers can be shared between snapshots and threads.
 */
public sealed interface Layer permits Layer.Line, Layer.Points, Layer.Raster, Layer.Label, Layer.Band, Layer.Bars,
        Layer.Ellipse {

    /** Legend entry, or null when the layer has none. */
    String name();

    /**
     * True when this layer would draw nothing: a line, point set or band without one point whose
     * coordinates are all finite (for example an ε line hidden at every iteration). Such a layer gets no
     * legend entry: a legend lists only what is drawn.
     */
    static boolean drawsNothing(Layer l) {
        if (l instanceof Line ln) {
            return !anyFinite(ln.x(), ln.y(), null);
        } else if (l instanceof Points pt) {
            return !anyFinite(pt.x(), pt.y(), null);
        } else if (l instanceof Band bd) {
            return !anyFinite(bd.x(), bd.lo(), bd.hi());
        }
        return false;
    }

    private static boolean anyFinite(double[] x, double[] y, double[] y2) {
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (y2 == null || i < y2.length && Double.isFinite(y2[i]))) {
                return true;
            }
        }
        return false;
    }

    /** A polyline; a NaN coordinate breaks it into pieces. */
    record Line(String name, Ink ink, double[] x, double[] y) implements Layer {
        public int size() {
            return Math.min(x.length, y.length);
        }
    }

    /**
     * Markers at (x, y). Optional per-point overrides: {@code sizes} (diameter in points),
     * {@code colors} (palette index) and {@code alphas} (0..1).
     */
    record Points(String name, Ink ink, double[] x, double[] y, double[] sizes, int[] colors, double[] alphas)
            implements Layer {
        public Points(String name, Ink ink, double[] x, double[] y) {
            this(name, ink, x, y, null, null, null);
        }

        public int size() {
            return Math.min(x.length, y.length);
        }
    }

    /**
     * A density image over {@code [x0,x1] × [y0,y1]}: {@code nx × ny} cells, row-major with row 0 at
     * {@code y0}, each value in [0, 1] drawn as the palette colour {@code color} at that opacity.
     * Used for scatter data above a few thousand points.
     */
    record Raster(String name, double x0, double x1, double y0, double y1, int nx, int ny, float[] values, int color)
            implements Layer {
    }

    /** Text at a data position. */
    record Label(String name, double x, double y, String text, Ink ink, Anchor anchor) implements Layer {
        public Label(double x, double y, String text, Ink ink, Anchor anchor) {
            this(null, x, y, text, ink, anchor);
        }
    }

    /** A filled band between {@code lo} and {@code hi} over {@code x} (e.g. a 10–90 % range). */
    record Band(String name, Ink ink, double[] x, double[] lo, double[] hi) implements Layer {
    }

    /** Vertical bars centred at {@code x} with heights {@code h} from 0 (or from the axis minimum on log axes). */
    record Bars(String name, Ink ink, double[] x, double[] h, double width, int[] colors) implements Layer {
    }

    /**
     * An ellipse {@code {c + r1 cos t · u + r2 sin t · v}} with {@code u = (cos angle, sin angle)};
     * stroked, and filled with the ink colour at {@code fillOpacity} when that is positive.
     */
    record Ellipse(String name, Ink ink, double cx, double cy, double r1, double r2, double angle, double fillOpacity)
            implements Layer {
    }

    /** Where a label sits relative to its anchor point. */
    enum Anchor { CENTER, LEFT, RIGHT, ABOVE, BELOW, TOP_LEFT, TOP_RIGHT }
}
