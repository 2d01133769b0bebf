package org.emlab.app.data;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.emlab.app.compute.FxJobExecutor;
import org.emlab.app.compute.JobExecutor;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.emlab.core.data.CsvReader;
import org.emlab.core.data.DataTable;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * Opening the user's own data in the window: File → Open data… (a file chooser) or a CSV dropped
 * onto the window. The file is read off the FX thread; a problem (named by line and column) is
 * shown in an alert; otherwise the {@link ColumnPicker} asks which lab, columns and k, and the lab
 * is loaded with {@code data} set to the file's path and the table kept in {@link UserData}, so
 * every restart reuses it.
 */
public final class DataImport {
    private final Stage stage;
    private final UserData userData;
    private final BiConsumer<Lab, ParamValues> loader;
    private final Supplier<Lab> currentLab;
    private final Supplier<ParamValues> currentParams;
    /** Reads the files in the background, each import on its own thread. */
    private final JobExecutor executor = new FxJobExecutor();
    private File lastDirectory;
    private Consumer<String> notice = m -> { };

    /**
     * @param stage      the owner of dialogs
     * @param userData   where the opened table is kept
     * @param loader     loads a lab with parameters (and starts its run)
     * @param currentLab the lab shown now (its kind is preselected in the picker)
     * @param currentParams the parameters of the run shown now, or null (its k is preselected, and the
     *                   same lab keeps its settings: seed, covariance, initialisation, ...)
     */
    public DataImport(Stage stage, UserData userData, BiConsumer<Lab, ParamValues> loader, Supplier<Lab> currentLab,
                      Supplier<ParamValues> currentParams) {
        this.stage = stage;
        this.userData = userData;
        this.loader = loader;
        this.currentLab = currentLab;
        this.currentParams = currentParams;
    }

    /** The File menu item "Open data…" (Ctrl+O). */
    public MenuItem menuItem() {
        MenuItem it = org.emlab.app.keys.Shortcuts.menuItem("Open data…", "open-data", this::choose);
        it.setId("menu-open-data");
        return it;
    }

    /** Shows the file chooser. */
    public void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open data (CSV)");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files", "*.csv", "*.tsv", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastDirectory != null && lastDirectory.isDirectory()) {
            fc.setInitialDirectory(lastDirectory);
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Accepts CSV files dragged onto {@code target}. */
    public void installDrop(Node target) {
        target.setOnDragOver(e -> {
            Dragboard db = e.getDragboard();
            if (db.hasFiles() && db.getFiles().size() == 1 && looksLikeData(db.getFiles().get(0))) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            Dragboard db = e.getDragboard();
            boolean ok = db.hasFiles() && db.getFiles().size() == 1;
            if (ok) {
                Path p = db.getFiles().get(0).toPath();
                Platform.runLater(() -> open(p));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    static boolean looksLikeData(File f) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        return f.isFile() && (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt"));
    }

    /**
     * Reads {@code file} in the background (streaming, with a progress window and a Cancel button for
     * big files), then asks for columns and loads the lab.
     */
    public void open(Path file) {
        lastDirectory = file.toAbsolutePath().getParent() == null ? null : file.toAbsolutePath().getParent().toFile();
        String name = String.valueOf(file.getFileName());
        DoubleProperty fraction = new SimpleDoubleProperty(-1);
        StringProperty message = new SimpleStringProperty("");
        JobExecutor.Handle[] handle = new JobExecutor.Handle[1];
        ImportProgress progress = new ImportProgress(stage, name, fraction, message,
                () -> handle[0] != null && !handle[0].isDone(), () -> handle[0].cancel());
        handle[0] = executor.submit(ctx -> CsvReader.read(file, CsvReader.Header.AUTO, new CsvReader.Progress() {
            @Override
            public void update(long bytesRead, long totalBytes) {
                ctx.progress(bytesRead, totalBytes > 0 ? totalBytes : -1, ImportProgress.amount(bytesRead, totalBytes));
            }

            @Override
            public boolean cancelled() {
                return ctx.cancelled();
            }
        }), new JobExecutor.Listener<DataTable>() {
            @Override
            public void progress(long done, long total, String text) {
                fraction.set(total > 0 ? (double) done / total : -1);
                message.set(text);
            }

            @Override
            public void succeeded(DataTable table) {
                progress.close();
                picked(table, file.toAbsolutePath().toString());
            }

            @Override
            public void cancelled(DataTable partial) {
                progress.close();
                notice.accept("Import of " + name + " cancelled; nothing was loaded.");
            }

            @Override
            public void failed(Throwable ex) {
                progress.close();
                if (ex instanceof CancellationException) {
                    cancelled(null);
                    return;
                }
                String msg = org.emlab.core.io.Failures.report(ex, "opening the data file " + file);
                Alert a = new Alert(Alert.AlertType.ERROR);
                a.initOwner(stage);
                a.setTitle("Cannot open the data");
                a.setHeaderText("Cannot open " + file.getFileName());
                a.setContentText(msg);
                a.getDialogPane().setId("data-error");
                a.show();
            }
        });
        progress.arm();
    }

    /** Where a cancelled import is reported (a notice line in the window). */
    public void setNotice(Consumer<String> notice) {
        this.notice = notice;
    }

    /** Shows the column picker for a table read from {@code source}, and loads the chosen lab. */
    void picked(DataTable table, String source) {
        Lab now = currentLab.get();
        Optional<ColumnChoice.Target> shown = ColumnChoice.Target.of(now);
        ColumnChoice.Target preset = shown.orElse(ColumnChoice.Target.all().get(0));
        ColumnChoice choice = new ColumnChoice(table, source, preset);
        ParamValues p = currentParams.get();
        if (shown.isPresent() && p != null) {
            choice.setK(p.getInt(preset.spec().count()));
        }
        new ColumnPicker(stage, choice).ask().ifPresent(c -> apply(c, source));
    }

    /** Loads the chosen lab on the opened table. */
    void apply(ColumnChoice c, String source) {
        userData.set(c.table(), source);
        Lab lab = c.target().lab();
        Lab now = currentLab.get();
        ParamValues current = currentParams.get();
        // the same lab keeps the user's settings; the choice replaces the data, the columns and k
        ParamValues p = now != null && now.id().equals(lab.id()) && current != null ? current : lab.defaults();
        for (Map.Entry<String, String> e : c.params().entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        loader.accept(lab, p);
    }
}
