package org.emlab.core.figure.render;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.emlab.core.figure.Panel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.text.DrawnText;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;

/**
 * Writes composed figures (see {@link FigureComposer}) as PNG, SVG or PDF. Every format is drawn
 * by the same {@link PanelPainter} through a {@link Java2DCanvas}:
 * <ul>
 *   <li>PNG: drawn at {@code scale} pixels per point onto a {@link BufferedImage} through
 *       {@code Graphics2D.scale}, so text and lines are rendered (not upscaled) at that resolution;
 *       the file records the resolution (72 · scale dpi).</li>
 *   <li>SVG: JFreeSVG's {@code SVGGraphics2D}; lines and markers are SVG elements, text is drawn as
 *       glyph outlines of the shipped DejaVu Sans (so it looks the same in every viewer, whatever fonts
 *       are installed) with each string in a {@code <title>}, and density rasters are embedded images.
 *       Each panel is a group {@code <g id="panel-ID">} and each of its layers
 *       {@code <g id="panel-ID-layer-I">}.</li>
 *   <li>PDF: pdfbox-graphics2d's {@code PdfBoxGraphics2D} on one page of the figure's size in points;
 *       lines and markers are vector paths, and text is real text in DejaVu Sans and DejaVu Sans Bold,
 *       embedded as subsets (journals' checks ask for every font embedded).</li>
 * </ul>
 * Every string drawn is cleaned of control characters first ({@link DrawnText}).
 */
public final class FigureWriter {
    private static final double METRES_PER_INCH = 0.0254;
    private static final double POINTS_PER_INCH = 72;

    private FigureWriter() {
    }

    /** Writes the figure to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, FigureFormat format, List<Panel> panels, ExportSpec spec) throws IOException {
        AtomicFiles.write(file, out -> write(out, format, panels, spec));
    }

    /** Writes the figure to a stream. */
    public static void write(OutputStream out, FigureFormat format, List<Panel> panels, ExportSpec spec)
            throws IOException {
        switch (format) {
            case PNG -> writePng(out, render(panels, spec), spec.scale());
            case SVG -> out.write(svg(panels, spec).getBytes(StandardCharsets.UTF_8));
            case PDF -> out.write(pdf(panels, spec));
            default -> throw new IllegalArgumentException("format " + format);
        }
    }

    /** The figure as an image of {@code size × scale} pixels, drawn at that scale. */
    public static BufferedImage render(List<Panel> panels, ExportSpec spec) {
        spec.checkRaster();
        PageSize s = spec.size();
        BufferedImage img = new BufferedImage(s.pixelWidth(spec.scale()), s.pixelHeight(spec.scale()),
                BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(spec.scale(), spec.scale());
            compose(panels, spec, new Java2DCanvas(g));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The figure as an SVG document. */
    public static String svg(List<Panel> panels, ExportSpec spec) {
        PageSize s = spec.size();
        SVGGraphics2D g = new SVGGraphics2D(s.width(), s.height(), SVGUnits.PT);
        g.setFontFunction(family -> family);
        // a fixed prefix for clip-path ids (JFreeSVG's default is time-based): the same figure gives the same file
        g.setDefsKeyPrefix("emlab-");
        compose(panels, spec, new Java2DCanvas(g));
        String element = g.getSVGElement(null, true, new org.jfree.svg.ViewBox(0, 0, s.width(), s.height()), null, null);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element + "\n";
    }

    /** The figure as a one-page PDF, its fonts embedded. */
    public static byte[] pdf(List<Panel> panels, ExportSpec spec) {
        PageSize s = spec.size();
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle((float) s.width(), (float) s.height()));
            doc.addPage(page);
            PDDocumentInformation info = doc.getDocumentInformation();
            String title = DrawnText.clean(spec.title()).strip();
            info.setTitle(title.isEmpty() ? "EM Lab figure" : title);
            info.setAuthor("EM Lab");
            info.setCreator("EM Lab");
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, (float) s.width(), (float) s.height());
            PdfBoxGraphics2DFontTextDrawer fonts = new PdfBoxGraphics2DFontTextDrawer();
            for (boolean bold : new boolean[] {false, true}) {
                try (java.io.InputStream in = FigureFonts.open(bold)) {
                    // loaded into the document as a subset; no temporary file
                    fonts.registerFont(FigureFonts.font(bold).getFontName(), PDType0Font.load(doc, in, true));
                }
            }
            g.setFontTextDrawer(fonts);
            try {
                compose(panels, spec, new Java2DCanvas(g, Java2DCanvas.Target.PDF));
            } finally {
                g.dispose();
            }
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawForm(g.getXFormObject());
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot build the PDF", e);
        }
    }

    private static void compose(List<Panel> panels, ExportSpec spec, Canvas2D g) {
        new FigureComposer(spec.scaledTheme(), spec.layout(), spec.title()).paint(panels, g, spec.size().width(),
                spec.size().height());
    }

    /**
     * Writes a PNG that records its resolution, 72 · {@code scale} dots per inch. Encoded in memory, never through
     * temporary files in the system's temp folder (set here, where PNGs are written, rather than at every start of
     * the command line: ImageIO's registry of plugins takes a while to load, and most commands write no PNG).
     */
    public static void writePng(OutputStream out, BufferedImage img, double scale) throws IOException {
        ImageIO.setUseCache(false);
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IOException("no PNG writer available");
        }
        ImageWriter w = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(new NonClosing(out))) {
            w.setOutput(ios);
            ImageWriteParam param = w.getDefaultWriteParam();
            IIOMetadata meta = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            setResolution(meta, POINTS_PER_INCH * scale);
            w.write(null, new IIOImage(img, null, meta), param);
        } finally {
            w.dispose();
        }
    }

    private static void setResolution(IIOMetadata meta, double dpi) throws IIOInvalidTreeException {
        String ppm = Long.toString(Math.round(dpi / METRES_PER_INCH));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", ppm);
        phys.setAttribute("pixelsPerUnitYAxis", ppm);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(phys);
        meta.mergeTree("javax_imageio_png_1.0", root);
    }

    /** Keeps the caller's stream open when the image stream closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
