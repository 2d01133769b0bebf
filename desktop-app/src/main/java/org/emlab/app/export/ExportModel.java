package org.emlab.app.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.emlab.app.compute.JobExecutor;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.Canvas2D;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureComposer;
import org.emlab.core.figure.render.FigureWriter;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.output.CurveCsv;
import org.emlab.core.output.RunHeader;
import org.emlab.core.output.TrajectoryCsv;
import org.emlab.core.param.ValidationException;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.figure.anim.FrameFolder;
import org.emlab.core.figure.anim.FrameSchedule;
import org.emlab.core.figure.anim.FrameSink;
import org.emlab.core.figure.anim.GifWriter;
import org.emlab.core.figure.anim.Mp4Writer;
import org.emlab.core.headless.Animation;
import org.emlab.core.headless.FigureRun;
import org.emlab.core.lab.Lab;
import org.emlab.core.view.AxisScales;

/**
 * The view model of exports: which panels, which format, page size, font scale, theme, layout,
 * PNG scale and file; validation with messages; and the export itself, run off the FX thread through
 * a {@link JobExecutor}, written atomically, cancellable, and never over an existing file without
 * the user's confirmation. No JavaFX scene code: tested without a Stage.
 */
public final class ExportModel {
    /** The page-size choice that uses the custom width and height. */
    public static final String CUSTOM = "custom";
    /** How long a CSV of the iterates waits for the compute thread. */
    public static final long ITERATES_TIMEOUT_SECONDS = 60;
    /** PNG scales offered. */
    public static final List<Integer> SCALES = List.of(1, 2, 4);

    /** Asks the user whether an existing file may be replaced. */
    @FunctionalInterface
    public interface Confirmer {
        boolean overwrite(Path existing);
    }

    /** A panel the user may include. */
    public record PanelChoice(String id, String title, Panel.Kind kind, BooleanProperty selected) {
        @Override
        public String toString() {
            return title + " (" + id + ")";
        }
    }

    private final ExportSource source;
    private final JobExecutor executor;
    private final Confirmer confirmer;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.PNG);
    private final StringProperty size = new SimpleStringProperty(PageSize.SLIDE_16_9.id());
    private final StringProperty customWidth = new SimpleStringProperty("800");
    private final StringProperty customHeight = new SimpleStringProperty("600");
    private final DoubleProperty fontScale = new SimpleDoubleProperty(PageSize.SLIDE_16_9.defaultFontScale());
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ObjectProperty<FigureComposer.Layout> layout = new SimpleObjectProperty<>(FigureComposer.Layout.AUTO);
    private final IntegerProperty scale = new SimpleIntegerProperty(2);
    private final StringProperty title = new SimpleStringProperty("");
    private final ObjectProperty<Path> target = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<Path> lastSaved = new SimpleObjectProperty<>();
    private final ObservableList<PanelChoice> panels = FXCollections.observableArrayList();
    // ---- animation settings (MP4, GIF, PNG frames) ----
    private final StringProperty fromIteration = new SimpleStringProperty("");
    private final StringProperty toIteration = new SimpleStringProperty("");
    private final IntegerProperty fps = new SimpleIntegerProperty(Animation.Settings.DEFAULT_FPS);
    private final DoubleProperty duration = new SimpleDoubleProperty(Animation.Settings.DEFAULT_DURATION);
    private final DoubleProperty hold = new SimpleDoubleProperty(Animation.Settings.DEFAULT_HOLD);
    private final ObjectProperty<FrameSchedule.Spacing> spacing = new SimpleObjectProperty<>(FrameSchedule.Spacing.LOG);
    /** 0..1 while an export runs with a known length, −1 otherwise. */
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    /** The newest frame drawn (an animation's preview, or the frame being encoded), or null. */
    private final ObjectProperty<Frame> frame = new SimpleObjectProperty<>();
    /** Where in the animation the preview is, 0..1. */
    private final DoubleProperty previewAt = new SimpleDoubleProperty(0);
    /** The last plan (pass 1) and what it was made for, reused by previews while the settings stay. */
    private Animation.Plan plan;
    private Object planKey;
    private JobExecutor.Handle previewing;
    private volatile Frame latestFrame;
    private Path confirmedTarget;
    /** The figure and iteration taken from the window when the panels were last read: what is previewed and exported. */
    private Figure figure;
    private int iteration;
    private org.emlab.core.lab.Lab lab;
    private org.emlab.core.param.ParamValues params;
    private JobExecutor.Handle running;

    public ExportModel(ExportSource source, JobExecutor executor, Confirmer confirmer) {
        this.source = source;
        this.executor = executor;
        this.confirmer = confirmer;
        size.addListener((o, a, b) -> {
            PageSize p = preset(b);
            if (p != null) {
                fontScale.set(p.defaultFontScale());
            }
        });
        format.addListener((o, a, b) -> {
            if (b != null && a != null && b.isAnimation() != a.isAnimation() && figure != null) {
                selectFitting(b.isAnimation());
            }
            retarget();
        });
    }

    // ---- properties ----------------------------------------------------------------------------

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** A page-size id ({@code 16:9}, {@code 4:3}, {@code column}, {@code double}) or {@link #CUSTOM}. */
    public StringProperty sizeProperty() {
        return size;
    }

    public StringProperty customWidthProperty() {
        return customWidth;
    }

    public StringProperty customHeightProperty() {
        return customHeight;
    }

    public DoubleProperty fontScaleProperty() {
        return fontScale;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ObjectProperty<FigureComposer.Layout> layoutProperty() {
        return layout;
    }

    public IntegerProperty scaleProperty() {
        return scale;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public ObjectProperty<Path> targetProperty() {
        return target;
    }

    /** The last outcome or problem, one line. */
    public StringProperty messageProperty() {
        return message;
    }

    /** True while an export runs. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The file written last, or null. */
    public ObjectProperty<Path> lastSavedProperty() {
        return lastSaved;
    }

    /** The iteration of the figure being exported. */
    public int iteration() {
        return iteration;
    }

    public ObservableList<PanelChoice> panels() {
        return panels;
    }

    /** A drawn frame: ARGB pixels, its size, and what it shows. */
    public record Frame(int width, int height, int[] argb, int index, int frames, int iteration) {
    }

    /** First iteration of an animation ("" = the run's first). */
    public StringProperty fromIterationProperty() {
        return fromIteration;
    }

    /** Last iteration of an animation ("" = where the run stops by itself). */
    public StringProperty toIterationProperty() {
        return toIteration;
    }

    public IntegerProperty fpsProperty() {
        return fps;
    }

    /** Seconds. */
    public DoubleProperty durationProperty() {
        return duration;
    }

    /** Seconds the last frame stays. */
    public DoubleProperty holdProperty() {
        return hold;
    }

    public ObjectProperty<FrameSchedule.Spacing> spacingProperty() {
        return spacing;
    }

    /** 0..1 while an export with a known length runs, −1 otherwise (for a progress bar). */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** The newest frame drawn for the preview or the export, or null. */
    public ObjectProperty<Frame> frameProperty() {
        return frame;
    }

    /** Where in the animation the preview shows, 0 (first frame) to 1 (last). */
    public DoubleProperty previewAtProperty() {
        return previewAt;
    }

    /** The animation settings (throws a {@link ValidationException} naming the bad field). */
    public Animation.Settings animationSettings() {
        Integer f = whole(fromIteration.get(), "from");
        Integer t = whole(toIteration.get(), "to");
        if (format.get() == ExportFormat.GIF && fps.get() > GifWriter.MAX_FPS) {
            throw new ValidationException("fps", "a GIF shows at most " + GifWriter.MAX_FPS + " frames a second");
        }
        return new Animation.Settings(f, t, fps.get(), duration.get(), spacing.get(), Math.min(hold.get(), duration.get()));
    }

    private static Integer whole(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long v = org.emlab.core.text.NumberSyntax.parseWhole(text);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new ValidationException(field, field + " must be a whole number of iterations, or empty (got "
                    + org.emlab.core.text.Snippet.quoted(text) + ")");
        }
    }

    /** What an animation of the shown run draws: the lab (an A/B comparison's base and contrast), data and view. */
    FigureRun figureRun() {
        org.emlab.core.lab.Lab l = lab;
        Lab.Contrast contrast = null;
        if (l instanceof ComparisonLab c) {
            contrast = c.contrast(params);
            l = c.base();
        }
        return new FigureRun(l, params, source.userData(), contrast, source.view(), source.horizon());
    }

    /** Sets the file; {@code confirmed} when the user already agreed to replace it (a save dialog asked). */
    public void setTarget(Path file, boolean confirmed) {
        target.set(file);
        confirmedTarget = confirmed ? file : null;
    }

    // ---- panels -------------------------------------------------------------------------------

    /**
     * Takes the figure the window shows now (what the preview shows and the export writes, even while
     * the run goes on) and reads its panels, keeping the user's choices by id; new panels start chosen when
     * they are geometry or curves (the window's main views), not when they are small insets.
     */
    public void refreshPanels() {
        Figure f = source.figure();
        figure = f;
        iteration = source.iteration();
        lab = source.lab();
        params = source.params();
        Map<String, Boolean> was = new LinkedHashMap<>();
        for (PanelChoice c : panels) {
            was.put(c.id(), c.selected().get());
        }
        List<PanelChoice> now = new ArrayList<>();
        if (f != null) {
            for (Panel p : f.panels()) {
                boolean sel = was.getOrDefault(p.id(), p.kind() != Panel.Kind.INSET);
                now.add(new PanelChoice(p.id(), p.title(), p.kind(), new SimpleBooleanProperty(sel)));
            }
        }
        panels.setAll(now);
    }

    /** Chooses exactly one panel (a chart's own right-click export). */
    public void selectOnly(String id) {
        refreshPanels();
        for (PanelChoice c : panels) {
            c.selected().set(c.id().equals(id));
        }
        retarget();
    }

    /**
     * Chooses what fits the page (the whole window when it does): the key chart, the geometry and the
     * other curves as long as none is cramped or loses a title, a legend entry, notes or an axis label
     * ({@link org.emlab.core.figure.render.PanelSelection#fitting}); every panel but the insets when the
     * page is not valid yet.
     */
    public void selectWindow() {
        refreshPanels();
        selectFitting(format.get().isAnimation());
        retarget();
    }

    /** Ticks the panels that fit the page (an animation's: the geometry first, as it is what moves). */
    private void selectFitting(boolean geometryFirst) {
        List<String> fit = null;
        if (figure != null) {
            try {
                fit = org.emlab.core.figure.render.PanelSelection.fitting(figure, lab == null ? "" : lab.keyChart(), spec(),
                        geometryFirst).stream().map(Panel::id).toList();
            } catch (ValidationException e) {
                fit = null;
            }
        }
        for (PanelChoice c : panels) {
            c.selected().set(fit == null ? c.kind() != Panel.Kind.INSET : fit.contains(c.id()));
        }
    }

    /** The chosen panels of {@code f}, in figure order. */
    public List<Panel> chosen(Figure f) {
        List<Panel> out = new ArrayList<>();
        if (f == null) {
            return out;
        }
        for (Panel p : f.panels()) {
            for (PanelChoice c : panels) {
                if (c.id().equals(p.id()) && c.selected().get()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    // ---- settings -----------------------------------------------------------------------------

    private static PageSize preset(String id) {
        for (PageSize p : PageSize.PRESETS) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** The page (throws a {@link ValidationException} for a bad custom size). */
    public PageSize page() {
        PageSize p = preset(size.get());
        if (p != null) {
            return p;
        }
        try {
            return PageSize.custom(org.emlab.core.text.NumberSyntax.parseFinite(customWidth.get()),
                    org.emlab.core.text.NumberSyntax.parseFinite(customHeight.get()));
        } catch (NumberFormatException e) {
            throw new ValidationException("size", "width and height must be numbers of points, such as 800 and 600");
        }
    }

    /** The export settings (throws a {@link ValidationException} naming the bad field). */
    public ExportSpec spec() {
        return new ExportSpec(page(), theme.get(), fontScale.get(), layout.get(), scale.get(), title.get());
    }

    /** Null when everything is ready to export, else what is missing or wrong. */
    public String problem() {
        if ((format.get().isFigure() || format.get().isAnimation()) && chosen(figure).isEmpty()) {
            return "choose at least one panel";
        }
        if (format.get().isAnimation()) {
            try {
                ExportSpec s = spec().checkRaster();
                format.get().animation().checkMemory(animationSettings().frames(), s.size().pixelWidth(s.scale()),
                        s.size().pixelHeight(s.scale()));
            } catch (ValidationException e) {
                return e.getMessage();
            }
        }
        if (format.get() == ExportFormat.CSV_CURVES && curvePanels(chosen(figure)).isEmpty()) {
            return "choose at least one curve panel (the geometry's data are not curves)";
        }
        if (format.get().isFigure()) {
            try {
                ExportSpec s = spec();
                if (format.get() == ExportFormat.PNG) {
                    s.checkRaster();
                }
            } catch (ValidationException e) {
                return e.getMessage();
            }
        }
        if (target.get() == null) {
            return "choose a file";
        }
        if (target.get().getParent() != null && !Files.isDirectory(target.get().toAbsolutePath().getParent())) {
            return "the folder " + target.get().toAbsolutePath().getParent() + " does not exist";
        }
        return null;
    }

    /** A name for the file: lab, panel (when one), iteration, and the format's extension. */
    public String suggestedFileName() {
        StringBuilder sb = new StringBuilder(lab == null ? "emlab" : lab.id());
        List<PanelChoice> sel = panels.filtered(c -> c.selected().get());
        if (format.get() == ExportFormat.CSV_ITERATES) {
            // every recorded iterate up to the moment of the export
            return sb.append("-iterates.csv").toString().replaceAll("[^A-Za-z0-9@._-]", "_");
        } else if (sel.size() == 1) {
            sb.append('-').append(sel.get(0).id());
        } else if (format.get() == ExportFormat.CSV_CURVES) {
            sb.append("-curves");
        }
        if (format.get().isAnimation()) {
            sb.append(format.get() == ExportFormat.FRAMES ? "-frames" : "-animation");
            String ext = format.get().extension();
            return (ext.isEmpty() ? sb.toString() : sb.append('.').append(ext).toString()).replaceAll("[^A-Za-z0-9@._-]", "_");
        }
        sb.append("-iter").append(iteration);
        if (format.get() == ExportFormat.PNG && scale.get() > 1) {
            sb.append('@').append(scale.get()).append('x');
        }
        return sb.append('.').append(format.get().extension()).toString().replaceAll("[^A-Za-z0-9@._-]", "_");
    }

    /** Keeps the chosen folder and replaces the file name by the suggestion when the format or panels change. */
    private void retarget() {
        Path t = target.get();
        if (t != null) {
            Path dir = t.toAbsolutePath().getParent();
            setTarget(dir == null ? Path.of(suggestedFileName()) : dir.resolve(suggestedFileName()), false);
        }
    }

    /** A warning when the chosen panels will be cramped on the page, else "". */
    public String crowding() {
        if (!format.get().isFigure() && !format.get().isAnimation()) {
            return "";
        }
        try {
            ExportSpec s = spec();
            FigureComposer composer = new FigureComposer(s.scaledTheme(), s.layout(), s.title());
            for (FigureComposer.Placement p : composer.layout(chosen(figure), s.size().width(),
                    s.size().height())) {
                if (composer.cramped(p)) {
                    return "panels will be cramped on this page: choose fewer panels, a larger page or a smaller font scale";
                }
            }
            Map<String, List<String>> lost = composer.losses(chosen(figure), s.size().width(), s.size().height());
            if (!lost.isEmpty()) {
                Map.Entry<String, List<String>> first = lost.entrySet().iterator().next();
                return "too little room on this page: " + first.getKey() + " (" + String.join(", ", first.getValue())
                        + (lost.size() > 1 ? ", and " + (lost.size() - 1) + " more panel" + (lost.size() > 2 ? "s" : "") : "")
                        + "); choose fewer panels, a larger page or a smaller font scale";
            }
        } catch (ValidationException e) {
            return "";
        }
        return "";
    }

    /** Paints what the export will look like, at page size (the caller scales the canvas to fit). */
    public void paintPreview(Canvas2D g) {
        ExportSpec s = spec();
        new FigureComposer(s.scaledTheme(), s.layout(), s.title()).paint(chosen(figure), g, s.size().width(),
                s.size().height());
    }

    // ---- export -------------------------------------------------------------------------------

    /** Exports with the current settings (FX thread): validates, confirms an overwrite, then writes in the background. */
    public void export() {
        String p = problem();
        if (p != null) {
            message.set("Not saved: " + p + ".");
            return;
        }
        Path file = target.get();
        if (Files.exists(file) && !file.equals(confirmedTarget)) {
            if (!confirmer.overwrite(file)) {
                message.set("Not saved: " + file.getFileName() + " exists and was kept.");
                return;
            }
            confirmedTarget = file;
        }
        ExportFormat fmt = format.get();
        JobExecutor.Job<String> job;
        if (fmt.isAnimation()) {
            exportAnimation(file, fmt);
            return;
        }
        if (fmt.isFigure()) {
            List<Panel> chosen = chosen(figure);
            ExportSpec s = spec();
            job = ctx -> {
                ctx.progress("drawing " + chosen.size() + " panel" + (chosen.size() == 1 ? "" : "s"));
                AtomicFiles.write(file, out -> {
                    FigureWriter.write(out, fmt.figure(), chosen, s);
                    ctx.checkCancelled();
                });
                return fmt == ExportFormat.PNG ? s.size().pixelWidth(s.scale()) + " × " + s.size().pixelHeight(s.scale())
                        + " px" : fmt.extension().toUpperCase(Locale.ROOT) + ", " + fmt(s.size().width()) + " × "
                        + fmt(s.size().height()) + " pt";
            };
        } else if (fmt == ExportFormat.CSV_CURVES) {
            List<Panel> chosen = curvePanels(chosen(figure));
            List<String> header = RunHeader.lines("curves as drawn at iteration " + iteration
                    + " (measured curves thinned for display to at most 2000 points, keeping minima and maxima; "
                    + "the iterates CSV has every recorded iteration)", lab, params, iteration);
            job = ctx -> {
                AtomicFiles.write(file, out -> {
                    CurveCsv.write(out, chosen, header);
                    ctx.checkCancelled();
                });
                return "curves of " + chosen.size() + " panel" + (chosen.size() == 1 ? "" : "s");
            };
        } else {
            CompletableFuture<TrajectoryCsv.Table> table = source.iterates();
            job = ctx -> {
                ctx.progress("collecting the iterates");
                TrajectoryCsv.Table t = await(table, ctx);
                AtomicFiles.write(file, out -> {
                    TrajectoryCsv.write(out, t);
                    ctx.checkCancelled();
                });
                return t.iterations().length + " iterates";
            };
        }
        busy.set(true);
        message.set("Saving " + file.getFileName() + "…");
        running = executor.submit("Export " + file.getFileName(), job, what -> {
            busy.set(false);
            message.set("Saved " + file + " (" + what + ").");
            reportSaved(file);
        }, ex -> {
            busy.set(false);
            message.set(ex instanceof CancellationException ? "Cancelled; " + file.getFileName() + " was not written."
                    : "Could not save " + file.getFileName() + ": " + describe(ex));
        });
    }

    /**
     * {@link #lastSavedProperty()} to {@code file}, after the "Saved …" message (the window's notice takes the message
     * when the file is reported: set before, it showed the last progress, "Saving run.mp4: writing 1/1…"); a file
     * saved again is reported again.
     */
    private void reportSaved(Path file) {
        lastSaved.set(null);
        lastSaved.set(file);
    }

    /** The animation: pass 1, then every frame into the file, with progress and the newest frame for the preview. */
    private void exportAnimation(Path file, ExportFormat fmt) {
        ExportSpec s = spec();
        Animation.Settings st = animationSettings();
        FigureRun req = figureRun();
        AxisScales axes = AxisScales.of(figure);
        List<String> ids = chosen(figure).stream().map(Panel::id).toList();
        Object key = List.of(req, s, st, ids, axes.settings());
        int[] size = {0, 0};
        JobExecutor.Job<String> job = ctx -> {
            ctx.progress(0, 1, "running the lab");
            Animation.Plan p = planFor(key, req, s, st, ids, axes, ctx);
            size[0] = p.width();
            size[1] = p.height();
            FrameSink sink = switch (fmt.animation()) {
                case MP4 -> new Mp4Writer(file, st.fps());
                case GIF -> new GifWriter(file, st.fps(), themeColours(s.scaledTheme()));
                case FRAMES -> new FrameFolder(file, file.getFileName() + "/", st.fps(), s.scale(), req.lab().id());
            };
            Animation.render(p, tap(sink, p.frames()), ctx::cancelled, (phase, done, total) ->
                    ctx.progress(done, total, phase));
            String older = sink instanceof FrameFolder folder ? folder.leftOverNote() : null;
            return p.frames() + " frames, " + size[0] + " × " + size[1] + " px, " + fmt(st.duration()) + " s"
                    + (older == null ? "" : "; " + older);
        };
        busy.set(true);
        progress.set(0);
        message.set("Saving " + file.getFileName() + "…");
        running = executor.submit(job, new JobExecutor.Listener<>() {
            @Override
            public void progress(long done, long total, String what) {
                progress.set(total > 0 ? done / (double) total : -1);
                Frame f = latestFrame;
                if (f != null && f != frame.get()) {
                    frame.set(f);
                }
                message.set("Saving " + file.getFileName() + ": " + what + (total > 0 ? " " + done + "/" + total : "") + "…");
            }

            @Override
            public void succeeded(String what) {
                busy.set(false);
                progress.set(-1);
                message.set("Saved " + file + " (" + what + ").");
                reportSaved(file);
            }

            @Override
            public void cancelled(String partial) {
                busy.set(false);
                progress.set(-1);
                message.set("Cancelled; " + file.getFileName() + " was not written.");
            }

            @Override
            public void failed(Throwable ex) {
                busy.set(false);
                progress.set(-1);
                message.set(ex instanceof CancellationException ? "Cancelled; " + file.getFileName() + " was not written."
                        : "Could not save " + file.getFileName() + ": " + describe(ex));
            }
        });
    }

    /** The plan for these settings: the last one when nothing changed, else made now (on the job's thread). */
    private Animation.Plan planFor(Object key, FigureRun req, ExportSpec s, Animation.Settings st, List<String> ids,
                                   AxisScales axes, JobExecutor.Context ctx) {
        synchronized (this) {
            if (plan != null && key.equals(planKey)) {
                return plan;
            }
        }
        Animation.Plan p = Animation.plan(req, s, f -> pick(f, ids), axes, st, ctx::cancelled,
                (phase, done, total) -> ctx.progress(done, total, phase));
        synchronized (this) {
            plan = p;
            planKey = key;
        }
        return p;
    }

    private static List<Panel> pick(Figure f, List<String> ids) {
        List<Panel> out = new ArrayList<>();
        for (String id : ids) {
            if (f.panel(id) != null) {
                out.add(f.panel(id));
            }
        }
        if (out.isEmpty()) {
            throw new ValidationException("panels", "none of the chosen panels is in the run's figure");
        }
        return out;
    }

    /** Passes frames on, keeping every few for the preview (and what the sink says of its drawing threads). */
    private FrameSink tap(FrameSink sink, int frames) {
        return new FrameSink() {
            @Override
            public void frame(int index, int iteration, java.awt.image.BufferedImage image) throws java.io.IOException {
                sink.frame(index, iteration, image);
                if (index % 5 == 0 || index == frames - 1) {
                    latestFrame = frameOf(image, index, frames, iteration);
                }
            }

            @Override
            public void finish() throws java.io.IOException {
                sink.finish();
            }

            @Override
            public void finish(java.util.function.BooleanSupplier cancelled) throws java.io.IOException {
                sink.finish(cancelled);
            }

            @Override
            public int drawingThreads() {
                return sink.drawingThreads();
            }

            @Override
            public void abandon() {
                sink.abandon();
            }
        };
    }

    private static Frame frameOf(java.awt.image.BufferedImage img, int index, int frames, int iteration) {
        int w = img.getWidth();
        int h = img.getHeight();
        return new Frame(w, h, img.getRGB(0, 0, w, h, null, 0, w), index, frames, iteration);
    }

    /**
     * Draws, in the background, the frame {@link #previewAtProperty()} points at, exactly as the export
     * will ({@link Animation#preview}: from the plan's recorded run, or a fresh run to its iteration): the
     * animation's live preview. A newer request cancels an older one.
     */
    public void requestPreview() {
        if (!format.get().isAnimation() || figure == null) {
            return;
        }
        String bad = problemIgnoringTarget();
        if (bad != null) {
            message.set("No preview: " + bad + ".");
            return;
        }
        if (previewing != null && !previewing.isDone()) {
            previewing.cancel();
        }
        ExportSpec s = spec();
        Animation.Settings st = animationSettings();
        FigureRun req = figureRun();
        AxisScales axes = AxisScales.of(figure);
        List<String> ids = chosen(figure).stream().map(Panel::id).toList();
        Object key = List.of(req, s, st, ids, axes.settings());
        double at = Math.max(0, Math.min(1, previewAt.get()));
        previewing = executor.submit("Preview", ctx -> {
            Animation.Plan p = planFor(key, req, s, st, ids, axes, ctx);
            int index = (int) Math.round(at * (p.frames() - 1));
            int it = p.schedule().iteration(index);
            return frameOf(Animation.preview(p, it, ctx::cancelled), index, p.frames(), it);
        }, f -> frame.set(f), ex -> {
            if (!(ex instanceof CancellationException)) {
                message.set("No preview: " + describe(ex));
            }
        });
    }

    /** {@link #problem()} without the file (a preview needs none). */
    private String problemIgnoringTarget() {
        if (chosen(figure).isEmpty()) {
            return "choose at least one panel";
        }
        try {
            spec().checkRaster();
            animationSettings();
        } catch (ValidationException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The theme's colours, which a GIF's palette keeps exactly. */
    static int[] themeColours(org.emlab.core.figure.Theme t) {
        int[] c = new int[5 + t.palette().length];
        c[0] = t.background();
        c[1] = t.foreground();
        c[2] = t.grid();
        c[3] = t.muted();
        c[4] = t.accent();
        System.arraycopy(t.palette(), 0, c, 5, t.palette().length);
        return c;
    }

    /** The panels of {@code ps} that are not geometry (curves and insets). */
    static List<Panel> curvePanels(List<Panel> ps) {
        List<Panel> out = new ArrayList<>();
        for (Panel p : ps) {
            if (p.kind() != Panel.Kind.GEOMETRY) {
                out.add(p);
            }
        }
        return out;
    }

    /** Cancels the running export. */
    public void cancel() {
        if (running != null && !running.isDone()) {
            running.cancel();
        }
    }

    private static <T> T await(CompletableFuture<T> f, JobExecutor.Context ctx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ITERATES_TIMEOUT_SECONDS);
        while (true) {
            ctx.checkCancelled();
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the compute thread did not answer within " + ITERATES_TIMEOUT_SECONDS + " s");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
    }

    private static String describe(Throwable ex) {
        return org.emlab.core.io.Failures.report(ex, "export");
    }

    private static String fmt(double v) {
        return org.emlab.core.text.Numbers.exact(v);
    }
}
