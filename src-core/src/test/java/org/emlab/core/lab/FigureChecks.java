package org.emlab.core.lab;

import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;

/**
 * What a figure must never show: a NaN or infinite coordinate (except in a {@link Layer.Line}, where
 * NaN is the documented break and ±∞ the documented "to the edge of the plot", as for the cursor
 * marker), or the words NaN / Infinity in a title, note or label.
 */
final class FigureChecks {
    private FigureChecks() {
    }

    /** A description of the first problem, or null. */
    static String firstProblem(Figure f) {
        String t = text("figure title", f.title());
        if (t != null) {
            return t;
        }
        for (Panel p : f.panels()) {
            String where = "panel " + p.id();
            String s = firstNonNull(text(where + " title", p.title()), axis(where, p.x()), axis(where, p.y()));
            if (s != null) {
                return s;
            }
            for (String note : p.notes()) {
                if ((s = text(where + " note", note)) != null) {
                    return s;
                }
            }
            for (Layer l : p.layers()) {
                if ((s = layer(where + " layer " + l.name(), l)) != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String layer(String where, Layer l) {
        String s = text(where + " name", l.name());
        if (s != null) {
            return s;
        }
        if (l instanceof Layer.Line) {
            return null; // NaN breaks a line and ±∞ runs it to the edge of the plot (PanelPainter)
        }
        if (l instanceof Layer.Points pts) {
            return firstNonNull(finite(where, pts.x()), finite(where, pts.y()), finite(where, pts.sizes()),
                    finite(where, pts.alphas()));
        }
        if (l instanceof Layer.Raster r) {
            String e = finite(where, new double[] {r.x0(), r.x1(), r.y0(), r.y1()});
            if (e != null) {
                return e;
            }
            for (float v : r.values()) {
                if (!Float.isFinite(v)) {
                    return where + ": raster value " + v;
                }
            }
            return null;
        }
        if (l instanceof Layer.Label lab) {
            return firstNonNull(text(where, lab.text()), finite(where, new double[] {lab.x(), lab.y()}));
        }
        if (l instanceof Layer.Band b) {
            return firstNonNull(finite(where, b.x()), noInfinity(where, b.lo()), noInfinity(where, b.hi()));
        }
        if (l instanceof Layer.Bars b) {
            return firstNonNull(finite(where, b.x()), finite(where, b.h()));
        }
        if (l instanceof Layer.Ellipse e) {
            return finite(where, new double[] {e.cx(), e.cy(), e.r1(), e.r2(), e.angle()});
        }
        return null;
    }

    private static String axis(String where, Axis a) {
        if (Double.isInfinite(a.min()) || Double.isInfinite(a.max())) {
            return where + ": axis " + a.label() + " range [" + a.min() + ", " + a.max() + "]";
        }
        return text(where + " axis", a.label());
    }

    private static String text(String where, String s) {
        if (s != null && (s.contains("NaN") || s.contains("Infinity"))) {
            return where + ": \"" + s + "\"";
        }
        return null;
    }

    private static String finite(String where, double[] v) {
        if (v == null) {
            return null;
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return where + ": value " + v[i] + " at " + i;
            }
        }
        return null;
    }

    private static String noInfinity(String where, double[] v) {
        if (v == null) {
            return null;
        }
        for (int i = 0; i < v.length; i++) {
            if (Double.isInfinite(v[i])) {
                return where + ": value " + v[i] + " at " + i;
            }
        }
        return null;
    }

    private static String firstNonNull(String... s) {
        for (String x : s) {
            if (x != null) {
                return x;
            }
        }
        return null;
    }
}
