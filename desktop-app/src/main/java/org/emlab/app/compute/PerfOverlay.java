package org.emlab.app.compute;

import javafx.animation.AnimationTimer;
import javafx.scene.control.Label;

/**
 * The performance overlay (F12): frames per second and the frame time (median and max of the
 * frame intervals over the last second), plus the pulse handler's own time, in a one-line label in
 * the top-right corner of the window. It reads {@link FrameStats} of the {@link FramePump}; its text changes at most
 * {@link #UPDATES_PER_SECOND} times a second, and nothing runs while it is hidden.
 */
public final class PerfOverlay extends Label {
    /** Text refreshes per second while shown. */
    public static final int UPDATES_PER_SECOND = 4;
    /** The trailing span the numbers summarise, in milliseconds. */
    public static final double SPAN_MS = 1000;
    private static final long UPDATE_NANOS = 1_000_000_000L / UPDATES_PER_SECOND;

    private final FrameStats stats;
    private long lastUpdate;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (now - lastUpdate >= UPDATE_NANOS) {
                lastUpdate = now;
                double[][] r = stats.recent(SPAN_MS);
                setText(FrameStats.overlayText(r[0], r[1]));
            }
        }
    };

    public PerfOverlay(FrameStats stats) {
        this.stats = stats;
        setId("perf-overlay");
        getStyleClass().add("perf-overlay");
        setMouseTransparent(true);
        setFocusTraversable(false);
        setVisible(false);
        setManaged(false);
        setText(FrameStats.overlayText(new double[0], new double[0]));
    }

    /** Shows or hides the overlay. */
    public void toggle() {
        setShown(!isVisible());
    }

    /** Shows ({@code true}) or hides the overlay. */
    public void setShown(boolean shown) {
        setVisible(shown);
        setManaged(shown);
        if (shown) {
            lastUpdate = 0;
            timer.start();
        } else {
            timer.stop();
        }
    }
}
