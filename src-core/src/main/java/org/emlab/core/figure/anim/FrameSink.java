package org.emlab.core.figure.anim;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Where the frames of an animation go, in order: a video, a GIF or a folder of PNGs. */
public interface FrameSink {
    /**
     * Takes frame {@code index} (0-based), showing {@code iteration}. The caller never draws on an image once it
     * has handed it over: a frame that repeats the previous one may be the same image object.
     */
    void frame(int index, int iteration, BufferedImage image) throws IOException;

    /** Completes the output after the last frame (writes the file); nothing is written before. */
    void finish() throws IOException;

    /**
     * {@link #finish()}, for a sink that may still have much to do then (a video's queued pictures): it looks at
     * {@code cancelled} while it works and throws a {@link java.util.concurrent.CancellationException} (writing
     * nothing) when it turns true. By default the same as {@link #finish()}.
     */
    default void finish(java.util.function.BooleanSupplier cancelled) throws IOException {
        finish();
    }

    /**
     * How many threads should draw the frames for this sink when the machine has two or more
     * processors: 2 by default; a sink whose encoder keeps a core busy on a thread of its own (H.264)
     * is best fed by one, which leaves that core to the encoder.
     */
    default int drawingThreads() {
        return 2;
    }

    /**
     * The animation ends without {@link #finish()} (it was cancelled, or failed): stops whatever work the sink
     * still has on threads of its own (nothing is written either way). Does nothing by default.
     */
    default void abandon() {
    }
}
