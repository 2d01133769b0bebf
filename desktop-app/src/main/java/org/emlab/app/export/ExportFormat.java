package org.emlab.app.export;

import org.emlab.core.figure.render.FigureFormat;

/** What the export dialog can write. */
public enum ExportFormat {
    PNG("PNG image", "png", FigureFormat.PNG),
    SVG("SVG vector drawing", "svg", FigureFormat.SVG),
    PDF("PDF vector document", "pdf", FigureFormat.PDF),
    CSV_CURVES("CSV of the curves (panel, series, x, y)", "csv", null),
    CSV_ITERATES("CSV of every iterate (iter, metrics, parameters)", "csv", null);

    private final String label;
    private final String extension;
    private final FigureFormat figure;

    ExportFormat(String label, String extension, FigureFormat figure) {
        this.label = label;
        this.extension = extension;
        this.figure = figure;
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
