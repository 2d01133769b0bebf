package org.emlab.core.figure.render;

/**
 * The drawing operations the {@link PanelPainter} needs, so that one painter serves the window
 * (a JavaFX canvas) and every export (Java2D: PNG, SVG through JFreeSVG, PDF through pdfbox-graphics2d).
 * Coordinates are in points, y downwards. Colours are ARGB.
 */
public interface Canvas2D {
    void save();

    void restore();

    /** Intersects the clip with a rectangle (undone by {@link #restore()}). */
    void clip(double x, double y, double w, double h);

    /** Stroke colour, width and dash pattern (null for solid). */
    void setStroke(int argb, double width, double[] dash);

    void setFill(int argb);

    void strokeLine(double x1, double y1, double x2, double y2);

    void strokePolyline(double[] xs, double[] ys, int n);

    void fillPolygon(double[] xs, double[] ys, int n);

    void strokePolygon(double[] xs, double[] ys, int n);

    void fillRect(double x, double y, double w, double h);

    void strokeRect(double x, double y, double w, double h);

    void fillOval(double x, double y, double w, double h);

    void strokeOval(double x, double y, double w, double h);

    /**
     * Draws an ARGB image ({@code iw × ih}, row-major, top row first) scaled into the rectangle,
     * smoothly interpolated.
     */
    void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h);

    /** Font for the following text calls. */
    void setFont(double size, boolean bold);

    /** Advance width of {@code s} in the current font. */
    double textWidth(String s);

    /** Ascent of the current font (baseline to the top of capitals). */
    double textAscent();

    /** Text with its baseline's left end at (x, y), in the fill colour. */
    void fillText(String s, double x, double y);

    /** Text rotated by {@code degrees} (counter-clockwise negative) about (x, y), baseline-left at (x, y). */
    void fillTextRotated(String s, double x, double y, double degrees);

    /**
     * Starts a named group for the following drawing, ended by {@link #endGroup()}: an SVG
     * {@code <g id="...">} (so exported panels and layers can be found by id); nothing elsewhere.
     */
    default void beginGroup(String id) {
    }

    /** Ends the group begun last. */
    default void endGroup() {
    }
}
