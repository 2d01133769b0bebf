package org.emlab.core.figure.anim;

import java.util.Locale;

/** What an animation is written as, chosen by the target's name. */
public enum AnimationFormat {
    /** H.264 video in an MP4 file ({@link Mp4Writer}). */
    MP4("mp4", "MP4 video (H.264)"),
    /** A looping GIF ({@link GifWriter}). */
    GIF("gif", "GIF animation (loops)"),
    /** A folder of numbered PNGs and a LaTeX snippet ({@link FrameFolder}). */
    FRAMES("", "PNG frames + LaTeX (folder)");

    private final String extension;
    private final String label;

    AnimationFormat(String extension, String label) {
        this.extension = extension;
        this.label = label;
    }

    /** The file extension without the dot, "" for a folder. */
    public String extension() {
        return extension;
    }

    public String label() {
        return label;
    }

    /**
     * Bytes an animation of {@code frames} frames of {@code w × h} pixels keeps in memory until it is
     * written, estimated generously: PNG frames and GIF frames (deflated) of charts take about 0.25 byte a
     * pixel, an H.264 stream about 0.05.
     */
    public long estimatedBytes(int frames, int w, int h) {
        double perPixel = this == MP4 ? 0.05 : 0.25;
        return (long) (frames * (double) w * h * perPixel) + 2L * w * h * 4;
    }

    /**
     * Refuses (a {@link org.emlab.core.param.ValidationException} naming {@code --duration}) an animation
     * that would not fit in memory while it is written: more than half of what this JVM may use, at most
     * 1 GB.
     */
    public void checkMemory(int frames, int w, int h) {
        long need = estimatedBytes(frames, w, h);
        long limit = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
        if (need > limit) {
            throw new org.emlab.core.param.ValidationException("duration", "an animation of " + frames + " frames of " + w
                    + " × " + h + " pixels would take about " + (need >> 20) + " MB of memory while it is written, more "
                    + "than the limit of " + (limit >> 20) + " MB; give fewer frames (--fps, --duration), a smaller "
                    + "--size or --scale, or write an .mp4");
        }
    }

    /**
     * The format of a target as the user typed it: {@code .mp4}, {@code .gif}, or a folder (a path ending
     * in a slash, or {@code isFolder}: an existing folder); null for anything else.
     */
    public static AnimationFormat of(String target, boolean isFolder) {
        String t = target == null ? "" : target.strip();
        if (t.endsWith("/") || t.endsWith(java.io.File.separator) || isFolder) {
            return FRAMES;
        }
        String low = t.toLowerCase(Locale.ROOT);
        if (low.endsWith(".mp4")) {
            return MP4;
        }
        if (low.endsWith(".gif")) {
            return GIF;
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
