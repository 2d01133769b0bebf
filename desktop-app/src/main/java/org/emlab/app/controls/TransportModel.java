package org.emlab.app.controls;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import java.util.Locale;
import org.emlab.app.timeline.TimelineModel;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;

/**
 * The view model of the transport bar: play state, iteration counter, timeline position and
 * speed. Commands go one way, to the compute thread's {@link RunLoop}; state comes back only
 * through {@link #update(Snapshot)}, once per frame.
 */
public final class TransportModel {
    /** Slider position of the unlimited speed. */
    public static final double SPEED_MAX_POSITION = 100;
    /** Default slider position (about 10 iterations per second). */
    public static final double SPEED_DEFAULT_POSITION = 33;

    private final RunLoop loop;
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final BooleanProperty halfPending = new SimpleBooleanProperty();
    private final BooleanProperty atLiveEnd = new SimpleBooleanProperty(true);
    private final StringProperty counter = new SimpleStringProperty("iter 0");
    private final StringProperty caption = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final IntegerProperty cursor = new SimpleIntegerProperty();
    private final IntegerProperty historySize = new SimpleIntegerProperty(1);
    private final DoubleProperty speedPosition = new SimpleDoubleProperty(SPEED_DEFAULT_POSITION);
    private final StringProperty speedText = new SimpleStringProperty();
    private int iteration;
    private int iterationsPerStep = 1;
    private final TimelineModel timeline;

    public TransportModel(RunLoop loop) {
        this.loop = loop;
        this.timeline = new TimelineModel(loop);
        speedPosition.addListener((o, a, b) -> applySpeed());
        applySpeed();
    }

    /** Iterations per second for a slider position in [0, 100]: 0.5 · 10^(s/25), unlimited at 100. */
    public static double speedAt(double position) {
        if (position >= SPEED_MAX_POSITION) {
            return RunLoop.MAX_SPEED;
        }
        return 0.5 * Math.pow(10, Math.max(0, position) / 25.0);
    }

    private void applySpeed() {
        double s = speedAt(speedPosition.get());
        showSpeed();
        loop.setSpeed(s);
    }

    /**
     * The speed as the counter moves: the slider sets steps per second, and a step of a lab whose counter counts
     * samples (mlr-recursive with batch b) moves it by b, so the label says b times as many iterations.
     */
    private void showSpeed() {
        double s = speedAt(speedPosition.get()) * iterationsPerStep;
        speedText.set(Double.isInfinite(s) ? "max" : s < 10 ? String.format(Locale.ROOT, "%.1f it/s", s)
                : String.format(Locale.ROOT, "%.0f it/s", s));
    }

    /** Applies the newest snapshot. */
    public void update(Snapshot s) {
        if (s.iterationsPerStep() != iterationsPerStep) {
            iterationsPerStep = Math.max(1, s.iterationsPerStep());
            showSpeed();
        }
        playing.set(s.playing());
        halfPending.set(s.halfStepPending());
        atLiveEnd.set(s.atLiveEnd());
        iteration = s.iteration();
        historySize.set(Math.max(1, s.historySize()));
        cursor.set(s.cursor());
        counter.set(s.atLiveEnd() ? "iter " + s.iteration() + (s.halfStepPending() ? " + E" : "")
                : "iter " + s.iteration() + " / " + s.liveIteration());
        caption.set(s.caption() == null ? "" : s.caption());
        status.set(s.error() != null ? "error: " + s.error() : s.status());
        timeline.update(s);
    }

    /** The timeline scrubber and "continue from a scrubbed point" (see {@link TimelineModel}). */
    public TimelineModel timeline() {
        return timeline;
    }

    /** Play/pause; from a scrubbed point it asks first (see {@link TimelineModel#togglePlay()}). */
    public void togglePlay() {
        timeline.togglePlay();
    }

    public void play() {
        loop.play();
    }

    public void pause() {
        loop.pause();
    }

    public void step() {
        loop.step();
    }

    public void halfStep() {
        timeline.halfStep();
    }

    public void stepBack() {
        loop.stepBack();
    }

    public void reset() {
        loop.reset();
    }

    /** Scrubs to a history entry (view only). */
    public void seek(int index) {
        loop.seek(index);
    }

    /** Scrubs to the latest recorded iteration at or before {@code iteration} (view only). */
    public void seekIteration(int iteration) {
        timeline.seek(iteration);
    }

    /** Faster (+1 notch of the slider). */
    public void faster() {
        speedPosition.set(Math.min(SPEED_MAX_POSITION, speedPosition.get() + 8));
    }

    /** Slower. */
    public void slower() {
        speedPosition.set(Math.max(0, speedPosition.get() - 8));
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public BooleanProperty halfPendingProperty() {
        return halfPending;
    }

    public BooleanProperty atLiveEndProperty() {
        return atLiveEnd;
    }

    public StringProperty counterProperty() {
        return counter;
    }

    public StringProperty captionProperty() {
        return caption;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public IntegerProperty cursorProperty() {
        return cursor;
    }

    public IntegerProperty historySizeProperty() {
        return historySize;
    }

    public DoubleProperty speedPositionProperty() {
        return speedPosition;
    }

    public StringProperty speedTextProperty() {
        return speedText;
    }

    public int iteration() {
        return iteration;
    }
}
