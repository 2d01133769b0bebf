package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.core.figure.Handle;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Direct manipulation in the real window under headless Monocle, in one window start: a mean of gmm
 * dragged with the mouse restarts the run from where it was dropped (compared with the inverse of the
 * canvas's transform), Ctrl+Z brings the previous parameters back bit for bit, five painted points make
 * n grow by five, and the line of mlr-overspec dragged about the origin starts at the dropped slope.
 */
@ExtendWith(ApplicationExtension.class)
class DirectManipulationUiTest {
    private static final int WAIT_SECONDS = 60;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestWindows.show(stage, 1280, 800, LabRegistry.get("gmm"), LabRegistry.get("gmm").defaults());
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

    private FigureCanvas canvas() {
        return window.geometryCanvas();
    }

    /** The screen point of a handle of the geometry shown now. */
    private Point2D screenOf(String id) throws Exception {
        return fx(() -> {
            Handle h = canvas().getPanel().handle(id);
            PanelPainter.Frame f = canvas().lastFrame();
            return canvas().localToScreen(f.sx(h.x()), f.sy(h.y()));
        });
    }

    /** The data coordinates of a screen point, through the inverse of the canvas's transform. */
    private double[] dataOf(Point2D screen) throws Exception {
        return fx(() -> {
            Point2D local = canvas().screenToLocal(screen);
            PanelPainter.Frame f = canvas().lastFrame();
            return new double[] {f.dataX(local.getX()), f.dataY(local.getY())};
        });
    }

    /** One screen pixel in data units, horizontally and vertically. */
    private double[] pixel() throws Exception {
        return fx(() -> {
            PanelPainter.Frame f = canvas().lastFrame();
            return new double[] {(f.xMax() - f.xMin()) / f.pw(), (f.yMax() - f.yMin()) / f.ph()};
        });
    }

    private void drag(FxRobot robot, Point2D from, Point2D to) {
        robot.moveTo(from);
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(new Point2D((from.getX() * 2 + to.getX()) / 3, (from.getY() * 2 + to.getY()) / 3));
        robot.moveTo(to);
        robot.release(MouseButton.PRIMARY);
    }

    private static int dataPoints(Snapshot s) {
        for (Layer l : s.figure().panel("geometry").layers()) {
            if (l instanceof Layer.Points p && "data".equals(p.name())) {
                return p.size();
            }
        }
        return -1;
    }

    @Test
    void dragAMeanUndoItPaintFivePointsAndDragTheLineOfMlrOverspec(FxRobot robot) throws Exception {
        waitFor("the first run with its handles", () -> window.latest() != null && window.latest().figure().panel("geometry")
                != null && !window.latest().figure().panel("geometry").handles().isEmpty() && canvas().lastFrame() != null);
        Snapshot first = window.latest();
        ParamValues before = first.params();

        // hovering the mean shows its values
        Point2D mu2 = screenOf("mu-2");
        robot.moveTo(mu2);
        waitFor("the read-out of μ₂", () -> window.manipulation().readoutOf(canvas()).contains("component 2"));

        // drag μ₂ by (+70, −45) pixels: the run restarts with μ₂ starting where it was dropped
        Point2D target = new Point2D(mu2.getX() + 70, mu2.getY() - 45);
        double[] expected = dataOf(target);
        double[] px = pixel();
        drag(robot, mu2, target);
        waitFor("the restarted run", () -> window.latest().runId() > first.runId()
                && !window.latest().figure().panels().isEmpty());
        Snapshot dragged = window.latest();
        assertEquals(0, dragged.iteration());
        assertEquals(expected[0], dragged.value("mu_2_1"), 1.01 * px[0], "μ₂ starts at the dropped x");
        assertEquals(expected[1], dragged.value("mu_2_2"), 1.01 * px[1], "μ₂ starts at the dropped y");
        assertEquals(first.value("mu_1_1"), dragged.value("mu_1_1"), "μ₁ starts where it did");
        assertEquals(before.getLong("seed"), dragged.params().getLong("seed"));
        assertEquals("given", window.form().validProperty().get().getString("init"), "the form shows the dragged start");
        assertEquals("Undo drag of μ₂", window.model().undoStack().undoTextProperty().get());

        // Ctrl+Z: the previous parameters, bit for bit, and the start as it was
        robot.clickOn("#caption");
        robot.press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        waitFor("the undone run", () -> window.latest().runId() > dragged.runId() && !window.latest().figure().panels().isEmpty());
        assertEquals(before.asText(), window.latest().params().asText());
        assertEquals(before, window.form().validProperty().get());
        assertEquals(first.value("mu_2_1"), window.latest().value("mu_2_1"));

        // paint five points: n grows by five
        int n0 = dataPoints(window.latest());
        assertEquals(500, n0);
        robot.type(KeyCode.D);
        waitFor("the data set to paint", () -> window.manipulation().paintModel().ready());
        Point2D centre = fx(() -> {
            PanelPainter.Frame f = canvas().lastFrame();
            return canvas().localToScreen(f.px() + f.pw() * 0.3, f.py() + f.ph() * 0.6);
        });
        for (int i = 0; i < 5; i++) {
            long run = window.latest().runId();
            robot.moveTo(new Point2D(centre.getX() + 25 * i, centre.getY() - 11 * i)).clickOn(MouseButton.PRIMARY);
            waitFor("painted point " + (i + 1), () -> window.latest().runId() > run && !window.latest().figure().panels()
                    .isEmpty() && dataPoints(window.latest()) >= 0);
        }
        waitFor("five more points", () -> dataPoints(window.latest()) == n0 + 5);
        assertTrue(org.emlab.app.manipulate.PaintModel.isPainted(window.latest().params().getString("data")),
                window.latest().params().getString("data"));
        assertEquals("Undo a painted point", window.model().undoStack().undoTextProperty().get());
        robot.type(KeyCode.D);

        // mlr-overspec in d = 1: the line y = +βx turns about the origin to the dropped point
        fx(() -> {
            window.load(LabRegistry.get("mlr-overspec"), LabRegistry.get("mlr-overspec").defaults().with("d", "1")
                    .with("n", "500"), false);
            return null;
        });
        waitFor("mlr-overspec with its handles", () -> window.latest().labId().equals("mlr-overspec")
                && window.latest().figure().panel("geometry") != null
                && window.latest().figure().panel("geometry").handle("beta") != null && canvas().lastFrame() != null
                && canvas().getPanel().handle("beta") != null);
        Snapshot line = window.latest();
        Point2D end = screenOf("beta");
        Point2D drop = new Point2D(end.getX() - 30, end.getY() - 80);
        double[] at = dataOf(drop);
        double[] pl = pixel();
        drag(robot, end, drop);
        waitFor("the restarted line", () -> window.latest().runId() > line.runId() && !window.latest().figure().panels()
                .isEmpty());
        Snapshot turned = window.latest();
        assertEquals(0, turned.iteration());
        double beta = turned.value("beta_1");
        // the dropped point is on the new line, to the precision of a pixel
        assertEquals(at[1], beta * at[0], 1.01 * (pl[1] + Math.abs(beta) * pl[0]), "β₀ = y/x of the drop");
        assertNotNull(turned.params());
        assertEquals("given", turned.params().getString("init_dir"));
    }
}
