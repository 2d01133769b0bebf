package org.emlab.app.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.axes.spi.TickMark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.emlab.app.theme.Themes;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.Canvas2D;
import org.emlab.core.figure.render.PanelLayout;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.run.HeadlessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's curve charts and the exports show one figure: for every lab's default figure after
 * 20 iterations and every CURVE panel in it, the tick labels ChartFX shows (read from its axes'
 * tick marks after a layout pulse) and the legend's names and place (read from the legend's nodes)
 * equal the tick labels and legend names {@link PanelPainter} draws (recorded from its canvas
 * calls) for an export of the same panel at the same plot size.
 *
 * <p>With {@code -Demlab.snapshots=<dir>} it also writes a PNG of each chart there.
 */
@ExtendWith(ApplicationExtension.class)
class CurveChartExportParityTest {
    private static final int ITERATIONS = 20;
    private static final int WAIT_SECONDS = 60;
    /** Layout pulses a chart gets to settle (the legend row above the plot takes a second pass). */
    private static final int MAX_PULSES = 8;
    private StackPane root;
    private Scene scene;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        scene = new Scene(root, 560, 330);
        Themes.apply(scene, Themes.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for one pulse (ChartFX lays out and draws in pulse listeners). */
    private void awaitPulse() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            Runnable[] hook = new Runnable[1];
            hook[0] = () -> {
                done.complete(null);
                Platform.runLater(() -> scene.removePostLayoutPulseListener(hook[0]));
            };
            scene.addPostLayoutPulseListener(hook[0]);
            Platform.requestNextPulse();
        });
        done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** What the chart shows, read from ChartFX's tick marks and the legend's nodes. */
    private record Shown(PanelLayout layout, List<String> x, List<String> y, List<String> legend,
                         PanelLayout.Placement placement) {
    }

    private static List<String> visibleLabels(List<TickMark> marks) {
        List<String> out = new ArrayList<>();
        for (TickMark m : marks) {
            if (m.isVisible() && !m.getText().isEmpty()) {
                out.add(m.getText());
            }
        }
        return out;
    }

    /** Where the legend's node is relative to the plot (the ChartFX canvas), in scene coordinates. */
    private static PanelLayout.Placement placementOnScreen(CurveChart c) {
        LegendView v = c.legendView();
        if (v == null || !v.isVisible()) {
            return PanelLayout.Placement.NONE;
        }
        Bounds plot = c.chart().getCanvas().localToScene(c.chart().getCanvas().getLayoutBounds());
        Bounds box = v.localToScene(v.getLayoutBounds());
        if (box.getMaxY() <= plot.getMinY() + 0.5) {
            return PanelLayout.Placement.ABOVE;
        }
        assertTrue(box.getMinX() >= plot.getMinX() - 0.5 && box.getMaxX() <= plot.getMaxX() + 0.5
                && box.getMinY() >= plot.getMinY() - 0.5 && box.getMaxY() <= plot.getMaxY() + 0.5,
                "a corner legend lies inside the plot: " + box + " in " + plot);
        boolean right = box.getCenterX() > plot.getCenterX();
        boolean top = box.getCenterY() < plot.getCenterY();
        return top ? (right ? PanelLayout.Placement.TOP_RIGHT : PanelLayout.Placement.TOP_LEFT)
                : (right ? PanelLayout.Placement.BOTTOM_RIGHT : PanelLayout.Placement.BOTTOM_LEFT);
    }

    private Shown showOnScreen(Panel p, String snapshotName) throws Exception {
        CurveChart c = fx(() -> LightCharts.showIn(root, p));
        // settle: the plot area the chart resolved for is the one it has after layout
        for (int i = 0; i < MAX_PULSES; i++) {
            awaitPulse();
            boolean settled = fx(() -> {
                PanelLayout l = c.figureLayout();
                double w = c.chart().getCanvas().getWidth();
                double h = c.chart().getCanvas().getHeight();
                return l != null && w > 1 && l.areaWidth() == w && Math.abs(l.plotHeight() - h) < 1e-9
                        && c.xAxis().getTickMarks().size() == l.x().majors().size();
            });
            if (settled && i >= 1) {
                break;
            }
        }
        awaitPulse();
        if (snapshotName != null) {
            snapshot(snapshotName);
        }
        return fx(() -> {
            PanelLayout l = c.figureLayout();
            assertNotNull(l, "resolved");
            assertEquals(c.chart().getCanvas().getWidth(), l.areaWidth(), 1e-9, "resolved for the plot's width");
            assertEquals(c.chart().getCanvas().getHeight(), l.plotHeight(), 1e-9, "resolved for the plot's height");
            LegendView v = c.legendView();
            return new Shown(l, visibleLabels(c.xAxis().getTickMarks()), visibleLabels(c.yAxis().getTickMarks()),
                    v == null || !v.isVisible() ? List.of() : v.names(), placementOnScreen(c));
        });
    }

    private void snapshot(String name) throws Exception {
        String dir = System.getProperty("emlab.snapshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WritableImage img = fx(() -> root.snapshot(null, null));
        PixelReader r = img.getPixelReader();
        BufferedImage out = new BufferedImage((int) img.getWidth(), (int) img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Path d = Path.of(dir);
        Files.createDirectories(d);
        ImageIO.write(out, "png", d.resolve(name + ".png").toFile());
    }

    /** A canvas that records the text drawn inside each named group (the painter's tick and legend groups). */
    private static final class RecordingCanvas implements Canvas2D {
        private final Deque<String> groups = new ArrayDeque<>();
        final Map<String, List<String>> texts = new LinkedHashMap<>();
        private double size = 10;

        void clear() {
            texts.clear();
            groups.clear();
        }

        List<String> in(String group) {
            return texts.getOrDefault(group, List.of());
        }

        @Override
        public void beginGroup(String id) {
            groups.push(id);
        }

        @Override
        public void endGroup() {
            groups.pop();
        }

        @Override
        public void fillText(String s, double x, double y) {
            if (!groups.isEmpty()) {
                texts.computeIfAbsent(groups.peek(), k -> new ArrayList<>()).add(s);
            }
        }

        @Override
        public void fillTextRotated(String s, double x, double y, double degrees) {
            fillText(s, x, y);
        }

        @Override
        public void setFont(double size, boolean bold) {
            this.size = size;
        }

        @Override
        public double textWidth(String s) {
            return 0.55 * size * s.length();
        }

        @Override
        public double textAscent() {
            return 0.75 * size;
        }

        // drawing that leaves no text
        @Override public void save() { }
        @Override public void restore() { }
        @Override public void clip(double x, double y, double w, double h) { }
        @Override public void setStroke(int argb, double width, double[] dash) { }
        @Override public void setFill(int argb) { }
        @Override public void strokeLine(double x1, double y1, double x2, double y2) { }
        @Override public void strokePolyline(double[] xs, double[] ys, int n) { }
        @Override public void fillPolygon(double[] xs, double[] ys, int n) { }
        @Override public void strokePolygon(double[] xs, double[] ys, int n) { }
        @Override public void fillRect(double x, double y, double w, double h) { }
        @Override public void strokeRect(double x, double y, double w, double h) { }
        @Override public void fillOval(double x, double y, double w, double h) { }
        @Override public void strokeOval(double x, double y, double w, double h) { }
        @Override public void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h) { }
    }

    /** Paints {@code p} as an export whose plot area is {@code areaW × areaH} (the panel grown by its margins). */
    private static PanelPainter.Frame exportAt(Panel p, double areaW, double areaH, RecordingCanvas g) {
        PanelPainter painter = new PanelPainter(Theme.LIGHT);
        double w = areaW + 80;
        double h = areaH + 80;
        PanelPainter.Frame f = null;
        for (int i = 0; i < 12; i++) {
            g.clear();
            f = painter.paint(p, g, 0, 0, w, h);
            double dw = areaW - f.layout().areaWidth();
            double dh = areaH - f.layout().areaHeight();
            if (dw == 0 && dh == 0) {
                return f;
            }
            w += dw;
            h += dh;
        }
        assertEquals(areaW, f.layout().areaWidth(), 1e-9, "export at the chart's plot width");
        assertEquals(areaH, f.layout().areaHeight(), 1e-9, "export at the chart's plot height");
        return f;
    }

    /**
     * Markers are drawn as the exports draw them (the window drew none while its legend showed them): a line whose
     * ink has markers gets one per point, a plain line none, and a line with a single point so far gets a dot.
     */
    @Test
    void markersAndLonePointsAreDrawnAsTheExportsDrawThem() throws Exception {
        double[] x = {0, 1, 2};
        Panel p = new Panel("err", "error", Panel.Kind.CURVE, org.emlab.core.figure.Axis.iterations(),
                org.emlab.core.figure.Axis.linear("error"), false, List.of(
                        new org.emlab.core.figure.Layer.Line("structured", org.emlab.core.figure.Ink.line(0)
                                .withMarker(org.emlab.core.figure.Ink.Marker.CIRCLE, 7), x, new double[] {3, 2, 1}),
                        new org.emlab.core.figure.Layer.Line("plain", org.emlab.core.figure.Ink.line(1), x,
                                new double[] {1, 2, 3}),
                        new org.emlab.core.figure.Layer.Line("one so far", org.emlab.core.figure.Ink.line(2), x,
                                new double[] {2, Double.NaN, Double.NaN})), List.of());
        CurveChart c = fx(() -> LightCharts.showIn(root, p));
        awaitPulse();
        Map<String, Integer> markers = fx(() -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (io.fair_acc.dataset.DataSet d : c.chart().getRenderers().get(1).getDatasets()) {
                out.put(d.getName(), d.getDataCount());
            }
            return out;
        });
        assertEquals(Integer.valueOf(3), markers.get("structured (markers)"), markers.toString());
        assertEquals(Integer.valueOf(0), markers.get("plain (markers)"), markers.toString());
        assertEquals(Integer.valueOf(1), markers.get("one so far (markers)"), markers.toString());
    }

    @Test
    void everyLabsCurveChartShowsTheTicksAndLegendItsExportDraws() throws Exception {
        int compared = 0;
        for (Lab lab : LabRegistry.all()) {
            LabRun run = lab.start(lab.defaults(), null);
            Figure figure = HeadlessRun.figure(run, HeadlessRun.run(run, ITERATIONS),
                    HeadlessRun.defaultView(lab, lab.defaults()));
            for (Panel p : figure.panels(Panel.Kind.CURVE)) {
                String what = lab.id() + "/" + p.id();
                Shown s = showOnScreen(p, lab.id() + "-" + p.id());
                RecordingCanvas g = new RecordingCanvas();
                Panel shownPanel = s.layout().panel();
                PanelPainter.Frame f = exportAt(shownPanel, s.layout().areaWidth(), s.layout().areaHeight(), g);
                String group = PanelPainter.groupId(p.id());
                assertEquals(g.in("ticks-x-" + group), s.x(), what + ": x tick labels");
                assertEquals(g.in("ticks-y-" + group), s.y(), what + ": y tick labels");
                assertEquals(f.layout().legend().placement(), s.placement(), what + ": legend place");
                assertEquals(g.in("legend-" + group), s.legend(), what + ": legend entries");
                assertTrue(s.x().size() >= 2 && s.y().size() >= 1, what + ": labelled axes " + s);
                compared++;
            }
        }
        assertTrue(compared >= 15, "curve panels compared: " + compared);
    }
}


