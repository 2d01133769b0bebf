package org.emlab.core.figure.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * {@link Canvas2D} on a Java2D {@link Graphics2D}: a {@link BufferedImage} for PNG, JFreeSVG's
 * {@code SVGGraphics2D} for SVG and OrsonPDF's {@code PDFGraphics2D} for PDF. Text uses DejaVu Sans
 * where installed (the window's font), else the logical SansSerif font.
 *
 * <p>PDF text ({@link TextMode#PDF_STANDARD_FONT}): OrsonPDF writes text only in the PDF standard
 * fonts and only for printable ASCII (and does not escape it: see {@link #escapePdfString}). So each string is split into runs: ASCII runs are real,
 * selectable text in Helvetica (measured with Helvetica's own widths, {@link HelveticaMetrics}),
 * and every other run (Greek letters, superscripts, the minus sign, ‖) is drawn as filled glyph
 * outlines of a Helvetica-like font, so the PDF shows exactly the intended characters.
 */
public final class Java2DCanvas implements Canvas2D {
    /** Preferred font family. */
    public static final String FONT_FAMILY = pickFamily();
    /** Installed fonts with Helvetica's metrics and look, preferred for outlined PDF text. */
    private static final List<String> HELVETICA_LIKE = List.of("Liberation Sans", "Nimbus Sans", "Arial", "Helvetica",
            "Nimbus Sans L", "FreeSans");
    private static final String OUTLINE_FAMILY = pickOutlineFamily();

    /** How text is written. */
    public enum TextMode {
        /** {@code drawString} in {@link #FONT_FAMILY} (PNG and SVG). */
        GLYPHS,
        /** Helvetica text for ASCII runs, glyph outlines for the rest (PDF through OrsonPDF). */
        PDF_STANDARD_FONT
    }

    private final Graphics2D g;
    private final TextMode textMode;
    private final Deque<State> stack = new ArrayDeque<>();
    private Color fill = Color.BLACK;
    private double fontSize = 11;
    private boolean fontBold;
    private Font outlineFont;

    private record State(Shape clip, Color fill, java.awt.Stroke stroke, Color strokeColor, Font font, double fontSize,
                         boolean fontBold) {
    }

    private Color strokeColor = Color.BLACK;

    public Java2DCanvas(Graphics2D g) {
        this(g, TextMode.GLYPHS);
    }

    public Java2DCanvas(Graphics2D g, TextMode textMode) {
        this.g = g;
        this.textMode = textMode;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        setFont(fontSize, false);
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

    private static String pickOutlineFamily() {
        try {
            List<String> installed = List.of(
                    java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            for (String f : HELVETICA_LIKE) {
                if (installed.contains(f)) {
                    return f;
                }
            }
        } catch (RuntimeException | Error e) {
            // no font configuration available: fall back to the logical font
        }
        return FONT_FAMILY;
    }

    private static Color color(int argb) {
        return new Color(argb, true);
    }

    @Override
    public void save() {
        stack.push(new State(g.getClip(), fill, g.getStroke(), strokeColor, g.getFont(), fontSize, fontBold));
    }

    @Override
    public void restore() {
        State s = stack.pop();
        g.setClip(s.clip());
        fill = s.fill();
        g.setStroke(s.stroke());
        strokeColor = s.strokeColor();
        g.setFont(s.font());
        if (s.fontSize() != fontSize || s.fontBold() != fontBold) {
            fontSize = s.fontSize();
            fontBold = s.fontBold();
            outlineFont = null;
        }
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
        fontSize = size;
        fontBold = bold;
        outlineFont = null;
        String family = textMode == TextMode.PDF_STANDARD_FONT ? Font.SANS_SERIF : FONT_FAMILY;
        g.setFont(new Font(family, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
    }

    @Override
    public double textWidth(String s) {
        if (textMode == TextMode.PDF_STANDARD_FONT) {
            double w = 0;
            for (int i = 0; i < s.length(); ) {
                int j = runEnd(s, i);
                String run = s.substring(i, j);
                w += isPdfText(s.charAt(i)) ? HelveticaMetrics.width(run, fontSize, fontBold)
                        : outlineFor(run).getStringBounds(run, g.getFontRenderContext()).getWidth();
                i = j;
            }
            return w;
        }
        FontMetrics fm = g.getFontMetrics();
        return fm.getStringBounds(s, g).getWidth();
    }

    @Override
    public double textAscent() {
        return fontSize * 0.76;
    }

    @Override
    public void fillText(String s, double x, double y) {
        g.setColor(fill);
        if (textMode != TextMode.PDF_STANDARD_FONT) {
            g.drawString(s, (float) x, (float) y);
            return;
        }
        double at = x;
        for (int i = 0; i < s.length(); ) {
            int j = runEnd(s, i);
            String run = s.substring(i, j);
            if (isPdfText(s.charAt(i))) {
                g.drawString(escapePdfString(run), (float) at, (float) y);
                at += HelveticaMetrics.width(run, fontSize, fontBold);
            } else {
                Font f = outlineFor(run);
                GlyphVector gv = f.createGlyphVector(g.getFontRenderContext(), run);
                g.fill(gv.getOutline((float) at, (float) y));
                at += f.getStringBounds(run, g.getFontRenderContext()).getWidth();
            }
            i = j;
        }
    }

    @Override
    public void fillTextRotated(String s, double x, double y, double degrees) {
        AffineTransform old = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.toRadians(degrees));
        fillText(s, 0, 0);
        g.setTransform(old);
    }

    @Override
    public void beginGroup(String id) {
        if (g instanceof SVGGraphics2D) {
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, id);
        }
    }

    @Override
    public void endGroup() {
        if (g instanceof SVGGraphics2D) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "true");
        }
    }

    /** True for characters OrsonPDF writes as text in a standard font: printable ASCII. */
    static boolean isPdfText(char c) {
        return c >= 32 && c < 127;
    }

    /**
     * OrsonPDF 1.9 copies a string verbatim between the parentheses of a PDF string literal, so an
     * unbalanced parenthesis or a backslash would corrupt the page: escape them as PDF requires.
     */
    static String escapePdfString(String s) {
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
    }

    /** End of the run of characters starting at {@code i} that are all PDF text or all not. */
    private static int runEnd(String s, int i) {
        boolean text = isPdfText(s.charAt(i));
        int j = i + 1;
        while (j < s.length() && isPdfText(s.charAt(j)) == text) {
            j++;
        }
        return j;
    }

    /** The Helvetica-like font for outlined runs, or the logical sans-serif font where it lacks a glyph. */
    private Font outlineFor(String run) {
        if (outlineFont == null) {
            outlineFont = new Font(OUTLINE_FAMILY, fontBold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) fontSize);
        }
        if (outlineFont.canDisplayUpTo(run) < 0) {
            return outlineFont;
        }
        return new Font(Font.SANS_SERIF, fontBold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) fontSize);
    }
}
