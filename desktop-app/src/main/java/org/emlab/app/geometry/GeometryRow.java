package org.emlab.app.geometry;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.layout.Region;
import org.emlab.core.figure.Panel;

/**
 * The centre of the window: the primary geometry canvas and, when a figure has more than one
 * GEOMETRY panel (an A/B comparison: A's and B's), one more canvas per extra panel. The canvases
 * sit side by side, or one above the other when stacking draws each plot larger (geometry panels
 * keep equal aspect, so the smaller side of a plot sets their size; titles, legends and notes above
 * and below a plot count against stacking). Extra canvases copy the primary canvas's theme, so a theme switch applied to the primary
 * one reaches them at the next frame.
 */
public final class GeometryRow extends Region {
    /** Pixels between two canvases. */
    private static final double GAP = 4;

    private final FigureCanvas primary;
    private final List<FigureCanvas> extra = new ArrayList<>();
    private boolean sideBySide = true;

    public GeometryRow(FigureCanvas primary) {
        this.primary = primary;
        setId("geometry-row");
        getChildren().add(primary);
        setMinSize(120, 90);
    }

    /** Shows every GEOMETRY panel: the first on the primary canvas, the others beside it. */
    public void setPanels(List<Panel> panels) {
        if (panels.isEmpty()) {
            return;
        }
        if (primary.getPanel() != panels.get(0)) {
            primary.setPanel(panels.get(0));
        }
        int want = panels.size() - 1;
        boolean changed = false;
        while (extra.size() > want) {
            getChildren().remove(extra.remove(extra.size() - 1));
            changed = true;
        }
        while (extra.size() < want) {
            FigureCanvas c = new FigureCanvas();
            c.setId("geometry-" + (extra.size() + 2));
            extra.add(c);
            getChildren().add(c);
            changed = true;
        }
        for (int i = 0; i < want; i++) {
            FigureCanvas c = extra.get(i);
            if (c.theme() != primary.theme() || c.fontScale() != primary.fontScale()) {
                c.setTheme(primary.theme(), primary.fontScale());
            }
            if (c.getPanel() != panels.get(i + 1)) {
                c.setPanel(panels.get(i + 1));
            }
        }
        if (changed) {
            requestLayout();
        }
    }

    /** True when the last layout put the canvases side by side (false: stacked). */
    public boolean isSideBySide() {
        return sideBySide;
    }

    /** Side by side unless stacking gives each canvas a larger smaller side. */
    static boolean sideBySide(double w, double h, int n) {
        return sideBySide(w, h, n, 0, 0, true);
    }

    /**
     * Side by side unless stacking gives each plot a larger smaller side, where a cell's plot is the
     * cell less what its panel draws around the plot ({@code ow} across: the y axis; {@code oh} down:
     * title, legend, x axis, notes). The arrangement {@code now} is kept unless the other one is more
     * than {@link #SWITCH_GAIN} better, so a legend that moves with the arrangement cannot flip it back.
     */
    static boolean sideBySide(double w, double h, int n, double ow, double oh, boolean now) {
        double side = Math.min((w - GAP * (n - 1)) / n - ow, h - oh);
        double stacked = Math.min(w - ow, (h - GAP * (n - 1)) / n - oh);
        return now ? side * SWITCH_GAIN >= stacked : side > stacked * SWITCH_GAIN;
    }

    /** How much better (as a factor) the other arrangement must be to switch to it. */
    static final double SWITCH_GAIN = 1.1;

    /** What the primary canvas drew around its plot at the last frame: {across, down}, px (none yet: 0). */
    private double[] overhead() {
        org.emlab.core.figure.render.PanelPainter.Frame f = primary.lastFrame();
        if (f == null || primary.getWidth() <= 0 || primary.getHeight() <= 0) {
            return new double[] {0, 0};
        }
        return new double[] {Math.max(0, primary.getWidth() - f.pw()), Math.max(0, primary.getHeight() - f.ph())};
    }

    @Override
    protected void layoutChildren() {
        List<FigureCanvas> all = canvases();
        int n = all.size();
        double w = getWidth();
        double h = getHeight();
        double[] over = overhead();
        sideBySide = n < 2 || sideBySide(w, h, n, over[0], over[1], sideBySide);
        for (int i = 0; i < n; i++) {
            if (sideBySide) {
                double cw = (w - GAP * (n - 1)) / n;
                all.get(i).resizeRelocate(i * (cw + GAP), 0, cw, h);
            } else {
                double ch = (h - GAP * (n - 1)) / n;
                all.get(i).resizeRelocate(0, i * (ch + GAP), w, ch);
            }
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 400;
    }

    /** The canvases shown, primary first. */
    public List<FigureCanvas> canvases() {
        List<FigureCanvas> out = new ArrayList<>();
        out.add(primary);
        out.addAll(extra);
        return out;
    }
}
