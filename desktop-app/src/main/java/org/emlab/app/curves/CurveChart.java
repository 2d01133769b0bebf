package org.emlab.app.curves;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelLayout;

/**
 * One CURVE panel drawn by ChartFX: the measured curve(s), the theory overlay and fitted tail as
 * datasets, the shown iteration as a vertical indicator, the panel's notes (fitted rate, theory
 * rate) under the chart, a hover readout and zoom. A small header toggles log/linear on each axis.
 *
 * <p>What the chart shows besides the data is what {@link PanelLayout#resolve} decides for the
 * panel (with the toggled scales) at the chart's plot size, the same step the exports take: the
 * axes' ranges and ticks ({@link FigureAxis}) and the legend, in a corner over the plot or in a row
 * above it ({@link LegendView}). The data and the ranges follow every frame; the legend's place is
 * decided again at most every {@link #LEGEND_INTERVAL_NANOS} (and at once when its entries, the
 * scales, the theme or the plot's size change), so it does not jump about while a curve is drawn.
 *
 * <p>{@link #show(Panel)} only copies the panel's render-ready arrays into the datasets (on the FX
 * thread); the arrays were computed on the compute thread.
 */
public final class CurveChart extends BorderPane {
    /** Shortest time between two decisions of the legend's place (unless its entries, scales or size change). */
    static final long LEGEND_INTERVAL_NANOS = 250_000_000L;
    /** Room above the plot for the top tick label, in tick-label sizes (ChartFX hides a label that sticks out). */
    private static final double TOP_ROOM_EMS = 0.8;
    /** Room right of the plot for the last tick label of the x axis, in tick-label sizes. */
    private static final double RIGHT_ROOM_EMS = 2.5;
    /** Plot size assumed before the chart's first layout. */
    private static final double NOMINAL_WIDTH = 400;
    private static final double NOMINAL_HEIGHT = 200;
    /** Plot areas (plot and legend row) shorter than this (px) put their legend in the row above. */
    static final double SHORT_PLOT = 140;

    private final FigureAxis xAxis = new FigureAxis("iteration");
    private final FigureAxis yAxis = new FigureAxis("");
    private final XYChart chart = new XYChart(xAxis, yAxis);
    private final ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    private final List<DoubleDataSet> sets = new ArrayList<>();
    /**
     * The layers' markers, drawn by a renderer of their own ({@link #markerStyle}): a line's markers where its ink
     * has them, a Points layer's, and the one point of a line that has only one so far (iteration 0); the line
     * renderer draws no markers (its markers would follow the curve's point reduction and the ChartFX default).
     */
    private final ErrorDataSetRenderer markerRenderer = new ErrorDataSetRenderer();
    private final List<DoubleDataSet> markerSets = new ArrayList<>();
    private final XValueIndicator cursor;
    private final Label title = new Label();
    private final VBox notes = new VBox(2);
    private final javafx.scene.control.ScrollPane notesScroll = new javafx.scene.control.ScrollPane(notes);
    /** The legend row above the chart proper ({@link #setLeastChartHeight}). */
    private final VBox centerBox;
    /**
     * Least height of a side chart's legend row and chart together (the plot and its axes, below the title and above
     * the notes): a plot of about 145 px without a legend row and about 105 px under two rows, ChartFX taking about
     * 55 px for the axis, its labels and paddings. (With ChartFX's own least height of 100 px, a side chart at
     * 1280 × 720 kept a 45-px strip of data under a legend row and two notes.) The row and the chart share it, so that
     * the legend moving between a corner and the row does not change the chart's height (the legend's place is decided
     * for the plot and the row together; a height that followed the row made the two take turns).
     */
    public static final double SIDE_CHART_HEIGHT = 200;
    /** Most of a chart's height its notes may take (they scroll beyond it). */
    static final double NOTES_SHARE = 0.34;
    /** The legend over the plot (in ChartFX's plot foreground, whose origin is the plot's corner). */
    private final LegendView cornerLegend = new LegendView("curve-legend");
    private final Pane legendLayer = new Pane(cornerLegend);
    /** The legend in a row above the plot, in a strip as high as the layout reserved. */
    private final LegendView rowLegend = new LegendView("curve-legend-row");
    private final Pane legendStrip = new Pane(rowLegend);
    private final ToggleButton logY = new ToggleButton("log y");
    private final ToggleButton logX = new ToggleButton("log x");
    private Runnable onScalesToggled;
    private Theme theme = Theme.LIGHT;
    private String signature = "";
    private Panel last;
    private PanelLayout layout;
    /** The legend's place as last decided, when, and for what (entries, scales, plot area). */
    private PanelLayout.Placement placement;
    private long placedAt;
    private String placedFor = "";
    private boolean refreshPending;

    public CurveChart() {
        getStyleClass().add("curve-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        markerRenderer.setPolyLineStyle(LineStyle.NONE);
        markerRenderer.setDrawMarker(true);
        markerRenderer.setErrorStyle(io.fair_acc.chartfx.renderer.ErrorStyle.NONE);
        markerRenderer.setAssumeSortedData(false);
        markerRenderer.setPointReduction(false);
        chart.getRenderers().setAll(renderer, markerRenderer);
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setDrawMarker(false);
        // no dataset here carries errors: without this the renderer's default (error bars and surfaces) drew
        // zero-length error bars with their caps at every point of some lines (an "I" per point of a dotted
        // theory line once the datasets were handed over in the exports' stacking order)
        renderer.setErrorStyle(io.fair_acc.chartfx.renderer.ErrorStyle.NONE);
        renderer.setAssumeSortedData(false);
        renderer.setPointReduction(true);
        chart.getPlugins().add(new Zoomer());
        chart.getPlugins().add(new CurveTooltip(() -> last));
        cursor = new XValueIndicator(xAxis, 0);
        cursor.setEditable(false);
        chart.getPlugins().add(cursor);
        chart.setMinSize(150, 110);
        roomForEdgeLabels();

        title.getStyleClass().add("curve-title");
        logY.getStyleClass().add("axis-toggle");
        logX.getStyleClass().add("axis-toggle");
        logY.setTooltip(new Tooltip("switch the vertical axis between log and linear scale"));
        logX.setTooltip(new Tooltip("switch the iteration axis between log (power laws are straight) and linear "
                + "(geometric rates are straight)"));
        logY.setOnAction(e -> toggled());
        logX.setOnAction(e -> toggled());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(6, title, spacer, logX, logY);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(2, 6, 0, 6));
        setTop(header);

        notes.getStyleClass().add("curve-notes");
        notes.setPadding(new Insets(0, 8, 2, 8));
        legendLayer.setMouseTransparent(true);
        legendLayer.setPickOnBounds(false);
        chart.getPlotForeground().getChildren().add(legendLayer);
        legendStrip.setMouseTransparent(true);
        stripHeight(0);
        VBox.setVgrow(chart, Priority.ALWAYS);
        centerBox = new VBox(legendStrip, chart);
        setCenter(centerBox);
        // the notes never take the plot's room: at most NOTES_SHARE of the chart's height, scrolling past it
        notesScroll.setFitToWidth(true);
        notesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        notesScroll.getStyleClass().add("curve-notes-scroll");
        notesScroll.maxHeightProperty().bind(heightProperty().multiply(NOTES_SHARE));
        notesScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(notes.prefHeight(-1), getHeight() * NOTES_SHARE), notes.heightProperty(), heightProperty()));
        // no notes, no room kept for them (an empty scroll pane would keep its default height under the plot)
        notesScroll.setMinHeight(0);
        javafx.beans.binding.BooleanBinding hasNotes = javafx.beans.binding.Bindings.isNotEmpty(notes.getChildren());
        notesScroll.visibleProperty().bind(hasNotes);
        notesScroll.managedProperty().bind(hasNotes);
        setBottom(notesScroll);
        Canvas plot = chart.getCanvas();
        // a new plot size: resolve again (ticks and the legend's place depend on it), after the layout
        // pass that resized the plot (a size asked for during that pass would be lost)
        plot.widthProperty().addListener((o, a, b) -> refreshAfterLayout());
        plot.heightProperty().addListener((o, a, b) -> refreshAfterLayout());
        plot.localToSceneTransformProperty().addListener((o, a, b) -> placeRow());
    }

    /**
     * The least height of the legend row and the chart proper together ({@link #SIDE_CHART_HEIGHT} for a chart below
     * the key chart), or 0 for their own (ChartFX's stylesheet sets the chart's least height, 100 px).
     */
    public void setLeastChartHeight(double px) {
        centerBox.setMinHeight(px > 0 ? px : Region.USE_COMPUTED_SIZE);
    }

    /**
     * The title, the legend row and the chart at their least ({@link #setLeastChartHeight}), and the notes as they are laid
     * out: all of them up to {@link #NOTES_SHARE} of the height (a min of the notes' own 0 let the notes take the
     * chart's room in a short side chart).
     */
    @Override
    protected double computeMinHeight(double width) {
        double base = super.computeMinHeight(width);
        if (!notesScroll.isManaged()) {
            return base;
        }
        double notesHeight = notes.prefHeight(width) + notesScroll.snappedTopInset() + notesScroll.snappedBottomInset();
        return base + Math.min(notesHeight, base * NOTES_SHARE / (1 - NOTES_SHARE));
    }

    /** The ChartFX chart (for exports of the on-screen chart and for tests). */
    public XYChart chart() {
        return chart;
    }

    /** The x axis (iterations). */
    public FigureAxis xAxis() {
        return xAxis;
    }

    /** The y axis. */
    public FigureAxis yAxis() {
        return yAxis;
    }

    /** The legend shown over the plot or above it (null when there is none). */
    public LegendView legendView() {
        if (layout == null) {
            return null;
        }
        return switch (layout.legend().placement()) {
            case ABOVE -> rowLegend;
            case NONE -> null;
            default -> cornerLegend;
        };
    }

    /** What the chart shows now, as resolved (null before the first panel). */
    public PanelLayout figureLayout() {
        return layout;
    }

    /** The panel shown last. */
    public Panel panel() {
        return last;
    }

    /** True when the user switched the vertical axis to log. */
    public boolean isLogY() {
        return logY.isSelected();
    }

    public boolean isLogX() {
        return logX.isSelected();
    }

    /** Sets the axis scales as the user's choice (as the toggles or a session restore do). */
    public void setLog(boolean x, boolean y) {
        logX.setSelected(x);
        logY.setSelected(y);
        reshow();
        if (onScalesToggled != null) {
            onScalesToggled.run();
        }
    }

    public void setTheme(Theme t) {
        this.theme = t;
        signature = "";
        roomForEdgeLabels();
        if (last != null) {
            show(last);
        }
    }

    /** Chart padding so that ChartFX does not hide the tick labels at the plot's top and right edges. */
    private void roomForEdgeLabels() {
        double fs = theme.fontSize();
        chart.getAxesAndCanvasPane().setPadding(new Insets(Math.ceil(TOP_ROOM_EMS * fs), Math.ceil(RIGHT_ROOM_EMS * fs),
                0, 0));
    }

    /** Copies the panel's arrays into the chart's datasets and shows what the panel resolves to. */
    public void show(Panel p) {
        boolean first = last == null || !last.id().equals(p.id());
        // the lab's default scales changed (a new regime, e.g. balanced → unbalanced weights): apply them;
        // otherwise keep whatever the user toggled
        boolean newDefaults = !first && (last.x().log() != p.x().log() || last.y().log() != p.y().log());
        last = p;
        title.setText(p.title());
        if (first || newDefaults) {
            logY.setSelected(p.y().log());
            logX.setSelected(p.x().log());
            xAxis.setName(p.x().label());
            yAxis.setName(p.y().label());
            xAxis.setUnit(null);
            yAxis.setUnit(null);
            xAxis.setAutoRanging(true);
            yAxis.setAutoRanging(true);
        }
        List<Layer> drawn = new ArrayList<>();
        double cursorAt = Double.NaN;
        for (Layer l : p.layers()) {
            if (l instanceof Layer.Line ln && ln.size() == 2 && Double.isInfinite(ln.y()[0]) && Double.isInfinite(ln.y()[1])) {
                cursorAt = ln.x()[0];
            } else if (l instanceof Layer.Line || l instanceof Layer.Points) {
                drawn.add(l);
            }
        }
        String sig = signature(drawn);
        if (!sig.equals(signature)) {
            rebuild(drawn);
            signature = sig;
        }
        boolean lx = logX.isSelected();
        boolean ly = logY.isSelected();
        for (int i = 0; i < drawn.size(); i++) {
            Layer l = drawn.get(i);
            double[] x = l instanceof Layer.Line ln ? ln.x() : ((Layer.Points) l).x();
            double[] y = l instanceof Layer.Line ln ? ln.y() : ((Layer.Points) l).y();
            int n = Math.min(x.length, y.length);
            if (lx || ly) {
                // a log axis cannot show x ≤ 0 (iteration 0) or y ≤ 0: drop those points, as the exports do
                double[] fx = new double[n];
                double[] fy = new double[n];
                int m = 0;
                for (int j = 0; j < n; j++) {
                    if ((!lx || x[j] > 0) && (!ly || y[j] > 0)) {
                        fx[m] = x[j];
                        fy[m] = y[j];
                        m++;
                    }
                }
                sets.get(i).set(fx, fy, m, true);
                showMarkers(i, l, fx, fy, m);
            } else {
                sets.get(i).set(x, y, n, true);
                showMarkers(i, l, x, y, n);
            }
        }
        if (Double.isFinite(cursorAt)) {
            cursor.setValue(cursorAt);
        }
        // ChartFX 11.3 only propagates a dataset change when the dataset was clean; a chart whose
        // first layout ran before it had a size keeps its datasets dirty and never redraws. Asking
        // for a redraw once per new snapshot keeps every chart live (the redraw then cleans them).
        chart.invalidate();
        refresh();
        // iteration 0 on a log x axis leaves the plot empty but for its reference lines: say why, first among the
        // notes (exports write the same words in the plot, Panel.offLogAxisNotice)
        String offAxis = p.withAxes(new Axis(p.x().label(), logX.isSelected(), p.x().min(), p.x().max(), p.x().integer()),
                new Axis(p.y().label(), logY.isSelected(), p.y().min(), p.y().max(), p.y().integer())).offLogAxisNotice();
        List<String> shownNotes = p.notes();
        if (offAxis != null) {
            shownNotes = new ArrayList<>(p.notes());
            shownNotes.add(0, offAxis);
        }
        if (!notesEqual(shownNotes)) {
            // the labels are kept and only their text changes (new nodes cost a CSS pass at every frame
            // of a playing run, whose notes change with each iteration)
            List<String> n = shownNotes;
            while (notes.getChildren().size() > n.size()) {
                notes.getChildren().remove(notes.getChildren().size() - 1);
            }
            for (int i = 0; i < n.size(); i++) {
                if (i < notes.getChildren().size()) {
                    ((Label) notes.getChildren().get(i)).setText(n.get(i));
                    continue;
                }
                Label l = new Label(n.get(i));
                l.getStyleClass().add("curve-note");
                // a long note (fitted slopes of A and B) wraps instead of hiding its end behind "…"
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                notes.getChildren().add(l);
            }
        }
    }

    /**
     * Resolves the last panel, with the toggled scales, for the plot area (the plot and the legend
     * row above it) and shows the result: axes and legend. The legend keeps its place unless it is
     * time to decide again.
     */
    private void refresh() {
        if (last == null) {
            return;
        }
        Panel p = last.withAxes(last.x().withLog(logX.isSelected()), last.y().withLog(logY.isSelected()));
        Canvas plot = chart.getCanvas();
        boolean sized = plot.getWidth() > 1 && plot.getHeight() > 1;
        // the strip's laid-out height and the plot's height come from the same layout pass
        double areaW = sized ? plot.getWidth() : NOMINAL_WIDTH;
        double areaH = sized ? plot.getHeight() + legendStrip.getHeight() : NOMINAL_HEIGHT;
        String key = PanelLayout.entries(p) + "|" + p.x().log() + p.y().log() + "|" + areaW + "x" + areaH + "|"
                + theme.name() + theme.fontSize();
        long now = System.nanoTime();
        boolean decide = placement == null || !key.equals(placedFor) || now - placedAt >= LEGEND_INTERVAL_NANOS;
        // a short plot has no corner a legend could keep: whether it fits there depends on the row it
        // replaces, so corner and row would take turns (and a corner box be cut by the plot's edge or sit on
        // a curve); its legend always goes in the row above
        boolean shortPlot = sized && areaH < SHORT_PLOT;
        PanelLayout l = PanelLayout.resolve(p, areaW, areaH, theme,
                shortPlot ? PanelLayout.Placement.ABOVE : decide ? null : placement);
        if (decide && sized) {
            placement = l.legend().placement();
            placedAt = now;
            placedFor = key;
        }
        layout = l;
        xAxis.follow(l.x(), theme.fontSize());
        yAxis.follow(l.y(), theme.fontSize());
        PanelLayout.Legend lg = l.legend();
        boolean shown = sized && lg.placement() != PanelLayout.Placement.NONE;
        if (shown && lg.placement() == PanelLayout.Placement.ABOVE) {
            cornerLegend.setVisible(false);
            rowLegend.show(lg, theme);
            rowLegend.setVisible(true);
            stripHeight(lg.strip());
            placeRow();
        } else if (shown) {
            rowLegend.setVisible(false);
            stripHeight(0);
            cornerLegend.show(lg, theme);
            cornerLegend.relocate(lg.x(), lg.y());
            cornerLegend.setVisible(true);
        } else {
            rowLegend.setVisible(false);
            cornerLegend.setVisible(false);
            stripHeight(0);
        }
    }

    private void refreshAfterLayout() {
        if (!refreshPending) {
            refreshPending = true;
            Platform.runLater(() -> {
                refreshPending = false;
                refresh();
            });
        }
    }

    private void stripHeight(double h) {
        legendStrip.setMinHeight(h);
        legendStrip.setPrefHeight(h);
        legendStrip.setMaxHeight(h);
    }

    /** Puts the legend row over the plot's left edge (the y axis's width moves it). */
    private void placeRow() {
        if (!rowLegend.isVisible() || rowLegend.legend() == null || legendStrip.getScene() == null) {
            return;
        }
        Canvas plot = chart.getCanvas();
        Bounds b = legendStrip.sceneToLocal(plot.localToScene(plot.getLayoutBounds()));
        rowLegend.relocate(b.getMinX() + rowLegend.legend().x(), 0);
    }

    private boolean notesEqual(List<String> n) {
        if (notes.getChildren().size() != n.size()) {
            return false;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!((Label) notes.getChildren().get(i)).getText().equals(n.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String signature(List<Layer> drawn) {
        StringBuilder sb = new StringBuilder();
        for (Layer l : drawn) {
            sb.append(l.getClass().getSimpleName()).append(':').append(l.name()).append(';');
        }
        return sb.toString();
    }

    /** The markers of layer {@code i}: all its points when its ink has a marker, else its point when it has one alone. */
    private void showMarkers(int i, Layer l, double[] x, double[] y, int n) {
        Ink ink = l instanceof Layer.Line ln ? ln.ink() : ((Layer.Points) l).ink();
        DoubleDataSet m = markerSets.get(i);
        if (ink.marker() != Ink.Marker.NONE || l instanceof Layer.Points) {
            m.set(x, y, n, true);
            return;
        }
        int found = -1;
        for (int j = 0; j < n; j++) {
            if (Double.isFinite(x[j]) && Double.isFinite(y[j])) {
                if (found >= 0) {
                    m.set(new double[0], new double[0], 0, true);
                    return;
                }
                found = j;
            }
        }
        if (found < 0) {
            m.set(new double[0], new double[0], 0, true);
        } else {
            m.set(new double[] {x[found]}, new double[] {y[found]}, 1, true);
        }
    }

    /**
     * A marker dataset's style: the ink's marker (a triangle, which ChartFX lacks, as a diamond), filled, as the
     * exports draw it; a line without markers gets a dot of about two line widths for a lone point.
     */
    private String markerStyle(Layer l) {
        Ink ink = l instanceof Layer.Line ln ? ln.ink() : ((Layer.Points) l).ink();
        String color = Theme.hex(theme.color(ink.color()));
        String type = switch (ink.marker()) {
            case SQUARE -> "RECTANGLE";
            case TRIANGLE, DIAMOND -> "DIAMOND";
            case CROSS -> "CROSS";
            case PLUS -> "PLUS";
            default -> "CIRCLE";
        };
        double size = ink.marker() == Ink.Marker.NONE ? 1.3 * ink.width() * theme.lineScale()
                : ink.size() * Math.sqrt(theme.lineScale()) / 2;
        return "-fx-marker-type: " + type + "; -fx-marker-color: " + color + "; -fx-fill: " + color + "; -fx-stroke: "
                + color + "; -fx-marker-size: " + String.format(Locale.ROOT, "%.1f", size) + "; -fx-line-width: 0;"
                + " -fx-show-in-legend: false;";
    }

    private String style(Layer l) {
        Ink ink = l instanceof Layer.Line ln ? ln.ink() : ((Layer.Points) l).ink();
        String color = Theme.hex(theme.color(ink.color()));
        double w = ink.width() * theme.lineScale();
        StringBuilder sb = new StringBuilder();
        sb.append("-fx-stroke: ").append(color).append(';');
        sb.append("-fx-fill: ").append(color).append(';');
        sb.append("-fx-stroke-width: ").append(String.format(Locale.ROOT, "%.2f", w)).append(';');
        sb.append("-fx-line-width: ").append(String.format(Locale.ROOT, "%.2f", w)).append(';');
        sb.append("-fx-line-color: ").append(color).append(';');
        sb.append("-fx-marker-color: ").append(color).append(';');
        String dashes = switch (ink.dash()) {
            case DASHED -> String.format(Locale.ROOT, "%.1f %.1f", 6 * w, 4 * w);
            case DOTTED -> String.format(Locale.ROOT, "%.1f %.1f", 1.2 * w, 2.8 * w);
            case DASH_DOT -> String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f", 6 * w, 3 * w, 1.2 * w, 3 * w);
            default -> null;
        };
        if (dashes != null) {
            sb.append("-fx-stroke-dash-array: ").append(dashes).append(';');
            sb.append("-fx-line-dash-array: ").append(dashes).append(';');
        }
        if (l instanceof Layer.Points) {
            sb.append("-fx-marker-size: ").append(String.format(Locale.ROOT, "%.1f", ink.size() / 2)).append(';');
            sb.append("-fx-line-width: 0;");
        }
        if (l.name() == null) {
            sb.append("-fx-show-in-legend: false;");
        }
        return sb.toString();
    }

    /** Called after the user toggles an axis scale (not when a panel sets its default scales). */
    public void setOnScalesToggled(Runnable r) {
        onScalesToggled = r;
    }

    private void toggled() {
        reshow();
        if (onScalesToggled != null) {
            onScalesToggled.run();
        }
    }

    private void rebuild(List<Layer> drawn) {
        sets.clear();
        markerSets.clear();
        List<DoubleDataSet> ds = new ArrayList<>();
        for (Layer l : drawn) {
            String name = l.name() == null ? "" : l.name();
            DoubleDataSet d = new DoubleDataSet(name);
            d.setStyle(style(l));
            ds.add(d);
            DoubleDataSet m = new DoubleDataSet(name + " (markers)");
            m.setStyle(markerStyle(l));
            markerSets.add(m);
        }
        sets.addAll(ds);
        List<DoubleDataSet> markerOrder = new ArrayList<>(markerSets);
        java.util.Collections.reverse(markerOrder);
        markerRenderer.getDatasets().setAll(markerOrder);
        // ChartFX draws a renderer's datasets from the last to the first (the first on top); the painter of
        // the exports draws layers in order (the last on top). Handing the datasets over reversed draws
        // them as the exports do: a fitted tail or theory line over the measured curve, not hidden under it.
        List<DoubleDataSet> drawOrder = new ArrayList<>(ds);
        java.util.Collections.reverse(drawOrder);
        renderer.getDatasets().setAll(drawOrder);
    }

    /** Applies a toggled scale and copies the last panel again (its points are filtered per scale). */
    private void reshow() {
        xAxis.setAutoRanging(true);
        yAxis.setAutoRanging(true);
        if (last != null) {
            signature = "";
            show(last);
        }
    }
}
