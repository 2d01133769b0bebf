package org.emlab.core.figure.render;

import java.nio.file.Path;
import java.util.Locale;
import org.emlab.core.param.ValidationException;

/** File formats of exported figures. */
public enum FigureFormat {
    /** Raster image, rendered at 1x, 2x or 4x (not upscaled). */
    PNG("png", "PNG image"),
    /** Vector drawing (JFreeSVG); text as glyph outlines of the shipped font. */
    SVG("svg", "SVG vector drawing"),
    /** Vector document, one page (pdfbox), fonts embedded. */
    PDF("pdf", "PDF vector document");

    private final String extension;
    private final String label;

    FigureFormat(String extension, String label) {
        this.extension = extension;
        this.label = label;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }

    public String label() {
        return label;
    }

    /** The format called {@code text} (png, svg, pdf; case-insensitive). */
    public static FigureFormat parse(String text) {
        for (FigureFormat f : values()) {
            if (f.extension.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return f;
            }
        }
        throw new ValidationException("format", "format must be png, svg or pdf (got \"" + text + "\")");
    }

    /** The format of a file name's extension, or null when it has none of png, svg, pdf. */
    public static FigureFormat ofFile(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (FigureFormat f : values()) {
            if (n.endsWith("." + f.extension)) {
                return f;
            }
        }
        return null;
    }
}
