package org.emlab.app.export;

import org.emlab.core.figure.anim.AnimationFormat;
import org.emlab.core.figure.render.FigureFormat;

/** What the export dialog can write. */
public enum ExportFormat {
    PNG("PNG image", "png", FigureFormat.PNG),
    SVG("SVG vector drawing", "svg", FigureFormat.SVG),
    PDF("PDF vector document", "pdf", FigureFormat.PDF),
    CSV_CURVES("CSV of the curves (panel, series, x, y)", "csv", null),
    CSV_ITERATES("CSV of every iterate (iter, metrics, parameters)", "csv", null),
    MP4("Animation: MP4 video (H.264)", "mp4", null, AnimationFormat.MP4),
    GIF("Animation: GIF (loops)", "gif", null, AnimationFormat.GIF),
    FRAMES("Animation: PNG frames + LaTeX (a folder)", "", null, AnimationFormat.FRAMES);

    private final String label;
    private final String extension;
    private final FigureFormat figure;
    private final AnimationFormat animation;

    ExportFormat(String label, String extension, FigureFormat figure) {
        this(label, extension, figure, null);
    }

    ExportFormat(String label, String extension, FigureFormat figure, AnimationFormat animation) {
        this.label = label;
        this.extension = extension;
        this.figure = figure;
        this.animation = animation;
    }

    /** The animation format, or null for figures and CSVs. */
    public AnimationFormat animation() {
        return animation;
    }

    /** True for MP4, GIF and PNG frames. */
    public boolean isAnimation() {
        return animation != null;
    }

    public String label() {
        return label;
    }

    public String extension() {
        return extension;
    }

    /** The figure format, or null for the CSV exports. */
    public FigureFormat figure() {
        return figure;
    }

    /** True for PNG, SVG and PDF. */
    public boolean isFigure() {
        return figure != null;
    }

    @Override
    public String toString() {
        return label;
    }
}
