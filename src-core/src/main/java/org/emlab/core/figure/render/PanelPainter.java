package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;

/**
 * Draws one {@link Panel} into a rectangle of a {@link Canvas2D}: title, axes with ticks (linear or
 * log10), grid, layers clipped to the plot area, legend and notes. Ranges, ticks, tick labels and
 * the legend's entries and place come from {@link PanelLayout#resolve} (the same step the window's
 * curve charts follow), and every tick label and legend entry it decides is drawn. The same code
 * draws the window's geometry and insets and every exported figure, so what is exported is what
 * was shown.
 */
public final class PanelPainter {
    /** Notes text relative to the tick label size. */
    private static final double NOTE_FONT = 0.92;
    /** Notes taller than this fraction of the plot are left out (they would hide it). */
    private static final double NOTES_MAX_HEIGHT = 0.45;
    /** Notes under a curve plot, relative to the tick label size. */
    private static final double FOOTER_FONT = 0.85;
    /** Line height relative to the text ascent. */
    private static final double LINE_SPACING = 1.45;
    /** Notes move under a curve plot only if the plot keeps at least this share of the panel height. */
    private static final double MIN_PLOT_SHARE = 0.28;
    /** A too-long title shrinks to at most this fraction of its size, then takes two lines, before it is shortened. */
    private static final double MIN_TITLE_SHRINK = 0.8;
    /** Line height of a title on two lines, relative to its ascent. */
    private static final double TITLE_LINE_SPACING = 1.3;
    /** Passes that settle the left margin (y tick labels) against the ticks the plot's size gives. */
    private static final int MARGIN_PASSES = 4;

    private final Theme theme;
    /** What the last {@link #paint} could not show in full. */
    private List<String> losses = List.of();

    public PanelPainter(Theme theme) {
        this.theme = theme;
    }

    /**
     * Decisions kept from frame to frame of an animation, so the plots do not jump: each panel's legend
     * place ({@link PanelLayout.Placement}, by panel id), and notes always under the plot with room for
     * at least the given number of lines (by panel id).
     */
    public record Stable(java.util.Map<String, PanelLayout.Placement> legend, java.util.Map<String, Integer> footerLines) {
        public Stable {
            legend = java.util.Map.copyOf(legend);
            footerLines = java.util.Map.copyOf(footerLines);
        }
    }

    private Stable stable;

    /** This painter keeping the decisions of {@code s} (null: decide for each paint). */
    public PanelPainter withStable(Stable s) {
        this.stable = s;
        return this;
    }

    /** The last paint's legend place, by the painted panel's id. */
    private PanelLayout.Placement lastLegend;

    /** Where the last {@link #paint} put the legend. */
    public PanelLayout.Placement lastLegend() {
        return lastLegend;
    }

    /** Lines the notes of {@code p} take under a plot in a panel {@code w} wide. */
    public int footerLineCount(Panel p, Canvas2D g, double w) {
        return p.notes().isEmpty() ? 0 : footerLines(g, p, w).size();
    }

    /**
     * What the last {@link #paint} could not show in full, in words ("title shortened", "legend names
     * shortened", "legend entries left out", "notes left out", "axis label shortened"); empty when
     * everything was shown.
     */
    public List<String> losses() {
        return losses;
    }

    /**
     * The plot area and ranges the last {@link #paint} used (for hit testing and overlays), and the
     * resolved layout it drew.
     */
    public record Frame(double px, double py, double pw, double ph, double xMin, double xMax, double yMin, double yMax,
                        boolean xLog, boolean yLog, PanelLayout layout) {
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

        // ---- margins ----
        g.setFont(fs, false);
        double tickH = g.textAscent();
        Title title = title(g, p.title(), w - 10);
        double top = y + 6 + title.height();
        g.setFont(fs, false);
        boolean hasYLabel = p.y().label() != null && !p.y().label().isEmpty();
        boolean hasXLabel = p.x().label() != null && !p.x().label().isEmpty();
        double right = x + w - 10;
        double bottom = y + h - 6 - tickH - 6 - (hasXLabel ? tickH + 8 : 0);
        // notes of curve panels go under the plot (as the window shows them under the chart) when there is room
        List<String> footer = List.of();
        double footerH = 0;
        if (stable != null) {
            // an animation's frame: notes under the plot, in room for the most lines any frame has
            int reserved = stable.footerLines().getOrDefault(p.id(), 0);
            List<String> lines = p.notes().isEmpty() ? List.of() : footerLines(g, p, w);
            int rows = Math.max(reserved, lines.size());
            if (rows > 0) {
                double need = footerHeight(g, java.util.Collections.nCopies(rows, ""));
                if (bottom - need - top >= MIN_PLOT_SHARE * h) {
                    footer = lines.size() <= rows ? lines : lines.subList(0, rows);
                    footerH = need;
                    bottom -= need;
                }
            }
        } else if (p.kind() == Panel.Kind.CURVE && !p.notes().isEmpty()) {
            List<String> lines = footerLines(g, p, w);
            double need = footerHeight(g, lines);
            if (bottom - need - top >= MIN_PLOT_SHARE * h) {
                footer = lines;
                footerH = need;
                bottom -= need;
            }
        }
        List<String> yLabel = hasYLabel ? List.of(p.y().label()) : List.of();
        double fixedLeft = x + 6 + (hasYLabel ? tickH + 8 : 0) + 6;
        PanelLayout layout = settle(p, g, fixedLeft, right, Math.max(10, bottom - top));
        // notes inside the plot only where they cover no data and no legend; else under the plot; else left out
        NoteBox notes = null;
        if (footer.isEmpty() && !p.notes().isEmpty() && stable == null) {
            notes = noteBox(p, g, layout);
            if (notes == null) {
                List<String> lines = footerLines(g, p, w);
                double need = footerHeight(g, lines);
                if (bottom - need - top >= MIN_PLOT_SHARE * h) {
                    footer = lines;
                    footerH = need;
                    bottom -= need;
                    layout = settle(p, g, fixedLeft, right, Math.max(10, bottom - top));
                }
            }
        }
        g.setFont(fs, false);
        if (hasYLabel && g.textWidth(p.y().label()) > layout.plotHeight()) {
            // a y label longer than the plot is tall takes two lines (rotated) when two hold it
            List<String> two = wrap(g, p.y().label(), layout.plotHeight());
            if (two.size() == 2 && !two.get(0).endsWith("…") && !two.get(1).endsWith("…")) {
                yLabel = two;
                fixedLeft += tickH + 4;
                layout = settle(p, g, fixedLeft, right, Math.max(10, bottom - top));
            }
        }
        double left = right - layout.plotWidth();
        double pw = layout.plotWidth();
        double ph = layout.plotHeight();
        double plotTop = top + layout.legend().strip();
        PanelLayout.AxisLayout ax = layout.x();
        PanelLayout.AxisLayout ay = layout.y();
        Frame f = new Frame(left, plotTop, pw, ph, ax.min(), ax.max(), ay.min(), ay.max(), ax.log(), ay.log(), layout);
        List<String> lost = new ArrayList<>();
        if (title.shortened()) {
            lost.add("title shortened");
        }
        int legendLoss = PanelLayout.loss(layout.legend(), PanelLayout.entries(p));
        if (legendLoss >= 1000) {
            lost.add("legend entries left out");
        } else if (legendLoss > 0) {
            lost.add("legend names shortened");
        }
        if (!p.notes().isEmpty() && footer.isEmpty() && notes == null) {
            lost.add("notes left out");
        }
        lastLegend = layout.legend().placement();

        // ---- title ----
        if (!title.lines().isEmpty()) {
            g.setFont(title.size(), true);
            double ascent = g.textAscent();
            double lh = ascent * TITLE_LINE_SPACING;
            // aligned with the plot when it fits there, else from the panel's left edge
            double tx = title.lines().size() == 1 && g.textWidth(title.lines().get(0)) <= x + w - 4 - left ? left : x + 6;
            g.setFill(theme.foreground());
            for (int i = 0; i < title.lines().size(); i++) {
                g.fillText(title.lines().get(i), tx, y + 6 + ascent + i * lh);
            }
        }

        // ---- grid ----
        g.setStroke(theme.grid(), 1.0, null);
        for (Ticks.Tick t : ax.majors()) {
            double sx = f.sx(t.value());
            g.strokeLine(sx, plotTop, sx, plotTop + ph);
        }
        for (Ticks.Tick t : ay.majors()) {
            double sy = f.sy(t.value());
            g.strokeLine(left, sy, left + pw, sy);
        }

        // ---- layers ----
        g.save();
        g.clip(left, plotTop, pw, ph);
        for (int i = 0; i < p.layers().size(); i++) {
            g.beginGroup(group + "-layer-" + i);
            drawLayer(p.layers().get(i), g, f);
            g.endGroup();
        }
        g.restore();

        // ---- axes box, ticks and every tick label the layout decided ----
        g.setStroke(theme.foreground(), 1.0, null);
        g.strokeRect(left, plotTop, pw, ph);
        g.setFont(fs, false);
        g.setFill(theme.foreground());
        g.beginGroup("ticks-x-" + group);
        for (Ticks.Tick t : ax.ticks()) {
            double sx = f.sx(t.value());
            g.strokeLine(sx, plotTop + ph, sx, plotTop + ph + (t.major() ? 5 : 3));
            if (t.major() && !t.label().isEmpty()) {
                double tw = g.textWidth(t.label());
                double lx = Math.max(x + 2, Math.min(sx - tw / 2, x + w - tw - 2));
                g.fillText(t.label(), lx, plotTop + ph + 6 + tickH);
            }
        }
        g.endGroup();
        g.beginGroup("ticks-y-" + group);
        for (Ticks.Tick t : ay.ticks()) {
            double sy = f.sy(t.value());
            g.strokeLine(left - (t.major() ? 5 : 3), sy, left, sy);
            if (t.major() && !t.label().isEmpty()) {
                double tw = g.textWidth(t.label());
                g.fillText(t.label(), left - 7 - tw, sy + tickH / 2);
            }
        }
        g.endGroup();
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
            for (int i = 0; i < yLabel.size(); i++) {
                String label = ellipsize(g, yLabel.get(i), Math.max(ph, 1));
                if (!label.equals(yLabel.get(i))) {
                    lost.add("axis label shortened");
                }
                double tw = g.textWidth(label);
                g.fillTextRotated(label, x + 6 + tickH + i * (tickH + 4), plotTop + ph / 2 + tw / 2, -90);
            }
        }

        double[] legendBox = drawLegend(group, layout, g, f, lw);
        String offAxis = p.offLogAxisNotice();
        if (offAxis != null) {
            double[] noteBox = notes == null ? null
                    : new double[] {f.px() + notes.x(), f.py() + notes.y(), notes.w(), notes.h()};
            drawOffAxisNotice(p, offAxis, g, f, legendBox, noteBox);
        }
        if (notes != null) {
            drawNotes(notes, g, f);
        }
        g.restore();
        g.endGroup();
        losses = List.copyOf(lost);
        return f;
    }

    /**
     * The id of a panel's group in SVG output ({@code panel-<id>}; its layers are
     * {@code panel-<id>-layer-<index>}, its tick marks and labels {@code ticks-x-panel-<id>} and
     * {@code ticks-y-panel-<id>}, its legend {@code legend-panel-<id>}), with characters outside
     * {@code [A-Za-z0-9_-]} replaced.
     */
    public static String groupId(String panelId) {
        return "panel-" + (panelId == null ? "" : panelId).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    // ---- layers ---------------------------------------------------------------------------------

    private int argb(int token, double opacity) {
        int c = theme.color(token);
        int a = (int) Math.round(((c >>> 24) & 0xFF) * Math.max(0, Math.min(1, opacity)));
        return (a << 24) | (c & 0xFFFFFF);
    }

    /**
     * The dash pattern of a legend swatch {@code sw} long for a line of width {@code w}: the line's own pattern is
     * 10–18 widths long, so a swatch of about two text sizes showed a dash and a stub, and dashed read as dash-dot;
     * here the pattern fits the swatch: dashed as two dashes with a gap ("— —"), dash-dot as a dash, a dot and a dash
     * ("— · —"); dotted keeps its dots; null for solid. Shared by the exports and the window's legends.
     */
    public static double[] swatchDash(Ink.Dash dash, double w, double sw) {
        return swatchDash(dash, w, sw, false);
    }

    /**
     * {@link #swatchDash(Ink.Dash, double, double)} for a swatch with a marker at its middle ({@code marker}), which
     * covered the one gap of a dashed swatch and the dot of a dash-dot one: a dashed curve with markers (i.i.d. EM
     * in mlr-clustered, B's curves of an A/B figure) had a solid line in its legend, a dash-dot one a dashed line.
     * With a marker the gaps (and the dots) sit on either side of it: dashed "— —■— —", dash-dot "—·—■—·—".
     */
    public static double[] swatchDash(Ink.Dash dash, double w, double sw, boolean marker) {
        if (marker && dash == Ink.Dash.DASHED) {
            return new double[] {0.18 * sw, 0.12 * sw, 0.40 * sw, 0.12 * sw, 0.18 * sw, 0.12 * sw};
        }
        if (marker && dash == Ink.Dash.DASH_DOT) {
            double dot = Math.min(1.2 * w, 0.06 * sw);
            double gap = 0.07 * sw;
            double middle = sw - 2 * (0.12 * sw + 2 * gap + dot);
            return new double[] {0.12 * sw, gap, dot, gap, middle, gap, dot, gap, 0.12 * sw, gap};
        }
        return switch (dash) {
            case DASHED -> new double[] {0.4 * sw, 0.2 * sw};
            case DOTTED -> new double[] {1.2 * w, 2.8 * w};
            case DASH_DOT -> {
                double dot = Math.min(1.2 * w, 0.1 * sw);
                double gap = Math.max(0, (sw - 2 * 0.32 * sw - dot) / 2);
                yield new double[] {0.32 * sw, gap, dot, gap, 0.32 * sw, gap};
            }
            default -> null;
        };
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
        } else {
            lonePoint(ln, g, f);
        }
    }

    /**
     * A line with a single drawable point (a curve at iteration 0: an animation's first frame, a figure of a run
     * not yet stepped) is drawn as a dot of about two line widths, not left out: the plot would look empty beside a
     * note giving the value.
     */
    private void lonePoint(Layer.Line ln, Canvas2D g, Frame f) {
        int found = -1;
        for (int i = 0; i < ln.size(); i++) {
            double x = ln.x()[i];
            double y = ln.y()[i];
            if (usable(x, f.xLog()) && usable(y, f.yLog()) && Double.isFinite(x) && Double.isFinite(y)) {
                if (found >= 0) {
                    return;
                }
                found = i;
            }
        }
        if (found < 0) {
            return;
        }
        double r = Math.max(1.5, 1.3 * ln.ink().width() * theme.lineScale());
        g.setFill(argb(ln.ink().color(), ln.ink().opacity()));
        g.fillOval(f.sx(ln.x()[found]) - r, f.sy(ln.y()[found]) - r, 2 * r, 2 * r);
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

    /**
     * {@link Panel#offLogAxisNotice} in the empty plot, in the muted ink, wrapped to its width and centred
     * across it; of three heights (the middle, a quarter from the top, a quarter from the bottom) the one
     * clear of the legend's and the notes' boxes and farthest from the lines the plot does draw (a floor, a
     * bound), so the text never sits on one of them.
     */
    private void drawOffAxisNotice(Panel p, String text, Canvas2D g, Frame f, double[] legendBox, double[] noteBox) {
        g.save();
        g.clip(f.px(), f.py(), f.pw(), f.ph());
        g.setFont(theme.fontSize() * FOOTER_FONT, false);
        double asc = g.textAscent();
        double lh = asc * LINE_SPACING;
        List<String> lines = wrap(g, text, Math.max(f.pw() - 16, 1));
        double height = lines.size() * lh;
        double width = 0;
        for (String line : lines) {
            width = Math.max(width, g.textWidth(line));
        }
        double left = f.px() + (f.pw() - width) / 2;
        double best = Double.NEGATIVE_INFINITY;
        double top = f.py() + f.ph() / 2 - height / 2;
        for (double centre : new double[] {0.5, 0.25, 0.75}) {
            double t = f.py() + f.ph() * centre - height / 2;
            double clearance = Double.POSITIVE_INFINITY;
            for (double[] box : new double[][] {legendBox, noteBox}) {
                if (box != null && overlaps(left, t, width, height, box)) {
                    clearance = -1; // on a box: the worst place
                }
            }
            for (Layer l : p.layers()) {
                if (!(l instanceof Layer.Line ln)) {
                    continue;
                }
                for (int i = 0; i < ln.size(); i++) {
                    if (usable(ln.x()[i], f.xLog()) && usable(ln.y()[i], f.yLog())) {
                        double sy = f.sy(ln.y()[i]);
                        clearance = Math.min(clearance, sy < t ? t - sy : sy > t + height ? sy - t - height : 0);
                    }
                }
            }
            if (clearance > best + 1e-9) {
                best = clearance;
                top = t;
            }
        }
        g.setFill(theme.overlay()); // over the grid, as the notes' box is
        g.fillRect(left - 4, top - 1, width + 8, height + 2);
        g.setFill(argb(Ink.MUTED, 1.0));
        for (int i = 0; i < lines.size(); i++) {
            double tw = g.textWidth(lines.get(i));
            g.fillText(lines.get(i), f.px() + (f.pw() - tw) / 2, top + asc + i * lh);
        }
        g.restore();
    }

    // ---- notes and legend -----------------------------------------------------------------------

    /** Notes inside the plot: their lines and where their box goes, from the plot's top-left corner. */
    private record NoteBox(List<String> lines, double x, double y, double w, double h, double fontSize) {
    }

    /**
     * Where the notes go inside the plot: the first corner (top-left first on geometry panels,
     * bottom-left first elsewhere) where their box covers no data ({@link PanelLayout#dataFree}) and not
     * the legend; null (the notes go under the plot) when there is none, or when a note would need more than
     * two lines or the notes more than {@link #NOTES_MAX_HEIGHT} of the plot.
     */
    private NoteBox noteBox(Panel p, Canvas2D g, PanelLayout layout) {
        double fs = theme.fontSize() * NOTE_FONT;
        g.setFont(fs, false);
        double asc = g.textAscent();
        double lh = asc * LINE_SPACING;
        double pw = layout.plotWidth();
        double ph = layout.plotHeight();
        double maxW = pw - 22;
        List<String> lines = new ArrayList<>();
        double w = 0;
        boolean mangled = false;
        for (String s : p.notes()) {
            // a long note is broken onto a second line (a value cut to "0.0…" says nothing), never shortened: one
            // that needs a third goes with the others under the plot ("loss = population KL of the fit (l…" said
            // nothing of the rule)
            List<String> wrapped = wrap(g, s, maxW);
            mangled |= wrapped.size() > 2;
            for (String t : wrapped) {
                lines.add(t);
                w = Math.max(w, g.textWidth(t));
            }
        }
        g.setFont(theme.fontSize(), false);
        double bw = w + 10;
        double bh = lh * lines.size() + 6;
        if (mangled || bh > NOTES_MAX_HEIGHT * ph || bw > pw - 8) {
            return null;
        }
        PanelLayout.Legend lg = layout.legend();
        double[] legend = lg.placement().corner() ? new double[] {lg.x(), lg.y(), lg.width(), lg.height()} : null;
        boolean geometry = p.kind() == Panel.Kind.GEOMETRY;
        double[][] corners = {{6, 6}, {6, ph - 6 - bh}, {pw - 6 - bw, 6}, {pw - 6 - bw, ph - 6 - bh}};
        int[] order = geometry ? new int[] {0, 1, 2, 3} : new int[] {1, 0, 3, 2};
        double c = PanelLayout.LEGEND_CLEARANCE;
        for (int k : order) {
            double bx = corners[k][0];
            double by = corners[k][1];
            if (legend != null && overlaps(bx - c, by - c, bw + 2 * c, bh + 2 * c, legend)) {
                continue;
            }
            if (layout.dataFree(bx - c, by - c, bx + bw + c, by + bh + c)) {
                return new NoteBox(lines, bx, by, bw, bh, fs);
            }
        }
        return null;
    }

    private void drawNotes(NoteBox n, Canvas2D g, Frame f) {
        g.save();
        g.clip(f.px(), f.py(), f.pw(), f.ph());
        g.setFill(theme.overlay());
        g.fillRect(f.px() + n.x(), f.py() + n.y(), n.w(), n.h());
        g.setFont(n.fontSize(), false);
        double asc = g.textAscent();
        double lh = asc * LINE_SPACING;
        g.setFill(theme.foreground());
        for (int i = 0; i < n.lines().size(); i++) {
            g.fillText(n.lines().get(i), f.px() + n.x() + 5, f.py() + n.y() + 3 + asc + i * lh);
        }
        g.restore();
    }

    /** The notes broken into lines under the plot. */
    private List<String> footerLines(Canvas2D g, Panel p, double w) {
        g.setFont(theme.fontSize() * FOOTER_FONT, false);
        List<String> lines = new ArrayList<>();
        for (String n : p.notes()) {
            lines.addAll(wrap(g, n, w - 12));
        }
        g.setFont(theme.fontSize(), false);
        return lines;
    }

    private double footerHeight(Canvas2D g, List<String> lines) {
        g.setFont(theme.fontSize() * FOOTER_FONT, false);
        double need = lines.size() * g.textAscent() * LINE_SPACING + 4;
        g.setFont(theme.fontSize(), false);
        return need;
    }

    /**
     * The layout for a plot area from {@code fixedLeft} (plus the y tick labels' width) to {@code right}
     * and {@code areaH} high: the y tick labels' width sets the left margin, and the plot's width the
     * ticks, so both are settled in a few passes.
     */
    private PanelLayout settle(Panel p, Canvas2D g, double fixedLeft, double right, double areaH) {
        g.setFont(theme.fontSize(), false);
        double yLabW = 0;
        PanelLayout layout = null;
        for (int pass = 0; pass < MARGIN_PASSES; pass++) {
            layout = PanelLayout.resolve(p, Math.max(10, right - fixedLeft - yLabW), areaH, theme,
                    stable == null ? null : stable.legend().get(p.id()));
            double need = 0;
            for (Ticks.Tick t : layout.y().majors()) {
                need = Math.max(need, g.textWidth(t.label()));
            }
            if (need <= yLabW) {
                break;
            }
            yLabW = need;
        }
        return layout;
    }

    /** A panel title as drawn: its lines (one or two) and its text size. */
    private record Title(List<String> lines, double size, double height, boolean shortened) {
    }

    /**
     * The title in {@code room}: on one line at full size, or shrunk to at most {@link #MIN_TITLE_SHRINK};
     * else on two lines (broken at a space) at the largest of those sizes that holds it; only a title
     * that two lines at the smallest size cannot hold is shortened with "…".
     */
    private Title title(Canvas2D g, String text, double room) {
        if (text == null || text.isEmpty()) {
            return new Title(List.of(), theme.titleSize(), 0, false);
        }
        double full = theme.titleSize();
        g.setFont(full, true);
        double tw = g.textWidth(text);
        List<String> lines;
        double size = full;
        boolean shortened = false;
        if (tw <= room) {
            lines = List.of(text);
        } else if (tw * MIN_TITLE_SHRINK <= room) {
            size = full * room / tw;
            lines = List.of(text);
        } else {
            lines = null;
            for (double f = 1.0; f >= MIN_TITLE_SHRINK - 1e-9 && lines == null; f -= 0.05) {
                g.setFont(full * f, true);
                List<String> two = wrap(g, text, room);
                if (two.size() <= 2 && two.stream().noneMatch(l -> l.endsWith("…") && !text.endsWith("…"))) {
                    lines = two;
                    size = full * f;
                }
            }
            if (lines == null) {
                size = full * MIN_TITLE_SHRINK;
                g.setFont(size, true);
                List<String> many = wrap(g, text, room);
                String rest = String.join(" ", many.subList(1, many.size()));
                lines = List.of(many.get(0), ellipsize(g, rest, room));
                shortened = !lines.get(1).equals(rest);
            }
        }
        g.setFont(size, true);
        double ascent = g.textAscent();
        double height = ascent + (lines.size() - 1) * ascent * TITLE_LINE_SPACING + 8;
        return new Title(lines, size, height, shortened);
    }

    private static boolean overlaps(double x, double y, double w, double h, double[] box) {
        return x < box[0] + box[2] && box[0] < x + w && y < box[1] + box[3] && box[1] < y + h;
    }

    /**
     * The legend the layout decided, every entry of it: a box in a corner of the plot, or a row
     * above the plot. Returns the corner box {x, y, w, h}, or null.
     */
    private double[] drawLegend(String group, PanelLayout layout, Canvas2D g, Frame f, double lw) {
        PanelLayout.Legend lg = layout.legend();
        if (lg.placement() == PanelLayout.Placement.NONE || lg.entries().isEmpty()) {
            return null;
        }
        double bx = f.px() + lg.x();
        double by = f.py() + lg.y();
        double fs = lg.fontSize();
        double lh = lg.rowHeight();
        double sw = PanelLayout.LEGEND_SWATCH_EMS * fs;
        double gap = PanelLayout.LEGEND_TEXT_GAP_EMS * fs;
        g.beginGroup("legend-" + group);
        g.save();
        if (lg.placement().corner()) {
            g.setFill(theme.overlay());
            g.fillRect(bx, by, lg.width(), lg.height());
            g.setStroke(theme.grid(), 1.0, null);
            g.strokeRect(bx, by, lg.width(), lg.height());
        }
        g.setFont(fs, false);
        double asc = g.textAscent();
        for (PanelLayout.Entry e : lg.entries()) {
            double ex = bx + e.x();
            double cy = by + e.y() + lh / 2;
            Ink ink = e.ink();
            switch (e.swatch()) {
                case MARKER -> {
                    double size = Math.min(ink.size() * Math.sqrt(lw), lh * 0.9);
                    marker(g, ink.marker(), ex + sw / 2, cy, size, argb(ink.color(), Math.max(0.6, ink.opacity())), 0,
                            size >= 7);
                }
                case BLOCK -> {
                    g.setFill(argb(ink.color(), 0.5));
                    g.fillRect(ex, cy - asc * 0.4, sw, asc * 0.8);
                    g.setStroke(argb(ink.color(), 1), Math.min(ink.width() * lw, 2), dash(ink));
                    g.strokeRect(ex, cy - asc * 0.4, sw, asc * 0.8);
                }
                default -> {
                    g.setStroke(argb(ink.color(), Math.max(0.6, ink.opacity())), ink.width() * lw,
                            swatchDash(ink.dash(), ink.width() * lw, sw, ink.marker() != Ink.Marker.NONE));
                    g.strokeLine(ex, cy, ex + sw, cy);
                    if (ink.marker() != Ink.Marker.NONE) {
                        double size = Math.min(ink.size() * Math.sqrt(lw), lh * 0.9);
                        marker(g, ink.marker(), ex + sw / 2, cy, size, argb(ink.color(), 1), 0, size >= 7);
                    }
                }
            }
            g.setFill(theme.foreground());
            g.fillText(e.name(), ex + sw + gap, cy + asc / 2 - 1);
        }
        g.restore();
        g.endGroup();
        return lg.placement().corner() ? new double[] {bx, by, lg.width(), lg.height()} : null;
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
}
