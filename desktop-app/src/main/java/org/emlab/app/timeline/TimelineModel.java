package org.emlab.app.timeline;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;

/**
 * The view model of the timeline scrubber and of playing from a scrubbed point.
 *
 * <p>The scrubber's range is [first, live] recorded iteration and its value the iteration shown;
 * moving it seeks the compute thread to the latest recorded iteration at or before the value
 * (view only: the live end is kept). So that dragging never fights the snapshots still arriving
 * for earlier positions, snapshots do not move the value while the user drags, nor after a seek
 * until a snapshot published after the compute thread ran that seek arrives (its
 * {@link Snapshot#commandsDone()} reaches the seek's ticket); from then on the value follows the
 * snapshots again, whatever they show (a later step, or the nearest point a bounded history holds).
 *
 * <p>Play (and a half-step) from a scrubbed point asks first ("Continue from iteration 12 and
 * discard iterations 13–80?"): continue from here (the future is discarded and recomputed), resume
 * at the live end, or cancel. Without a {@link Prompt} it resumes at the live end.
 */
public final class TimelineModel {
    /** The user's answer when playing from a scrubbed point. */
    public enum Choice {
        /** Continue from the shown iteration and discard the iterations after it. */
        CONTINUE_HERE,
        /** Jump to the live end and continue there (nothing is discarded). */
        RESUME_AT_LIVE_END,
        /** Do nothing. */
        CANCEL
    }

    /** Asks the user what to do; {@code shown} is the iteration shown, {@code live} the latest computed. */
    @FunctionalInterface
    public interface Prompt {
        Choice ask(int shown, int live);
    }

    private final RunLoop loop;
    private final DoubleProperty min = new SimpleDoubleProperty(0);
    private final DoubleProperty max = new SimpleDoubleProperty(1);
    private final DoubleProperty value = new SimpleDoubleProperty(0);
    private final BooleanProperty dragging = new SimpleBooleanProperty();
    private final IntegerProperty shown = new SimpleIntegerProperty();
    private final IntegerProperty live = new SimpleIntegerProperty();
    private final BooleanProperty atLiveEnd = new SimpleBooleanProperty(true);
    private boolean playing;
    private long runId = -1;
    /** The ticket of the last seek not yet shown by a snapshot, or -1. */
    private long pendingSeek = -1;
    private Prompt prompt = (s, l) -> Choice.RESUME_AT_LIVE_END;

    public TimelineModel(RunLoop loop) {
        this.loop = loop;
    }

    /** Who to ask when playing from a scrubbed point (the window installs a dialog). */
    public void setPrompt(Prompt p) {
        this.prompt = p;
    }

    /** The text of the question. */
    public static String question(int shown, int live) {
        if (live == shown + 1) {
            return "Continue from iteration " + shown + " and discard iteration " + live + "?";
        }
        return "Continue from iteration " + shown + " and discard iterations " + (shown + 1) + "–" + live + "?";
    }

    /** Applies the newest snapshot. */
    public void update(Snapshot s) {
        if (s.runId() != runId) {
            runId = s.runId();
            pendingSeek = -1;
        }
        playing = s.playing();
        shown.set(s.iteration());
        live.set(s.liveIteration());
        atLiveEnd.set(s.atLiveEnd());
        min.set(s.firstIteration());
        max.set(Math.max(s.firstIteration() + 1, s.liveIteration()));
        if (pendingSeek >= 0 && s.commandsDone() >= pendingSeek) {
            pendingSeek = -1;
        }
        if (!dragging.get() && pendingSeek < 0) {
            value.set(s.iteration());
        }
    }

    /** The user moved the scrubber to {@code iteration}. */
    public void seek(double iteration) {
        int it = (int) Math.round(iteration);
        value.set(it);
        pendingSeek = loop.seekIteration(it);
    }

    /** Play/pause, asking first when a scrubbed point would discard the future. */
    public void togglePlay() {
        if (playing || atLiveEnd.get()) {
            loop.togglePlay();
            return;
        }
        switch (prompt.ask(shown.get(), live.get())) {
            case CONTINUE_HERE -> loop.resumeFromCursor(true);
            case RESUME_AT_LIVE_END -> {
                loop.seekLiveEnd();
                loop.play();
            }
            default -> {
            }
        }
    }

    /** A half-step (E or M), asking first at a scrubbed point. */
    public void halfStep() {
        if (atLiveEnd.get()) {
            loop.halfStep();
            return;
        }
        switch (prompt.ask(shown.get(), live.get())) {
            case CONTINUE_HERE -> {
                loop.resumeFromCursor(false);
                loop.halfStep();
            }
            case RESUME_AT_LIVE_END -> {
                loop.seekLiveEnd();
                loop.halfStep();
            }
            default -> {
            }
        }
    }

    public DoubleProperty minProperty() {
        return min;
    }

    public DoubleProperty maxProperty() {
        return max;
    }

    /** The iteration under the scrubber's thumb. */
    public DoubleProperty valueProperty() {
        return value;
    }

    /** True while the user holds the thumb. */
    public BooleanProperty draggingProperty() {
        return dragging;
    }

    public IntegerProperty shownProperty() {
        return shown;
    }

    public IntegerProperty liveProperty() {
        return live;
    }

    public BooleanProperty atLiveEndProperty() {
        return atLiveEnd;
    }
}
