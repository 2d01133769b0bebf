package org.emlab.app.layout;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * Keeps dialogs on a projector's screen (1024 × 768, 1280 × 720): the usable area of the screen a window is on,
 * and a window moved and shrunk into it once it is shown. Content that may not fit (the shortcut list, the export
 * form) sits in a scroll pane, so a shrunk dialog keeps every control reachable and its buttons on screen.
 */
public final class ScreenFit {
    private ScreenFit() {
    }

    /** The usable bounds (without task bars) of the screen showing most of {@code w}, or of the primary screen. */
    public static Rectangle2D visualBounds(Window w) {
        if (w != null && w.getWidth() > 0 && w.getHeight() > 0) {
            var screens = Screen.getScreensForRectangle(w.getX(), w.getY(), w.getWidth(), w.getHeight());
            if (!screens.isEmpty()) {
                return screens.get(0).getVisualBounds();
            }
        }
        return Screen.getPrimary().getVisualBounds();
    }

    /**
     * Once {@code w} is shown, and whenever it grows: no wider or taller than the usable area of its owner's screen
     * ({@code owner} null: its own), and moved so that all of it is inside (its title bar first).
     */
    public static void keepOnScreen(Window w, Window owner) {
        Runnable fit = () -> {
            Rectangle2D b = visualBounds(owner != null ? owner : w);
            if (w.getWidth() > b.getWidth()) {
                w.setWidth(b.getWidth());
            }
            if (w.getHeight() > b.getHeight()) {
                w.setHeight(b.getHeight());
            }
            w.setX(Math.max(b.getMinX(), Math.min(w.getX(), b.getMaxX() - w.getWidth())));
            w.setY(Math.max(b.getMinY(), Math.min(w.getY(), b.getMaxY() - w.getHeight())));
        };
        w.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> fit.run());
        w.widthProperty().addListener((o, a, b) -> {
            if (w.isShowing() && b.doubleValue() > a.doubleValue()) {
                fit.run();
            }
        });
        w.heightProperty().addListener((o, a, b) -> {
            if (w.isShowing() && b.doubleValue() > a.doubleValue()) {
                fit.run();
            }
        });
    }
}
