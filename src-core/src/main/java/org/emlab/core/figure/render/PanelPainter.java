package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;

/**
 * Draws one {@link Panel} into a rectangle of a {@link Canvas2D}: title, axes with ticks (linear or
 * log10), grid, layers clipped to the plot area, legend and notes. The same code draws the
 * window's geometry and every exported figure, so what is exported is what was shown.
 */
public final class PanelPainter {
    /** Fraction of padding added around automatic linear ranges. */
    private static final double PAD = 0.04;
    /** Largest number of minor-tick-free decades on an automatic log axis. */
    private static final double MAX_LOG_DECADES = 300;
    /** Whole-number axes spanning at most this many units label every whole number (when they fit). */
    private static final double MAX_EVERY_INTEGER = 12;
    /** Notes and legend text relative to the tick label size. */
    private static final double NOTE_FONT = 0.92;
    /** Notes and legend names shortened below this fraction of their text are left out (small figures). */
    static final double MIN_KEPT = 0.4;
    /** Notes taller than this fraction of the plot are left out (they would hide it). */
    private static final double NOTES_MAX_HEIGHT = 0.45;
    /** Notes under a curve plot, relative to the tick label size. */
    private static final double FOOTER_FONT = 0.85;
    /** Line height relative to the text ascent. */
    private static final double LINE_SPACING = 1.45;
    /** Notes move under a curve plot only if the plot keeps at least this share of the panel height. */
    private static final double MIN_PLOT_SHARE = 0.28;
    /** A too-long title shrinks to at most this fraction of its size before it is shortened. */
    private static final double MIN_TITLE_SHRINK = 0.8;
    /** Smallest gap between two vertical tick labels, in label heights. */
    private static final double TICK_LABEL_SPACING = 1.35;
    /** A legend takes at most this share of the plot width ... */
    private static final double LEGEND_MAX_WIDTH = 0.6;
    /** ... and of its height. */
    private static final double LEGEND_MAX_HEIGHT = 0.6;
    /** Smallest legend text relative to its normal size. */
    private static final double LEGEND_MIN_SHRINK = 0.7;

    private final Theme theme;

    public PanelPainter(Theme theme) {
        this.theme = theme;
    }

    /** The plot area and ranges the last {@link #paint} used (for hit testing and overlays). */
    public record Frame(double px, double py, double pw, double ph, double xMin, double xMax, double yMin, double yMax,
                        boolean xLog, boolean yLog) {
        public double sx(double v) {
            double t = xLog ? (Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))
                    : (v - xMin) / (xMax - xMin);
            return px + t * pw;
        }

        public double sy(double v) {
            double t = yLog ? (Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))
                    : (v - yMin) / (yMax - yMin);
            return py + ph - t * ph;
        }

        /** Data x at screen x. */
        public double dataX(double sxv) {
            double t = (sxv - px) / pw;
            return xLog ? Math.pow(10, Math.log10(xMin) + t * (Math.log10(xMax) - Math.log10(xMin))) : xMin + t * (xMax - xMin);
        }

        /** Data y at screen y. */
        public double dataY(double syv) {
            double t = (py + ph - syv) / ph;
            return yLog ? Math.pow(10, Math.log10(yMin) + t * (Math.log10(yMax) - Math.log10(yMin))) : yMin + t * (yMax - yMin);
        }
    }

    /** Paints {@code p} into {@code (x, y, w, h)} and returns the frame used. */
    public Frame paint(Panel p, Canvas2D g, double x, double y, double w, double h) {
        double fs = theme.fontSize();
        double lw = theme.lineScale();
        String group = groupId(p.id());
        g.beginGroup(group);
        g.save();
        g.clip(x, y, w, h);
        g.setFill(theme.background());
        g.fillRect(x, y, w, h);

        // ---- ranges ----
        double[] xr = range(p, true);
        double[] yr = range(p, false);

        // ---- margins ----
        g.setFont(fs, false);
        double tickH = g.textAscent();
        double top = y + 6;
        if (p.title() != null && !p.title().isEmpty()) {
            g.setFont(theme.titleSize(), true);
            top += g.textAscent() + 8;
        }
        g.setFont(fs, false);
        List<Ticks.Tick> yt = p.y().log() ? Ticks.log(yr[0], yr[1])
                : Ticks.linear(yr[0], yr[1], Math.max(2, (int) (h / (fs * 4))), p.y().integer());
        double yLabW = 0;
        for (Ticks.Tick t : yt) {
            if (t.major()) {
                yLabW = Math.max(yLabW, g.textWidth(t.label()));
            }
        }
        boolean hasYLabel = p.y().label() != null && !p.y().label().isEmpty();
        boolean hasXLabel = p.x().label() != null && !p.x().label().isEmpty();
        double left = x + 6 + (hasYLabel ? tickH + 8 : 0) + yLabW + 6;
        double right = x + w - 10;
        double bottom = y + h - 6 - tickH - 6 - (hasXLabel ? tickH + 8 : 0);
        // notes of curve panels go under the plot (as the window shows them under the chart) when there is room
        List<String> footer = List.of();
        double footerH = 0;
        if (p.kind() == Panel.Kind.CURVE && !p.notes().isEmpty()) {
            g.setFont(fs * FOOTER_FONT, false);
            List<String> lines = new ArrayList<>();
            for (String n : p.notes()) {
                lines.addAll(wrap(g, n, w - 12));
            }
            double lh = g.textAscent() * LINE_SPACING;
            double need = lines.size() * lh + 4;
            if (bottom - need - top >= MIN_PLOT_SHARE * h) {
                footer = lines;
                footerH = need;
                bottom -= need;
            }
            g.setFont(fs, false);
        }
        double pw = Math.max(10, right - left);
        double ph = Math.max(10, bottom - top);
        if (p.equalAspect() && !p.x().log() && !p.y().log()) {
            double ux = (xr[1] - xr[0]) / pw;
            double uy = (yr[1] - yr[0]) / ph;
            if (ux > uy) {
                double c = 0.5 * (yr[0] + yr[1]);
                double half = 0.5 * ux * ph;
                yr = new double[] {c - half, c + half};
            } else {
                double c = 0.5 * (xr[0] + xr[1]);
                double half = 0.5 * uy * pw;
                xr = new double[] {c - half, c + half};
            }
            if (!p.y().log()) {
                yt = Ticks.linear(yr[0], yr[1], Math.max(2, (int) (h / (fs * 4))), p.y().integer());
            }
        }
        Frame f = new Frame(left, top, pw, ph, xr[0], xr[1], yr[0], yr[1], p.x().log(), p.y().log());
        int xTarget = Math.max(2, (int) (pw / (fs * 7)));
        if (p.x().integer() && xr[1] - xr[0] <= MAX_EVERY_INTEGER && pw / Math.max(1, xr[1] - xr[0]) >= fs * 2.5) {
            xTarget = Math.max(xTarget, (int) Math.ceil(xr[1] - xr[0]));    // label every index when they fit
        }
        List<Ticks.Tick> xt = p.x().log() ? Ticks.log(xr[0], xr[1])
                : Ticks.linear(xr[0], xr[1], xTarget, p.x().integer());

        // ---- title ----
        if (p.title() != null && !p.title().isEmpty()) {
            g.setFont(theme.titleSize(), true);
            double ascent = g.textAscent();
            double room = x + w - 4 - left;
            double tw = g.textWidth(p.title());
            if (tw > room) {
                // shrink a long title a little, then shorten it with an ellipsis
                g.setFont(theme.titleSize() * Math.max(MIN_TITLE_SHRINK, room / tw), true);
            }
            g.setFill(theme.foreground());
            g.fillText(ellipsize(g, p.title(), room), left, y + 6 + ascent);
        }

        // ---- grid and ticks ----
        g.setStroke(theme.grid(), 1.0, null);
        for (Ticks.Tick t : xt) {
            double sx = f.sx(t.value());
            if (sx >= left - 0.5 && sx <= left + pw + 0.5 && t.major()) {
                g.strokeLine(sx, top, sx, top + ph);
            }
        }
        for (Ticks.Tick t : yt) {
            double sy = f.sy(t.value());
            if (sy >= top - 0.5 && sy <= top + ph + 0.5 && t.major()) {
                g.strokeLine(left, sy, left + pw, sy);
            }
        }

        // ---- layers ----
        g.save();
        g.clip(left, top, pw, ph);
        for (int i = 0; i < p.layers().size(); i++) {
            g.beginGroup(group + "-layer-" + i);
            drawLayer(p.layers().get(i), g, f);
            g.endGroup();
        }
        g.restore();

        // ---- axes box and tick labels ----
        g.setStroke(theme.foreground(), 1.0, null);
        g.strokeRect(left, top, pw, ph);
        g.setFont(fs, false);
        g.setFill(theme.foreground());
        double lastRight = Double.NEGATIVE_INFINITY;
        for (Ticks.Tick t : xt) {
            double sx = f.sx(t.value());
            if (sx < left - 0.5 || sx > left + pw + 0.5) {
                continue;
            }
            double len = t.major() ? 5 : 3;
            g.strokeLine(sx, top + ph, sx, top + ph + len);
            if (t.major() && !t.label().isEmpty()) {
                double tw = g.textWidth(t.label());
                double lx = Math.max(x + 2, Math.min(sx - tw / 2, x + w - tw - 2));
                if (lx > lastRight + fs * 0.6) {
                    g.fillText(t.label(), lx, top + ph + 6 + tickH);
                    lastRight = lx + tw;
                }
            }
        }
        double lastLabelY = Double.POSITIVE_INFINITY;
        for (Ticks.Tick t : yt) {
            double sy = f.sy(t.value());
            if (sy < top - 0.5 || sy > top + ph + 0.5) {
                continue;
            }
            double len = t.major() ? 5 : 3;
            g.strokeLine(left - len, sy, left, sy);
            // ticks come bottom-up: skip a label that would touch the one below it
            if (t.major() && !t.label().isEmpty() && lastLabelY - sy >= tickH * TICK_LABEL_SPACING) {
                double tw = g.textWidth(t.label());
                g.fillText(t.label(), left - 7 - tw, sy + tickH / 2);
                lastLabelY = sy;
            }
        }
        if (hasXLabel) {
            double tw = g.textWidth(p.x().label());
            g.fillText(p.x().label(), left + pw / 2 - tw / 2, y + h - 6 - footerH);
        }
        if (!footer.isEmpty()) {
            g.setFont(fs * FOOTER_FONT, false);
            double asc = g.textAscent();
            double lh = asc * LINE_SPACING;
            double by = y + h - footerH + 2;
            for (int i = 0; i < footer.size(); i++) {
                g.fillText(footer.get(i), x + 6, by + asc + i * lh);
            }
            g.setFont(fs, false);
        }
        if (hasYLabel) {
            // a label longer than the plot is tall is shortened, never cut at the panel's edge
            String label = ellipsize(g, p.y().label(), Math.max(ph, 1));
            double tw = g.textWidth(label);
            g.fillTextRotated(label, x + 6 + tickH, top + ph / 2 + tw / 2, -90);
        }

        double[] legendBox = drawLegend(p, g, f, lw);
        if (footer.isEmpty()) {
            drawNotes(p, g, f, legendBox);
        }
        g.restore();
        g.endGroup();
        return f;
    }

    /**
     * The id of a panel's group in SVG output ({@code panel-<id>}; its layers are
     * {@code panel-<id>-layer-<index>}), with characters outside {@code [A-Za-z0-9_-]} replaced.
     */
    public static String groupId(String panelId) {
        return "panel-" + (panelId == null ? "" : panelId).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    // ---- ranges ---------------------------------------------------------------------------------

    private double[] range(Panel p, boolean horizontal) {
        Axis a = horizontal ? p.x() : p.y();
        if (a.fixedRange() && (!a.log() || a.min() > 0)) {
            return new double[] {a.min(), a.max()};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Layer l : p.layers()) {
            double[][] xy = coords(l);
            if (xy == null) {
                continue;
            }
            double[] v = horizontal ? xy[0] : xy[1];
            for (double d : v) {
                if (Double.isFinite(d) && (!a.log() || d > 0)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        if (Double.isFinite(a.min()) && (!a.log() || a.min() > 0)) {
            lo = a.min();
        }
        if (Double.isFinite(a.max())) {
            hi = a.max();
        }
        if (!(lo <= hi)) {
            return a.log() ? new double[] {0.1, 10} : new double[] {0, 1};
        }
        if (a.log()) {
            double l10 = Math.floor(Math.log10(lo) + 1e-9);
            double h10 = Math.ceil(Math.log10(hi) - 1e-9);
            if (h10 - l10 < 1) {
                h10 = l10 + 1;
            }
            if (h10 - l10 > MAX_LOG_DECADES) {
                l10 = h10 - MAX_LOG_DECADES;
            }
            return new double[] {Math.pow(10, l10), Math.pow(10, h10)};
        }
        if (hi - lo < 1e-300 * Math.max(1, Math.abs(lo)) || hi == lo) {
            double c = lo;
            double half = c == 0 ? 1 : Math.abs(c) * 0.1;
            return new double[] {c - half, c + half};
        }
        double pad = (hi - lo) * PAD;
        return new double[] {Double.isFinite(a.min()) ? lo : lo - pad, Double.isFinite(a.max()) ? hi : hi + pad};
    }

    private static double[][] coords(Layer l) {
        if (l instanceof Layer.Line ln) {
            return new double[][] {ln.x(), ln.y()};
        }
        if (l instanceof Layer.Points pt) {
            return new double[][] {pt.x(), pt.y()};
        }
        if (l instanceof Layer.Band b) {
            double[] y = new double[b.lo().length + b.hi().length];
            System.arraycopy(b.lo(), 0, y, 0, b.lo().length);
            System.arraycopy(b.hi(), 0, y, b.lo().length, b.hi().length);
            double[] x = new double[y.length];
            System.arraycopy(b.x(), 0, x, 0, b.x().length);
            System.arraycopy(b.x(), 0, x, b.x().length, b.x().length);
            return new double[][] {x, y};
        }
        if (l instanceof Layer.Bars b) {
            double[] y = new double[b.h().length + 1];
            System.arraycopy(b.h(), 0, y, 0, b.h().length);
            double[] x = new double[y.length];
            System.arraycopy(b.x(), 0, x, 0, b.x().length);
            x[x.length - 1] = b.x().length > 0 ? b.x()[0] : 0;
            return new double[][] {x, y};
        }
        if (l instanceof Layer.Raster r) {
            return new double[][] {{r.x0(), r.x1()}, {r.y0(), r.y1()}};
        }
        if (l instanceof Layer.Ellipse e) {
            double r = Math.max(e.r1(), e.r2());
            return new double[][] {{e.cx() - r, e.cx() + r}, {e.cy() - r, e.cy() + r}};
        }
        return null;
    }

    // ---- layers ---------------------------------------------------------------------------------

    private int argb(int token, double opacity) {
        int c = theme.color(token);
        int a = (int) Math.round(((c >>> 24) & 0xFF) * Math.max(0, Math.min(1, opacity)));
        return (a << 24) | (c & 0xFFFFFF);
    }

    private double[] dash(Ink ink) {
        double w = ink.width() * theme.lineScale();
        return switch (ink.dash()) {
            case DASHED -> new double[] {6 * w, 4 * w};
            case DOTTED -> new double[] {1.2 * w, 2.8 * w};
            case DASH_DOT -> new double[] {6 * w, 3 * w, 1.2 * w, 3 * w};
            default -> null;
        };
    }

    private void drawLayer(Layer l, Canvas2D g, Frame f) {
        if (l instanceof Layer.Raster r) {
            drawRaster(r, g, f);
        } else if (l instanceof Layer.Band b) {
            drawBand(b, g, f);
        } else if (l instanceof Layer.Bars b) {
            drawBars(b, g, f);
        } else if (l instanceof Layer.Line ln) {
            drawLine(ln, g, f);
        } else if (l instanceof Layer.Ellipse e) {
            drawEllipse(e, g, f);
        } else if (l instanceof Layer.Points pt) {
            drawPoints(pt, g, f);
        } else if (l instanceof Layer.Label lb) {
            drawLabel(lb, g, f);
        }
    }

    private double clampY(Frame f, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return f.py() - 2;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return f.py() + f.ph() + 2;
        }
        return f.sy(v);
    }

    private double clampX(Frame f, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return f.px() + f.pw() + 2;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return f.px() - 2;
        }
        return f.sx(v);
    }

    private boolean usable(double v, boolean log) {
        return !Double.isNaN(v) && (!log || v > 0 || v == Double.NEGATIVE_INFINITY);
    }

    private void drawLine(Layer.Line ln, Canvas2D g, Frame f) {
        Ink ink = ln.ink();
        g.setStroke(argb(ink.color(), ink.opacity()), ink.width() * theme.lineScale(), dash(ink));
        int n = ln.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        int m = 0;
        for (int i = 0; i <= n; i++) {
            boolean ok = i < n && usable(ln.x()[i], f.xLog()) && usable(ln.y()[i], f.yLog());
            if (ok) {
                xs[m] = clampX(f, ln.x()[i]);
                ys[m] = clampY(f, ln.y()[i]);
                // keep huge coordinates finite for the backends
                xs[m] = Math.max(-1e6, Math.min(1e6, xs[m]));
                ys[m] = Math.max(-1e6, Math.min(1e6, ys[m]));
                m++;
            } else {
                if (m >= 2) {
                    g.strokePolyline(xs, ys, m);
                }
                m = 0;
            }
        }
        if (ink.marker() != Ink.Marker.NONE) {
            drawPoints(new Layer.Points(null, ink, ln.x(), ln.y()), g, f);
        }
    }

    private void drawPoints(Layer.Points pt, Canvas2D g, Frame f) {
        Ink ink = pt.ink();
        int n = pt.size();
        double base = ink.size() * Math.sqrt(theme.lineScale());
        boolean big = base >= 7;
        for (int i = 0; i < n; i++) {
            double x = pt.x()[i];
            double y = pt.y()[i];
            if (!usable(x, f.xLog()) || !usable(y, f.yLog()) || Double.isInfinite(x) || Double.isInfinite(y)) {
                continue;
            }
            double sx = f.sx(x);
            double sy = f.sy(y);
            double size = pt.sizes() == null ? base : pt.sizes()[i] * Math.sqrt(theme.lineScale());
            int color = pt.colors() == null ? ink.color() : pt.colors()[i];
            double op = ink.opacity() * (pt.alphas() == null ? 1.0 : pt.alphas()[i]);
            marker(g, ink.marker(), sx, sy, size, argb(color, op), big ? argb(Ink.FOREGROUND, 0) : 0, big);
        }
    }

    private void marker(Canvas2D g, Ink.Marker m, double x, double y, double size, int fill, int unused, boolean outline) {
        double r = size / 2;
        int ring = (theme.background() & 0xFFFFFF) | 0xE6000000;
        switch (m) {
            case SQUARE -> {
                g.setFill(fill);
                g.fillRect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
                if (outline) {
                    g.setStroke(ring, 1.5, null);
                    g.strokeRect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
                }
            }
            case TRIANGLE, DIAMOND -> {
                double[] xs = m == Ink.Marker.TRIANGLE ? new double[] {x, x + r * 1.1, x - r * 1.1}
                        : new double[] {x, x + r, x, x - r};
                double[] ys = m == Ink.Marker.TRIANGLE ? new double[] {y - r * 1.15, y + r * 0.75, y + r * 0.75}
                        : new double[] {y - r * 1.2, y, y + r * 1.2, y};
                g.setFill(fill);
                g.fillPolygon(xs, ys, xs.length);
                if (outline) {
                    g.setStroke(ring, 1.5, null);
                    g.strokePolygon(xs, ys, xs.length);
                }
            }
            case CROSS, PLUS -> {
                double w = Math.max(1.5, size / 6);
                if (outline) {
                    g.setStroke(ring, w + 2.5, null);
                    cross(g, m, x, y, r);
                }
                g.setStroke(fill, w, null);
                cross(g, m, x, y, r);
            }
            case NONE -> {
            }
            default -> {
                g.setFill(fill);
                g.fillOval(x - r, y - r, 2 * r, 2 * r);
                if (outline) {
                    g.setStroke(ring, 1.5, null);
                    g.strokeOval(x - r, y - r, 2 * r, 2 * r);
                }
            }
        }
    }

    private static void cross(Canvas2D g, Ink.Marker m, double x, double y, double r) {
        if (m == Ink.Marker.PLUS) {
            g.strokeLine(x - r, y, x + r, y);
            g.strokeLine(x, y - r, x, y + r);
        } else {
            double q = r * 0.8;
            g.strokeLine(x - q, y - q, x + q, y + q);
            g.strokeLine(x - q, y + q, x + q, y - q);
        }
    }

    /** Pixels of raster layers, per layer and colour: rasters are immutable and reused across frames. */
    private static final java.util.Map<Layer.Raster, int[]> PIXELS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private void drawRaster(Layer.Raster r, Canvas2D g, Frame f) {
        int nx = r.nx();
        int ny = r.ny();
        int c = theme.color(r.color()) & 0xFFFFFF;
        int[] px = PIXELS.get(r);
        if (px == null || px.length != nx * ny + 1 || px[nx * ny] != c) {
            px = rasterPixels(r, c);
            PIXELS.put(r, px);
        }
        double x0 = f.sx(r.x0());
        double x1 = f.sx(r.x1());
        double y0 = f.sy(r.y1());
        double y1 = f.sy(r.y0());
        g.drawImage(px, nx, ny, x0, y0, x1 - x0, y1 - y0);
    }

    /** ARGB pixels (top row first) plus one trailing entry holding the colour they were made for. */
    private static int[] rasterPixels(Layer.Raster r, int c) {
        int nx = r.nx();
        int ny = r.ny();
        int[] px = new int[nx * ny + 1];
        px[nx * ny] = c;
        float[] v = r.values();
        for (int gy = 0; gy < ny; gy++) {
            int row = ny - 1 - gy; // image rows go top-down
            for (int gx = 0; gx < nx; gx++) {
                float a = Math.max(0f, Math.min(1f, v[gy * nx + gx]));
                px[row * nx + gx] = ((int) (a * 255) << 24) | c;
            }
        }
        return px;
    }

    private void drawBand(Layer.Band b, Canvas2D g, Frame f) {
        int n = b.x().length;
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (usable(b.x()[i], f.xLog()) && usable(b.hi()[i], f.yLog())) {
                xs.add(f.sx(b.x()[i]));
                ys.add(f.sy(b.hi()[i]));
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            if (usable(b.x()[i], f.xLog()) && usable(b.lo()[i], f.yLog())) {
                xs.add(f.sx(b.x()[i]));
                ys.add(f.sy(b.lo()[i]));
            }
        }
        if (xs.size() < 3) {
            return;
        }
        double[] ax = new double[xs.size()];
        double[] ay = new double[ys.size()];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = xs.get(i);
            ay[i] = ys.get(i);
        }
        g.setFill(argb(b.ink().color(), 0.22 * b.ink().opacity()));
        g.fillPolygon(ax, ay, ax.length);
    }

    private void drawBars(Layer.Bars b, Canvas2D g, Frame f) {
        for (int i = 0; i < b.x().length; i++) {
            double x0 = f.sx(b.x()[i] - b.width() / 2);
            double x1 = f.sx(b.x()[i] + b.width() / 2);
            double base = f.yLog() ? f.py() + f.ph() : f.sy(Math.max(f.yMin(), Math.min(f.yMax(), 0)));
            double top = usable(b.h()[i], f.yLog()) ? f.sy(b.h()[i]) : base;
            int color = b.colors() == null ? b.ink().color() : b.colors()[i];
            g.setFill(argb(color, 0.85 * b.ink().opacity()));
            g.fillRect(Math.min(x0, x1), Math.min(top, base), Math.abs(x1 - x0), Math.abs(base - top));
        }
    }

    private void drawEllipse(Layer.Ellipse e, Canvas2D g, Frame f) {
        int m = 96;
        double[] xs = new double[m];
        double[] ys = new double[m];
        double ca = Math.cos(e.angle());
        double sa = Math.sin(e.angle());
        for (int i = 0; i < m; i++) {
            double t = 2 * Math.PI * i / m;
            double u = e.r1() * Math.cos(t);
            double v = e.r2() * Math.sin(t);
            xs[i] = f.sx(e.cx() + u * ca - v * sa);
            ys[i] = f.sy(e.cy() + u * sa + v * ca);
        }
        if (e.fillOpacity() > 0) {
            g.setFill(argb(e.ink().color(), e.fillOpacity()));
            g.fillPolygon(xs, ys, m);
        }
        g.setStroke(argb(e.ink().color(), e.ink().opacity()), e.ink().width() * theme.lineScale(), dash(e.ink()));
        g.strokePolygon(xs, ys, m);
    }

    private void drawLabel(Layer.Label lb, Canvas2D g, Frame f) {
        if (!usable(lb.x(), f.xLog()) || !usable(lb.y(), f.yLog())) {
            return;
        }
        g.setFont(theme.fontSize(), false);
        double tw = g.textWidth(lb.text());
        double asc = g.textAscent();
        double sx = f.sx(lb.x());
        double sy = f.sy(lb.y());
        double gap = 6;
        double x = switch (lb.anchor()) {
            case LEFT -> sx - tw - gap;
            case RIGHT, TOP_RIGHT -> sx + gap;
            case TOP_LEFT -> sx - tw - gap;
            default -> sx - tw / 2;
        };
        double y = switch (lb.anchor()) {
            case ABOVE, TOP_LEFT, TOP_RIGHT -> sy - gap;
            case BELOW -> sy + gap + asc;
            default -> sy + asc / 2;
        };
        g.setFill(argb(lb.ink().color(), lb.ink().opacity()));
        g.fillText(lb.text(), x, y);
    }

    // ---- notes and legend -----------------------------------------------------------------------

    /**
     * Notes inside the plot: top-left on geometry panels (beside the legend, or at the bottom-left
     * when they would run into it), bottom-left elsewhere; each line shortened to fit the plot.
     */
    private void drawNotes(Panel p, Canvas2D g, Frame f, double[] legendBox) {
        if (p.notes().isEmpty()) {
            return;
        }
        double fs = theme.fontSize() * NOTE_FONT;
        g.setFont(fs, false);
        double asc = g.textAscent();
        double lh = asc * LINE_SPACING;
        double maxW = f.pw() - 22;
        List<String> lines = new ArrayList<>();
        double w = 0;
        boolean mangled = false;
        for (String s : p.notes()) {
            // a long note is broken onto a second line (a value cut to "0.0…" says nothing), not shortened
            List<String> wrapped = wrap(g, s, maxW);
            if (wrapped.size() > 2) {
                String t = ellipsize(g, s, maxW);
                wrapped = List.of(t);
                mangled |= kept(s, t) < MIN_KEPT;
            }
            for (String t : wrapped) {
                lines.add(t);
                w = Math.max(w, g.textWidth(t));
            }
        }
        double bx = f.px() + 6;
        double bh = lh * lines.size() + 6;
        if (mangled || bh > NOTES_MAX_HEIGHT * f.ph()) {
            return; // a small figure (a column): notes cut to a few letters would only cover the data
        }
        double by = f.py() + f.ph() - 6 - bh + 2;
        if (p.kind() == Panel.Kind.GEOMETRY) {
            boolean clash = legendBox != null && bx + w + 10 > legendBox[0] - 4 && f.py() + 6 + bh > legendBox[1];
            if (!clash) {
                by = f.py() + 6;
            }
        }
        g.save();
        g.clip(f.px(), f.py(), f.pw(), f.ph());
        g.setFill((theme.background() & 0xFFFFFF) | 0xCC000000);
        g.fillRect(bx, by, w + 10, bh);
        g.setFill(theme.foreground());
        for (int i = 0; i < lines.size(); i++) {
            g.fillText(lines.get(i), bx + 5, by + 3 + asc + i * lh);
        }
        g.restore();
    }

    /**
     * The legend in the plot's top-right corner, shrunk (down to {@link #LEGEND_MIN_SHRINK}) to take
     * at most {@link #LEGEND_MAX_WIDTH} × {@link #LEGEND_MAX_HEIGHT} of the plot; longer names are
     * shortened and entries that still do not fit are left out. Returns its box {x, y, w, h}, or null.
     */
    private double[] drawLegend(Panel p, Canvas2D g, Frame f, double lw) {
        List<Layer> entries = new ArrayList<>();
        for (Layer l : p.layers()) {
            if (l.name() != null && !(l instanceof Layer.Raster) && !(l instanceof Layer.Label)) {
                entries.add(l);
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        double fs0 = theme.fontSize() * NOTE_FONT;
        g.setFont(fs0, false);
        double w0 = 0;
        for (Layer l : entries) {
            w0 = Math.max(w0, g.textWidth(l.name()));
        }
        double asc0 = g.textAscent();
        double needW = w0 + fs0 * 2.2 + 16;
        double needH = asc0 * 1.5 * entries.size() + 6;
        double shrink = Math.max(LEGEND_MIN_SHRINK, Math.min(1, Math.min(f.pw() * LEGEND_MAX_WIDTH / needW,
                f.ph() * LEGEND_MAX_HEIGHT / needH)));
        double fs = fs0 * shrink;
        g.setFont(fs, false);
        double asc = g.textAscent();
        double lh = asc * 1.5;
        double sw = fs * 2.2;
        int shown = Math.max(1, Math.min(entries.size(), (int) ((f.ph() - 12) / lh)));
        double maxText = f.pw() * LEGEND_MAX_WIDTH - sw - 16;
        List<String> names = new ArrayList<>();
        double w = 0;
        for (int i = 0; i < shown; i++) {
            String n = ellipsize(g, entries.get(i).name(), maxText);
            if (kept(entries.get(i).name(), n) < MIN_KEPT) {
                return null; // names cut to a few letters: a legend that cannot be read only covers the data
            }
            names.add(n);
            w = Math.max(w, g.textWidth(n));
        }
        double bw = w + sw + 16;
        double bh = lh * shown + 6;
        double bx = f.px() + f.pw() - bw - 6;
        double by = f.py() + 6;
        g.save();
        g.clip(f.px(), f.py(), f.pw(), f.ph());
        g.setFill((theme.background() & 0xFFFFFF) | 0xD9000000);
        g.fillRect(bx, by, bw, bh);
        g.setStroke(theme.grid(), 1.0, null);
        g.strokeRect(bx, by, bw, bh);
        for (int i = 0; i < shown; i++) {
            Layer l = entries.get(i);
            double cy = by + 3 + lh * i + lh / 2;
            Ink ink = inkOf(l);
            if (l instanceof Layer.Points pt) {
                double size = Math.min(pt.ink().size() * Math.sqrt(lw), lh * 0.9);
                int color = pt.colors() != null && pt.colors().length > 0 ? pt.colors()[0] : ink.color();
                marker(g, ink.marker() == Ink.Marker.NONE ? Ink.Marker.CIRCLE : ink.marker(), bx + 6 + sw / 2, cy, size,
                        argb(color, Math.max(0.6, ink.opacity())), 0, size >= 7);
            } else if (l instanceof Layer.Band || l instanceof Layer.Bars || l instanceof Layer.Ellipse) {
                g.setFill(argb(ink.color(), 0.5));
                g.fillRect(bx + 6, cy - asc * 0.4, sw, asc * 0.8);
                if (l instanceof Layer.Ellipse) {
                    g.setStroke(argb(ink.color(), 1), ink.width() * lw, dash(ink));
                    g.strokeRect(bx + 6, cy - asc * 0.4, sw, asc * 0.8);
                }
            } else {
                g.setStroke(argb(ink.color(), Math.max(0.6, ink.opacity())), ink.width() * lw, dash(ink));
                g.strokeLine(bx + 6, cy, bx + 6 + sw, cy);
            }
            g.setFill(theme.foreground());
            g.fillText(names.get(i), bx + 10 + sw, cy + asc / 2 - 1);
        }
        g.restore();
        return new double[] {bx, by, bw, bh};
    }

    /** The fraction of {@code original}'s characters that {@code shown} (maybe shortened with "…") keeps. */
    static double kept(String original, String shown) {
        if (original.isEmpty() || shown.equals(original)) {
            return 1;
        }
        return Math.max(0, shown.length() - 1) / (double) original.length();
    }

    /** {@code s} shortened with "…" to fit {@code maxW} in the current font. */
    static String ellipsize(Canvas2D g, String s, double maxW) {
        if (s == null || g.textWidth(s) <= maxW) {
            return s;
        }
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (g.textWidth(s.substring(0, mid).stripTrailing() + "…") <= maxW) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "…" : s.substring(0, lo).stripTrailing() + "…";
    }

    /** {@code s} broken at spaces into lines of at most {@code maxW} in the current font (a long word is shortened). */
    static List<String> wrap(Canvas2D g, String s, double maxW) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (g.textWidth(candidate) <= maxW || line.length() == 0) {
                line.setLength(0);
                line.append(candidate);
            } else {
                out.add(ellipsize(g, line.toString(), maxW));
                line.setLength(0);
                line.append(word);
            }
        }
        if (line.length() > 0) {
            out.add(ellipsize(g, line.toString(), maxW));
        }
        return out;
    }

    private static Ink inkOf(Layer l) {
        if (l instanceof Layer.Line x) {
            return x.ink();
        }
        if (l instanceof Layer.Points x) {
            return x.ink();
        }
        if (l instanceof Layer.Band x) {
            return x.ink();
        }
        if (l instanceof Layer.Bars x) {
            return x.ink();
        }
        if (l instanceof Layer.Ellipse x) {
            return x.ink();
        }
        return Ink.line(Ink.FOREGROUND);
    }
}
