package org.emlab.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.emlab.app.compute.CurrentThreadJobExecutor;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.output.TrajectoryCsv;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export view model, without a Stage: a headless run as the source, jobs on the test's thread. */
class ExportModelTest {
    private static final int T = 9;
    private final CurrentThreadJobExecutor executor = new CurrentThreadJobExecutor();
    private final List<Path> asked = new ArrayList<>();
    private boolean answer;
    private ExportModel model;
    private History history;
    private Figure fig;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("n", "300").with("seed", "3");
        LabRun run = lab.start(p, null);
        history = HeadlessRun.run(run, T);
        fig = HeadlessRun.figure(run, history, Map.of());
        TrajectoryCsv.Table table = TrajectoryCsv.Table.of(run, history);
        ExportSource source = new ExportSource() {
            @Override
            public Figure figure() {
                return fig;
            }

            @Override
            public Lab lab() {
                return lab;
            }

            @Override
            public ParamValues params() {
                return p;
            }

            @Override
            public int iteration() {
                return T;
            }

            @Override
            public CompletableFuture<TrajectoryCsv.Table> iterates() {
                return CompletableFuture.completedFuture(table);
            }
        };
        model = new ExportModel(source, executor, f -> {
            asked.add(f);
            return answer;
        });
        model.selectWindow();
        // what the window's notice shows: the message at the moment a file is reported saved
        model.lastSavedProperty().addListener((o, a, b) -> {
            if (b != null) {
                noticed.add(model.messageProperty().get());
            }
        });
    }

    /** The messages the window's notice took when files were reported saved ({@link ExportActions#model}). */
    private final List<String> noticed = new ArrayList<>();

    @Test
    void ctrlEStartsWithTheKeyChartAndWhatFitsThePageAndOneChartIsJustThatChart() {
        List<String> chosen = model.chosen(null).stream().map(x -> x.id()).toList();
        assertTrue(chosen.isEmpty());
        List<String> selected = model.panels().stream().filter(c -> c.selected().get())
                .map(ExportModel.PanelChoice::id).toList();
        assertTrue(selected.containsAll(List.of("geometry", "kl")), "the key chart and the geometry: " + selected);
        var spec = model.spec();
        var composer = new org.emlab.core.figure.render.FigureComposer(spec.scaledTheme(), spec.layout(), spec.title());
        assertEquals(Map.of(), composer.losses(model.chosen(fig), spec.size().width(), spec.size().height()),
                "no title, legend entry, note or label lost on the 16:9 page");
        model.sizeProperty().set(PageSize.COLUMN.id());
        model.selectWindow();
        assertEquals(List.of("kl"), model.panels().stream().filter(c -> c.selected().get())
                .map(ExportModel.PanelChoice::id).toList(), "a journal column: the key chart alone");
        model.sizeProperty().set(PageSize.SLIDE_16_9.id());
        model.selectOnly("kl");
        assertEquals(List.of("kl"), model.panels().stream().filter(c -> c.selected().get())
                .map(ExportModel.PanelChoice::id).toList());
        assertEquals("gmm-simplex-kl-iter9@2x.png", model.suggestedFileName());
        model.formatProperty().set(ExportFormat.CSV_ITERATES);
        assertEquals("gmm-simplex-iterates.csv", model.suggestedFileName());
    }

    @Test
    void everyFormatIsWrittenAndReported() throws Exception {
        for (ExportFormat f : ExportFormat.values()) {
            if (f.isAnimation()) {
                continue; // anAnimationIsWrittenFromTheShownRunWithProgressAndAPreview
            }
            model.formatProperty().set(f);
            Path file = dir.resolve("out-" + f.name() + "." + f.extension());
            model.setTarget(file, false);
            model.export();
            assertTrue(Files.exists(file), f + ": " + model.messageProperty().get());
            assertTrue(model.messageProperty().get().startsWith("Saved " + file), model.messageProperty().get());
            assertEquals(file, model.lastSavedProperty().get());
            assertFalse(model.busyProperty().get());
            assertEquals(model.messageProperty().get(), noticed.get(noticed.size() - 1),
                    "the window's notice says the file was saved, not the last progress");
        }
        model.formatProperty().set(ExportFormat.SVG);
        model.setTarget(dir.resolve("out-SVG.svg"), true);
        int before = noticed.size();
        model.export();
        assertEquals(before + 1, noticed.size(), "saving the same file again is reported again");
        byte[] png = Files.readAllBytes(dir.resolve("out-PNG.png"));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(PageSize.SLIDE_16_9.pixelWidth(2), img.getWidth(), "16:9 at the default 2x");
        List<String> its = Files.readAllLines(dir.resolve("out-CSV_ITERATES.csv"), StandardCharsets.UTF_8);
        long rows = its.stream().filter(l -> !l.startsWith("#")).count();
        assertEquals(history.size() + 1, rows, "header and every iterate");
        assertTrue(its.stream().anyMatch(l -> l.equals("# seed: 3")));
        assertTrue(Files.readString(dir.resolve("out-CSV_CURVES.csv")).contains("\nkl,"), "curve rows of panel kl");
        assertFalse(Files.readString(dir.resolve("out-CSV_CURVES.csv")).contains("\ngeometry,"), "no geometry in curves");
    }

    @Test
    void anExistingFileIsReplacedOnlyAfterConfirmation() throws Exception {
        Path file = dir.resolve("fig.svg");
        Files.writeString(file, "keep me");
        model.formatProperty().set(ExportFormat.SVG);
        model.setTarget(file, false);
        answer = false;
        model.export();
        assertEquals(List.of(file), asked);
        assertEquals("keep me", Files.readString(file));
        assertTrue(model.messageProperty().get().contains("exists and was kept"));
        answer = true;
        model.export();
        assertEquals(2, asked.size());
        assertTrue(Files.readString(file).startsWith("<?xml"));
        // chosen in a save dialog, which asked already: no second question
        model.setTarget(file, true);
        model.export();
        assertEquals(2, asked.size());
    }

    @Test
    void aCancelledExportLeavesNoFile() throws Exception {
        Path file = dir.resolve("fig.pdf");
        model.formatProperty().set(ExportFormat.PDF);
        model.setTarget(file, false);
        executor.cancelNext();
        model.export();
        assertFalse(Files.exists(file));
        assertTrue(model.messageProperty().get().startsWith("Cancelled"), model.messageProperty().get());
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void problemsAreReportedInsteadOfExporting() {
        model.setTarget(dir.resolve("x.png"), false);
        assertNull(model.problem());
        model.panels().forEach(c -> c.selected().set(false));
        assertEquals("choose at least one panel", model.problem());
        model.selectOnly("geometry");
        model.formatProperty().set(ExportFormat.CSV_CURVES);
        assertTrue(model.problem().startsWith("choose at least one curve panel"));
        model.formatProperty().set(ExportFormat.PNG);
        model.sizeProperty().set(ExportModel.CUSTOM);
        model.customWidthProperty().set("wide");
        assertTrue(model.problem().contains("width and height must be numbers"));
        model.customWidthProperty().set("20");
        assertTrue(model.problem().contains("between 72 and 7200 points"));
        model.export();
        assertTrue(model.messageProperty().get().startsWith("Not saved: size must be"));
        model.customWidthProperty().set("800");
        model.setTarget(dir.resolve("no-such-folder").resolve("x.png"), false);
        assertTrue(model.problem().contains("does not exist"));
    }

    /** A short animation on a small page: 6 frames of iterations 0 to 8. */
    private void smallAnimation(ExportFormat f) {
        model.formatProperty().set(f);
        model.sizeProperty().set(ExportModel.CUSTOM);
        model.customWidthProperty().set("320");
        model.customHeightProperty().set("180");
        model.scaleProperty().set(1);
        model.fpsProperty().set(6);
        model.durationProperty().set(1);
        model.holdProperty().set(0);
        model.toIterationProperty().set("8");
    }

    @Test
    void anAnimationIsWrittenFromTheShownRunWithProgressAndAPreview() throws Exception {
        smallAnimation(ExportFormat.MP4);
        assertEquals("gmm-simplex-animation.mp4", model.suggestedFileName());
        model.previewAtProperty().set(1);
        model.requestPreview();
        ExportModel.Frame preview = model.frameProperty().get();
        assertTrue(preview != null, model.messageProperty().get());
        assertEquals(320, preview.width());
        assertEquals(6, preview.frames());
        assertEquals(8, preview.iteration(), "the last frame");

        List<Double> progress = new ArrayList<>();
        model.progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        Path mp4 = dir.resolve("run.mp4");
        model.setTarget(mp4, false);
        model.export();
        assertTrue(model.messageProperty().get().startsWith("Saved " + mp4), model.messageProperty().get());
        assertEquals(model.messageProperty().get(), noticed.get(noticed.size() - 1),
                "the window's notice says the video was saved, not its last progress (\"writing 1/1\")");
        assertTrue(model.messageProperty().get().contains("6 frames"), model.messageProperty().get());
        try (org.jcodec.common.io.SeekableByteChannel ch = org.jcodec.common.io.NIOUtils.readableChannel(mp4.toFile())) {
            var meta = org.jcodec.containers.mp4.demuxer.MP4Demuxer.createMP4Demuxer(ch).getVideoTrack().getMeta();
            assertEquals(org.jcodec.common.Codec.H264, meta.getCodec());
            assertEquals(1.0, meta.getTotalDuration(), 1e-9, "6 frames at 6 fps");
            // one sample per distinct picture: a frame that shows the iteration before lasts longer instead
            assertTrue(meta.getTotalFrames() >= 2 && meta.getTotalFrames() <= 6, "samples " + meta.getTotalFrames());
        }
        assertTrue(progress.stream().anyMatch(v -> v > 0 && v < 1), "progress in between: " + progress);
        assertEquals(-1, model.progressProperty().get(), 0, "no progress once done");
        assertEquals(5, model.frameProperty().get().index(), "the newest frame encoded is shown");

        smallAnimation(ExportFormat.GIF);
        Path gif = dir.resolve("run.gif");
        model.setTarget(gif, false);
        model.export();
        assertTrue(Files.size(gif) > 0, model.messageProperty().get());

        smallAnimation(ExportFormat.FRAMES);
        Path frames = dir.resolve("frames");
        model.setTarget(frames, false);
        model.export();
        assertTrue(Files.isRegularFile(frames.resolve("frame-0006.png")), model.messageProperty().get());
        assertTrue(Files.readString(frames.resolve("frames.tex")).contains("{6}{frames/frame-}{0001}{0006}"));
    }

    @Test
    void aCancelledAnimationWritesNothing() throws Exception {
        smallAnimation(ExportFormat.MP4);
        Path mp4 = dir.resolve("run.mp4");
        model.setTarget(mp4, false);
        executor.cancelNext();
        model.export();
        assertFalse(Files.exists(mp4));
        assertTrue(model.messageProperty().get().startsWith("Cancelled"), model.messageProperty().get());
        model.fpsProperty().set(60);
        model.formatProperty().set(ExportFormat.GIF);
        assertTrue(model.problem().contains("at most 50 frames a second"), model.problem());
        model.formatProperty().set(ExportFormat.MP4);
        model.toIterationProperty().set("soon");
        assertTrue(model.problem().contains("whole number of iterations"), model.problem());
    }

    @Test
    void aPageSizeSetsItsFontScaleAndCrowdedPagesWarn() {
        model.panels().forEach(c -> c.selected().set(c.kind() != org.emlab.core.figure.Panel.Kind.INSET));
        model.sizeProperty().set(PageSize.COLUMN.id());
        assertEquals(PageSize.COLUMN.defaultFontScale(), model.fontScaleProperty().get());
        assertFalse(model.crowding().isEmpty(), "four panels in one journal column are cramped");
        model.selectOnly("kl");
        assertEquals("", model.crowding());
        model.sizeProperty().set(PageSize.SLIDE_4_3.id());
        assertEquals(PageSize.SLIDE_4_3.defaultFontScale(), model.fontScaleProperty().get());
    }
}
