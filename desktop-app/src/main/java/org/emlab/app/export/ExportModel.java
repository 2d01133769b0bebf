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
        format.addListener((o, a, b) -> retarget());
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

    /** Chooses every panel but the insets (the whole window). */
    public void selectWindow() {
        refreshPanels();
        for (PanelChoice c : panels) {
            c.selected().set(c.kind() != Panel.Kind.INSET);
        }
        retarget();
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
        if (format.get().isFigure() && chosen(figure).isEmpty()) {
            return "choose at least one panel";
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
        if (!format.get().isFigure()) {
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
            lastSaved.set(file);
            message.set("Saved " + file + " (" + what + ").");
        }, ex -> {
            busy.set(false);
            message.set(ex instanceof CancellationException ? "Cancelled; " + file.getFileName() + " was not written."
                    : "Could not save " + file.getFileName() + ": " + describe(ex));
        });
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
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
