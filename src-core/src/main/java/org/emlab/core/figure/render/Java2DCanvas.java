package org.emlab.core.figure.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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
import org.jfree.svg.SVGGraphics2D;
import org.emlab.core.text.DrawnText;
import org.jfree.svg.SVGHints;

/**
 * {@link Canvas2D} on a Java2D {@link Graphics2D}: a {@link BufferedImage} for PNG, JFreeSVG's
 * {@code SVGGraphics2D} for SVG and pdfbox-graphics2d's {@code PdfBoxGraphics2D} for PDF.
 *
 * <p>Text is drawn in the shipped {@link FigureFonts} (DejaVu Sans), never in an installed font, and
 * measured in {@link FigureFonts#CONTEXT}, so every format lays it out the same way:
 * <ul>
 *   <li>PNG: rendered glyphs;</li>
 *   <li>SVG ({@link Target#SVG}): glyph outlines (paths), so the file looks the same in every
 *       viewer, installed fonts or not; each string is a group whose {@code <title>} holds the text,
 *       for search and screen readers;</li>
 *   <li>PDF ({@link Target#PDF}): real text in the font embedded as a subset (the writer registers
 *       it with the PDF's text drawer), selectable and extractable.</li>
 * </ul>
 * Every string is cleaned first ({@link DrawnText#clean}: no control characters reach a file). A
 * run of characters the shipped font lacks is drawn as outlines of the logical SansSerif font.
 */
public final class Java2DCanvas implements Canvas2D {
    /** The font family exported text is drawn in. */
    public static final String FONT_FAMILY = FigureFonts.FAMILY;

    /** What the graphics draw into. */
    public enum Target {
        /** An image (PNG, previews, animation frames). */
        RASTER,
        /** JFreeSVG: text as glyph outlines with the text in a {@code <title>}. */
        SVG,
        /** pdfbox-graphics2d: text in the embedded font. */
        PDF
    }

    private final Graphics2D g;
    private final Target target;
    private final Deque<State> stack = new ArrayDeque<>();
    private Color fill = Color.BLACK;
    private double fontSize = 11;
    private boolean fontBold;
    private Font font;
    private Font fallback;

    private record State(Shape clip, Color fill, java.awt.Stroke stroke, Color strokeColor, double fontSize,
                         boolean fontBold) {
    }

    private Color strokeColor = Color.BLACK;

    /** A canvas on an image's graphics ({@link Target#RASTER}, or {@link Target#SVG} for JFreeSVG's). */
    public Java2DCanvas(Graphics2D g) {
        this(g, g instanceof SVGGraphics2D ? Target.SVG : Target.RASTER);
    }

    public Java2DCanvas(Graphics2D g, Target target) {
        this.g = g;
        this.target = target;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        if (target == Target.SVG) {
            g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        }
        setFont(fontSize, false);
    }

    private static Color color(int argb) {
        return new Color(argb, true);
    }

    @Override
    public void save() {
        stack.push(new State(g.getClip(), fill, g.getStroke(), strokeColor, fontSize, fontBold));
    }

    @Override
    public void restore() {
        State s = stack.pop();
        g.setClip(s.clip());
        fill = s.fill();
        g.setStroke(s.stroke());
        strokeColor = s.strokeColor();
        if (s.fontSize() != fontSize || s.fontBold() != fontBold) {
            setFont(s.fontSize(), s.fontBold());
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

    /** The bit masks of red, green, blue and alpha in a non-premultiplied ARGB int (BufferedImage.TYPE_INT_ARGB). */
    private static final int[] ARGB_MASKS = {0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000};

    @Override
    public void drawImage(int[] argb, int iw, int ih, double x, double y, double w, double h) {
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(w / iw, h / ih);
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setComposite(AlphaComposite.SrcOver);
        AffineTransform device = g.getTransform();
        if (target == Target.RASTER && device.getType() <= AffineTransform.TYPE_MASK_SCALE) {
            // on an image: the pixels resampled to the device once per array and placement, then composited by a
            // plain blit (an animation draws the same density on every frame; Java2D's transformed drawing redid the
            // bilinear resampling per frame, the largest part of a frame's drawing, issue 19)
            AffineTransform full = new AffineTransform(device);
            full.concatenate(at);
            Resampled r = resampled(argb, iw, ih, full);
            g.setTransform(new AffineTransform());
            try {
                g.drawImage(r.image(), r.x(), r.y(), null);
            } finally {
                g.setTransform(device);
            }
        } else {
            g.drawImage(wrap(argb, iw, ih), at, null);
        }
        if (old != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        }
    }

    /**
     * The pixels wrapped as they are (the layout of TYPE_INT_ARGB), not copied: setRGB converted them one by one
     * through the colour model, a third of the drawing time of an animation frame over a density (issue 19).
     */
    private static BufferedImage wrap(int[] argb, int iw, int ih) {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createPackedRaster(
                new java.awt.image.DataBufferInt(argb, iw * ih), iw, ih, iw, ARGB_MASKS, null);
        return new BufferedImage(java.awt.image.ColorModel.getRGBdefault(), raster, false, null);
    }

    /** An image's pixels resampled to device pixels: a premultiplied image to be drawn at (x, y) untransformed. */
    private record Resampled(double[] matrix, BufferedImage image, int x, int y) {
    }

    /**
     * The last resampling of each pixel array (weakly held: the arrays are a figure's rasters, which
     * {@link PanelPainter} keeps while their layer lives), shared by the threads that draw frames: read only once
     * made.
     */
    private static final java.util.Map<int[], Resampled> RESAMPLED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The pixels drawn by {@code full} (image to device pixels, a scale and a translation) with bilinear
     * interpolation onto a transparent premultiplied image covering their device pixels, as Java2D would draw
     * them onto this canvas (it resamples into premultiplied pixels, then composites those): the same picture,
     * composited by a blit. Made again when the placement changes.
     */
    private static Resampled resampled(int[] argb, int iw, int ih, AffineTransform full) {
        double[] m = new double[6];
        full.getMatrix(m);
        Resampled r = RESAMPLED.get(argb);
        if (r != null && java.util.Arrays.equals(r.matrix(), m)) {
            return r;
        }
        Rectangle2D b = full.createTransformedShape(new Rectangle2D.Double(0, 0, iw, ih)).getBounds2D();
        int x0 = (int) Math.floor(b.getMinX());
        int y0 = (int) Math.floor(b.getMinY());
        int x1 = (int) Math.ceil(b.getMaxX());
        int y1 = (int) Math.ceil(b.getMaxY());
        BufferedImage img = new BufferedImage(Math.max(1, x1 - x0), Math.max(1, y1 - y0),
                BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D gi = img.createGraphics();
        try {
            gi.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            gi.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            gi.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gi.setComposite(AlphaComposite.SrcOver);
            AffineTransform shifted = AffineTransform.getTranslateInstance(-x0, -y0);
            shifted.concatenate(full);
            gi.drawImage(wrap(argb, iw, ih), shifted, null);
        } finally {
            gi.dispose();
        }
        r = new Resampled(m, img, x0, y0);
        RESAMPLED.put(argb, r);
        return r;
    }

    @Override
    public void setFont(double size, boolean bold) {
        fontSize = size;
        fontBold = bold;
        font = FigureFonts.font(size, bold);
        fallback = null;
        g.setFont(font);
    }

    /** The logical sans-serif font at the current size, for characters the shipped font lacks. */
    private Font fallback() {
        if (fallback == null) {
            fallback = new Font(Font.SANS_SERIF, fontBold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) fontSize);
        }
        return fallback;
    }

    @Override
    public double textWidth(String s) {
        String t = DrawnText.clean(s);
        double w = 0;
        for (int i = 0; i < t.length(); ) {
            int j = runEnd(font, t, i);
            String run = t.substring(i, j);
            Font f = font.canDisplay(t.codePointAt(i)) ? font : fallback();
            w += f.getStringBounds(run, FigureFonts.CONTEXT).getWidth();
            i = j;
        }
        return w;
    }

    @Override
    public double textAscent() {
        return fontSize * 0.76;
    }

    @Override
    public void fillText(String s, double x, double y) {
        String t = DrawnText.clean(s);
        if (t.isEmpty()) {
            return;
        }
        g.setColor(fill);
        boolean svg = target == Target.SVG && g instanceof SVGGraphics2D;
        if (svg) {
            // a group per string, its text in a <title>: the glyphs are outlines, the words stay findable
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, java.util.Map.of());
            g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, t);
        }
        double at = x;
        for (int i = 0; i < t.length(); ) {
            int j = runEnd(font, t, i);
            String run = t.substring(i, j);
            if (font.canDisplay(t.codePointAt(i))) {
                g.setFont(font);
                g.drawString(run, (float) at, (float) y);
                at += font.getStringBounds(run, FigureFonts.CONTEXT).getWidth();
            } else {
                Font f = fallback();
                GlyphVector gv = f.createGlyphVector(FigureFonts.CONTEXT, run);
                g.fill(gv.getOutline((float) at, (float) y));
                at += f.getStringBounds(run, FigureFonts.CONTEXT).getWidth();
            }
            i = j;
        }
        if (svg) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "true");
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

    /** End of the run of code points from {@code i} that {@code f} can all display, or all not. */
    static int runEnd(Font f, String s, int i) {
        boolean shown = f.canDisplay(s.codePointAt(i));
        int j = i + Character.charCount(s.codePointAt(i));
        while (j < s.length() && f.canDisplay(s.codePointAt(j)) == shown) {
            j += Character.charCount(s.codePointAt(j));
        }
        return j;
    }
}
