package org.emlab.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.emlab.app.MainWindow;
import org.emlab.app.TestWindows;
import org.emlab.core.figure.Theme;
import org.emlab.core.labs.gmm.GmmLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * No large region of the window has a background of more than one fill. JavaFX draws such a background from a
 * cached 9-slice image, which the software pipeline (no usable GPU: a virtual machine, a remote desktop)
 * stretches over the whole region at every frame that changes something inside it: Modena's split pane and scroll
 * pane (an edge colour under the inner colour) cost the renderer about 45 % of its time while a run played
 * (docs/performance.md, "09:00 UTC, 7 December 2026"). base.css gives them one fill and a border; this test fails
 * if a stylesheet or a new container brings the two fills back.
 */
@ExtendWith(ApplicationExtension.class)
class LargeBackgroundsTest {
    /** Regions at least this large in both directions are checked (buttons and fields keep Modena's fills). */
    private static final double LARGE = 150;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        GmmLab lab = new GmmLab();
        // the size of the window tests beside it (the stage is shared, and Monocle's painter errs when it grows)
        window = TestWindows.show(stage, 1400, 900, lab, lab.defaults().with("n", "500"));
    }

    @Stop
    void stop() {
        window.shutdown();
    }

    @Test
    void largeRegionsHaveAtMostOneBackgroundFill() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest() != null
                && !window.latest().figure().panels().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        List<String> found = WaitForAsyncUtils.asyncFx(() -> {
            window.applyCss();
            window.layout();
            List<String> out = new ArrayList<>();
            List<Region> large = new ArrayList<>();
            collect(window, large);
            for (Region r : large) {
                Background b = r.getBackground();
                if (b != null && b.getFills().size() > 1) {
                    out.add(r.getClass().getSimpleName() + r.getStyleClass() + " " + Math.round(r.getWidth()) + "×"
                            + Math.round(r.getHeight()) + ": " + b.getFills().size() + " fills");
                }
            }
            out.add(0, "checked " + large.size());
            return out;
        }).get(30, TimeUnit.SECONDS);
        assertTrue(Integer.parseInt(found.get(0).substring("checked ".length())) >= 5,
                "the walk found the window's large regions: " + found.get(0));
        assertEquals(List.of(), found.subList(1, found.size()));
    }

    @Test
    void theViewsSplitAndTheCurveScrollKeepModenasColours() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.latest() != null);
        Color[] colours = WaitForAsyncUtils.asyncFx(() -> {
            window.applyCss();
            SplitPane split = (SplitPane) window.lookup(".split-pane");
            ScrollPane scroll = (ScrollPane) window.lookup(".curve-scroll");
            return new Color[] {
                (Color) split.getBackground().getFills().get(0).getFill(),
                (Color) split.getBorder().getStrokes().get(0).getTopStroke(),
                (Color) scroll.getBackground().getFills().get(0).getFill(),
            };
        }).get(30, TimeUnit.SECONDS);
        int bg = Theme.LIGHT.background(); // -fx-control-inner-background is the page colour (base.css)
        Color page = Color.rgb((bg >> 16) & 0xFF, (bg >> 8) & 0xFF, bg & 0xFF);
        assertEquals(page, colours[0], "the split pane's inside");
        assertTrue(colours[1].getBrightness() < page.getBrightness(), "its edge is darker than the page: " + colours[1]);
        assertEquals(page, colours[2], "the curve column's scroll pane");
    }

    private static void collect(Node n, List<Region> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Region r && r.getWidth() >= LARGE && r.getHeight() >= LARGE) {
            out.add(r);
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }
}
