package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.param.ValidationException;

/**
 * Lays out chosen {@link Panel}s on one page and paints them with the shared {@link PanelPainter},
 * so an exported figure is drawn by the same code as the window. Layouts: the geometry large on
 * the left with the curves stacked beside it (what the window shows), a grid, a row or a column.
 * Sizes are in points; the theme carries the (already scaled) text sizes.
 */
public final class FigureComposer {
    /** Empty border around the page, in points. */
    public static final double MARGIN = 4;
    /** Space between two panels, in points. */
    public static final double GAP = 6;
    /** Largest share of the page width the feature panel takes beside other panels. */
    public static final double FEATURE_MAX_SHARE = 0.62;
    /** Largest share of the page width an A/B comparison's two geometry panels take beside other panels. */
    public static final double PAIR_MAX_SHARE = 0.66;
    /** Smallest share of the page width the feature panel takes beside other panels. */
    public static final double FEATURE_MIN_SHARE = 0.4;
    /**
     * A stacked panel is at least {@link #MIN_PANEL_HEIGHT} points plus this many base text sizes high
     * (its title, tick labels and axis label, and a plot of about five text lines); else the stack
     * gets a second column, or the automatic layout falls back to a grid.
     */
    public static final double MIN_PANEL_HEIGHT_IN_FONTS = 7;
    /** A panel narrower than this many text sizes is cramped. */
    public static final double CRAMPED_WIDTH_IN_FONTS = 18;
    /** A panel lower than {@link #MIN_PANEL_HEIGHT} plus this many text sizes is cramped. */
    public static final double CRAMPED_HEIGHT_IN_FONTS = 6;
    /**
     * A plot (the data area, after the panel's title, legend row, tick labels and notes) lower than this many text
     * sizes is squeezed ({@link #squeezed}): about five tick labels' height.
     */
    public static final double MIN_PLOT_HEIGHT_IN_FONTS = 7;
    /** The fixed part of a stacked panel's smallest height (paddings), in points. */
    public static final double MIN_PANEL_HEIGHT = 40;
    /** A panel is at least this many base text sizes wide to go beside the feature panel or in a second column. */
    public static final double MIN_PANEL_WIDTH_IN_FONTS = 14;
    /** Extra height of a stacked curve panel per note, as a share of a plain panel's height. */
    public static final double NOTE_WEIGHT = 0.25;
    /** How much an empty grid cell counts against a grid, compared with the log of its cells' aspect error. */
    public static final double EMPTY_CELL_PENALTY = 0.35;
    /** Width / height the grid layout aims for in each cell. */
    public static final double GRID_ASPECT = 1.4;

    /** How the panels are arranged. */
    public enum Layout {
        /** FEATURE when there is one geometry panel and something else (and it fits), else GRID. */
        AUTO,
        /** The first geometry panel large on the left, the others stacked on the right (as in the window). */
        FEATURE,
        /** Rows and columns of equal cells. */
        GRID,
        /** Side by side. */
        ROW,
        /** One above the other. */
        COLUMN;

        /** The layout called {@code text} (case-insensitive). */
        public static Layout parse(String text) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return l;
                }
            }
            throw new ValidationException("layout", "layout must be auto, feature, grid, row or column (got \"" + text
                    + "\")");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where one panel goes, in points from the page's top-left corner. */
    public record Placement(Panel panel, double x, double y, double w, double h) {
    }

    private final Theme theme;
    private final Layout layout;
    private final String title;
    /** Text drawn at the right end of the title row (an animation's iteration counter), or "". */
    private String stamp = "";
    /** Layout decisions kept from frame to frame of an animation, or null. */
    private PanelPainter.Stable stable;

    /**
     * @param theme  colours and (already scaled) text sizes
     * @param layout the arrangement
     * @param title  drawn above the panels, or null / empty for none
     */
    public FigureComposer(Theme theme, Layout layout, String title) {
        this.theme = theme;
        this.layout = layout;
        this.title = title == null ? "" : title.strip();
    }

    /**
     * This composer drawing {@code text} at the right end of the title row (an animation's iteration
     * counter); the row is kept even without a title.
     */
    public FigureComposer withStamp(String text) {
        this.stamp = text == null ? "" : org.emlab.core.text.DrawnText.clean(text).strip();
        return this;
    }

    /** This composer keeping the legend places and notes' room of {@code s} (frames of an animation). */
    public FigureComposer withStable(PanelPainter.Stable s) {
        this.stable = s;
        return this;
    }

    /** Height of the title line, 0 without a title or a stamp. */
    private double titleHeight() {
        return title.isEmpty() && stamp.isEmpty() ? 0 : theme.titleSize() * 1.15 * 0.76 + 10;
    }

    /** Where each panel goes on a {@code w × h} page, in the order given. */
    public List<Placement> layout(List<Panel> panels, double w, double h) {
        List<Placement> out = new ArrayList<>();
        if (panels.isEmpty()) {
            return out;
        }
        double x0 = MARGIN;
        double y0 = MARGIN + titleHeight();
        double aw = w - 2 * MARGIN;
        double ah = h - MARGIN - y0;
        Layout l = layout;
        int feature = firstGeometry(panels);
        double minW = theme.fontSize() * MIN_PANEL_WIDTH_IN_FONTS;
        double minH = MIN_PANEL_HEIGHT + theme.fontSize() * MIN_PANEL_HEIGHT_IN_FONTS;
        if (l == Layout.AUTO) {
            l = Layout.GRID;
            // one geometry (or an A/B comparison's two, side by side) beside the stacked curves
            int geo = geometries(panels);
            if (feature >= 0 && panels.size() > geo && (geo == 1 || paired(panels))) {
                double rw = aw - featuresWidth(panels, geo, aw, ah) - GAP;
                int n = panels.size() - geo;
                boolean oneColumn = n * minH + (n - 1) * GAP <= ah;
                boolean twoColumns = (rw - GAP) / 2 >= minW && rowsFor(n, 2) * minH + (rowsFor(n, 2) - 1) * GAP <= ah;
                if (rw >= minW && (oneColumn || twoColumns)) {
                    l = Layout.FEATURE;
                }
            }
        }
        if (panels.size() == 1) {
            out.add(new Placement(panels.get(0), x0, y0, aw, ah));
            return out;
        }
        switch (l) {
            case FEATURE -> {
                int main = Math.max(0, feature);
                List<Panel> features = new ArrayList<>();
                features.add(panels.get(main));
                if (paired(panels) && geometries(panels) == 2) {
                    for (Panel p : panels) {
                        if (p.kind() == Panel.Kind.GEOMETRY && p != panels.get(main)) {
                            features.add(p);
                        }
                    }
                }
                double mw = featuresWidth(panels, features.size(), aw, ah);
                List<Panel> rest = new ArrayList<>(panels);
                rest.removeAll(features);
                if (rest.isEmpty()) {
                    grid(panels, panels.size(), x0, y0, aw, ah, out);
                    return out;
                }
                double rx = x0 + mw + GAP;
                double rw = aw - mw - GAP;
                // one column of stacked panels, or two when one is too crowded and two are wide enough
                int cols = 1;
                boolean crowded = rest.size() * minH + (rest.size() - 1) * GAP > ah;
                if (crowded && rest.size() > 1 && (rw - GAP) / 2 >= minW) {
                    cols = 2;
                }
                double fw = (mw - (features.size() - 1) * GAP) / features.size();
                for (int i = 0; i < features.size(); i++) {
                    out.add(new Placement(features.get(i), x0 + i * (fw + GAP), y0, fw, ah));
                }
                if (cols == 1) {
                    stack(rest, rx, y0, rw, ah, out);
                } else {
                    grid(rest, cols, rx, y0, rw, ah, out);
                }
                // keep the caller's order
                List<Placement> ordered = new ArrayList<>();
                for (Panel p : panels) {
                    for (Placement pl : out) {
                        if (pl.panel() == p && !ordered.contains(pl)) {
                            ordered.add(pl);
                            break;
                        }
                    }
                }
                return ordered;
            }
            case ROW -> grid(panels, panels.size(), x0, y0, aw, ah, out);
            case COLUMN -> stack(panels, x0, y0, aw, ah, out);
            default -> {
                int best = 1;
                double bestErr = Double.POSITIVE_INFINITY;
                for (int c = 1; c <= panels.size(); c++) {
                    int r = rowsFor(panels.size(), c);
                    double cw = (aw - (c - 1) * GAP) / c;
                    double ch = (ah - (r - 1) * GAP) / r;
                    double err = Math.abs(Math.log(cw / ch / GRID_ASPECT)) + EMPTY_CELL_PENALTY * (r * c - panels.size());
                    if (err < bestErr - 1e-12) {
                        bestErr = err;
                        best = c;
                    }
                }
                grid(panels, best, x0, y0, aw, ah, out);
            }
        }
        return out;
    }

    /**
     * Width of the feature panels side by side: one ({@link #featureWidth}), or an A/B comparison's two,
     * each about square, together within {@link #PAIR_MAX_SHARE} of the page.
     */
    private static double featuresWidth(List<Panel> panels, int count, double aw, double ah) {
        if (count <= 1) {
            return featureWidth(panels.get(Math.max(0, firstGeometry(panels))), aw, ah);
        }
        double ideal = count * ah * 1.04 + (count - 1) * GAP;
        return Math.max(aw * FEATURE_MIN_SHARE, Math.min(aw * PAIR_MAX_SHARE, ideal));
    }

    /** True when the geometry panels are an A/B comparison's pair: {@code ID} and {@code ID-b}. */
    private static boolean paired(List<Panel> panels) {
        List<Panel> g = new ArrayList<>();
        for (Panel p : panels) {
            if (p.kind() == Panel.Kind.GEOMETRY) {
                g.add(p);
            }
        }
        return g.size() == 2 && g.get(1).id().equals(g.get(0).id() + "-b");
    }

    /** Width of the feature panel: about square when it keeps its aspect, within the allowed shares. */
    private static double featureWidth(Panel p, double aw, double ah) {
        double ideal = p.equalAspect() ? ah * 1.04 : aw * 0.5;
        return Math.max(aw * FEATURE_MIN_SHARE, Math.min(aw * FEATURE_MAX_SHARE, ideal));
    }

    private static int rowsFor(int n, int cols) {
        return (n + cols - 1) / cols;
    }

    private static int geometries(List<Panel> panels) {
        int n = 0;
        for (Panel p : panels) {
            n += p.kind() == Panel.Kind.GEOMETRY ? 1 : 0;
        }
        return n;
    }

    private static int firstGeometry(List<Panel> panels) {
        for (int i = 0; i < panels.size(); i++) {
            if (panels.get(i).kind() == Panel.Kind.GEOMETRY) {
                return i;
            }
        }
        return -1;
    }

    private static void grid(List<Panel> panels, int cols, double x, double y, double w, double h, List<Placement> out) {
        int rows = rowsFor(panels.size(), cols);
        double cw = (w - (cols - 1) * GAP) / cols;
        double ch = (h - (rows - 1) * GAP) / rows;
        for (int i = 0; i < panels.size(); i++) {
            int r = i / cols;
            int c = i % cols;
            out.add(new Placement(panels.get(i), x + c * (cw + GAP), y + r * (ch + GAP), cw, ch));
        }
    }

    /**
     * One column of panels whose heights follow their content: a curve panel's notes go under its
     * plot, so each note adds {@link #NOTE_WEIGHT} of a plain panel's height.
     */
    private static void stack(List<Panel> panels, double x, double y, double w, double h, List<Placement> out) {
        double total = 0;
        double[] weight = new double[panels.size()];
        for (int i = 0; i < weight.length; i++) {
            Panel p = panels.get(i);
            weight[i] = 1 + (p.kind() == Panel.Kind.CURVE ? NOTE_WEIGHT * p.notes().size() : 0);
            total += weight[i];
        }
        double free = h - (panels.size() - 1) * GAP;
        double at = y;
        for (int i = 0; i < weight.length; i++) {
            double ph = free * weight[i] / total;
            out.add(new Placement(panels.get(i), x, at, w, ph));
            at += ph + GAP;
        }
    }

    /**
     * True when a placed panel is too small for readable text at this theme's sizes: narrower than
     * {@link #CRAMPED_WIDTH_IN_FONTS} text sizes, or lower than {@link #MIN_PANEL_HEIGHT} points plus
     * {@link #CRAMPED_HEIGHT_IN_FONTS} text sizes.
     */
    public boolean cramped(Placement p) {
        return p.w() < theme.fontSize() * CRAMPED_WIDTH_IN_FONTS
                || p.h() < MIN_PANEL_HEIGHT + theme.fontSize() * CRAMPED_HEIGHT_IN_FONTS;
    }

    /**
     * What each panel would not show in full on a {@code w × h} page (see {@link PanelPainter#losses()}),
     * found by painting the page onto a small image: panel id → losses, only panels that lose something.
     */
    public java.util.Map<String, List<String>> losses(List<Panel> panels, double w, double h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g2 = img.createGraphics();
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        try {
            Java2DCanvas g = new Java2DCanvas(g2);
            PanelPainter painter = new PanelPainter(theme);
            for (Placement p : layout(panels, w, h)) {
                painter.paint(p.panel(), g, p.x(), p.y(), p.w(), p.h());
                if (!painter.losses().isEmpty()) {
                    out.put(p.panel().id(), painter.losses());
                }
            }
        } finally {
            g2.dispose();
        }
        return out;
    }

    /**
     * The panels whose plot, of the heights {@link #plotHeights} measured, is lower than
     * {@link #MIN_PLOT_HEIGHT_IN_FONTS} text sizes: a panel of sufficient size ({@link #cramped}) can still have most
     * of its height taken by a legend row and notes (mlr-recursive's five panels on 960 × 540: plots 60–80 px high
     * under three legend rows).
     */
    public List<String> squeezed(java.util.Map<String, Double> plotHeights) {
        List<String> out = new ArrayList<>();
        for (java.util.Map.Entry<String, Double> e : plotHeights.entrySet()) {
            if (e.getValue() < theme.fontSize() * MIN_PLOT_HEIGHT_IN_FONTS) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The height of each placed panel's plot (its data area) on a {@code w × h} page, by panel id (insets left out). */
    public java.util.Map<String, Double> plotHeights(List<Panel> panels, double w, double h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g2 = img.createGraphics();
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        try {
            Java2DCanvas g = new Java2DCanvas(g2);
            PanelPainter painter = new PanelPainter(theme);
            for (Placement p : layout(panels, w, h)) {
                PanelPainter.Frame f = painter.paint(p.panel(), g, p.x(), p.y(), p.w(), p.h());
                if (p.panel().kind() != Panel.Kind.INSET) {
                    out.put(p.panel().id(), f.ph());
                }
            }
        } finally {
            g2.dispose();
        }
        return out;
    }

    /** Paints the page: background, title, then every panel in its place. Returns the placements. */
    public List<Placement> paint(List<Panel> panels, Canvas2D g, double w, double h) {
        g.save();
        g.setFill(theme.background());
        g.fillRect(0, 0, w, h);
        if (!title.isEmpty()) {
            g.setFont(theme.titleSize() * 1.15, true);
            g.setFill(theme.foreground());
            g.fillText(title, MARGIN + 4, MARGIN + g.textAscent() + 2);
        }
        if (!stamp.isEmpty()) {
            g.setFont(theme.titleSize() * 1.15, true);
            g.setFill(theme.foreground());
            g.fillText(stamp, w - MARGIN - 4 - g.textWidth(stamp), MARGIN + g.textAscent() + 2);
        }
        List<Placement> places = layout(panels, w, h);
        PanelPainter painter = new PanelPainter(theme).withStable(stable);
        for (Placement p : places) {
            painter.paint(p.panel(), g, p.x(), p.y(), p.w(), p.h());
        }
        g.restore();
        return places;
    }
}
