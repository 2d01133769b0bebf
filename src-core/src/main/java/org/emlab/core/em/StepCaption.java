package org.emlab.core.em;

import java.util.function.Supplier;

/**
 * The caption of an engine's last (half-)step, formatted when it is read. An engine sets one at every
 * step, while a run shows a few of them at most (the window the latest, a figure none), and formatting a
 * number ({@code String.format}, {@link org.emlab.core.text.Numbers#compact}) costs microseconds warm and
 * far more in a fresh JVM: 5–6 % of {@code animate gmm-simplex}'s main thread (docs/performance.md,
 * "Morning, 7 December 2026"). {@link #later} keeps what to format, with the numbers of that step
 * captured, and {@link #text()} formats it once.
 */
final class StepCaption {
    private String text;
    private Supplier<String> source;

    StepCaption(String text) {
        this.text = text;
    }

    /** A caption that is plain text. */
    void set(String plain) {
        text = plain;
        source = null;
    }

    /** A caption formatted when it is first read; {@code format} must capture the values it shows. */
    void later(Supplier<String> format) {
        source = format;
    }

    /** The caption, formatted now if it has not been. */
    String text() {
        if (source != null) {
            text = source.get();
            source = null;
        }
        return text;
    }
}
