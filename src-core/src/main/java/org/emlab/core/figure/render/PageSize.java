package org.emlab.core.figure.render;

import java.util.List;
import java.util.Locale;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.NumberSyntax;

/**
 * The page of an exported figure, in points (1/72 inch). A PNG at scale 1 has one pixel per point,
 * so scale 4 is 288 dpi. Each preset carries the font scale that makes its text readable at its
 * use: large on slides (read from the back row), journal-sized (about 8 pt) in a paper column.
 *
 * @param id               what {@code --size} takes: {@code 16:9}, {@code 4:3}, {@code column},
 *                         {@code double}, or {@code WxH}
 * @param label            for menus
 * @param width            in points
 * @param height           in points
 * @param defaultFontScale multiplies the theme's text sizes
 */
public record PageSize(String id, String label, double width, double height, double defaultFontScale) {
    /** Widescreen slide, 13.33 × 7.5 in (PowerPoint's and Beamer's 16:9 page at 72 pt per inch). */
    public static final PageSize SLIDE_16_9 = new PageSize("16:9", "16:9 slide (960 × 540 pt)", 960, 540, 1.4);
    /** Classic slide, 10 × 7.5 in. */
    public static final PageSize SLIDE_4_3 = new PageSize("4:3", "4:3 slide (720 × 540 pt)", 720, 540, 1.3);
    /** One journal column, 3.5 in wide. */
    public static final PageSize COLUMN = new PageSize("column", "single journal column (3.5 × 2.6 in)", 252, 189, 0.72);
    /** A full page width of a two-column journal, 7 in wide. */
    public static final PageSize DOUBLE = new PageSize("double", "double journal column (7 × 3.5 in)", 504, 252, 0.8);
    /** Every preset, in menu order. */
    public static final List<PageSize> PRESETS = List.of(SLIDE_16_9, SLIDE_4_3, COLUMN, DOUBLE);
    /** Smallest custom side, in points. */
    public static final double MIN_SIDE = 72;
    /** Largest custom side, in points (100 in). */
    public static final double MAX_SIDE = 7200;

    public PageSize {
        if (!(width >= MIN_SIDE && width <= MAX_SIDE && height >= MIN_SIDE && height <= MAX_SIDE)) {
            throw new ValidationException("size", "size must be between " + (int) MIN_SIDE + " and " + (int) MAX_SIDE
                    + " points on each side (got " + fmt(width) + " × " + fmt(height) + ")");
        }
    }

    /** A custom page of {@code w × h} points with font scale 1. */
    public static PageSize custom(double w, double h) {
        return new PageSize(fmt(w) + "x" + fmt(h), fmt(w) + " × " + fmt(h) + " pt", w, h, 1.0);
    }

    /**
     * The size named {@code text}: a preset id or {@code WxH} in points (for example {@code 800x600}),
     * each side in {@link NumberSyntax}.
     */
    public static PageSize parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (PageSize p : PRESETS) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        String[] parts = s.split("[x×]", -1);
        if (parts.length == 2) {
            try {
                // the one number syntax: "1dx100" or "0x10x100" are not sizes (Double.parseDouble reads "1d" as 1)
                return custom(NumberSyntax.parseFinite(parts[0]), NumberSyntax.parseFinite(parts[1]));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new ValidationException("size", "size must be 16:9, 4:3, column, double or WxH in points such as 800x600"
                + " (got " + org.emlab.core.text.Snippet.quoted(text) + ")");
    }

    /** Pixel width of a PNG at {@code scale}. */
    public int pixelWidth(double scale) {
        return (int) Math.round(width * scale);
    }

    /** Pixel height of a PNG at {@code scale}. */
    public int pixelHeight(double scale) {
        return (int) Math.round(height * scale);
    }

    private static String fmt(double v) {
        return org.emlab.core.text.Numbers.exact(v);
    }
}
