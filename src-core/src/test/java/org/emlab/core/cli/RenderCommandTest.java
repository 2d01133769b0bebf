package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.emlab.core.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RenderCommandTest {
    record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> groups(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(svg.toFile());
        NodeList gs = d.getElementsByTagNameNS("*", "g");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < gs.getLength(); i++) {
            String id = ((Element) gs.item(i)).getAttribute("id");
            if (id.startsWith("panel-") && !id.contains("-layer-")) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * A --format that contradicts the --out extension is refused before anything runs (a PDF written into fig.png
     * opened as nothing in a PNG viewer); --format with an extension that names no format still chooses it.
     */
    @Test
    void aFormatThatContradictsTheFileNameIsRefused(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("fig.png");
        Result r = cli("render", "gmm-simplex", "--population", "--iterations", "2", "--format", "pdf", "--out", png.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--format pdf does not match --out fig.png; give an --out ending in .pdf, or leave "
                + "--format out"), r.err());
        assertTrue(r.err().strip().lines().count() == 1, r.err());
        assertTrue(!Files.exists(png), "nothing written");
        Path other = dir.resolve("fig.figure");
        assertEquals(0, cli("render", "gmm-simplex", "--population", "--iterations", "2", "--format", "pdf", "--out",
                other.toString()).code());
        assertTrue(new String(Files.readAllBytes(other), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF"));
    }

    @Test
    void rendersTheChosenPanelsInEachFormat(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("fig.svg");
        Result r = cli("render", "gmm-simplex", "--set", "n=300", "--iterations", "4", "--out", svg.toString());
        assertEquals(0, r.code(), r.err());
        // auto: the geometry and the key chart; with radius and loglik as well, on the default 960 × 540 page,
        // their plots (and KL's) were 25–60 px strips under their legends and notes
        assertEquals(List.of("panel-geometry", "panel-kl"), groups(svg), "default: the geometry and the key chart");
        Path all = dir.resolve("all.svg");
        assertEquals(0, cli("render", "gmm-simplex", "--set", "n=300", "--iterations", "4", "--size", "1920x1080",
                "--out", all.toString()).code());
        assertEquals(List.of("panel-geometry", "panel-kl", "panel-radius", "panel-loglik"), groups(all),
                "a page with room for every plot gets every panel");
        Path one = dir.resolve("one.svg");
        assertEquals(0, cli("render", "gmm-simplex", "--population", "--iterations", "3", "--panels", "dft,kl",
                "--size", "column", "--out", one.toString()).code());
        assertEquals(List.of("panel-kl", "panel-dft"), groups(one), "figure order");

        Path pdf = dir.resolve("fig.pdf");
        assertEquals(0, cli("render", "--preset", "gmm-simplex-k4-d3", "--iterations", "5", "--theme", "projector",
                "--panels", "all", "--view", "projection=x1-x3", "--out", pdf.toString()).code());
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF"));

        Path png = dir.resolve("fig.png");
        assertEquals(0, cli("render", "gmm-simplex", "--population", "--iterations", "2", "--panels", "kl", "--size",
                "300x200", "--scale", "2", "--out", png.toString()).code());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
    }

    @Test
    void invalidInputExitsWithTwoAndOneLine(@TempDir Path dir) {
        String out = dir.resolve("x.png").toString();
        String[][] bad = {
            {"render", "gmm-simplex", "--population", "--iterations", "1", "--panels", "nope", "--out", out},
            {"render", "gmm-simplex", "--theme", "purple", "--out", out},
            {"render", "gmm-simplex", "--scale", "0", "--out", out},
            {"render", "gmm-simplex", "--size", "a4", "--out", out},
            {"render", "gmm-simplex", "--size", "1dx100", "--out", out},
            {"render", "gmm", "--size", "7200x7200", "--scale", "6", "--out", out},
            {"render", "gmm-simplex", "--font-scale", "9", "--out", out},
            {"render", "gmm-simplex", "--layout", "spiral", "--out", out},
            {"render", "gmm-simplex", "--out", dir.resolve("x.docx").toString()},
            {"render", "--out", out},
            {"render", "gmm-simplex", "--preset", "nope", "--out", out},
            {"render", "gmm-simplex", "--view", "projection=x1-x3", "--out", out},
            {"render", "gmm-simplex", "--set", "k=99", "--out", out},
            {"run", "gmm-simplex", "--preset", "gmm-simplex-k4-d3", "--set", "k=3", "--out", out},
        };
        for (String[] args : bad) {
            Result r = cli(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void aPresetSetsTheValuesAndTheHorizonAndOptionsOverrideThem(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        assertEquals(0, cli("run", "--preset", "gmm-simplex-far-start", "--out", a.toString()).code());
        List<String> lines = Files.readAllLines(a);
        int horizon = Presets.find("gmm-simplex-far-start").iterations();
        assertEquals(horizon + 2, lines.size(), "header plus iterations 0.." + horizon);
        // radius 5 at iteration 0 (the preset's radius, not r*(3))
        int rc = List.of(lines.get(0).split(",")).indexOf("radius");
        assertEquals(5.0, Double.parseDouble(lines.get(1).split(",")[rc]), 1e-12);

        Path b = dir.resolve("b.csv");
        assertEquals(0, cli("run", "gmm-simplex", "--preset", "gmm-simplex-far-start", "--set", "radius=2", "--iterations",
                "7", "--out", b.toString()).code());
        List<String> lb = Files.readAllLines(b);
        assertEquals(9, lb.size());
        assertEquals(2.0, Double.parseDouble(lb.get(1).split(",")[rc]), 1e-12);

        Result wrongLab = cli("run", "mlr-nope", "--preset", "gmm-simplex-far-start", "--out", b.toString());
        assertEquals(2, wrongLab.code());
        assertTrue(wrongLab.err().contains("is for lab gmm-simplex"), wrongLab.err());
    }

    /** The text of every string drawn in an SVG (each is a group whose title holds it). */
    private static String svgText(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(svg.toFile());
        return d.getDocumentElement().getTextContent();
    }

    @Test
    void aPresetWithAComparisonDrawsBothRunsWithLabelledLegendsUnlessAskedNotTo(@TempDir Path dir) throws Exception {
        Path ab = dir.resolve("ab.svg");
        Result r = cli("render", "--preset", "gmm-simplex-dft-vs-uniform", "--iterations", "30", "--panels", "geometry,kl",
                "--out", ab.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("panel-geometry", "panel-geometry-b", "panel-kl"), groups(ab), "A's and B's geometry, the curves");
        String text = svgText(ab);
        assertTrue(text.contains("A: weights π = 0.5, 0.3, 0.2"), text);
        assertTrue(text.contains("B: weights π = 1/3 each"), text);

        Path a = dir.resolve("a.svg");
        assertEquals(0, cli("render", "--preset", "gmm-simplex-dft-vs-uniform", "--iterations", "30", "--panels",
                "geometry,kl", "--no-compare", "--out", a.toString()).code());
        assertEquals(List.of("panel-geometry", "panel-kl"), groups(a));
        assertFalse(svgText(a).contains("B: weights"));

        // any lab: --compare NAME=VALUE
        Path c = dir.resolve("c.svg");
        assertEquals(0, cli("render", "mlr-overspec", "--population", "--iterations", "40", "--panels", "error",
                "--compare", "pi0=0.7", "--out", c.toString()).code());
        String ct = svgText(c);
        assertTrue(ct.contains("A: π₁ initial = 0.5") && ct.contains("B: π₁ initial = 0.7"), ct);

        for (String[] bad : new String[][] {{"--compare", "seed=2"}, {"--compare", "pi0=0.5"}, {"--compare", "nope=1"},
            {"--compare", "pi0"}, {"--compare", "pi0=0.7", "--no-compare"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("render", "mlr-overspec",
                    "--population", "--iterations", "3", "--out", dir.resolve("x.svg").toString()),
                    java.util.Arrays.stream(bad)).toArray(String[]::new);
            Result e = cli(args);
            assertEquals(2, e.code(), String.join(" ", bad) + " → " + e.err());
            assertEquals(1, e.err().strip().lines().count(), e.err());
        }
    }

    @Test
    void axesAreChosenPerCurvePanelAndAWrongNameListsTheChoices(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("k.svg");
        assertEquals(0, cli("render", "--preset", "gmm-simplex-uniform-weights", "--iterations", "100", "--panels", "kl",
                "--axes", "kl=loglog", "--out", svg.toString()).code());
        // log ticks on the iteration axis: 1, 10, 10²
        String ticks = svgText(svg);
        assertTrue(ticks.contains("10²"), ticks);
        Result bad = cli("render", "gmm-simplex", "--population", "--iterations", "3", "--axes", "geometry=loglog", "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("curve panels: kl, radius, loglik"), bad.err());
        Result scale = cli("render", "gmm-simplex", "--population", "--iterations", "3", "--axes", "kl=log", "--out",
                dir.resolve("x.png").toString());
        assertTrue(scale.err().contains("loglog, logx, logy or linear"), scale.err());
        Result view = cli("render", "gmm-simplex", "--population", "--iterations", "3", "--view", "kl=log", "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, view.code());
        assertTrue(view.err().contains("projection=xA–xB") && view.err().contains("--axes"), view.err());
        Result viewD3 = cli("render", "gmm-simplex", "--set", "d=3", "--population", "--iterations", "3", "--view",
                "plane=x1-x2", "--out", dir.resolve("x.png").toString());
        assertTrue(viewD3.err().contains("projection=x1–x2|x1–x3|x2–x3"), viewD3.err());
        assertTrue(cli("render", "--help").out().contains("projection=xA–xB"), "--help lists the view settings");
    }

    @Test
    void theDefaultPanelsFitTheColumnWithTheKeyChartWholeTitlesAndAWholeLegend(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("col.svg");
        assertEquals(0, cli("render", "gmm", "--iterations", "30", "--size", "column", "--out", svg.toString()).code());
        List<String> g = groups(svg);
        assertTrue(g.contains("panel-loglik"), "the key chart (the first curve panel): " + g);
        String text = svgText(svg);
        assertFalse(text.contains("…"), "nothing shortened: " + text);
    }

    @Test
    void presetsAreListed() {
        Result r = cli("presets", "gmm-simplex");
        assertEquals(0, r.code());
        for (var p : Presets.forLab("gmm-simplex")) {
            assertTrue(r.out().contains(p.name()), p.name());
        }
        assertEquals(2, cli("presets", "nope").code());
    }
}
