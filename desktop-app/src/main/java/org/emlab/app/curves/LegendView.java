package org.emlab.app.curves;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelLayout;

/**
 * A resolved {@link PanelLayout.Legend} as JavaFX nodes: its entries (swatch and name) at the
 * positions the layout gave them, in a box of the layout's size. The same legend the exports draw.
 */
public final class LegendView extends Pane {
    private PanelLayout.Legend shown;
    private Theme theme;
    private final List<Label> names = new ArrayList<>();

    LegendView(String styleClass) {
        getStyleClass().add(styleClass);
        setMouseTransparent(true);
        setManaged(false);
    }

    /** The names shown, in order. */
    public List<String> names() {
        return names.stream().map(Label::getText).toList();
    }

    /** The legend shown (null before the first). */
    public PanelLayout.Legend legend() {
        return shown;
    }

    /**
     * Shows {@code lg}: its nodes are rebuilt only when its entries' names, inks or swatches, its sizes or
     * the theme changed; entries that only moved are moved (new nodes cost a CSS pass, and the layout
     * places the entries again at every frame while a run plays).
     */
    void show(PanelLayout.Legend lg, Theme t) {
        boolean same = shown != null && t == theme && sameLooks(shown.entries(), lg.entries())
                && shown.fontSize() == lg.fontSize() && shown.rowHeight() == lg.rowHeight();
        shown = lg;
        theme = t;
        resize(lg.width(), lg.height());
        if (same) {
            for (int i = 0; i < lg.entries().size(); i++) {
                PanelLayout.Entry e = lg.entries().get(i);
                getChildren().get(i).relocate(e.x(), e.y());
            }
            return;
        }
        getChildren().clear();
        names.clear();
        double fs = lg.fontSize();
        double sw = PanelLayout.LEGEND_SWATCH_EMS * fs;
        double gap = PanelLayout.LEGEND_TEXT_GAP_EMS * fs;
        for (PanelLayout.Entry e : lg.entries()) {
            Label name = new Label(e.name());
            name.getStyleClass().add("curve-legend-entry");
            name.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", fs));
            name.setMinWidth(Region.USE_PREF_SIZE);
            Pane swatch = new Pane(swatch(e, sw, lg.rowHeight(), t));
            swatch.setMinSize(sw, lg.rowHeight());
            swatch.setPrefSize(sw, lg.rowHeight());
            swatch.setMaxSize(sw, lg.rowHeight());
            HBox row = new HBox(gap, swatch, name);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            row.setMinHeight(lg.rowHeight());
            row.setPrefHeight(lg.rowHeight());
            row.setMaxHeight(lg.rowHeight());
            row.relocate(e.x(), e.y());
            names.add(name);
            getChildren().add(row);
        }
    }

    /** True when the two lists draw the same entries, wherever they are placed. */
    private static boolean sameLooks(List<PanelLayout.Entry> a, List<PanelLayout.Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            PanelLayout.Entry x = a.get(i);
            PanelLayout.Entry y = b.get(i);
            if (!java.util.Objects.equals(x.name(), y.name()) || !x.ink().equals(y.ink()) || x.swatch() != y.swatch()) {
                return false;
            }
        }
        return true;
    }

    private static Color color(Theme t, int token, double opacity) {
        int c = t.color(token);
        return Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, Math.max(0, Math.min(1, opacity)));
    }

    /** The entry's swatch, {@code sw} wide and centred in a row {@code rh} high, as the exports draw it. */
    private static Node swatch(PanelLayout.Entry e, double sw, double rh, Theme t) {
        Ink ink = e.ink();
        double cy = rh / 2;
        double lw = Math.max(1, ink.width() * t.lineScale());
        return switch (e.swatch()) {
            case MARKER -> marker(ink, sw / 2, cy, Math.min(ink.size() * Math.sqrt(t.lineScale()), rh * 0.9),
                    color(t, ink.color(), Math.max(0.6, ink.opacity())));
            case BLOCK -> {
                Rectangle r = new Rectangle(0, cy - rh * 0.28, sw, rh * 0.56);
                r.setFill(color(t, ink.color(), 0.5));
                r.setStroke(color(t, ink.color(), 1));
                r.setStrokeWidth(Math.min(lw, 2));
                yield r;
            }
            default -> {
                Line l = new Line(0, cy, sw, cy);
                l.setStroke(color(t, ink.color(), Math.max(0.6, ink.opacity())));
                l.setStrokeWidth(lw);
                double[] pattern = org.emlab.core.figure.render.PanelPainter.swatchDash(ink.dash(), lw, sw,
                        ink.marker() != Ink.Marker.NONE);
                if (pattern != null) {
                    for (double v : pattern) {
                        l.getStrokeDashArray().add(v);
                    }
                }
                if (ink.marker() == Ink.Marker.NONE) {
                    yield l;
                }
                Shape m = marker(ink, sw / 2, cy, Math.min(ink.size() * Math.sqrt(t.lineScale()), rh * 0.9),
                        color(t, ink.color(), 1));
                yield new javafx.scene.Group(l, m);
            }
        };
    }

    private static Shape marker(Ink ink, double x, double y, double size, Color fill) {
        double r = size / 2;
        Shape s = switch (ink.marker()) {
            case SQUARE -> new Rectangle(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case TRIANGLE -> new Polygon(x, y - r * 1.15, x + r * 1.1, y + r * 0.75, x - r * 1.1, y + r * 0.75);
            case DIAMOND -> new Polygon(x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y);
            case CROSS, PLUS -> {
                double q = ink.marker() == Ink.Marker.PLUS ? r : r * 0.8;
                Polygon p = ink.marker() == Ink.Marker.PLUS
                        ? new Polygon(x - q, y, x + q, y, x, y, x, y - q, x, y + q, x, y)
                        : new Polygon(x - q, y - q, x + q, y + q, x, y, x - q, y + q, x + q, y - q, x, y);
                p.setStroke(fill);
                p.setStrokeWidth(Math.max(1.5, size / 6));
                yield p;
            }
            default -> new Circle(x, y, r);
        };
        s.setFill(fill);
        return s;
    }
}
