package org.emlab.core.figure.render;

import org.emlab.core.figure.Theme;
import org.emlab.core.param.ValidationException;

/**
 * How a figure is exported: page size, theme, font scale, layout, PNG scale and an optional title.
 *
 * @param size      the page in points
 * @param theme     light (papers, bright rooms) or projector (dark, high contrast)
 * @param fontScale multiplies the light theme's text sizes (see {@link #scaledTheme()})
 * @param layout    how the panels are arranged
 * @param scale     PNG pixels per point (1, 2 or 4 typically); vector formats ignore it
 * @param title     a line above the panels, or "" for none
 */
public record ExportSpec(PageSize size, Theme theme, double fontScale, FigureComposer.Layout layout, double scale,
                         String title) {
    /** Smallest font scale. */
    public static final double MIN_FONT_SCALE = 0.25;
    /** Largest font scale. */
    public static final double MAX_FONT_SCALE = 4;
    /** Largest PNG scale (a 16:9 page at 8x is 7680 × 4320 pixels). */
    public static final double MAX_SCALE = 8;

    /**
     * Most pixels of an image drawn for export (a PNG, an animation frame): 64 million, 256 MB of
     * 32-bit pixels, e.g. a 16:9 slide at 8x (33 million) or a 7200 × 7200 pt page at 1x (52 million).
     * A larger image would exhaust the memory; {@link #checkRaster} refuses it first.
     */
    public static final long MAX_PIXELS = 64_000_000L;

    public ExportSpec {
        if (!(fontScale >= MIN_FONT_SCALE && fontScale <= MAX_FONT_SCALE)) {
            throw new ValidationException("font-scale", "font scale must be in [" + MIN_FONT_SCALE + ", " + MAX_FONT_SCALE
                    + "] (got " + fontScale + ")");
        }
        if (!(scale >= 1 && scale <= MAX_SCALE)) {
            throw new ValidationException("scale", "scale must be in [1, " + (int) MAX_SCALE + "] (got " + scale + ")");
        }
        title = title == null ? "" : title;
    }

    /** Pixels of the image drawn at this size and scale. */
    public long pixels() {
        return (long) size.pixelWidth(scale) * size.pixelHeight(scale);
    }

    /**
     * Refuses (a {@link ValidationException} naming {@code --size} and the limit) an image of more than
     * {@link #MAX_PIXELS} pixels, or more than about half of the memory this JVM may use, before any is
     * allocated.
     */
    public ExportSpec checkRaster() {
        long px = pixels();
        long heapShare = Runtime.getRuntime().maxMemory() / 2 / 4;
        long limit = Math.min(MAX_PIXELS, Math.max(1_000_000L, heapShare));
        if (px > limit) {
            throw new ValidationException("size", "an image of " + size.pixelWidth(scale) + " × " + size.pixelHeight(scale)
                    + " pixels (" + megapixels(px) + " megapixels) is more than the limit of " + megapixels(limit)
                    + " megapixels" + (limit < MAX_PIXELS ? " this memory allows" : "") + "; choose a smaller --size or --scale");
        }
        return this;
    }

    private static String megapixels(long px) {
        double m = px / 1e6;
        return m >= 10 ? Long.toString(Math.round(m)) : String.format(java.util.Locale.ROOT, "%.1f", m);
    }

    /** Light theme, the page's own font scale, automatic layout, 1x, no title. */
    public static ExportSpec of(PageSize size) {
        return new ExportSpec(size, Theme.LIGHT, size.defaultFontScale(), FigureComposer.Layout.AUTO, 1, "");
    }

    /**
     * The theme to draw with: text sizes are the light theme's (11 pt ticks) times the font scale,
     * whatever the theme (the projector theme's larger window text is for the window, while a page
     * preset already sizes text for its use), and lines get thinner with a font scale below 1 (small
     * journal figures) while keeping the theme's own thickness otherwise.
     */
    public Theme scaledTheme() {
        Theme t = theme.scaledFonts(fontScale * Theme.LIGHT.fontSize() / theme.fontSize());
        return t.withLineScale(t.lineScale() * Math.min(1, fontScale));
    }

    public ExportSpec withTheme(Theme t) {
        return new ExportSpec(size, t, fontScale, layout, scale, title);
    }

    public ExportSpec withScale(double s) {
        return new ExportSpec(size, theme, fontScale, layout, s, title);
    }

    public ExportSpec withFontScale(double f) {
        return new ExportSpec(size, theme, f, layout, scale, title);
    }

    public ExportSpec withLayout(FigureComposer.Layout l) {
        return new ExportSpec(size, theme, fontScale, l, scale, title);
    }

    public ExportSpec withTitle(String t) {
        return new ExportSpec(size, theme, fontScale, layout, scale, t);
    }
}
