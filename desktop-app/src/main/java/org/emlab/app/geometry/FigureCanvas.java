package org.emlab.app.geometry;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelPainter;

/**
 * A resizable canvas that paints one {@link Panel} with the shared {@link PanelPainter}. Used for
 * the geometry (data, means, ellipses, lines, simplex, trails) and the small lab insets. Painting
 * only reads the render-ready arrays of the panel; nothing is computed here.
 */
public final class FigureCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private Panel panel;
    private Theme theme = Theme.LIGHT;
    private double fontScale = 1.0;
    private boolean dirty = true;
    private PanelPainter.Frame lastFrame;

    public FigureCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("figure-canvas");
        setMinSize(120, 90);
        widthProperty().addListener((o, a, b) -> repaint());
        heightProperty().addListener((o, a, b) -> repaint());
    }

    /** Shows {@code p} (repaints at once). */
    public void setPanel(Panel p) {
        this.panel = p;
        repaint();
    }

    public Panel getPanel() {
        return panel;
    }

    /** Colours and text sizes. */
    public void setTheme(Theme t, double fontScale) {
        this.theme = t;
        this.fontScale = fontScale;
        repaint();
    }

    /** The theme it paints with. */
    public Theme theme() {
        return theme;
    }

    /** The font scale it paints with. */
    public double fontScale() {
        return fontScale;
    }

    /** The plot frame of the last paint, or null. */
    public PanelPainter.Frame lastFrame() {
        return lastFrame;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
        if (dirty) {
            repaint();
        }
    }

    private void repaint() {
        double w = getWidth();
        double h = getHeight();
        if (w < 2 || h < 2) {
            dirty = true;
            return;
        }
        canvas.setWidth(w);
        canvas.setHeight(h);
        FxCanvas2D g = new FxCanvas2D(canvas.getGraphicsContext2D());
        Theme t = fontScale == 1.0 ? theme : theme.scaledFonts(fontScale);
        if (panel == null) {
            g.setFill(t.background());
            g.fillRect(0, 0, w, h);
            lastFrame = null;
        } else {
            lastFrame = new PanelPainter(t).paint(panel, g, 0, 0, w, h);
        }
        dirty = false;
    }
}
