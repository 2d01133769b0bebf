package org.emlab.core.figure;

/**
 * Semantic colour tokens and text sizes for drawing figures (the same tokens as the
 * stylesheets in {@code assets/styles}). Component colours are the Okabe–Ito colour-blind-safe
 * palette, reordered so the first colours have the most contrast on both backgrounds.
 *
 * @param name        "light" or "projector"
 * @param background  canvas ARGB
 * @param foreground  text and axes ARGB
 * @param grid        grid lines ARGB
 * @param muted       secondary marks (data points, trails) ARGB
 * @param accent      highlight ARGB
 * @param palette     component colours ARGB
 * @param fontSize    base text size in points for tick labels
 * @param titleSize   panel title size in points
 * @param lineScale   multiplier applied to every line width
 */
public record Theme(String name, int background, int foreground, int grid, int muted, int accent, int[] palette,
                    double fontSize, double titleSize, double lineScale) {

    /** Number of distinct palette colours before they repeat (with another dash and marker). */
    public static final int PALETTE_SIZE = 7;

    /** Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow. */
    private static final int[] OKABE_ITO = {0xFF0072B2, 0xFFD55E00, 0xFF009E73, 0xFFCC79A7, 0xFFE69F00, 0xFF56B4E9,
        0xFFF0E442};

    /** Okabe–Ito hues lifted for a dark background (same order and hue, higher luminance). */
    private static final int[] OKABE_ITO_DARK = {0xFF56B4E9, 0xFFFF8C42, 0xFF2FD6A0, 0xFFE8A0C8, 0xFFF5C040,
        0xFF9AD7FF, 0xFFF0E442};

    /** Light theme: for screens, papers and slides with a white background. */
    public static final Theme LIGHT = new Theme("light", 0xFFFFFFFF, 0xFF1A1A1A, 0xFFE3E3E3, 0xFF8A8A8A, 0xFF0072B2,
            OKABE_ITO, 11, 13, 1.0);

    /** Projector theme: dark canvas, high contrast, large text, thick lines. */
    public static final Theme PROJECTOR = new Theme("projector", 0xFF111418, 0xFFF2F2F2, 0xFF3A3F47, 0xFFA0A6AE,
            0xFFF5C040, OKABE_ITO_DARK, 20, 24, 1.8);

    /** The theme names, exactly as the CLI, sessions and the window spell them. */
    public static final java.util.List<String> NAMES = java.util.List.of("light", "projector");

    /**
     * The theme called exactly {@code name}: "light" or "projector" (no aliases, no other spelling; the
     * CLI's {@code --theme}, sessions and the export dialog all go through here).
     */
    public static Theme named(String name) {
        if ("projector".equals(name)) {
            return PROJECTOR;
        }
        if ("light".equals(name)) {
            return LIGHT;
        }
        throw new IllegalArgumentException("theme must be one of " + String.join(", ", NAMES) + " (got "
                + org.emlab.core.text.Snippet.quoted(name == null ? "" : name) + ")");
    }

    /** The ARGB colour of an {@link Ink} colour token. */
    public int color(int token) {
        if (token >= 0) {
            return palette[token % PALETTE_SIZE];
        }
        return switch (token) {
            case Ink.MUTED -> muted;
            case Ink.ACCENT -> accent;
            default -> foreground;
        };
    }

    /** This theme with every text size multiplied by {@code s}. */
    public Theme scaledFonts(double s) {
        return new Theme(name, background, foreground, grid, muted, accent, palette, fontSize * s, titleSize * s, lineScale);
    }

    /** {@code #RRGGBB} of an ARGB colour. */
    public static String hex(int argb) {
        return String.format("#%06X", argb & 0xFFFFFF);
    }
}
