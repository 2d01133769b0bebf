package org.emlab.app.curves;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
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

        CompactNumbers(boolean integer) {
            this.integer = integer;
        }

        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
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

    private final DefaultNumericAxis xAxis = new DefaultNumericAxis("iteration");
    private final DefaultNumericAxis yAxis = new DefaultNumericAxis("");
    private final XYChart chart = new XYChart(xAxis, yAxis);
    private final ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    private final List<DoubleDataSet> sets = new ArrayList<>();
    private final XValueIndicator cursor;
    private final Label title = new Label();
    private final VBox notes = new VBox(2);
    private final VBox legend = new VBox(1);
    private final ToggleButton logY = new ToggleButton("log y");
    private final ToggleButton logX = new ToggleButton("log x");
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
        chart.getPlugins().add(new Zoomer());
        chart.getPlugins().add(new DataPointTooltip());
        cursor = new XValueIndicator(xAxis, 0);
        cursor.setEditable(false);
        chart.getPlugins().add(cursor);
        chart.setMinSize(150, 110);
        xAxis.setTickLabelFormatter(new CompactNumbers(true));
        // iterations: ticks at 1, 2 or 5 × 10^k, never fractional
        io.fair_acc.chartfx.axes.spi.format.DefaultTickUnitSupplier steps =
                new io.fair_acc.chartfx.axes.spi.format.DefaultTickUnitSupplier(new java.util.TreeSet<>(List.of(1d, 2d, 5d)));
        xAxis.getAxisLabelFormatter().setTickUnitSupplier(ref -> Math.max(1.0, steps.computeTickUnit(ref)));
        yAxis.setTickLabelFormatter(new CompactNumbers(false));

        title.getStyleClass().add("curve-title");
        logY.getStyleClass().add("axis-toggle");
        logX.getStyleClass().add("axis-toggle");
        logY.setTooltip(new Tooltip("switch the vertical axis between log and linear scale"));
        logX.setTooltip(new Tooltip("switch the iteration axis between log (power laws are straight) and linear "
                + "(geometric rates are straight)"));
        logY.setOnAction(e -> reshow());
        logX.setOnAction(e -> reshow());
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
        StackPane stack = new StackPane(chart, legend);
        StackPane.setAlignment(legend, Pos.TOP_RIGHT);
        StackPane.setMargin(legend, new Insets(8, 14, 0, 0));
        setCenter(stack);
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

    /** Sets the axis scales (as a session restores them). */
    public void setLog(boolean x, boolean y) {
        logX.setSelected(x);
        logY.setSelected(y);
        applyAxes();
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
        if (!notesEqual(p.notes())) {
            notes.getChildren().clear();
            for (String s : p.notes()) {
                Label l = new Label(s);
                l.getStyleClass().add("curve-note");
                notes.getChildren().add(l);
            }
        }
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
