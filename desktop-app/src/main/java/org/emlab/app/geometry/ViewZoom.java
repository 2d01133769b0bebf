package org.emlab.app.geometry;

import org.emlab.core.figure.Panel;

/**
 * The part of a panel's plane a canvas shows after the user zoomed (wheel) or panned (drag): fixed
 * ranges that replace the panel's own, so the same {@code PanelPainter} draws it (and an export of
 * "what is shown" can use it). Pure and immutable; the panel itself is never changed.
 *
 * @param x0 left end
 * @param x1 right end
 * @param y0 bottom end
 * @param y1 top end
 */
public record ViewZoom(double x0, double x1, double y0, double y1) {
    /** Narrowest range relative to the starting one (a million-fold zoom), against zooming into rounding. */
    public static final double MIN_SPAN = 1e-9;

    /** {@code v} scaled by {@code factor} about {@code (x, y)}: a factor below 1 zooms in, and (x, y) stays where it is. */
    public ViewZoom about(double factor, double x, double y) {
        double nx0 = x + (x0 - x) * factor;
        double nx1 = x + (x1 - x) * factor;
        double ny0 = y + (y0 - y) * factor;
        double ny1 = y + (y1 - y) * factor;
        if (!(nx1 - nx0 > MIN_SPAN * Math.max(1e-300, Math.abs(x0) + Math.abs(x1)))
                || !(ny1 - ny0 > MIN_SPAN * Math.max(1e-300, Math.abs(y0) + Math.abs(y1)))
                || !Double.isFinite(nx0 + nx1 + ny0 + ny1)) {
            return this;
        }
        return new ViewZoom(nx0, nx1, ny0, ny1);
    }

    /** Shifted by {@code (dx, dy)} in data units. */
    public ViewZoom shifted(double dx, double dy) {
        return new ViewZoom(x0 + dx, x1 + dx, y0 + dy, y1 + dy);
    }

    /** {@code p} showing this range. */
    public Panel apply(Panel p) {
        return p.withAxes(p.x().withRange(x0, x1), p.y().withRange(y0, y1));
    }
}
