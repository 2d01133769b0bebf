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
