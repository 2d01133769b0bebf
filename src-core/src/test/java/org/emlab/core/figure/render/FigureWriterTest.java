package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.run.HeadlessRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Exports of a real gmm-simplex figure (a sample run of n = 300 points, so the data are drawn as
 * markers) in every format. The expected counts come from the figure's own layers, counted
 * independently of the painter: one path per unbroken polyline piece, one marker per point.
 */
class FigureWriterTest {
    private static final int N = 300;
    private static Figure figure;

    @BeforeAll
    static void run() {
        Lab lab = LabRegistry.get("gmm-simplex");
        LabRun r = lab.start(lab.defaults().with("n", Integer.toString(N)), null);
        figure = HeadlessRun.figure(r, HeadlessRun.run(r, 12), Map.of());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element group(Document d, String id) {
        NodeList gs = d.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element e = (Element) gs.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no group " + id);
    }

    private static int count(Element e, String... tags) {
        int n = 0;
        for (String t : tags) {
            n += e.getElementsByTagNameNS("*", t).getLength();
        }
        return n;
    }

    /** Unbroken pieces of at least two points (NaN breaks a line; on a log axis so does a value ≤ 0). */
    private static int pieces(Layer.Line l, boolean xLog, boolean yLog) {
        int pieces = 0;
        int run = 0;
        for (int i = 0; i <= l.size(); i++) {
            boolean ok = i < l.size() && usable(l.x()[i], xLog) && usable(l.y()[i], yLog);
            if (ok) {
                run++;
            } else {
                if (run >= 2) {
                    pieces++;
                }
                run = 0;
            }
        }
        return pieces;
    }

    private static boolean usable(double v, boolean log) {
        return !Double.isNaN(v) && (!log || v > 0 || v == Double.NEGATIVE_INFINITY);
    }

    @Test
    void svgHoldsEveryCurveAndEveryPointAsVectorElements() throws Exception {
        String svg = FigureWriter.svg(figure.panels(), ExportSpec.of(PageSize.SLIDE_16_9));
        Document d = parse(svg);
        int lines = 0;
        for (Panel p : figure.panels()) {
            for (int i = 0; i < p.layers().size(); i++) {
                Layer l = p.layers().get(i);
                Element g = group(d, PanelPainter.groupId(p.id()) + "-layer-" + i);
                if (l instanceof Layer.Line ln && ln.ink().marker() == Ink.Marker.NONE) {
                    assertEquals(pieces(ln, p.x().log(), p.y().log()), count(g, "path", "polyline"),
                            p.id() + " layer " + i + " (" + ln.name() + ")");
                    lines++;
                }
            }
        }
        assertTrue(lines >= 8, "geometry trails and simplex, and the curves of three panels");

        // the data: one small circle per sample point, nothing else
        Panel geo = figure.panel("geometry");
        Layer.Points data = (Layer.Points) geo.layers().get(0);
        assertEquals(N, data.size());
        Element dg = group(d, "panel-geometry-layer-0");
        assertEquals(N, count(dg, "ellipse", "circle"));
        assertEquals(N, dg.getElementsByTagNameNS("*", "*").getLength(), "only markers in the data layer");

        // the three fitted means: large markers, each a filled shape and its outline
        int means = 0;
        for (int i = 0; i < geo.layers().size(); i++) {
            if (geo.layers().get(i) instanceof Layer.Points pt && pt.name() != null && pt.name().startsWith("μ")) {
                Element g = group(d, "panel-geometry-layer-" + i);
                assertEquals(2, count(g, "ellipse", "circle", "rect", "path"), pt.name());
                means++;
            }
        }
        assertEquals(3, means);

        // the simplex is three edges (NaN-separated in one layer)
        for (int i = 0; i < geo.layers().size(); i++) {
            if ("simplex".equals(geo.layers().get(i).name())) {
                assertEquals(3, count(group(d, "panel-geometry-layer-" + i), "path"));
            }
        }

        // text is drawn as glyph outlines (no <text>, so no installed font is needed), each string in a
        // <title>; nothing is an embedded picture (no density raster at n = 300)
        assertEquals(0, d.getElementsByTagNameNS("*", "text").getLength());
        String all = d.getDocumentElement().getTextContent();
        for (Panel p : figure.panels()) {
            assertTrue(all.contains(p.title().substring(0, Math.min(12, p.title().length()))), p.title());
        }
        assertTrue(all.contains("iteration"));
        NodeList titles = d.getElementsByTagNameNS("*", "title");
        assertTrue(titles.getLength() > 20);
        for (int i = 0; i < titles.getLength(); i++) {
            Element t = (Element) titles.item(i);
            assertTrue(count((Element) t.getParentNode(), "path") >= 1, "the outlines of \"" + t.getTextContent() + "\"");
        }
        assertEquals(0, d.getElementsByTagNameNS("*", "image").getLength());
        Element root = d.getDocumentElement();
        assertEquals("960.0pt", root.getAttribute("width"));
        assertEquals("0.0 0.0 960.0 540.0", root.getAttribute("viewBox"));
    }

    @Test
    void populationDensityIsTheOnlyEmbeddedImage() throws Exception {
        Lab lab = LabRegistry.get("gmm-simplex");
        LabRun r = lab.start(lab.defaults().with("population", "true"), null);
        Figure f = HeadlessRun.figure(r, HeadlessRun.run(r, 3), Map.of());
        Document d = parse(FigureWriter.svg(List.of(f.panel("geometry")), ExportSpec.of(PageSize.DOUBLE)));
        assertEquals(1, d.getElementsByTagNameNS("*", "image").getLength());
        assertEquals(1, count(group(d, "panel-geometry-layer-0"), "image"));
    }

    @Test
    void controlCharactersInAnyTextGiveWellFormedSvgAndAValidPdf() throws Exception {
        String nasty = "a\u0001b\u0000c\u001Fd\u007Fe\u0085f\uFFFEg\uD800h\tline\nbreak & <tag> \"q\" ]]>";
        Panel p = new Panel("x\u0002y", nasty, Panel.Kind.CURVE, org.emlab.core.figure.Axis.linear(nasty),
                org.emlab.core.figure.Axis.log(nasty),
                false, List.of(new Layer.Line(nasty, Ink.line(0), new double[] {1, 2, 3}, new double[] {1, 10, 100}),
                        new Layer.Label(2, 10, nasty, Ink.line(1), Layer.Anchor.RIGHT)), List.of(nasty));
        ExportSpec spec = ExportSpec.of(PageSize.SLIDE_4_3).withTitle(nasty);
        String svg = FigureWriter.svg(List.of(p), spec);
        Document d = parse(svg); // throws on a character XML does not allow
        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.contains("abcdefgh line break & <tag> \"q\" ]]>"), text);
        try (PDDocument doc = Loader.loadPDF(FigureWriter.pdf(List.of(p), spec))) {
            String pdfText = new PDFTextStripper().getText(doc);
            assertTrue(pdfText.contains("abcdefgh line break"), pdfText);
            assertEquals("abcdefgh line break & <tag> \"q\" ]]>", doc.getDocumentInformation().getTitle());
        }
    }

    @Test
    void pdfEmbedsEveryFontAndKeepsMathematicalTextExtractable() throws Exception {
        String math = "‖θ‖² ρ π₁ · − ≈ Σ ✓ ✗ μ ℓ ∞ ⌈x⌉ ≥ ½";
        byte[] pdf = FigureWriter.pdf(figure.panels(), ExportSpec.of(PageSize.SLIDE_16_9).withTitle(math));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            org.apache.pdfbox.pdmodel.PDPage page = doc.getPage(0);
            List<String> fonts = new ArrayList<>();
            collectFonts(page.getResources(), fonts, new java.util.HashSet<>());
            assertFalse(fonts.isEmpty(), "text is text, not outlines");
            for (String f : fonts) {
                assertTrue(f.endsWith("embedded"), f);
                assertTrue(f.contains("DejaVuSans"), f);
            }
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains(math), text);
            assertTrue(text.contains("fitted"), "no ligature glyph that extraction loses: " + text);
        }
    }

    /** Every font of the resources and of the forms they hold: "NAME embedded" or "NAME not embedded". */
    private static void collectFonts(org.apache.pdfbox.pdmodel.PDResources res, List<String> out,
                                     java.util.Set<org.apache.pdfbox.cos.COSBase> seen) throws Exception {
        if (res == null || !seen.add(res.getCOSObject())) {
            return;
        }
        for (org.apache.pdfbox.cos.COSName n : res.getFontNames()) {
            org.apache.pdfbox.pdmodel.font.PDFont f = res.getFont(n);
            out.add(f.getName() + (f.isEmbedded() ? " embedded" : " not embedded"));
        }
        for (org.apache.pdfbox.cos.COSName n : res.getXObjectNames()) {
            if (res.getXObject(n) instanceof org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) {
                collectFonts(form.getResources(), out, seen);
            }
        }
    }

    @Test
    void pdfHasOnePageOfTheRightSizeWithRealText() throws Exception {
        byte[] pdf = FigureWriter.pdf(figure.panels(), ExportSpec.of(PageSize.SLIDE_4_3).withTitle("EM on (k = 3)"));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertEquals(720, box.getWidth(), 1e-6);
            assertEquals(540, box.getHeight(), 1e-6);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Data and fitted means"), text);
            assertTrue(text.contains("iteration"), text);
            assertTrue(text.contains("EM on (k = 3)"), "balanced parentheses: " + text);
            // "KL(N(0,I) ‖ fit)": the ASCII run before ‖ holds an unbalanced parenthesis
            assertTrue(text.contains("KL(N(0,I)"), text);
            // "μ1 (π = 0.5)": both runs around π hold one parenthesis each
            assertTrue(text.contains(" = 0.5)"), text);
        }
    }

    @Test
    void pngIsDrawnAtItsScaleNotUpscaled() throws Exception {
        List<Panel> one = List.of(figure.panel("kl"));
        ExportSpec spec = ExportSpec.of(PageSize.COLUMN);
        BufferedImage x1 = FigureWriter.render(one, spec);
        BufferedImage x4 = FigureWriter.render(one, spec.withScale(4));
        assertEquals(252, x1.getWidth());
        assertEquals(189, x1.getHeight());
        assertEquals(4 * x1.getWidth(), x4.getWidth());
        assertEquals(4 * x1.getHeight(), x4.getHeight());

        // the same drawing: averaging 4 × 4 blocks of the 4x image gives back (nearly) the 1x image
        double diff = 0;
        // finer detail: inside 4 × 4 blocks the 4x image varies where the 1x image has a single pixel
        int detailed = 0;
        int inked = 0;
        for (int y = 0; y < x1.getHeight(); y++) {
            for (int x = 0; x < x1.getWidth(); x++) {
                double avg = 0;
                int lo = 255;
                int hi = 0;
                for (int dy = 0; dy < 4; dy++) {
                    for (int dx = 0; dx < 4; dx++) {
                        int v = gray(x4.getRGB(4 * x + dx, 4 * y + dy));
                        avg += v / 16.0;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                int g1 = gray(x1.getRGB(x, y));
                diff += Math.abs(avg - g1);
                if (g1 < 250) {
                    inked++;
                    if (hi - lo > 60) {
                        detailed++;
                    }
                }
            }
        }
        double meanDiff = diff / (x1.getWidth() * x1.getHeight());
        assertTrue(meanDiff < 6, "mean difference " + meanDiff + " of 255");
        assertTrue(inked > 1000);
        assertTrue(detailed > inked / 4, detailed + " of " + inked + " inked pixels show sub-pixel detail at 4x");
    }

    private static int gray(int argb) {
        return (((argb >> 16) & 0xFF) + ((argb >> 8) & 0xFF) + (argb & 0xFF)) / 3;
    }

    @Test
    void pngRecordsItsResolution() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FigureWriter.write(out, FigureFormat.PNG, List.of(figure.panel("kl")), ExportSpec.of(PageSize.COLUMN).withScale(4));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            assertEquals(1008, r.getWidth(0));
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            Node phys = root.getElementsByTagName("pHYs").item(0);
            long ppm = Long.parseLong(((Element) phys).getAttribute("pixelsPerUnitXAxis"));
            assertEquals(288 / 0.0254, ppm, 1.0, "4 pixels per point = 288 dpi");
        }
    }

    @Test
    void projectorThemeHasADarkBackgroundAndLightText() {
        BufferedImage img = FigureWriter.render(List.of(figure.panel("kl")),
                ExportSpec.of(PageSize.SLIDE_4_3).withTheme(Theme.PROJECTOR));
        assertEquals(Theme.PROJECTOR.background() & 0xFFFFFF, img.getRGB(1, 1) & 0xFFFFFF);
        int light = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (gray(img.getRGB(x, y)) > 200) {
                    light++;
                }
            }
        }
        assertTrue(light > 500, "text and axes drawn in the light foreground");
    }

    @Test
    void everyFormatWritesAFileOfThatFormat(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<Panel> all = new ArrayList<>(figure.panels());
        for (FigureFormat f : FigureFormat.values()) {
            java.nio.file.Path file = dir.resolve("fig." + f.extension());
            FigureWriter.write(file, f, all, ExportSpec.of(PageSize.DOUBLE));
            byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(file), 5);
            String magic = new String(head, StandardCharsets.ISO_8859_1);
            switch (f) {
                case PNG -> assertEquals("\u0089PNG", magic.substring(0, 4));
                case SVG -> assertEquals("<?xml", magic);
                case PDF -> assertEquals("%PDF-", magic);
                default -> throw new AssertionError();
            }
            assertEquals(f, FigureFormat.ofFile(file));
        }
        assertFalse(java.nio.file.Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
}
