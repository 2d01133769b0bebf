package org.emlab.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.emlab.app.MainWindow;
import org.emlab.app.TestWindows;
import org.emlab.app.curves.CurveChart;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless (Monocle): edit a parameter, press play, see the counter and the KL curve move. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        GmmSimplexLab lab = new GmmSimplexLab();
        window = TestWindows.show(stage, 1400, 900, lab, lab.defaults().with("n", "800"));
    }

    @Stop
    void stop() {
        window.shutdown();
    }

    private static int iterationOf(String counter) {
        String digits = counter.replaceAll("^iter (\\d+).*$", "$1");
        return Integer.parseInt(digits);
    }

    @Test
    void editingAParameterThenPlayingAdvancesTheCounterAndTheKlCurve(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest() != null && window.latest().historySize() >= 1
                && !window.latest().figure().panels().isEmpty());
        long firstRun = window.latest().runId();

        TextField n = robot.lookup("#param-n").queryAs(TextField.class);
        robot.interact(() -> n.setText("1200"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest().runId() > firstRun
                && window.latest().params().getInt("n") == 1200);

        robot.clickOn("#play");
        Label counter = robot.lookup("#iteration-counter").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> iterationOf(counter.getText()) >= 8);

        CurveChart kl = robot.lookup("#curve-kl").queryAs(CurveChart.class);
        // the FX thread rewrites the dataset every frame: read it there, count and values together
        java.util.concurrent.Callable<double[]> firstAndLast = () -> {
            DataSet measured = kl.chart().getRenderers().get(0).getDatasets().get(0);
            int count = measured.getDataCount();
            return count < 8 ? null : new double[] {measured.get(DataSet.DIM_Y, 0), measured.get(DataSet.DIM_Y, count - 1)};
        };
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(firstAndLast).get() != null);
        double[] ends = WaitForAsyncUtils.asyncFx(firstAndLast).get();
        assertTrue(ends[1] < ends[0], "KL must fall from its start");
        robot.clickOn("#play"); // pause
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !window.latest().playing());
        assertEquals(1200, window.latest().params().getInt("n"));
    }

    /** Lecture mode: the caption gets a strip of its own above the geometry (never over the plot) and the status line's caption steps aside. */
    @Test
    void lectureModePutsTheCaptionAboveTheGeometryAndBackOnLeaving(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest() != null && window.latest().historySize() >= 1);
        robot.interact(() -> window.lectureMode().setActive(true));
        robot.clickOn("#step");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest().iteration() >= 1);
        Label caption = robot.lookup("#lecture-caption").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> caption.getText().startsWith("M-step"));
        javafx.scene.Node strip = robot.lookup("#lecture-strip").query();
        javafx.scene.Node geometry = robot.lookup("#geometry").query();
        Label statusCaption = robot.lookup("#caption").queryAs(Label.class);
        assertTrue(strip.isVisible() && !statusCaption.isVisible());
        assertTrue(strip.localToScene(strip.getBoundsInLocal()).getMaxY()
                <= geometry.localToScene(geometry.getBoundsInLocal()).getMinY() + 0.5, "the caption is not over the plot");
        robot.interact(() -> window.lectureMode().setActive(false));
        assertTrue(!strip.isVisible() && !strip.isManaged() && statusCaption.isVisible());
        assertEquals(caption.getText(), statusCaption.getText());
    }

    /**
     * At a projector's 1024 pixels the parameter column and the theory card take turns (both open left the geometry
     * a strip 60 px wide); at full width both stay open.
     */
    @Test
    void onANarrowWindowTheParametersAndTheTheoryCardTakeTurns(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest() != null);
        javafx.stage.Window stage = window.getScene().getWindow();
        try {
            robot.interact(() -> stage.setWidth(1024));
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.getWidth() < 1100);
            robot.interact(() -> {
                window.parametersShownProperty().set(true);
                window.theoryShownProperty().set(true);
            });
            assertTrue(window.theoryShownProperty().get() && !window.parametersShownProperty().get(),
                    "the card closes the column");
            robot.interact(window::toggleParameters);
            assertTrue(window.parametersShownProperty().get() && !window.theoryShownProperty().get(),
                    "the column closes the card");
            // from the screen's left edge: Monocle's headless screen is 1600 px wide, and a stage that reached past it
            // (left where the 1400-px scene was centred) had its pixels copied beyond the screen's buffer
            robot.interact(() -> {
                stage.setX(0);
                stage.setWidth(1600);
            });
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.getWidth() > 1500);
            robot.interact(() -> window.theoryShownProperty().set(true));
            assertTrue(window.theoryShownProperty().get() && window.parametersShownProperty().get(), "wide: both");
        } finally {
            // the stage is shared with the test classes that run after this one: let it follow their scenes' sizes again
            robot.interact(stage::sizeToScene);
        }
    }
}
