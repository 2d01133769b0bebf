package org.emlab.core.figure.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The fonts every exported figure is drawn with: DejaVu Sans and DejaVu Sans Bold, shipped with EM
 * Lab (subsets of DejaVu Sans 2.37 in {@code org/emlab/core/figure/fonts}, with their licence), not
 * looked up among the installed fonts. So a PNG, an SVG (text drawn as glyph outlines) and a PDF
 * (the font embedded as a subset) look the same on every machine, and text is measured the same way
 * for every format ({@link #CONTEXT}: antialiased, fractional metrics, no transform).
 *
 * <p>A character the shipped fonts lack (a CSV header in Chinese, say) is drawn from the logical
 * {@code SansSerif} font instead (see {@link Java2DCanvas}), as outlines in vector formats.
 */
public final class FigureFonts {
    /** The family name of the shipped fonts. */
    public static final String FAMILY = "DejaVu Sans";
    /** Where the font files are, on the class path. */
    static final String FOLDER = "/org/emlab/core/figure/fonts/";
    /** The regular font's file. */
    static final String REGULAR_FILE = "DejaVuSans.ttf";
    /** The bold font's file. */
    static final String BOLD_FILE = "DejaVuSans-Bold.ttf";
    /** The context text is measured and outlined in, for every format. */
    public static final FontRenderContext CONTEXT = new FontRenderContext(new AffineTransform(), true, true);

    private static final Font REGULAR = load(REGULAR_FILE);
    private static final Font BOLD = load(BOLD_FILE);

    private FigureFonts() {
    }

    /** The shipped font at 1 pt. */
    public static Font font(boolean bold) {
        return bold ? BOLD : REGULAR;
    }

    /** The shipped font at {@code size} points. */
    public static Font font(double size, boolean bold) {
        return font(bold).deriveFont((float) size);
    }

    /** The font file's bytes (a TrueType file), for embedding. */
    public static InputStream open(boolean bold) {
        String name = FOLDER + (bold ? BOLD_FILE : REGULAR_FILE);
        InputStream in = FigureFonts.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the figure font " + name + " is missing from the class path");
        }
        return in;
    }

    private static Font load(String file) {
        try (InputStream in = FigureFonts.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("the figure font " + FOLDER + file + " is missing from the class path");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the figure font " + file, e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the figure font " + file + " is damaged", e);
        }
    }
}
