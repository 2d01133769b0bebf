package org.emlab.app.compute;

import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import org.emlab.core.run.Mailbox;
import org.emlab.core.run.Snapshot;

/**
 * Pulls the newest {@link Snapshot} from the compute thread's mailbox once per frame (an
 * {@link AnimationTimer}, so on the FX thread, in step with the display) and hands it to the
 * window. Snapshots published between two frames are skipped: latest wins. This is the only path
 * from the compute thread to the UI; there is no {@code Platform.runLater} per iteration.
 *
 * <p>It also measures every frame into {@link #stats()}: the interval since the previous pulse (the
 * frame duration, rendering included) and the handler's own time. The performance overlay (F12)
 * and {@code --frame-stats FILE} read them.
 */
public final class FramePump extends AnimationTimer {
    private final Mailbox<Snapshot> mailbox;
    private final Consumer<Snapshot> sink;
    private long lastFrame;
    private double frameMillis;
    private final FrameStats stats = new FrameStats();

    public FramePump(Mailbox<Snapshot> mailbox, Consumer<Snapshot> sink) {
        this.mailbox = mailbox;
        this.sink = sink;
    }

    @Override
    public void handle(long now) {
        long t0 = System.nanoTime();
        Snapshot s = mailbox.take();
        if (s != null) {
            sink.accept(s);
        }
        double work = (System.nanoTime() - t0) / 1e6;
        if (lastFrame != 0) {
            double ms = (now - lastFrame) / 1e6;
            frameMillis = frameMillis == 0 ? ms : 0.9 * frameMillis + 0.1 * ms;
            stats.record(ms, work);
        }
        lastFrame = now;
    }

    @Override
    public void stop() {
        super.stop();
        lastFrame = 0;
    }

    /** Smoothed time between frames, in milliseconds. */
    public double frameMillis() {
        return frameMillis;
    }

    /** Per-frame intervals and handler times. */
    public FrameStats stats() {
        return stats;
    }
}
