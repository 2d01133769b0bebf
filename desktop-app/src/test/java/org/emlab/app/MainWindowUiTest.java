package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.emlab.app.curves.CurveChart;
import org.emlab.app.export.ExportFormat;
import org.emlab.app.export.ExportModel;
import org.emlab.core.figure.Theme;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.session.Session;
import org.emlab.core.session.Sessions;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window under headless Monocle, in one test (one window start): a preset by key, a chart's
 * right-click menu, an export through the window's export model, lecture mode and back, and a session
 * copied as text and pasted back.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    private static final int WAIT_SECONDS = 60;
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        // a small sample keeps the first run quick
        window = TestWindows.show(stage, 1280, 800, LabRegistry.get("gmm-simplex"),
                LabRegistry.get("gmm-simplex").defaults().with("n", "500"));
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void presetByKeyExportLectureModeAndSessions(FxRobot robot) throws Exception {
        waitFor("the first run", () -> window.latest() != null && !window.latest().figure().panels().isEmpty());
        Preset second = Presets.forLab("gmm-simplex").get(1);
        robot.clickOn("#geometry");
        robot.type(KeyCode.DIGIT2);
        // the notice shows for 20 s only: it is part of what is waited for, not checked after a wait of up to 60 s
        waitFor("preset 2 and its notice", () -> window.latest() != null
                && second.values().equals(window.latest().params()) && window.curveCharts().size() >= 3
                && window.noticeBar().text().contains(second.title()));

        // step a little so that the curves have something to show
        robot.type(KeyCode.RIGHT, 4);
        waitFor("iteration 4", () -> window.latest().iteration() == 4);

        // a chart's right-click menu offers its export
        robot.rightClickOn("#geometry");
        assertFalse(robot.lookup("Export this chart…").queryAll().isEmpty(), "context menu of the geometry");
        robot.type(KeyCode.ESCAPE);
        robot.rightClickOn("#curve-kl");
        assertFalse(robot.lookup("Export this chart…").queryAll().isEmpty(), "context menu of the KL chart");
        robot.type(KeyCode.ESCAPE);

        // export one chart as PNG through the window's export model
        Path png = dir.resolve("kl.png");
        ExportModel m = fx(() -> {
            window.exportActions().openDialog("kl", ExportFormat.PNG);
            ExportModel model = window.exportActions().model();
            model.sizeProperty().set("4:3");
            model.scaleProperty().set(1);
            model.setTarget(png, false);
            model.export();
            return model;
        });
        waitFor("the export", () -> png.equals(m.lastSavedProperty().get()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(720, img.getWidth());
        assertEquals(540, img.getHeight());
        int ink = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if ((img.getRGB(x, y) & 0xFF) < 128) {
                    ink++;
                }
            }
        }
        assertTrue(ink > 500, "axes, labels and the curve are drawn (" + ink + " dark pixels)");
        fx(() -> {
            window.exportActions().model();
            robot.listTargetWindows().stream().filter(w -> w != window.stage() && w instanceof Stage)
                    .forEach(w -> ((Stage) w).close());
            return null;
        });

        // lecture mode: projector theme, no parameter panel or menus, geometry and one curve
        robot.clickOn("#geometry");
        robot.type(KeyCode.F11);
        waitFor("lecture mode", () -> window.lectureMode().isActive());
        assertEquals(Theme.PROJECTOR, window.theme());
        assertFalse(window.parameterPanel().isVisible());
        assertFalse(window.menuBarNode().isVisible());
        List<CurveChart> charts = List.copyOf(window.curveCharts().values());
        assertTrue(charts.get(0).isVisible());
        assertTrue(charts.stream().skip(1).noneMatch(CurveChart::isVisible));
        assertTrue(window.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("projector.css")));
        robot.type(KeyCode.C);
        waitFor("controls shown", () -> window.parameterPanel().isVisible());
        robot.type(KeyCode.F11);
        waitFor("lecture mode left", () -> !window.lectureMode().isActive());
        assertEquals(Theme.LIGHT, window.theme());
        assertTrue(window.parameterPanel().isVisible());
        assertTrue(window.menuBarNode().isVisible());
        assertTrue(charts.stream().allMatch(CurveChart::isVisible));

        // F12: the performance overlay shows frames per second from the frame pump, and hides again
        assertFalse(window.perfOverlay().isVisible());
        robot.type(KeyCode.F12);
        waitFor("the overlay's numbers", () -> window.perfOverlay().isVisible()
                && window.perfOverlay().getText().matches("\\d+\\.\\d fps · frame \\d+\\.\\d ms \\(max \\d+\\.\\d\\).*"));
        robot.type(KeyCode.F12);
        waitFor("the overlay hidden", () -> !window.perfOverlay().isVisible());

        aSessionCopiedAsTextRestoresTheSameRunAtTheSameIteration();
    }

    /** A session copied as text and pasted back restarts the same run at the same iteration, with its view. */
    private void aSessionCopiedAsTextRestoresTheSameRunAtTheSameIteration() throws Exception {
        fx(() -> {
            window.load(LabRegistry.get("gmm-simplex"), LabRegistry.get("gmm-simplex").defaults().with("n", "500")
                    .with("seed", "77"), false);
            return null;
        });
        waitFor("the new run", () -> "77".equals(window.latest().params().text("seed")) && window.curveCharts().size() >= 3);
        fx(() -> {
            for (int i = 0; i < 6; i++) {
                window.transport().step();
            }
            return null;
        });
        waitFor("iteration 6", () -> window.latest().iteration() == 6);
        fx(() -> {
            window.curveCharts().get("radius").setLog(false, false);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        Session saved = fx(() -> window.sessionActions().capture());
        assertNotNull(saved);
        assertEquals(6, saved.iteration());
        assertEquals(new Session.LogAxes(false, false), saved.view().logAxes().get("radius"));
        double[] row = window.latest().row().clone();
        long run = window.latest().runId();

        // something else, then the pasted session
        fx(() -> {
            window.load(LabRegistry.get("gmm-simplex"), LabRegistry.get("gmm-simplex").defaults().with("n", "300"), false);
            return null;
        });
        waitFor("defaults", () -> window.latest().runId() > run && "1".equals(window.latest().params().text("seed")));
        fx(() -> {
            window.curveCharts().get("radius").setLog(false, true);
            window.sessionActions().restore(Sessions.fromText(Sessions.toText(saved)));
            return null;
        });
        waitFor("the restored run at iteration 6", () -> "77".equals(window.latest().params().text("seed"))
                && window.latest().iteration() == 6);
        for (int c = 0; c < row.length; c++) {
            assertEquals(Double.doubleToRawLongBits(row[c]), Double.doubleToRawLongBits(window.latest().row()[c]),
                    window.latest().columns().get(c));
        }
        waitFor("log axes restored", () -> !window.curveCharts().get("radius").isLogY());

        // a damaged paste is a notice, not a crash
        fx(() -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString("emlab:not-a-session");
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            window.sessionActions().paste();
            return null;
        });
        assertTrue(window.noticeBar().text().contains("damaged"), window.noticeBar().text());
        assertTrue(Files.isDirectory(dir));
    }
}
