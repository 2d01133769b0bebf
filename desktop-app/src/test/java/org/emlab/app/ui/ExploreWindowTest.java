package org.emlab.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.emlab.app.MainWindow;
import org.emlab.app.TestWindows;
import org.emlab.app.geometry.GeometryRow;
import org.emlab.app.sweep.SweepModel;
import org.emlab.app.sweep.SweepWindow;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.sweep.Statistic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The explore features in the real window (Monocle): scrub and the continue question, A/B, a sweep with cancel. */
@ExtendWith(ApplicationExtension.class)
class ExploreWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        GmmSimplexLab lab = new GmmSimplexLab();
        window = TestWindows.show(stage, 1400, 900, lab, lab.defaults().with("n", "600"));
    }

    @Stop
    void stop() {
        if (window.explore().sweeps().window() != null) {
            window.explore().sweeps().window().model().cancel();
        }
        window.shutdown();
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c);
    }

    @Test
    void scrubbingBackAndPressingPlayAsksBeforeDiscardingTheFuture(FxRobot robot) throws Exception {
        waitFor(() -> window.latest() != null && window.latest().historySize() == 1);
        robot.clickOn("#geometry");
        for (int i = 0; i < 6; i++) {
            robot.type(KeyCode.RIGHT);
        }
        waitFor(() -> window.latest().iteration() == 6);
        robot.type(KeyCode.LEFT);
        robot.type(KeyCode.LEFT);
        waitFor(() -> window.latest().iteration() == 4 && !window.latest().atLiveEnd());
        Slider timeline = robot.lookup("#timeline").queryAs(Slider.class);
        waitFor(() -> timeline.getValue() == 4 && timeline.getMax() == 6);
        robot.type(KeyCode.SPACE);
        waitFor(() -> robot.lookup("#continue-dialog").tryQuery().isPresent());
        DialogPane d = robot.lookup("#continue-dialog").queryAs(DialogPane.class);
        assertEquals("Continue from iteration 4 and discard iterations 5–6?", d.getHeaderText());
        robot.clickOn("Cancel");
        waitFor(() -> robot.lookup("#continue-dialog").tryQuery().isEmpty());
        assertFalse(window.latest().playing());
        assertEquals(4, window.latest().iteration());
        // click on the track near its start: the views follow to an early iteration
        robot.clickOn(robot.point(timeline).atPosition(javafx.geometry.Pos.CENTER_LEFT).atOffset(new javafx.geometry.Point2D(4, 0)));
        waitFor(() -> window.latest().iteration() <= 1);
        assertEquals(6, window.latest().liveIteration(), "scrubbing keeps the live end");
    }

    @Test
    void compareWithShowsBothRunsSideBySideAndStopComparingGoesBack(FxRobot robot) throws Exception {
        waitFor(() -> window.latest() != null && !window.latest().figure().panels().isEmpty());
        robot.clickOn("#compare");
        waitFor(() -> robot.lookup("#compare-dialog").tryQuery().isPresent());
        robot.clickOn("Compare");
        GeometryRow row = robot.lookup("#geometry-row").queryAs(GeometryRow.class);
        waitFor(() -> row.canvases().size() == 2 && row.canvases().get(1).getPanel() != null);
        assertTrue(window.lab() instanceof ComparisonLab);
        assertEquals("B: weights π = 1/3 each", row.canvases().get(1).getPanel().title());
        Node stop = robot.lookup("#stop-compare").query();
        assertTrue(stop.isVisible());
        robot.clickOn("#geometry");
        robot.type(KeyCode.RIGHT);
        robot.type(KeyCode.RIGHT);
        waitFor(() -> window.latest().iteration() == 2 && window.latest().columns().contains("B.kl"));
        robot.clickOn("#stop-compare");
        waitFor(() -> row.canvases().size() == 1 && !(window.lab() instanceof ComparisonLab)
                && !window.latest().columns().contains("B.kl"));
        assertFalse(stop.isVisible());
    }

    @Test
    void aCancelledSweepLeavesTheWindowUsableAndATrialOpensAsARun(FxRobot robot) throws Exception {
        waitFor(() -> window.latest() != null && window.form() != null);
        robot.clickOn("#sweep");
        waitFor(() -> window.explore().sweeps().window() != null && window.explore().sweeps().window().isShowing());
        SweepWindow sw = window.explore().sweeps().window();
        SweepModel m = sw.model();
        robot.interact(() -> {
            m.paramProperty().set("n");
            m.fromProperty().set("20000");
            m.toProperty().set("80000");
            m.trialsProperty().set("8");
            m.iterationsProperty().set("300");
            m.statProperty().set(Statistic.FINAL_ERROR);
        });
        robot.clickOn("#sweep-run");
        waitFor(() -> m.runningProperty().get());
        robot.clickOn("#sweep-cancel");
        waitFor(() -> !m.runningProperty().get());
        assertTrue(m.statusProperty().get().startsWith("cancelled"), m.statusProperty().get());
        Button run = robot.lookup("#sweep-run").queryAs(Button.class);
        assertFalse(run.isDisabled(), "the sweep can run again");
        // the main window stayed live
        long rev = window.latest().revision();
        robot.interact(() -> window.transport().step());
        waitFor(() -> window.latest().revision() > rev);

        robot.interact(() -> {
            m.fromProperty().set("300");
            m.toProperty().set("1200");
            m.pointsProperty().set("3");
            m.trialsProperty().set("2");
            m.iterationsProperty().set("8");
        });
        robot.clickOn("#sweep-run");
        waitFor(() -> !m.runningProperty().get() && m.statusProperty().get().startsWith("done"));
        assertEquals(6, m.rows().size());
        assertNotNull(m.plotProperty().get());
        @SuppressWarnings("unchecked")
        TableView<SweepModel.Row> table = robot.lookup("#sweep-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(3));
        SweepModel.Row picked = table.getSelectionModel().getSelectedItem();
        ParamValues expected = m.runParams(picked);
        long runBefore = window.latest().runId();
        robot.clickOn("#sweep-open");
        waitFor(() -> window.latest().runId() > runBefore && window.latest().params() != null
                && window.latest().params().equals(expected));
        assertEquals(picked.seed(), window.latest().params().getLong("seed"));
        robot.interact(sw::close);
    }
}
