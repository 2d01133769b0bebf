package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.preset.Lecture;
import org.emlab.core.preset.Lectures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A shipped lecture played in the real window (headless Monocle) with a presentation clicker's keys:
 * PageDown three times, PageUp once; each scene loads its run, shows its caption in the lecture strip,
 * maximises its chart and shows the theory card when it asks for it.
 */
@ExtendWith(ApplicationExtension.class)
class LectureUiTest {
    private static final int WAIT_SECONDS = 60;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestWindows.show(stage, 1280, 720, LabRegistry.get("gmm-simplex"),
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

    /**
     * The node and every parent are visible and it has a height: what the audience sees (a node's own visibility
     * says nothing when a parent, such as the split hidden behind a maximised chart, is not).
     */
    private static boolean onScreen(Node n) {
        if (n.getLayoutBounds().getHeight() <= 0) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private String stripCaption() throws Exception {
        return fx(() -> ((Label) window.lookup("#lecture-caption")).getText());
    }

    /** Waits until scene {@code i} of {@code l} shows: its run, its caption, its maximised view. */
    private void awaitScene(Lecture l, int i) throws Exception {
        Lecture.Scene s = l.scenes().get(i);
        waitFor("scene " + (i + 1), () -> window.lectureScenes().indexProperty().get() == i
                && window.latest() != null && s.values().equals(window.latest().params())
                && !window.latest().figure().panels().isEmpty());
        assertEquals(s.caption(), stripCaption());
        if (s.maximise() != null) {
            waitFor("scene " + (i + 1) + "'s " + s.maximise() + " maximised", () -> window.maximisedView() != null);
            Node expected = fx(() -> "geometry".equals(s.maximise()) ? window.lookup("#geometry-row")
                    : window.curveCharts().get(s.maximise()));
            assertSame(expected, fx(window::maximisedView));
        }
        waitFor("scene " + (i + 1) + "'s caption on screen", () -> fx(() -> onScreen(window.lookup("#lecture-strip"))));
        assertEquals(s.theory(), fx(() -> window.theoryCard().isVisible()));
    }

    @Test
    void aClickerMovesThroughTheScenesOfAShippedLecture(FxRobot robot) throws Exception {
        waitFor("the first run", () -> window.latest() != null && !window.latest().figure().panels().isEmpty());
        Lecture l = Lectures.find("gmm-simplex-lecture");
        fx(() -> {
            window.lectureScenes().start(l);
            return null;
        });
        awaitScene(l, 0);
        assertTrue(fx(() -> window.theoryCard().text().contains("arXiv 2506.11850")), "the card names the paper");
        robot.clickOn("#lecture-strip");
        robot.type(KeyCode.PAGE_DOWN);
        awaitScene(l, 1);
        robot.type(KeyCode.PAGE_DOWN);
        awaitScene(l, 2);
        assertTrue(window.lab().id().equals("gmm-simplex") && window.curveCharts().get("kl") != null);
        assertTrue(window.latest().figure().panels().stream().anyMatch(p -> p.id().endsWith("-b")),
                "scene 3 is the preset's A/B comparison");
        robot.type(KeyCode.PAGE_UP);
        awaitScene(l, 1);
        robot.type(KeyCode.PAGE_UP);
        awaitScene(l, 0);
        robot.type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, window.lectureScenes().indexProperty().get(), "PageUp at the first scene stays there");
    }
}
