package org.emlab.core.figure;

/**
 * Semantic colour tokens and text sizes: the one source of the colours of figures (painted and
 * exported) and of the window (its stylesheets' colour tokens are generated from a theme by
 * {@code org.emlab.app.theme.Themes}). Component colours are the Okabe–Ito colour-blind-safe
 * palette, reordered so the first colours have the most contrast on both backgrounds.
 *
 * @param name        "light" or "projector"
 * @param background  canvas ARGB
 * @param foreground  text and axes ARGB
 * @param grid        grid lines ARGB
 * @param muted       secondary marks (data points, trails) and secondary text ARGB
 * @param accent      highlight ARGB
 * @param palette     component colours ARGB
 * @param fontSize    base text size in points for tick labels
 * @param titleSize   panel title size in points
 * @param lineScale   multiplier applied to every line width
 * @param panel       window panels (parameter column, bars) ARGB
 * @param border      window borders ARGB
 * @param error       error marks and banners ARGB
 */
public record Theme(String name, int background, int foreground, int grid, int muted, int accent, int[] palette,
                    double fontSize, double titleSize, double lineScale, int panel, int border, int error) {

    /** Number of distinct palette colours before they repeat (with another dash and marker). */
    public static final int PALETTE_SIZE = 7;

    /** Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow. */
    private static final int[] OKABE_ITO = {0xFF0072B2, 0xFFD55E00, 0xFF009E73, 0xFFCC79A7, 0xFFE69F00, 0xFF56B4E9,
        0xFFF0E442};

    /** Okabe–Ito hues lifted for a dark background (same order and hue, higher luminance). */
    private static final int[] OKABE_ITO_DARK = {0xFF56B4E9, 0xFFFF8C42, 0xFF2FD6A0, 0xFFE8A0C8, 0xFFF5C040,
        0xFF9AD7FF, 0xFFF0E442};

    /** Opacity of an overlay (legend, notice, tooltip) on the background. */
    public static final double OVERLAY_OPACITY = 0.86;

    /** Light theme: for screens, papers and slides with a white background. */
    public static final Theme LIGHT = new Theme("light", 0xFFFFFFFF, 0xFF1A1A1A, 0xFFE3E3E3, 0xFF6B7079, 0xFF0072B2,
            OKABE_ITO, 11, 13, 1.0, 0xFFF3F4F6, 0xFFD3D7DD, 0xFFB3261E);

    /** Projector theme: dark canvas, high contrast, large text, thick lines. */
    public static final Theme PROJECTOR = new Theme("projector", 0xFF111418, 0xFFF2F2F2, 0xFF3A3F47, 0xFFA0A6AE,
            0xFFF5C040, OKABE_ITO_DARK, 20, 24, 1.8, 0xFF1C2027, 0xFF3A3F47, 0xFFFF8A80);

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
        return new Theme(name, background, foreground, grid, muted, accent, palette, fontSize * s, titleSize * s, lineScale,
                panel, border, error);
    }

    /** This theme with line widths multiplied by {@code l} instead of its own {@link #lineScale()}. */
    public Theme withLineScale(double l) {
        return new Theme(name, background, foreground, grid, muted, accent, palette, fontSize, titleSize, l, panel, border,
                error);
    }

    /** The background at {@link #OVERLAY_OPACITY}, ARGB (behind legends and notices drawn over content). */
    public int overlay() {
        return ((int) Math.round(255 * OVERLAY_OPACITY) << 24) | (background & 0xFFFFFF);
    }

    /** {@code #RRGGBB} of an ARGB colour. */
    public static String hex(int argb) {
        return String.format("#%06X", argb & 0xFFFFFF);
    }
}
