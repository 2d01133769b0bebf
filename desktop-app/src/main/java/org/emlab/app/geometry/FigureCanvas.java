package org.emlab.app.geometry;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelPainter;

/**
 * A resizable canvas that paints one {@link Panel} with the shared {@link PanelPainter}. Used for
 * the geometry (data, means, ellipses, lines, simplex, trails) and the small lab insets. Painting
 * only reads the render-ready arrays of the panel; nothing is computed here.
 *
 * <p>It can show a zoomed or panned part of the panel ({@link #zoomProperty()}: the panel's ranges
 * replaced, never the panel itself), and it carries an overlay for direct manipulation: a second,
 * transparent canvas on top ({@link #overlay()}) that is cleared and redrawn without repainting the
 * panel, and nodes (a read-out, a tool palette) laid over it.
 */
public final class FigureCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private final Canvas overlay = new Canvas();
    private final ObjectProperty<ViewZoom> zoom = new SimpleObjectProperty<>();
    private Panel panel;
    private Theme theme = Theme.LIGHT;
    private double fontScale = 1.0;
    private boolean dirty = true;
    private PanelPainter.Frame lastFrame;
    private Runnable onPainted = () -> { };

    public FigureCanvas() {
        overlay.setMouseTransparent(true);
        getChildren().addAll(canvas, overlay);
        getStyleClass().add("figure-canvas");
        setMinSize(120, 90);
        widthProperty().addListener((o, a, b) -> repaint());
        heightProperty().addListener((o, a, b) -> repaint());
        zoom.addListener((o, a, b) -> repaint());
    }

    /** Shows {@code p} (repaints at once). */
    public void setPanel(Panel p) {
        this.panel = p;
        repaint();
    }

    public Panel getPanel() {
        return panel;
    }

    /** The panel as it is painted: with the zoomed ranges when the user zoomed or panned. */
    public Panel shownPanel() {
        ViewZoom z = zoom.get();
        return panel == null || z == null ? panel : z.apply(panel);
    }

    /** The zoomed or panned range shown, or null for the panel's own ranges ("fit"). */
    public ObjectProperty<ViewZoom> zoomProperty() {
        return zoom;
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

    /** The transparent canvas over the panel (handles, previews); cleared by whoever draws on it. */
    public GraphicsContext overlay() {
        return overlay.getGraphicsContext2D();
    }

    /** Called after every paint of the panel (the frame may have changed: redraw the overlay). */
    public void setOnPainted(Runnable r) {
        onPainted = r == null ? () -> { } : r;
    }

    /** Lays {@code n} over the panel; it keeps the position and size it is given (it is not laid out). */
    public void addOverlayNode(Node n) {
        n.setManaged(false);
        getChildren().add(n);
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
        if (overlay.getWidth() != w || overlay.getHeight() != h) {
            overlay.setWidth(w);
            overlay.setHeight(h);
        }
        if (dirty) {
            repaint();
        }
    }

    /** Paints the panel again (after the theme, the size, the panel or the zoom changed). */
    public void repaint() {
        double w = getWidth();
        double h = getHeight();
        if (w < 2 || h < 2) {
            dirty = true;
            return;
        }
        canvas.setWidth(w);
        canvas.setHeight(h);
        overlay.setWidth(w);
        overlay.setHeight(h);
        FxCanvas2D g = new FxCanvas2D(canvas.getGraphicsContext2D());
        Theme t = fontScale == 1.0 ? theme : theme.scaledFonts(fontScale);
        if (panel == null) {
            g.setFill(t.background());
            g.fillRect(0, 0, w, h);
            lastFrame = null;
        } else {
            lastFrame = new PanelPainter(t).paint(shownPanel(), g, 0, 0, w, h);
        }
        dirty = false;
        onPainted.run();
    }
}
