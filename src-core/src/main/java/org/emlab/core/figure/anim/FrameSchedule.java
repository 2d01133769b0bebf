package org.emlab.core.figure.anim;

import java.util.Arrays;
import java.util.Locale;
import org.emlab.core.param.ValidationException;

/**
 * Which iteration each frame of an animation shows: {@code frames} frames from iteration
 * {@code from} to {@code to}, spaced in iterations on a log scale (the default: early EM moves
 * fast, so early iterations get more frames) or a linear one, then {@code hold} more frames that
 * stay on {@code to}. The iterations never decrease, start at {@code from} and reach {@code to};
 * on a log scale an early iteration may be shown by several frames in a row (a slow start), and
 * the frame count is always exactly what was asked.
 *
 * <p>Log spacing: frame {@code i} of the {@code m} moving frames shows
 * {@code from + round((to − from + 1)^(i/(m−1)) − 1)}, evenly spaced in {@code log(1 + t − from)}.
 * Linear: {@code from + round(i (to − from)/(m − 1))}.
 *
 * @param iterations the iteration of each frame, in order
 */
public record FrameSchedule(int[] iterations) {
    /** Most frames of one animation (a minute at 60 fps is 3600). */
    public static final int MAX_FRAMES = 10_000;

    /** How frames are spaced in iterations. */
    public enum Spacing {
        LOG, LINEAR;

        /** The spacing called {@code text}: log or linear (case-insensitive). */
        public static Spacing parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            for (Spacing s : values()) {
                if (s.id().equals(t)) {
                    return s;
                }
            }
            throw new ValidationException("spacing", "--spacing must be log or linear (got "
                    + org.emlab.core.text.Snippet.quoted(text) + ")");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FrameSchedule {
        iterations = iterations.clone();
    }

    /**
     * The schedule of {@code frames} frames from {@code from} to {@code to}, the last {@code hold} of
     * them (fewer when the frames are few: at least one frame moves) showing {@code to}.
     */
    public static FrameSchedule of(int from, int to, int frames, Spacing spacing, int hold) {
        if (from < 0 || to < from) {
            throw new ValidationException("from", "the frames must go from an iteration to a later or equal one (got "
                    + from + " to " + to + ")");
        }
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new ValidationException("frames", "an animation has 1 to " + MAX_FRAMES + " frames (got " + frames
                    + "); change --fps or --duration");
        }
        int held = Math.max(0, Math.min(hold, frames - 2));
        int moving = frames - held;
        int[] it = new int[frames];
        double span = to - from;
        for (int i = 0; i < moving; i++) {
            double u = moving == 1 ? 1 : i / (double) (moving - 1);
            double off = spacing == Spacing.LOG ? Math.pow(span + 1, u) - 1 : u * span;
            it[i] = from + (int) Math.min(span, Math.max(0, Math.round(off)));
        }
        it[0] = moving == 1 ? to : from;
        it[moving - 1] = to;
        for (int i = 1; i < moving; i++) {
            it[i] = Math.max(it[i], it[i - 1]);
        }
        Arrays.fill(it, moving, frames, to);
        return new FrameSchedule(it);
    }

    /** Number of frames. */
    public int frames() {
        return iterations.length;
    }

    /** The iteration of frame {@code i}. */
    public int iteration(int i) {
        return iterations[i];
    }

    /** The first iteration shown. */
    public int first() {
        return iterations[0];
    }

    /** The last iteration shown. */
    public int last() {
        return iterations[iterations.length - 1];
    }

    /** The distinct iterations, increasing. */
    public int[] distinct() {
        return Arrays.stream(iterations).distinct().toArray();
    }

    @Override
    public int[] iterations() {
        return iterations.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameSchedule f && Arrays.equals(iterations, f.iterations);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(iterations);
    }

    @Override
    public String toString() {
        return "FrameSchedule" + Arrays.toString(iterations);
    }
}
