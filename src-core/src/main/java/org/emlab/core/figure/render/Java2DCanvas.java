package org.emlab.core.figure.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@link Canvas2D} on a Java2D {@link Graphics2D}: a {@link BufferedImage} for PNG, JFreeSVG's
 * {@code SVGGraphics2D} for SVG and OrsonPDF's {@code PDFGraphics2D} for PDF. Text uses DejaVu Sans
 * where installed (the window's font), else the logical SansSerif font.
 */
public final class Java2DCanvas implements Canvas2D {
    /** Preferred font family. */
    public static final String FONT_FAMILY = pickFamily();

    private final Graphics2D g;
    private final Deque<State> stack = new ArrayDeque<>();
    private Color fill = Color.BLACK;

    private record State(Shape clip, Color fill, java.awt.Stroke stroke, Color strokeColor, Font font) {
    }

    private Color strokeColor = Color.BLACK;

    public Java2DCanvas(Graphics2D g) {
        this.g = g;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setFont(new Font(FONT_FAMILY, Font.PLAIN, 11));
    }

    private static String pickFamily() {
        try {
            for (String f : java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                if (f.equals("DejaVu Sans")) {
                    return f;
                }
            }
        } catch (RuntimeException | Error e) {
            // no font configuration available: fall back to the logical font
        }
        return Font.SANS_SERIF;
    }

    private static Color color(int argb) {
        return new Color(argb, true);
    }

    @Override
    public void save() {
        stack.push(new State(g.getClip(), fill, g.getStroke(), strokeColor, g.getFont()));
    }

    @Override
    public void restore() {
        State s = stack.pop();
        g.setClip(s.clip());
        fill = s.fill();
        g.setStroke(s.stroke());
        strokeColor = s.strokeColor();
        g.setFont(s.font());
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.clip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void setStroke(int argb, double width, double[] dash) {
        strokeColor = color(argb);
        float[] d = null;
        if (dash != null) {
            d = new float[dash.length];
            for (int i = 0; i < dash.length; i++) {
                d[i] = (float) dash[i];
            }
        }
        g.setStroke(new BasicStroke((float) width, dash == null ? BasicStroke.CAP_ROUND : BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, d, 0f));
    }

    @Override
    public void setFill(int argb) {
        fill = color(argb);
    }

    private void stroke(Shape s) {
        g.setColor(strokeColor);
        g.draw(s);
    }

    private void fill(Shape s) {
        g.setColor(fill);
        g.fill(s);
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        stroke(new Line2D.Double(x1, y1, x2, y2));
    }

    private static Path2D.Double path(double[] xs, double[] ys, int n, boolean close) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        if (close) {
            p.closePath();
        }
        return p;
    }

    @Override
    public void strokePolyline(double[] xs, double[] ys, int n) {
        if (n >= 2) {
            stroke(path(xs, ys, n, false));
        }
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n) {
        if (n >= 3) {
            fill(path(xs, ys, n, true));
        }
    }

    @Override
    public void strokePolygon(double[] xs, double[] ys, int n) {
        if (n >= 2) {
            stroke(path(xs, ys, n, true));
        }
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h) {
        stroke(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        fill(new Ellipse2D.Double(x, y, w, h));
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        stroke(new Ellipse2D.Double(x, y, w, h));
    }

    @Override
    public void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h) {
        BufferedImage img = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, iw, ih, argb, 0, iw);
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(w / iw, h / ih);
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setComposite(AlphaComposite.SrcOver);
        g.drawImage(img, at, null);
        if (old != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        }
    }

    @Override
    public void setFont(double size, boolean bold) {
        g.setFont(new Font(FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
    }

    @Override
    public double textWidth(String s) {
        FontMetrics fm = g.getFontMetrics();
        return fm.getStringBounds(s, g).getWidth();
    }

    @Override
    public double textAscent() {
        return g.getFont().getSize2D() * 0.76;
    }

    @Override
    public void fillText(String s, double x, double y) {
        g.setColor(fill);
        g.drawString(s, (float) x, (float) y);
    }

    @Override
    public void fillTextRotated(String s, double x, double y, double degrees) {
        AffineTransform old = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.toRadians(degrees));
        g.setColor(fill);
        g.drawString(s, 0f, 0f);
        g.setTransform(old);
    }
}
