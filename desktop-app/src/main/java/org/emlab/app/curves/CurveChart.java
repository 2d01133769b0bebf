package org.emlab.app.curves;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;

/**
 * One CURVE panel drawn by ChartFX: the measured curve(s), the theory overlay and fitted tail as
 * datasets, the shown iteration as a vertical indicator, the panel's notes (fitted rate, theory
 * rate) as an overlay, a hover readout and zoom. A small header toggles log/linear on each axis.
 *
 * <p>{@link #show(Panel)} only copies the panel's render-ready arrays into the datasets (on the FX
 * thread); the arrays were computed on the compute thread.
 */
public final class CurveChart extends BorderPane {

    /** Tick labels with at most four significant digits (and whole numbers on the iteration axis). */
    static final class CompactNumbers extends javafx.util.StringConverter<Number> {
        private final boolean integer;
        private final java.util.function.BooleanSupplier decades;

        CompactNumbers(boolean integer) {
            this(integer, () -> false);
        }

        /** With {@code decades} true (a log axis labelled at powers of ten only), every label reads 10^k, as in exported figures. */
        CompactNumbers(boolean integer, java.util.function.BooleanSupplier decades) {
            this.integer = integer;
            this.decades = decades;
        }

        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
            if (v > 0 && decades.getAsBoolean()) {
                double k = Math.rint(Math.log10(v));
                if (Math.abs(v / Math.pow(10, k) - 1) < 1e-9) {
                    return org.emlab.core.figure.render.Ticks.power10((int) k);
                }
            }
            if (integer && Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e15) {
                return Long.toString(Math.round(v));
            }
            double a = Math.abs(v);
            if (a != 0 && (a < 1e-3 || a >= 1e6)) {
                int e = (int) Math.floor(Math.log10(a));
                double m = v / Math.pow(10, e);
                String mant = Math.abs(Math.abs(m) - 1) < 1e-9 ? (m < 0 ? "−" : "")
                        : String.format(Locale.ROOT, "%.3g", m).replaceAll("\\.?0+$", "") + "×";
                return mant + "10" + org.emlab.core.figure.render.Ticks.superscript(e);
            }
            String s = String.format(Locale.ROOT, "%.4g", v);
            if (s.contains(".") && !s.contains("e")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s.replace('-', '−');
        }

        @Override
        public Number fromString(String s) {
            return Double.parseDouble(s.replace('−', '-'));
        }
    }

    private final RoomyLogAxis xAxis = new RoomyLogAxis("iteration");
    private final RoomyLogAxis yAxis = new RoomyLogAxis("");
    private final XYChart chart = new XYChart(xAxis, yAxis);
    private final ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    private final List<DoubleDataSet> sets = new ArrayList<>();
    private final XValueIndicator cursor;
    private final Label title = new Label();
    private final VBox notes = new VBox(2);
    private final VBox legend = new VBox(1);
    /** The legend's corner: 0 top right, 1 top left, 2 bottom right, 3 bottom left. */
    private int legendCorner;
    /** Frames between two choices of the legend's corner. */
    private static final int LEGEND_EVERY = 15;
    private int framesSinceLegend;
    /** The chart with the legend over it. */
    private final StackPane plotStack = new StackPane();
    private final ToggleButton logY = new ToggleButton("log y");
    private final ToggleButton logX = new ToggleButton("log x");
    private Runnable onScalesToggled;
    private Theme theme = Theme.LIGHT;
    private String signature = "";
    private Panel last;

    public CurveChart() {
        getStyleClass().add("curve-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.getRenderers().setAll(renderer);
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setDrawMarker(false);
        renderer.setAssumeSortedData(false);
        renderer.setPointReduction(true);
        xAxis.setAutoRanging(true);
        xAxis.setForceZeroInRange(false);
        yAxis.setAutoRanging(true);
        yAxis.setForceZeroInRange(false);
        // a little room above and below: a curve on its plateau is not drawn on the frame
        yAxis.setAutoRangePadding(0.05);
        chart.getPlugins().add(new Zoomer());
        chart.getPlugins().add(new DataPointTooltip());
        cursor = new XValueIndicator(xAxis, 0);
        cursor.setEditable(false);
        chart.getPlugins().add(cursor);
        chart.setMinSize(150, 110);
        xAxis.setTickLabelFormatter(new CompactNumbers(true, xAxis::decadesOnly));
        // iterations: ticks at 1, 2 or 5 × 10^k, never fractional
        io.fair_acc.chartfx.axes.spi.format.DefaultTickUnitSupplier steps =
                new io.fair_acc.chartfx.axes.spi.format.DefaultTickUnitSupplier(new java.util.TreeSet<>(List.of(1d, 2d, 5d)));
        xAxis.getAxisLabelFormatter().setTickUnitSupplier(ref -> Math.max(1.0, steps.computeTickUnit(ref)));
        yAxis.setTickLabelFormatter(new CompactNumbers(false, yAxis::decadesOnly));

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
        legend.getStyleClass().add("curve-legend");
        legend.setMouseTransparent(true);
        legend.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        plotStack.getChildren().setAll(chart, legend);
        StackPane.setAlignment(legend, Pos.TOP_RIGHT);
        StackPane.setMargin(legend, new Insets(8, 14, 0, 0));
        setCenter(plotStack);
        setBottom(notes);
    }

    /** The ChartFX chart (for exports of the on-screen chart and for tests). */
    public XYChart chart() {
        return chart;
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
        applyAxes();
        if (onScalesToggled != null) {
            onScalesToggled.run();
        }
    }

    public void setTheme(Theme t) {
        this.theme = t;
        signature = "";
        if (last != null) {
            show(last);
        }
    }

    /** Copies the panel's arrays into the chart's datasets. */
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
            applyAxes();
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
            } else {
                sets.get(i).set(x, y, n, true);
            }
        }
        if (Double.isFinite(cursorAt)) {
            cursor.setValue(cursorAt);
        }
        // ChartFX 11.3 only propagates a dataset change when the dataset was clean; a chart whose
        // first layout ran before it had a size keeps its datasets dirty and never redraws. Asking
        // for a redraw once per new snapshot keeps every chart live (the redraw then cleans them).
        chart.invalidate();
        placeLegend(lx, ly);
        if (!notesEqual(p.notes())) {
            notes.getChildren().clear();
            for (String s : p.notes()) {
                Label l = new Label(s);
                l.getStyleClass().add("curve-note");
                // a long note (fitted slopes of A and B) wraps instead of hiding its end behind "…"
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                notes.getChildren().add(l);
            }
        }
    }

    /**
     * Puts the legend in the corner of the plot with the least curve under it (top right unless
     * another corner is clearly emptier: a corner is left only for one with less than half its ink,
     * so the legend does not jump from frame to frame). The corners are judged in the data's own
     * range, on the axes' scales, a few times a second (every {@link #LEGEND_EVERY} frames).
     */
    private void placeLegend(boolean lx, boolean ly) {
        if (framesSinceLegend++ % LEGEND_EVERY != 0) {
            return;
        }
        double w = chart.getWidth() - yAxis.getWidth();
        double h = chart.getHeight() - xAxis.getHeight();
        if (legend.getChildren().isEmpty() || w <= 0 || h <= 0 || legend.getWidth() <= 0) {
            return;
        }
        double fw = Math.min(1, (legend.getWidth() + 20) / w);
        double fh = Math.min(1, (legend.getHeight() + 12) / h);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (DoubleDataSet d : sets) {
            for (int j = 0; j < d.getDataCount(); j++) {
                double x = scaled(d.get(DoubleDataSet.DIM_X, j), lx);
                double y = scaled(d.get(DoubleDataSet.DIM_Y, j), ly);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (!(x1 > x0) || !(y1 > y0)) {
            return;
        }
        // ink in the corners (0 top right, 1 top left, 2 bottom right, 3 bottom left): each polyline is
        // walked in steps of at most 1 % of the plot, so a corner is judged by the length of curve it
        // would cover, not by how densely the points happen to be spaced there (log axes)
        int[] count = new int[4];
        for (DoubleDataSet d : sets) {
            int n = d.getDataCount();
            int stride = Math.max(1, n / 400);
            double px = Double.NaN;
            double py = Double.NaN;
            for (int j = 0; j < n; j += stride) {
                double fx = (scaled(d.get(DoubleDataSet.DIM_X, j), lx) - x0) / (x1 - x0);
                double fy = (scaled(d.get(DoubleDataSet.DIM_Y, j), ly) - y0) / (y1 - y0);
                if (!Double.isFinite(fx) || !Double.isFinite(fy)) {
                    px = Double.NaN;
                    continue;
                }
                int steps = Double.isNaN(px) ? 1 : Math.min(200, 1 + (int) (Math.hypot(fx - px, fy - py) / 0.01));
                for (int k = 1; k <= steps; k++) {
                    double t = (double) k / steps;
                    double qx = Double.isNaN(px) ? fx : px + t * (fx - px);
                    double qy = Double.isNaN(px) ? fy : py + t * (fy - py);
                    boolean right = qx >= 1 - fw;
                    boolean left = qx <= fw;
                    boolean top = qy >= 1 - fh;
                    boolean bottom = qy <= fh;
                    count[0] += right && top ? 1 : 0;
                    count[1] += left && top ? 1 : 0;
                    count[2] += right && bottom ? 1 : 0;
                    count[3] += left && bottom ? 1 : 0;
                }
                px = fx;
                py = fy;
            }
        }
        int best = 0;
        for (int c = 1; c < 4; c++) {
            if (count[c] < count[best]) {
                best = c;
            }
        }
        if (best != legendCorner && count[best] * 2 < count[legendCorner]) {
            legendCorner = best;
            javafx.geometry.Bounds yb = plotStack.sceneToLocal(yAxis.localToScene(yAxis.getBoundsInLocal()));
            javafx.geometry.Bounds xb = plotStack.sceneToLocal(xAxis.localToScene(xAxis.getBoundsInLocal()));
            double left = best % 2 == 1 ? yb.getMaxX() + 8 : 0;
            double bottom = best >= 2 ? plotStack.getHeight() - xb.getMinY() + 8 : 0;
            Pos[] corners = {Pos.TOP_RIGHT, Pos.TOP_LEFT, Pos.BOTTOM_RIGHT, Pos.BOTTOM_LEFT};
            StackPane.setAlignment(legend, corners[best]);
            StackPane.setMargin(legend, new Insets(best < 2 ? 8 : 0, best % 2 == 0 ? 14 : 0, bottom, left));
        }
    }

    private static double scaled(double v, boolean log) {
        return log ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
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

    private void rebuild(List<Layer> drawn) {
        sets.clear();
        List<DoubleDataSet> ds = new ArrayList<>();
        for (Layer l : drawn) {
            String name = l.name() == null ? "" : l.name();
            DoubleDataSet d = new DoubleDataSet(name);
            d.setStyle(style(l));
            ds.add(d);
        }
        sets.addAll(ds);
        renderer.getDatasets().setAll(ds);
        legend.getChildren().clear();
        for (Layer l : drawn) {
            if (l.name() == null) {
                continue;
            }
            Ink ink = l instanceof Layer.Line ln ? ln.ink() : ((Layer.Points) l).ink();
            javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 22, 0);
            swatch.setStroke(javafx.scene.paint.Color.web(Theme.hex(theme.color(ink.color()))));
            swatch.setStrokeWidth(Math.max(1.5, ink.width() * theme.lineScale()));
            switch (ink.dash()) {
                case DASHED -> swatch.getStrokeDashArray().setAll(6.0, 4.0);
                case DOTTED -> swatch.getStrokeDashArray().setAll(1.5, 3.0);
                case DASH_DOT -> swatch.getStrokeDashArray().setAll(6.0, 3.0, 1.5, 3.0);
                default -> {
                }
            }
            Label entry = new Label(l.name(), swatch);
            entry.getStyleClass().add("curve-legend-entry");
            legend.getChildren().add(entry);
        }
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

    /** Applies a toggled scale and copies the last panel again (its points are filtered per scale). */
    private void reshow() {
        applyAxes();
        if (last != null) {
            signature = "";
            show(last);
        }
    }

    private void applyAxes() {
        yAxis.setLogAxis(logY.isSelected());
        xAxis.setLogAxis(logX.isSelected());
        yAxis.setAutoRanging(true);
        xAxis.setAutoRanging(true);
    }
}
