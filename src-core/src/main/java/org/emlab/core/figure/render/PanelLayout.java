package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;

/**
 * What a {@link Panel} looks like at one plot size: the ranges shown, the ticks and their labels,
 * the legend's entries and place, and the notes. {@link #resolve} is the one step that decides
 * these, for the window (ChartFX curve charts, painted geometry and insets) and for every export
 * ({@link PanelPainter}), so an exported figure is the figure that was shown.
 *
 * <p>Sizes are in pixels on screen and points in exports (one pixel = one point at scale 1); text
 * is measured with Helvetica's widths times {@link #TEXT_WIDTH_SAFETY}, whatever font finally
 * draws it, so that both sides take the same decisions.
 *
 * <p><b>Ranges.</b> A fixed end is kept. Automatic ends lie {@link #PAD_FRACTION} of the data's
 * span beyond the data, measured on the axis's own scale (linear, or log10: decades), so a curve on
 * its plateau is not drawn on the frame (one value: {@link #SINGLE_VALUE_SHARE} of it, or
 * {@link #SINGLE_VALUE_DECADES} decades, each side; a log axis shows at most
 * {@link #MAX_LOG_DECADES} decades). On an equal-aspect panel the shorter range then grows about
 * its centre until one unit is as long on both axes.
 *
 * <p><b>Ticks.</b> {@link Ticks#forAxis} (one rule for linear, whole-number and log axes).
 *
 * <p><b>Legend.</b> One entry per name, in the order the names first occur (a name drawn by several
 * layers is listed once, with the first layer's ink); rasters and text labels have none. The box
 * goes in the first corner of the plot, of top right, top left, bottom right and bottom left, that
 * it fits in and that covers no data: no line segment, marker, band, bar, ellipse, text label or
 * raster cell above {@link #RASTER_EMPTY} of any layer comes within {@link #LEGEND_CLEARANCE} of
 * the box (an unnamed line that is infinite in y on every point, the shown-iteration cursor, is a
 * guide, not data). When no corner is free, the legend goes <em>outside</em> the plot, in a row
 * above it (entries side by side, wrapping), whose height is taken from the plot; never over the
 * tick labels. A legend whose names would be cut to less than {@link #MIN_KEPT} of their letters
 * is left out.
 */
public record PanelLayout(Panel panel, Theme theme, double areaWidth, double areaHeight, AxisLayout x, AxisLayout y,
                          Legend legend, List<String> notes) {

    /** Share of the data's span added beyond each automatic end of a linear axis. */
    public static final double PAD_FRACTION = 0.05;
    /** Data of one value: an automatic linear axis shows this share of the value on each side (±1 about 0). */
    public static final double SINGLE_VALUE_SHARE = 0.1;
    /** Data of one value: an automatic log axis shows this many decades on each side. */
    public static final double SINGLE_VALUE_DECADES = 0.5;
    /** Most decades an automatic log axis shows (the lowest are cut off). */
    public static final double MAX_LOG_DECADES = 300;
    /** Text widths are Helvetica's times this (screen fonts run a little wider). */
    public static final double TEXT_WIDTH_SAFETY = 1.15;
    /** Legend text size relative to the tick labels. */
    public static final double LEGEND_FONT_SCALE = 0.92;
    /** Height of one legend row, in legend text sizes. */
    public static final double LEGEND_ROW_EMS = 1.45;
    /** Length of a legend swatch, in legend text sizes. */
    public static final double LEGEND_SWATCH_EMS = 2.2;
    /** Blank inside the legend box around its entries, in legend text sizes. */
    public static final double LEGEND_PADDING_EMS = 0.45;
    /** Blank between a swatch and its name, in legend text sizes. */
    public static final double LEGEND_TEXT_GAP_EMS = 0.5;
    /** Blank between two entries of a legend row above the plot, in legend text sizes. */
    public static final double LEGEND_ENTRY_GAP_EMS = 1.2;
    /** Distance from a corner legend to the plot's frame (and from a row above to the plot), in legend text sizes. */
    public static final double LEGEND_INSET_EMS = 0.5;
    /** Data must keep at least this far (pixels / points) from a corner legend's box. */
    public static final double LEGEND_CLEARANCE = 2;
    /** Longest legend name in a corner, as a share of the plot's width. */
    public static final double LEGEND_MAX_NAME_SHARE = 0.6;
    /** Largest share of the plot area's height a legend row above the plot may take (further rows are left out). */
    public static final double LEGEND_MAX_STRIP_SHARE = 0.5;
    /** A legend row above the plot shrinks its text to this share of its size before it leaves entries out. */
    public static final double LEGEND_MIN_SHRINK = 0.75;
    /** Names shortened below this fraction of their letters make the legend unreadable: it is left out. */
    public static final double MIN_KEPT = 0.4;
    /** Raster cells with a value below this are empty (no data under a legend). */
    public static final double RASTER_EMPTY = 0.02;
    /** Points on an ellipse tested against a legend box. */
    private static final int ELLIPSE_POINTS = 96;

    public PanelLayout {
        notes = List.copyOf(notes);
    }

    /** Width of the plot. */
    public double plotWidth() {
        return areaWidth;
    }

    /** Height of the plot: the area less the legend row above it, if any. */
    public double plotHeight() {
        return areaHeight - legend.strip();
    }

    /**
     * True when no data of the panel (as the legend's placement tests it: lines, markers, bands, bars,
     * ellipses, labels, raster cells) comes into the box {@code [x0, x1] × [y0, y1]}, in points from the
     * plot's top-left corner, y down.
     */
    public boolean dataFree(double x0, double y0, double x1, double y1) {
        return new Obstacles(panel, x, y, plotWidth(), plotHeight(), theme).clear(x0, y0, x1, y1);
    }

    /** One axis as shown: its range, scale and ticks. */
    public record AxisLayout(double min, double max, boolean log, boolean integer, List<Ticks.Tick> ticks) {
        public AxisLayout {
            ticks = List.copyOf(ticks);
        }

        /** The labelled ticks, in increasing value. */
        public List<Ticks.Tick> majors() {
            return ticks.stream().filter(Ticks.Tick::major).toList();
        }

        /** The minor ticks. */
        public List<Ticks.Tick> minors() {
            return ticks.stream().filter(t -> !t.major()).toList();
        }

        /** The labels of the major ticks, in increasing value. */
        public List<String> labels() {
            return majors().stream().map(Ticks.Tick::label).toList();
        }

        /** Position of {@code v} as a fraction of the axis from its low end. */
        public double fraction(double v) {
            return log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        }
    }

    /** Where the legend goes. */
    public enum Placement {
        TOP_RIGHT, TOP_LEFT, BOTTOM_RIGHT, BOTTOM_LEFT,
        /** In a row above the plot, outside it. */
        ABOVE,
        /** No legend (no named layer, or no room for readable names). */
        NONE;

        public boolean corner() {
            return this != ABOVE && this != NONE;
        }
    }

    /** How a legend entry's swatch is drawn. */
    public enum Swatch {
        /** A stroke in the ink's dash (and its marker, if any). */
        LINE,
        /** The ink's marker. */
        MARKER,
        /** A filled block (bands, bars, ellipses). */
        BLOCK
    }

    /**
     * One legend entry.
     *
     * @param name   the name as shown (shortened with "…" when needed)
     * @param ink    its ink (the first layer of that name; a point layer's first per-point colour)
     * @param swatch how its swatch is drawn
     * @param x      the entry's left edge, from the legend box's left edge
     * @param y      the entry's row top, from the legend box's top edge
     */
    public record Entry(String name, Ink ink, Swatch swatch, double x, double y) {
    }

    /**
     * The legend.
     *
     * @param entries   in order
     * @param placement where it goes
     * @param x         the box's left edge, from the plot's left edge
     * @param y         the box's top edge, from the plot's top edge (negative above the plot)
     * @param width     box width
     * @param height    box height
     * @param fontSize  text size of the names
     * @param rowHeight height of one row
     * @param strip     height taken from the plot area for a row above the plot (0 in a corner)
     */
    public record Legend(List<Entry> entries, Placement placement, double x, double y, double width, double height,
                         double fontSize, double rowHeight, double strip) {
        public Legend {
            entries = List.copyOf(entries);
        }

        static Legend none() {
            return new Legend(List.of(), Placement.NONE, 0, 0, 0, 0, 0, 0, 0);
        }

        /** The names as shown, in order. */
        public List<String> names() {
            return entries.stream().map(Entry::name).toList();
        }
    }

    /** A legend entry before it is laid out: full name, ink, swatch. */
    public record Named(String name, Ink ink, Swatch swatch) {
    }

    /** Advance width of {@code s} at {@code size} as every layout decision measures it. */
    public static double textWidth(String s, double size) {
        return s == null ? 0 : HelveticaMetrics.width(s, size, false) * TEXT_WIDTH_SAFETY;
    }

    /** {@link #resolve(Panel, double, double, Theme, Placement)} deciding the legend's place. */
    public static PanelLayout resolve(Panel p, double plotWidth, double plotHeight, Theme t) {
        return resolve(p, plotWidth, plotHeight, t, null);
    }

    /**
     * Resolves {@code p} for a plot area of {@code plotWidth × plotHeight} (the plot plus the room
     * a legend row above it would take) and the tick-label size of {@code t}. With {@code keep}
     * not null, the legend keeps that place where it still fits instead of being placed again (the
     * window re-decides the place a few times a second, not every frame).
     */
    public static PanelLayout resolve(Panel p, double plotWidth, double plotHeight, Theme t, Placement keep) {
        double w = Math.max(1, plotWidth);
        double h = Math.max(1, plotHeight);
        AxisLayout[] axes = axes(p, w, h, t);
        List<Named> named = entries(p);
        Legend legend = Legend.none();
        if (!named.isEmpty()) {
            Legend corner = cornerBox(named, w, h, t);
            Legend kept = keep != null && keep.corner() && corner != null && fitsCorner(corner, w, h, t)
                    ? at(corner, keep, w, h, t) : null;
            if (kept != null && clearOfData(p, axes, kept, w, h, t)) {
                legend = kept; // a kept corner is left as soon as the data move under it
            } else if (keep == Placement.ABOVE || keep == Placement.NONE) {
                legend = keep == Placement.ABOVE ? above(named, w, h, t) : Legend.none();
            } else {
                legend = place(p, named, corner, axes, w, h, t);
            }
        }
        if (legend.strip() > 0) {
            axes = axes(p, w, h - legend.strip(), t);
        }
        return new PanelLayout(p, t, w, h, axes[0], axes[1], legend, p.notes());
    }

    // ---- legend ---------------------------------------------------------------------------------

    /** One entry per name, in first-occurrence order (rasters, text labels and layers that draw nothing have none). */
    public static List<Named> entries(Panel p) {
        Map<String, Named> out = new LinkedHashMap<>();
        for (Layer l : p.layers()) {
            if (l.name() == null || l.name().isBlank() || l instanceof Layer.Raster || l instanceof Layer.Label
                    || out.containsKey(l.name()) || Layer.drawsNothing(l)) {
                continue;
            }
            Ink ink = inkOf(l);
            Swatch s = Swatch.LINE;
            if (l instanceof Layer.Points pt) {
                s = Swatch.MARKER;
                if (pt.colors() != null && pt.colors().length > 0) {
                    ink = ink.withColor(pt.colors()[0]);
                }
                if (ink.marker() == Ink.Marker.NONE) {
                    ink = ink.withMarker(Ink.Marker.CIRCLE, ink.size());
                }
            } else if (l instanceof Layer.Band || l instanceof Layer.Bars || l instanceof Layer.Ellipse) {
                s = Swatch.BLOCK;
            }
            out.put(l.name(), new Named(l.name(), ink, s));
        }
        return new ArrayList<>(out.values());
    }

    private static double legendFont(Theme t) {
        return t.fontSize() * LEGEND_FONT_SCALE;
    }

    /** The corner legend's box at the origin (entries one per row), or null when names would be cut too short. */
    private static Legend cornerBox(List<Named> named, double w, double h, Theme t) {
        double fs = legendFont(t);
        double pad = LEGEND_PADDING_EMS * fs;
        double sw = LEGEND_SWATCH_EMS * fs;
        double gap = LEGEND_TEXT_GAP_EMS * fs;
        double row = LEGEND_ROW_EMS * fs;
        double maxName = w * LEGEND_MAX_NAME_SHARE - sw - gap - 2 * pad;
        List<Entry> entries = new ArrayList<>();
        double nameW = 0;
        for (int i = 0; i < named.size(); i++) {
            Named n = named.get(i);
            String shown = ellipsize(n.name(), maxName, fs);
            if (kept(n.name(), shown) < MIN_KEPT) {
                return null;
            }
            nameW = Math.max(nameW, textWidth(shown, fs));
            entries.add(new Entry(shown, n.ink(), n.swatch(), pad, pad + i * row));
        }
        return new Legend(entries, Placement.NONE, 0, 0, 2 * pad + sw + gap + nameW, 2 * pad + named.size() * row, fs,
                row, 0);
    }

    private static boolean fitsCorner(Legend box, double w, double h, Theme t) {
        double inset = LEGEND_INSET_EMS * legendFont(t);
        return box.width() + 2 * inset <= w && box.height() + 2 * inset <= h;
    }

    /** The corner box moved into corner {@code c}. */
    private static Legend at(Legend box, Placement c, double w, double h, Theme t) {
        double inset = LEGEND_INSET_EMS * legendFont(t);
        boolean right = c == Placement.TOP_RIGHT || c == Placement.BOTTOM_RIGHT;
        boolean top = c == Placement.TOP_RIGHT || c == Placement.TOP_LEFT;
        double x = right ? w - inset - box.width() : inset;
        double y = top ? inset : h - inset - box.height();
        return new Legend(box.entries(), c, x, y, box.width(), box.height(), box.fontSize(), box.rowHeight(), 0);
    }

    /**
     * The legend in a row above the plot (wrapping onto further rows): at its full size when every
     * entry fits in {@link #LEGEND_MAX_STRIP_SHARE} of the height, else at {@link #LEGEND_MIN_SHRINK}
     * of it, leaving out the entries that still do not fit; none when not even one row fits.
     */
    private static Legend above(List<Named> named, double w, double h, Theme t) {
        Legend full = above(named, w, h, legendFont(t));
        if (loss(full, named) == 0) {
            return full;
        }
        Legend small = above(named, w, h, legendFont(t) * LEGEND_MIN_SHRINK);
        return loss(small, named) < loss(full, named) ? small : full;
    }

    /**
     * What a legend loses of {@code named}: 1000 per entry left out plus 1 per name shortened with "…"
     * (a lost entry is worse than any number of shortened names); 0 when every name shows in full.
     */
    static int loss(Legend l, List<Named> named) {
        if (l == null) {
            return Integer.MAX_VALUE;
        }
        int lost = 1000 * (named.size() - l.entries().size());
        for (Entry e : l.entries()) {
            lost += e.name().endsWith("…") && !named.stream().anyMatch(n -> n.name().equals(e.name())) ? 1 : 0;
        }
        return lost;
    }

    private static Legend above(List<Named> named, double w, double h, double fs) {
        double pad = LEGEND_PADDING_EMS * fs;
        double sw = LEGEND_SWATCH_EMS * fs;
        double gap = LEGEND_TEXT_GAP_EMS * fs;
        double row = LEGEND_ROW_EMS * fs;
        double between = LEGEND_ENTRY_GAP_EMS * fs;
        double below = LEGEND_INSET_EMS * fs;
        int maxRows = (int) Math.floor((LEGEND_MAX_STRIP_SHARE * h - 2 * pad - below) / row);
        if (maxRows < 1) {
            return Legend.none();
        }
        double maxName = w - 2 * pad - sw - gap;
        List<Entry> entries = new ArrayList<>();
        double at = pad;
        int rows = 1;
        for (Named n : named) {
            String shown = ellipsize(n.name(), maxName, fs);
            if (kept(n.name(), shown) < MIN_KEPT) {
                return Legend.none();
            }
            double ew = sw + gap + textWidth(shown, fs);
            if (at > pad && at + ew > w - pad) {
                rows++;
                at = pad;
            }
            if (rows > maxRows) {
                rows = maxRows;
                break;
            }
            entries.add(new Entry(shown, n.ink(), n.swatch(), at, pad + (rows - 1) * row));
            at += ew + between;
        }
        double bh = 2 * pad + rows * row;
        // whole pixels (points): the window lays the strip out on the pixel grid
        double strip = Math.ceil(bh + below);
        return new Legend(entries, Placement.ABOVE, 0, -strip, w, bh, fs, row, strip);
    }

    /**
     * The first free corner, unless it would shorten names that a row above the plot shows in full (a
     * corner box is at most {@link #LEGEND_MAX_NAME_SHARE} of the plot wide); else the row above.
     */
    /** True when no data of {@code p} lies under the corner legend {@code l} (with its clearance). */
    private static boolean clearOfData(Panel p, AxisLayout[] axes, Legend l, double w, double h, Theme t) {
        return new Obstacles(p, axes[0], axes[1], w, h, t).clear(l.x() - LEGEND_CLEARANCE, l.y() - LEGEND_CLEARANCE,
                l.x() + l.width() + LEGEND_CLEARANCE, l.y() + l.height() + LEGEND_CLEARANCE);
    }

    private static Legend place(Panel p, List<Named> named, Legend box, AxisLayout[] axes, double w, double h, Theme t) {
        Legend corner = null;
        if (box != null && fitsCorner(box, w, h, t)) {
            Obstacles data = new Obstacles(p, axes[0], axes[1], w, h, t);
            for (Placement c : new Placement[] {Placement.TOP_RIGHT, Placement.TOP_LEFT, Placement.BOTTOM_RIGHT,
                Placement.BOTTOM_LEFT}) {
                Legend l = at(box, c, w, h, t);
                if (data.clear(l.x() - LEGEND_CLEARANCE, l.y() - LEGEND_CLEARANCE, l.x() + l.width() + LEGEND_CLEARANCE,
                        l.y() + l.height() + LEGEND_CLEARANCE)) {
                    corner = l;
                    break;
                }
            }
        }
        if (corner != null && loss(corner, named) == 0) {
            return corner;
        }
        Legend row = above(named, w, h, t);
        return corner != null && loss(corner, named) <= loss(row, named) ? corner : row;
    }

    /** {@code s} shortened with "…" to fit {@code maxW} at {@code size}. */
    static String ellipsize(String s, double maxW, double size) {
        if (s == null || textWidth(s, size) <= maxW) {
            return s;
        }
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (textWidth(s.substring(0, mid).stripTrailing() + "…", size) <= maxW) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "…" : s.substring(0, lo).stripTrailing() + "…";
    }

    /** The fraction of {@code original}'s characters that {@code shown} (maybe shortened with "…") keeps. */
    static double kept(String original, String shown) {
        if (original.isEmpty() || shown.equals(original)) {
            return 1;
        }
        return Math.max(0, shown.length() - 1) / (double) original.length();
    }

    /**
     * The data of a panel in plot coordinates (pixels from the plot's top-left, y down), tested
     * against a box.
     */
    private static final class Obstacles {
        private final Panel p;
        private final AxisLayout ax;
        private final AxisLayout ay;
        private final double w;
        private final double h;
        private final Theme t;
        /**
         * Screen polygons of ellipses and bands, made once per layout (every candidate place of a legend or
         * a note box is tested against them): {@code {xs, ys}}.
         */
        private final java.util.IdentityHashMap<Layer, double[][]> polygons = new java.util.IdentityHashMap<>();

        Obstacles(Panel p, AxisLayout ax, AxisLayout ay, double w, double h, Theme t) {
            this.p = p;
            this.ax = ax;
            this.ay = ay;
            this.w = w;
            this.h = h;
            this.t = t;
        }

        private double sx(double v) {
            if (v == Double.POSITIVE_INFINITY) {
                return w + 2;
            }
            if (v == Double.NEGATIVE_INFINITY) {
                return -2;
            }
            return ax.fraction(v) * w;
        }

        private double sy(double v) {
            if (v == Double.POSITIVE_INFINITY) {
                return -2;
            }
            if (v == Double.NEGATIVE_INFINITY) {
                return h + 2;
            }
            return h - ay.fraction(v) * h;
        }

        private static boolean usable(double v, boolean log) {
            return !Double.isNaN(v) && (!log || v > 0 || v == Double.NEGATIVE_INFINITY);
        }

        /** True when no data of the panel comes into {@code [x0, x1] × [y0, y1]}. */
        boolean clear(double x0, double y0, double x1, double y1) {
            for (Layer l : p.layers()) {
                if (l instanceof Layer.Line ln) {
                    if (guide(ln)) {
                        continue;
                    }
                    if (polylineHits(ln.x(), ln.y(), ln.size(), x0, y0, x1, y1)) {
                        return false;
                    }
                    if (ln.ink().marker() != Ink.Marker.NONE
                            && pointsHit(ln.x(), ln.y(), ln.size(), null, ln.ink().size(), x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Points pt) {
                    if (pointsHit(pt.x(), pt.y(), pt.size(), pt.sizes(), pt.ink().size(), x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Band b) {
                    if (bandHits(b, x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Bars b) {
                    if (barsHit(b, x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Ellipse e) {
                    if (ellipseHits(e, x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Raster r) {
                    if (rasterHits(r, x0, y0, x1, y1)) {
                        return false;
                    }
                } else if (l instanceof Layer.Label lb) {
                    if (labelHits(lb, x0, y0, x1, y1)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** The shown-iteration cursor: an unnamed line infinite in y on every point. */
        private static boolean guide(Layer.Line ln) {
            if (ln.name() != null || ln.size() == 0) {
                return false;
            }
            for (int i = 0; i < ln.size(); i++) {
                if (!Double.isInfinite(ln.y()[i])) {
                    return false;
                }
            }
            return true;
        }

        private boolean polylineHits(double[] xs, double[] ys, int n, double x0, double y0, double x1, double y1) {
            double px = Double.NaN;
            double py = Double.NaN;
            for (int i = 0; i < n; i++) {
                if (!usable(xs[i], ax.log()) || !usable(ys[i], ay.log())) {
                    px = Double.NaN;
                    continue;
                }
                double qx = sx(xs[i]);
                double qy = sy(ys[i]);
                if (Double.isNaN(px) ? inside(qx, qy, x0, y0, x1, y1) : segmentHits(px, py, qx, qy, x0, y0, x1, y1)) {
                    return true;
                }
                px = qx;
                py = qy;
            }
            return false;
        }

        private boolean pointsHit(double[] xs, double[] ys, int n, double[] sizes, double size, double x0, double y0,
                                  double x1, double y1) {
            double scale = Math.sqrt(t.lineScale());
            for (int i = 0; i < n; i++) {
                if (!usable(xs[i], ax.log()) || !usable(ys[i], ay.log()) || Double.isInfinite(xs[i])
                        || Double.isInfinite(ys[i])) {
                    continue;
                }
                double r = (sizes == null ? size : sizes[i]) * scale / 2;
                double qx = sx(xs[i]);
                double qy = sy(ys[i]);
                if (qx + r >= x0 && qx - r <= x1 && qy + r >= y0 && qy - r <= y1) {
                    return true;
                }
            }
            return false;
        }

        private boolean bandHits(Layer.Band b, double x0, double y0, double x1, double y1) {
            double[][] poly = polygons.computeIfAbsent(b, l -> {
                int n = Math.min(b.x().length, Math.min(b.lo().length, b.hi().length));
                double[] xs = new double[2 * n];
                double[] ys = new double[2 * n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (usable(b.x()[i], ax.log()) && usable(b.hi()[i], ay.log())) {
                        xs[m] = sx(b.x()[i]);
                        ys[m++] = sy(b.hi()[i]);
                    }
                }
                for (int i = n - 1; i >= 0; i--) {
                    if (usable(b.x()[i], ax.log()) && usable(b.lo()[i], ay.log())) {
                        xs[m] = sx(b.x()[i]);
                        ys[m++] = sy(b.lo()[i]);
                    }
                }
                return new double[][] {java.util.Arrays.copyOf(xs, m), java.util.Arrays.copyOf(ys, m)};
            });
            return polygonHits(poly[0], poly[1], true, x0, y0, x1, y1);
        }

        private boolean barsHit(Layer.Bars b, double x0, double y0, double x1, double y1) {
            for (int i = 0; i < Math.min(b.x().length, b.h().length); i++) {
                double a = sx(b.x()[i] - b.width() / 2);
                double c = sx(b.x()[i] + b.width() / 2);
                double base = ay.log() ? h : sy(Math.max(ay.min(), Math.min(ay.max(), 0)));
                double top = usable(b.h()[i], ay.log()) ? sy(b.h()[i]) : base;
                if (Math.max(a, c) >= x0 && Math.min(a, c) <= x1 && Math.max(top, base) >= y0 && Math.min(top, base) <= y1) {
                    return true;
                }
            }
            return false;
        }

        private boolean ellipseHits(Layer.Ellipse e, double x0, double y0, double x1, double y1) {
            double[][] poly = polygons.computeIfAbsent(e, l -> {
                double[] xs = new double[ELLIPSE_POINTS];
                double[] ys = new double[ELLIPSE_POINTS];
                int m = 0;
                double ca = Math.cos(e.angle());
                double sa = Math.sin(e.angle());
                for (int i = 0; i < ELLIPSE_POINTS; i++) {
                    double a = 2 * Math.PI * i / ELLIPSE_POINTS;
                    double u = e.r1() * Math.cos(a);
                    double v = e.r2() * Math.sin(a);
                    double dx = e.cx() + u * ca - v * sa;
                    double dy = e.cy() + u * sa + v * ca;
                    if (usable(dx, ax.log()) && usable(dy, ay.log())) {
                        xs[m] = sx(dx);
                        ys[m++] = sy(dy);
                    }
                }
                return new double[][] {java.util.Arrays.copyOf(xs, m), java.util.Arrays.copyOf(ys, m)};
            });
            return polygonHits(poly[0], poly[1], e.fillOpacity() > 0, x0, y0, x1, y1);
        }

        private boolean rasterHits(Layer.Raster r, double x0, double y0, double x1, double y1) {
            if (ax.log() || ay.log()) {
                return false;
            }
            double cw = (r.x1() - r.x0()) / r.nx();
            double ch = (r.y1() - r.y0()) / r.ny();
            for (int gy = 0; gy < r.ny(); gy++) {
                double top = sy(r.y0() + (gy + 1) * ch);
                double bottom = sy(r.y0() + gy * ch);
                if (bottom < y0 || top > y1) {
                    continue;
                }
                for (int gx = 0; gx < r.nx(); gx++) {
                    double left = sx(r.x0() + gx * cw);
                    double right = sx(r.x0() + (gx + 1) * cw);
                    if (right >= x0 && left <= x1 && r.values()[gy * r.nx() + gx] >= RASTER_EMPTY) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean labelHits(Layer.Label lb, double x0, double y0, double x1, double y1) {
            if (!usable(lb.x(), ax.log()) || !usable(lb.y(), ay.log()) || lb.text() == null) {
                return false;
            }
            double tw = textWidth(lb.text(), t.fontSize());
            double asc = t.fontSize();
            double qx = sx(lb.x());
            double qy = sy(lb.y());
            return qx + tw >= x0 && qx - tw <= x1 && qy + asc >= y0 && qy - asc <= y1;
        }

        private static boolean polygonHits(double[] xs, double[] ys, boolean filled, double x0, double y0, double x1,
                                           double y1) {
            int n = xs.length;
            if (n == 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                if (segmentHits(xs[i], ys[i], xs[j], ys[j], x0, y0, x1, y1)) {
                    return true;
                }
            }
            // a filled shape with no edge in the box covers it when it holds the box's centre
            return filled && n >= 3 && contains(xs, ys, (x0 + x1) / 2, (y0 + y1) / 2);
        }

        private static boolean contains(double[] xs, double[] ys, double x, double y) {
            boolean in = false;
            for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
                if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                    in = !in;
                }
            }
            return in;
        }

        private static boolean inside(double x, double y, double x0, double y0, double x1, double y1) {
            return x >= x0 && x <= x1 && y >= y0 && y <= y1;
        }

        /** True when the segment meets the box (Liang–Barsky clipping). */
        static boolean segmentHits(double ax, double ay, double bx, double by, double x0, double y0, double x1,
                                   double y1) {
            double dx = bx - ax;
            double dy = by - ay;
            // the four edges in turn (left, right, top, bottom), without arrays: this runs for every segment of
            // every curve against every candidate box
            double t0 = 0;
            double t1 = 1;
            for (int edge = 0; edge < 4; edge++) {
                double pp = edge == 0 ? -dx : edge == 1 ? dx : edge == 2 ? -dy : dy;
                double qq = edge == 0 ? ax - x0 : edge == 1 ? x1 - ax : edge == 2 ? ay - y0 : y1 - ay;
                if (pp == 0) {
                    if (qq < 0) {
                        return false;
                    }
                } else {
                    double r = qq / pp;
                    if (pp < 0) {
                        t0 = Math.max(t0, r);
                    } else {
                        t1 = Math.min(t1, r);
                    }
                    if (t0 > t1) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    // ---- axes -----------------------------------------------------------------------------------

    /** Ranges (with equal aspect applied) and ticks of both axes for a {@code w × h} plot. */
    private static AxisLayout[] axes(Panel p, double w, double h, Theme t) {
        double[] xr = range(p, true);
        double[] yr = range(p, false);
        if (p.equalAspect() && !p.x().log() && !p.y().log()) {
            double ux = (xr[1] - xr[0]) / w;
            double uy = (yr[1] - yr[0]) / h;
            if (ux > uy) {
                double c = 0.5 * (yr[0] + yr[1]);
                double half = 0.5 * ux * h;
                yr = new double[] {c - half, c + half};
            } else {
                double c = 0.5 * (xr[0] + xr[1]);
                double half = 0.5 * uy * w;
                xr = new double[] {c - half, c + half};
            }
        }
        double fs = t.fontSize();
        AxisLayout x = new AxisLayout(xr[0], xr[1], p.x().log(), p.x().integer(),
                Ticks.forAxis(xr[0], xr[1], p.x().log(), p.x().integer(), w, fs, true));
        AxisLayout y = new AxisLayout(yr[0], yr[1], p.y().log(), p.y().integer(),
                Ticks.forAxis(yr[0], yr[1], p.y().log(), p.y().integer(), h, fs, false));
        return new AxisLayout[] {x, y};
    }

    /** The range shown on one axis (see the class comment), before equal aspect. */
    public static double[] range(Panel p, boolean horizontal) {
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
        boolean fixedLo = Double.isFinite(a.min()) && (!a.log() || a.min() > 0);
        boolean fixedHi = Double.isFinite(a.max());
        if (a.log()) {
            // the same room as on a linear axis, on the axis's own (log10) scale
            double l = Math.log10(lo);
            double u = Math.log10(hi);
            double pad = u - l < 1e-9 ? SINGLE_VALUE_DECADES : (u - l) * PAD_FRACTION;
            l = fixedLo ? l : l - pad;
            u = fixedHi ? u : u + pad;
            if (u - l > MAX_LOG_DECADES) {
                l = u - MAX_LOG_DECADES;
            }
            return new double[] {fixedLo && l == Math.log10(lo) ? lo : Math.pow(10, l), fixedHi ? hi : Math.pow(10, u)};
        }
        if (hi - lo < 1e-300 * Math.max(1, Math.abs(lo)) || hi == lo) {
            double c = lo;
            double half = c == 0 ? 1 : Math.abs(c) * SINGLE_VALUE_SHARE;
            return new double[] {fixedLo ? lo : c - half, fixedHi ? hi : c + half};
        }
        double pad = (hi - lo) * PAD_FRACTION;
        return new double[] {fixedLo ? lo : lo - pad, fixedHi ? hi : hi + pad};
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

    /** The ink a layer draws with (lines for layers without one). */
    public static Ink inkOf(Layer l) {
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
        if (l instanceof Layer.Label x) {
            return x.ink();
        }
        return Ink.line(Ink.FOREGROUND);
    }
}
