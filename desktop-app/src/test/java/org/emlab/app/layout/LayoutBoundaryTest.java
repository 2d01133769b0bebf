package org.emlab.app.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A {@link LayoutBoundary} keeps a change of text inside it from laying out its ancestors, sizes its
 * child to itself, and still passes on a change of the child's height (a larger font) to the window.
 */
@ExtendWith(ApplicationExtension.class)
class LayoutBoundaryTest {
    private Label counter;
    private HBox line;
    private LayoutBoundary boundary;
    private VBox root;

    @Start
    void start(Stage stage) {
        counter = new Label("iter 1");
        line = new HBox(6, new Label("speed"), counter);
        line.setMinHeight(0); // may be squeezed (second test)
        boundary = new LayoutBoundary(line);
        root = new VBox(new Label("above"), boundary);
        stage.setScene(new Scene(root, 400, 200));
        stage.show();
    }

    @Test
    void lessRoomThanItPrefersDoesNotAskForLayoutAtEveryPulse() throws Exception {
        fx(() -> {
            javafx.scene.layout.Region tall = new javafx.scene.layout.Region();
            tall.setMinHeight(195); // leaves the line less room than it prefers (the scene is 200 high)
            tall.setPrefHeight(195);
            root.getChildren().add(0, tall);
        });
        fx(() -> { });
        fx(() -> {
            assertTrue(boundary.getHeight() < line.prefHeight(-1) - 0.5,
                    "squeezed: " + boundary.getHeight() + " < " + line.prefHeight(-1));
            assertFalse(boundary.isNeedsLayout(), "no new layout asked for after the pass");
            assertFalse(root.isNeedsLayout(), "the window is not laid out again at every pulse");
        });
    }

    private void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(20, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents(5);
    }

    @Test
    void aNewTextLaysOutTheLineOnlyButANewHeightReachesTheWindow() throws Exception {
        fx(() -> { });
        fx(() -> {
            assertEquals(400, boundary.getWidth(), 1e-9);
            assertEquals(line.prefHeight(400), boundary.getHeight(), 0.5);
            assertEquals(boundary.getWidth(), line.getWidth(), 1e-9);
            assertEquals(boundary.getHeight(), line.getHeight(), 1e-9);
            assertFalse(root.isNeedsLayout(), "the window is laid out");

            counter.setText("iter 1 000 000");
            assertTrue(line.isNeedsLayout(), "the line itself is laid out again");
            assertFalse(root.isNeedsLayout(), "a new text of the same height must not lay out the window");
        });
        fx(() -> assertTrue(counter.getWidth() >= counter.prefWidth(-1) - 0.5, "the counter got room for its new text"));

        double before = boundary.getHeight();
        fx(() -> counter.setStyle("-fx-font-size: 40px"));
        fx(() -> { });
        fx(() -> {
            assertTrue(boundary.getHeight() > before + 20, "height " + boundary.getHeight() + " was " + before);
            assertEquals(line.prefHeight(400), boundary.getHeight(), 0.5);
            assertEquals(boundary.getHeight(), line.getHeight(), 1e-9);
        });
    }
}
