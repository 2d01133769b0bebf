package org.emlab.app.manipulate;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Cursor;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.app.geometry.ViewZoom;
import org.emlab.core.data.DataTable;
import org.emlab.core.figure.Handle;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.PanelPainter;
import org.emlab.core.text.Numbers;

/**
 * The mouse on one {@link FigureCanvas} (the geometry, B's geometry, an inset with handles): hover
 * read-outs, dragging handles (a preview on the canvas's overlay, the drop sent to the session), the
 * wheel's zoom and the pan of a drag on empty space, and the strokes of the paint tools. It computes
 * nothing beyond the preview: the drop is mapped to parameters or a state by the compute thread.
 */
final class CanvasInteraction {
    /** A handle is hit within this many pixels. */
    static final double HIT = 12;
    /** A data point or a named line is hovered within this many pixels. */
    static final double HOVER = 6;
    /** A press that moves less than this is a click, not a drag. */
    static final double CLICK = 3;
    /** A spray adds points after the pointer moved this many pixels. */
    static final double SPRAY_STEP = 7;
    /** Points a spray adds at each step. */
    static final int SPRAY_POINTS = 3;
    /** Zoom per notch of the wheel (40 units of scroll). */
    static final double WHEEL_ZOOM = 1.2;

    private final FigureCanvas canvas;
    private final DirectManipulation owner;
    private final Label readout = new Label();

    private Handle hovered;
    private Handle dragged;
    private boolean dragCurrent;
    private boolean moved;
    private double pressX;
    private double pressY;
    private double mouseX = Double.NaN;
    private double mouseY = Double.NaN;
    private boolean panning;
    private ViewZoom panStart;
    private PanelPainter.Frame panFrame;
    // a paint stroke
    private boolean stroking;
    private final List<double[]> strokePoints = new ArrayList<>();
    private DataTable erasing;
    private int erased;
    private double lastSprayX;
    private double lastSprayY;
    private java.util.random.RandomGenerator strokeRandom;

    CanvasInteraction(FigureCanvas canvas, DirectManipulation owner) {
        this.canvas = canvas;
        this.owner = owner;
        readout.getStyleClass().add("geometry-readout");
        readout.setMouseTransparent(true);
        readout.setVisible(false);
        readout.setWrapText(false);
        canvas.addOverlayNode(readout);
        canvas.setOnPainted(this::redraw);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouseX = Double.NaN;
            hovered = null;
            showReadout("", 0, 0);
            canvas.setCursor(Cursor.DEFAULT);
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    }

    FigureCanvas canvas() {
        return canvas;
    }

    // ---- geometry of the frame -------------------------------------------------------------------

    private PanelPainter.Frame frame() {
        return canvas.lastFrame();
    }

    private static boolean inside(PanelPainter.Frame f, double sx, double sy) {
        return f != null && sx >= f.px() && sx <= f.px() + f.pw() && sy >= f.py() && sy <= f.py() + f.ph();
    }

    /** The handle within {@link #HIT} pixels of (sx, sy), nearest first; the later one of two as near (drawn on top). */
    Handle handleAt(double sx, double sy) {
        Panel p = canvas.getPanel();
        PanelPainter.Frame f = frame();
        if (p == null || f == null || !owner.handlesOn()) {
            return null;
        }
        Handle best = null;
        double bd = HIT;
        for (Handle h : p.handles()) {
            double d = Math.hypot(f.sx(h.x()) - sx, f.sy(h.y()) - sy);
            if (d <= bd) {
                bd = d;
                best = h;
            }
        }
        return best;
    }

    // ---- hover ----------------------------------------------------------------------------------

    private void moved(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (owner.paintsOn(canvas)) {
            showReadout("", 0, 0);
            canvas.setCursor(Cursor.CROSSHAIR);
            redraw();
            return;
        }
        Handle h = handleAt(e.getX(), e.getY());
        if (h != hovered) {
            hovered = h;
            redraw();
        }
        canvas.setCursor(h != null ? Cursor.HAND : Cursor.DEFAULT);
        showReadout(h != null ? h.info() + "\n" + hint(h) : readoutAt(e.getX(), e.getY()), e.getX(), e.getY());
    }

    private static String hint(Handle h) {
        return h.movesStart() ? "drag: start " + h.label().replace(" (start)", "") + " elsewhere"
                : "drag: restart from here · Shift-drag: move the current iterate";
    }

    /** The values under the pointer when no handle is: the nearest data point, or the nearest named line. */
    String readoutAt(double sx, double sy) {
        Panel p = canvas.getPanel();
        PanelPainter.Frame f = frame();
        if (p == null || f == null || !inside(f, sx, sy)) {
            return "";
        }
        String best = "";
        double bd = HOVER;
        for (Layer l : p.layers()) {
            if (l instanceof Layer.Points pts) {
                for (int i = 0; i < pts.size(); i++) {
                    double d = Math.hypot(f.sx(pts.x()[i]) - sx, f.sy(pts.y()[i]) - sy);
                    if (d <= bd) {
                        bd = d;
                        String name = pts.name() == null ? "point" : pts.name();
                        String comp = pts.colors() == null ? "" : "\nmost responsible: component " + (pts.colors()[i] + 1)
                                + (pts.alphas() == null ? "" : " (shade: how sure)");
                        best = name + "\n(" + Numbers.compact(pts.x()[i]) + ", " + Numbers.compact(pts.y()[i]) + ")" + comp;
                    }
                }
            }
        }
        if (!best.isEmpty()) {
            return best;
        }
        for (Layer l : p.layers()) {
            if (l instanceof Layer.Line ln && ln.name() != null) {
                for (int i = 0; i + 1 < ln.size(); i++) {
                    double d = segment(sx, sy, f.sx(ln.x()[i]), f.sy(ln.y()[i]), f.sx(ln.x()[i + 1]), f.sy(ln.y()[i + 1]));
                    if (d <= bd) {
                        bd = d;
                        best = ln.name() + "\nat (" + Numbers.compact(f.dataX(sx)) + ", " + Numbers.compact(f.dataY(sy)) + ")";
                    }
                }
            }
        }
        return best;
    }

    /** Distance from (px, py) to the segment (ax, ay)–(bx, by); infinite for a segment with a NaN end. */
    static double segment(double px, double py, double ax, double ay, double bx, double by) {
        if (!Double.isFinite(ax + ay + bx + by)) {
            return Double.POSITIVE_INFINITY;
        }
        double vx = bx - ax;
        double vy = by - ay;
        double len = vx * vx + vy * vy;
        double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len));
        return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
    }

    private void showReadout(String text, double sx, double sy) {
        if (text == null || text.isEmpty()) {
            readout.setVisible(false);
            return;
        }
        readout.setText(text);
        readout.setStyle(owner.readoutStyle(canvas.theme()));
        readout.autosize();
        double x = sx + 16;
        double y = sy + 14;
        if (x + readout.getWidth() > canvas.getWidth() - 4) {
            x = Math.max(4, sx - 12 - readout.getWidth());
        }
        if (y + readout.getHeight() > canvas.getHeight() - 4) {
            y = Math.max(4, sy - 10 - readout.getHeight());
        }
        readout.relocate(x, y);
        readout.setVisible(true);
        readout.toFront();
    }

    /** The read-out shown now ("" when hidden): for tests. */
    String readoutText() {
        return readout.isVisible() ? readout.getText() : "";
    }

    // ---- press, drag, release -------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        PanelPainter.Frame f = frame();
        if (f == null || canvas.getPanel() == null) {
            return;
        }
        pressX = e.getX();
        pressY = e.getY();
        mouseX = pressX;
        mouseY = pressY;
        moved = false;
        boolean pan = e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && e.isShortcutDown());
        if (e.getButton() == MouseButton.PRIMARY && !pan && owner.paintsOn(canvas)) {
            if (inside(f, pressX, pressY)) {
                startStroke(f);
                e.consume();
            }
            return;
        }
        Handle h = e.getButton() == MouseButton.PRIMARY && !pan ? handleAt(pressX, pressY) : null;
        if (h != null) {
            dragged = h;
            dragCurrent = (e.isShiftDown() || owner.nudgeModeProperty().get()) && !h.movesStart();
            showReadout("", 0, 0);
            e.consume();
            return;
        }
        if ((pan || e.getButton() == MouseButton.PRIMARY) && inside(f, pressX, pressY) && !f.xLog() && !f.yLog()) {
            panning = true;
            panFrame = f;
            ViewZoom z = canvas.zoomProperty().get();
            panStart = z != null ? z : new ViewZoom(f.xMin(), f.xMax(), f.yMin(), f.yMax());
        }
    }

    private void dragged(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (Math.hypot(mouseX - pressX, mouseY - pressY) >= CLICK) {
            moved = true;
        }
        if (stroking) {
            continueStroke();
            e.consume();
        } else if (dragged != null) {
            redraw();
            e.consume();
        } else if (panning && moved) {
            double dx = -(mouseX - pressX) * (panFrame.xMax() - panFrame.xMin()) / panFrame.pw();
            double dy = (mouseY - pressY) * (panFrame.yMax() - panFrame.yMin()) / panFrame.ph();
            canvas.zoomProperty().set(panStart.shifted(dx, dy));
            canvas.setCursor(Cursor.MOVE);
            e.consume();
        }
    }

    private void released(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (stroking) {
            endStroke();
            e.consume();
        } else if (dragged != null) {
            Handle h = dragged;
            boolean current = dragCurrent;
            dragged = null;
            PanelPainter.Frame f = frame();
            if (moved && f != null) {
                double x = f.dataX(mouseX);
                double y = f.dataY(mouseY);
                owner.drop(canvas, h, x, y, current);
            }
            redraw();
            e.consume();
        } else if (panning) {
            panning = false;
            canvas.setCursor(Cursor.DEFAULT);
        }
    }

    private void scrolled(ScrollEvent e) {
        PanelPainter.Frame f = frame();
        if (f == null || e.getDeltaY() == 0 || f.xLog() || f.yLog() || !inside(f, e.getX(), e.getY())) {
            return;
        }
        double factor = Math.pow(WHEEL_ZOOM, -e.getDeltaY() / 40.0);
        zoomAt(e.getX(), e.getY(), factor);
        e.consume();
    }

    /** Zooms by {@code factor} (below 1: in) about the screen point (sx, sy), which stays where it is. */
    void zoomAt(double sx, double sy, double factor) {
        PanelPainter.Frame f = frame();
        if (f == null) {
            return;
        }
        ViewZoom z = canvas.zoomProperty().get();
        ViewZoom base = z != null ? z : new ViewZoom(f.xMin(), f.xMax(), f.yMin(), f.yMax());
        canvas.zoomProperty().set(base.about(factor, f.dataX(sx), f.dataY(sy)));
    }

    // ---- painting -------------------------------------------------------------------------------

    private double spreadX(PanelPainter.Frame f) {
        return owner.paint().spreadProperty().get() * (f.xMax() - f.xMin()) / f.pw();
    }

    private double spreadY(PanelPainter.Frame f) {
        return owner.paint().spreadProperty().get() * (f.yMax() - f.yMin()) / f.ph();
    }

    private void startStroke(PanelPainter.Frame f) {
        PaintModel pm = owner.paint();
        if (!pm.ready()) {
            owner.notice("The data set is not ready to paint yet; try again in a moment.");
            return;
        }
        stroking = true;
        strokePoints.clear();
        erased = 0;
        erasing = null;
        strokeRandom = pm.nextStroke(owner.params());
        lastSprayX = pressX;
        lastSprayY = pressY;
        switch (pm.toolProperty().get()) {
            case ADD -> strokePoints.add(new double[] {f.dataX(pressX), f.dataY(pressY)});
            case ERASE -> eraseAt(f, pressX, pressY);
            case LINE -> { }
        }
        redraw();
    }

    private void continueStroke() {
        PanelPainter.Frame f = frame();
        PaintModel pm = owner.paint();
        switch (pm.toolProperty().get()) {
            case ADD -> {
                if (Math.hypot(mouseX - lastSprayX, mouseY - lastSprayY) >= SPRAY_STEP) {
                    lastSprayX = mouseX;
                    lastSprayY = mouseY;
                    double[][] s = org.emlab.core.data.PaintedData.spray(strokeRandom, f.dataX(mouseX), f.dataY(mouseY),
                            spreadX(f), spreadY(f), SPRAY_POINTS);
                    for (int i = 0; i < s[0].length; i++) {
                        strokePoints.add(new double[] {s[0][i], s[1][i]});
                    }
                }
            }
            case ERASE -> eraseAt(f, mouseX, mouseY);
            case LINE -> { }
        }
        redraw();
    }

    private void eraseAt(PanelPainter.Frame f, double sx, double sy) {
        PaintModel pm = owner.paint();
        DataTable from = erasing != null ? erasing : pm.table();
        DataTable next = pm.erased(from, f.dataX(sx), f.dataY(sy), spreadX(f), spreadY(f));
        erased += from.rows() - next.rows();
        erasing = next;
    }

    private void endStroke() {
        stroking = false;
        PanelPainter.Frame f = frame();
        PaintModel pm = owner.paint();
        DataTable next = null;
        String label = null;
        switch (pm.toolProperty().get()) {
            case ADD -> {
                if (!strokePoints.isEmpty()) {
                    double[] xs = new double[strokePoints.size()];
                    double[] ys = new double[strokePoints.size()];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = strokePoints.get(i)[0];
                        ys[i] = strokePoints.get(i)[1];
                    }
                    next = pm.added(xs, ys);
                    label = xs.length == 1 ? "a painted point" : "a spray of " + xs.length + " points";
                }
            }
            case ERASE -> {
                if (erased > 0) {
                    next = erasing;
                    label = "erasing " + erased + (erased == 1 ? " point" : " points");
                }
            }
            case LINE -> {
                if (moved && f != null) {
                    double len = Math.hypot(mouseX - pressX, mouseY - pressY);
                    int count = (int) Math.max(8, Math.min(400, Math.round(len / 6)));
                    double[][] s = org.emlab.core.data.PaintedData.along(strokeRandom, f.dataX(pressX), f.dataY(pressY),
                            f.dataX(mouseX), f.dataY(mouseY), spreadY(f) / 2, count);
                    next = pm.added(s[0], s[1]);
                    label = "a line of " + count + " points";
                }
            }
        }
        strokePoints.clear();
        erasing = null;
        if (next != null) {
            owner.commit(next, label);
        }
        redraw();
    }

    // ---- the overlay ----------------------------------------------------------------------------

    private static Color fx(int argb, double opacity) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, opacity * ((argb >>> 24) & 0xFF) / 255.0);
    }

    /** Draws the handles, the drag's preview, the stroke and the brush on the overlay. */
    void redraw() {
        GraphicsContext g = canvas.overlay();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        PanelPainter.Frame f = frame();
        Panel p = canvas.getPanel();
        if (f == null || p == null) {
            return;
        }
        Theme t = canvas.theme();
        double lw = t.lineScale();
        boolean handles = owner.handlesOn() && !owner.paintsOn(canvas) && !p.handles().isEmpty();
        boolean interacting = (dragged != null && moved) || stroking || owner.paintsOn(canvas);
        if (!handles && !interacting) {
            return;
        }
        // a GraphicsContext clip costs a mask of the whole canvas at every redraw (the overlay is redrawn
        // after every paint of the panel: 16 MB a second of garbage while a run played): the rings are
        // kept inside the plot without one, unless one of them crosses its edge
        boolean clip = interacting;
        for (int i = 0; handles && !clip && i < p.handles().size(); i++) {
            clip = ring(p.handles().get(i), f, lw) == Ring.CROSSES;
        }
        if (clip) {
            g.save();
            g.beginPath();
            g.rect(f.px(), f.py(), f.pw(), f.ph());
            g.clip();
        }
        if (handles) {
            for (Handle hd : p.handles()) {
                if (ring(hd, f, lw) == Ring.OUTSIDE) {
                    continue; // the clip would hide it all
                }
                double sx = f.sx(hd.x());
                double sy = f.sy(hd.y());
                boolean hot = hd == hovered || hd == dragged;
                double r = ringRadius(hd);
                g.setLineWidth((hot ? 2.2 : 1.2) * lw);
                g.setStroke(fx(t.foreground(), hot ? 0.95 : hd.movesStart() ? 0.6 : 0.35));
                g.setLineDashes(hd.movesStart() ? new double[] {3 * lw, 3 * lw} : null);
                g.strokeOval(sx - r * lw, sy - r * lw, 2 * r * lw, 2 * r * lw);
            }
            g.setLineDashes((double[]) null);
        }
        if (dragged != null && moved) {
            previewDrag(g, f, t, lw);
        }
        if (stroking || owner.paintsOn(canvas)) {
            previewPaint(g, f, t, lw);
        }
        if (clip) {
            g.restore();
        }
    }

    private enum Ring { INSIDE, CROSSES, OUTSIDE }

    /** The radius of a handle's ring, before the theme's line scale. */
    private static double ringRadius(Handle hd) {
        return hd.movesStart() ? 6 : 10;
    }

    /** Where a handle's ring (with its line width) lies against the plot's frame. */
    private static Ring ring(Handle hd, PanelPainter.Frame f, double lw) {
        double sx = f.sx(hd.x());
        double sy = f.sy(hd.y());
        double e = (ringRadius(hd) + 2.2) * lw; // the radius plus the widest stroke
        double x0 = f.px();
        double y0 = f.py();
        double x1 = x0 + f.pw();
        double y1 = y0 + f.ph();
        if (!(sx + e >= x0 && sx - e <= x1 && sy + e >= y0 && sy - e <= y1)) {
            return Ring.OUTSIDE; // also a NaN position
        }
        return sx - e >= x0 && sx + e <= x1 && sy - e >= y0 && sy + e <= y1 ? Ring.INSIDE : Ring.CROSSES;
    }

    private void previewDrag(GraphicsContext g, PanelPainter.Frame f, Theme t, double lw) {
        double hx = f.sx(dragged.x());
        double hy = f.sy(dragged.y());
        Color ink = fx(dragCurrent ? t.accent() : t.foreground(), 0.9);
        g.setStroke(ink);
        g.setLineWidth(1.5 * lw);
        g.setLineDashes(4 * lw, 4 * lw);
        g.strokeLine(hx, hy, mouseX, mouseY);
        if (dragged.kind() == Handle.Kind.LINE) {
            double px = f.sx(dragged.pivotX());
            double py = f.sy(dragged.pivotY());
            double dx = mouseX - px;
            double dy = mouseY - py;
            double len = Math.hypot(dx, dy);
            if (len > 0) {
                double ext = 2 * (f.pw() + f.ph()) / len;
                g.setLineDashes((double[]) null);
                g.setLineWidth(2.5 * lw);
                g.strokeLine(px - ext * dx, py - ext * dy, px + ext * dx, py + ext * dy);
                g.setFill(ink);
                g.fillOval(px - 3 * lw, py - 3 * lw, 6 * lw, 6 * lw);
            }
        }
        g.setLineDashes((double[]) null);
        g.setLineWidth(2.2 * lw);
        g.strokeOval(mouseX - 9 * lw, mouseY - 9 * lw, 18 * lw, 18 * lw);
        g.setFill(fx(dragCurrent ? t.accent() : t.foreground(), 0.25));
        g.fillOval(mouseX - 9 * lw, mouseY - 9 * lw, 18 * lw, 18 * lw);
        g.setFill(ink);
        g.setFont(javafx.scene.text.Font.font(t.fontSize()));
        String what = dragCurrent ? "move the current iterate here" : "start " + dragged.label().replace(" (start)", "")
                + " here";
        g.fillText(what, mouseX + 14 * lw, mouseY - 12 * lw);
    }

    private void previewPaint(GraphicsContext g, PanelPainter.Frame f, Theme t, double lw) {
        PaintModel pm = owner.paint();
        Color ink = fx(t.accent(), 0.9);
        g.setFill(ink);
        for (double[] pt : strokePoints) {
            double sx = f.sx(pt[0]);
            double sy = f.sy(pt[1]);
            g.fillOval(sx - 3.5 * lw, sy - 3.5 * lw, 7 * lw, 7 * lw);
        }
        if (stroking && pm.toolProperty().get() == PaintModel.Tool.LINE) {
            g.setStroke(ink);
            g.setLineWidth(2 * lw);
            g.setLineDashes(5 * lw, 4 * lw);
            g.strokeLine(pressX, pressY, mouseX, mouseY);
            g.setLineDashes((double[]) null);
        }
        if (stroking && erasing != null) {
            // the points an erase stroke keeps are unchanged on the canvas; mark the removed count
            g.setFill(ink);
            g.setFont(javafx.scene.text.Font.font(t.fontSize()));
            g.fillText("− " + erased, mouseX + 14, mouseY - 12);
        }
        if (Double.isFinite(mouseX)) {
            double r = pm.spreadProperty().get();
            g.setStroke(fx(t.foreground(), 0.6));
            g.setLineWidth(1);
            g.setLineDashes(3, 3);
            g.strokeOval(mouseX - r, mouseY - r, 2 * r, 2 * r);
            g.setLineDashes((double[]) null);
        }
    }
}
