package org.emlab.app.layout;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The right-hand column of curve charts: the key chart on top with the most room
 * ({@link ViewLayout#keyHeight}), the other charts below it sharing the rest, scrolling when they
 * would be too short to read. A chart taken out for maximising leaves the column until it is put back.
 */
public final class CurveColumn extends Region {
    private final VBox others = new VBox(4);
    private final ScrollPane scroll = new ScrollPane(others);
    private final List<Node> charts = new ArrayList<>();
    private Node key;

    public CurveColumn() {
        getStyleClass().add("curve-column");
        setId("curves");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("curve-scroll");
        getChildren().add(scroll);
        setMinWidth(ViewLayout.MIN_CURVE_WIDTH / 2);
    }

    /** The charts in display order, and which of them is the key chart (null: the first). */
    public void setCharts(List<? extends Node> ordered, Node keyChart) {
        charts.clear();
        charts.addAll(ordered);
        key = keyChart != null && ordered.contains(keyChart) ? keyChart : ordered.isEmpty() ? null : ordered.get(0);
        rebuild();
    }

    /** The key chart, or null when there are no charts. */
    public Node keyChart() {
        return key;
    }

    /** The charts shown in the column (a maximised one is absent until it is restored). */
    public List<Node> charts() {
        return List.copyOf(charts);
    }

    /** Takes {@code chart} out of the column (to show it maximised elsewhere). */
    public void release(Node chart) {
        getChildren().remove(chart);
        others.getChildren().remove(chart);
    }

    /** Puts every chart back in its place. */
    public void reclaim() {
        rebuild();
    }

    private void rebuild() {
        getChildren().setAll(scroll);
        others.getChildren().clear();
        for (Node c : charts) {
            if (c instanceof org.emlab.app.curves.CurveChart cc) {
                // the charts below the key chart keep a plot of a readable height, the column scrolling instead
                cc.setLeastChartHeight(c == key ? 0 : org.emlab.app.curves.CurveChart.SIDE_CHART_HEIGHT);
            }
            if (c == key) {
                getChildren().add(c);
            } else {
                others.getChildren().add(c);
            }
        }
        requestLayout();
    }

    /** The other charts shown (lecture mode hides all but the key chart). */
    private int otherCount() {
        int n = 0;
        for (Node c : others.getChildren()) {
            n += c.isManaged() ? 1 : 0;
        }
        return n;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        boolean keyHere = key != null && getChildren().contains(key);
        int n = otherCount();
        double kh = keyHere ? ViewLayout.keyHeight(h, n) : 0;
        if (keyHere) {
            layoutInArea(key, 0, 0, w, kh, 0, javafx.geometry.HPos.LEFT, javafx.geometry.VPos.TOP);
            if (key instanceof Region r) {
                r.resize(w, kh);
            }
        }
        double rest = Math.max(0, h - kh);
        double each = n == 0 ? 0 : Math.max(ViewLayout.MIN_OTHER_HEIGHT, (rest - others.getSpacing() * (n - 1)) / n);
        for (Node c : others.getChildren()) {
            if (c instanceof Region r) {
                // at least its share; more when its notes need it (the column scrolls then), never drawn over the next
                r.setPrefHeight(each);
                r.setMinHeight(Region.USE_COMPUTED_SIZE);
                r.setMaxHeight(Region.USE_COMPUTED_SIZE);
            }
        }
        scroll.resizeRelocate(0, kh, w, rest);
        scroll.setVisible(n > 0);
    }

    @Override
    protected double computePrefWidth(double height) {
        return ViewLayout.MIN_CURVE_WIDTH;
    }
}
