package org.emlab.app.session;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import org.emlab.app.MainWindow;
import org.emlab.app.compute.TaskExecutor;
import org.emlab.app.curves.CurveChart;
import org.emlab.app.keys.Shortcuts;
import org.emlab.app.lecture.LectureMode;
import org.emlab.core.figure.Theme;
import org.emlab.core.session.Session;
import org.emlab.core.session.Sessions;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.Snapshot;

/**
 * Sessions in the window: save (Ctrl+S) and open (Ctrl+O) a {@code .emlab.json} file, the recent
 * files, and the clipboard form (Copy session as text, Paste session). Opening restarts the saved
 * run with the same parameters and seed, steps it to the saved iteration, and restores the view
 * (projection, log axes, theme, lecture mode). Problems are shown as a notice, never thrown.
 */
public final class SessionActions {
    private final MainWindow window;
    private final TaskExecutor executor;
    private final LectureMode lecture;
    private final RecentFiles recent;
    private final Menu recentMenu = new Menu("Open recent");
    private Path folder = Path.of(System.getProperty("user.home", "."));

    public SessionActions(MainWindow window, TaskExecutor executor, LectureMode lecture) {
        this(window, executor, lecture, RecentFiles.inUserConfig());
    }

    public SessionActions(MainWindow window, TaskExecutor executor, LectureMode lecture, RecentFiles recent) {
        this.window = window;
        this.executor = executor;
        this.lecture = lecture;
        this.recent = recent;
        recentMenu.setOnShowing(e -> rebuildRecent());
        recentMenu.getItems().add(new MenuItem("(none)"));
    }

    public List<MenuItem> fileMenuItems() {
        MenuItem save = Shortcuts.menuItem("Save session…", "save", this::save);
        save.setId("menu-save-session");
        MenuItem open = Shortcuts.menuItem("Open session…", "open", this::open);
        open.setId("menu-open-session");
        rebuildRecent();
        return List.of(open, recentMenu, save);
    }

    public List<MenuItem> editMenuItems() {
        MenuItem copy = Shortcuts.menuItem("Copy session as text", "copy-session", this::copyAsText);
        MenuItem paste = Shortcuts.menuItem("Paste session", "paste-session", this::paste);
        return List.of(copy, paste);
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem it = new MenuItem(p.getFileName() + "  —  " + p.toAbsolutePath().getParent());
            it.setOnAction(e -> open(p));
            recentMenu.getItems().add(it);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(no recent sessions)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    /** The session of what the window shows now, or null before the first run. */
    public Session capture() {
        Snapshot s = window.latest();
        Lab lab = window.lab();
        if (s == null || lab == null || s.params() == null) {
            return null;
        }
        Map<String, Session.LogAxes> axes = new LinkedHashMap<>();
        for (Map.Entry<String, CurveChart> e : window.curveCharts().entrySet()) {
            if (e.getValue().panel() != null) {
                axes.put(e.getKey(), new Session.LogAxes(e.getValue().isLogX(), e.getValue().isLogY()));
            }
        }
        Session.View view = new Session.View(window.viewSettings(), axes, window.theme().name(),
                lecture.isActive());
        return Session.of(lab, s.params(), s.iteration(), view);
    }

    /** Saves the session through a file chooser. */
    public void save() {
        Session s = capture();
        if (s == null) {
            window.notice("Nothing to save yet: the run has not started.", true);
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("EM Lab session", "*" + Sessions.EXTENSION));
        if (folder.toFile().isDirectory()) {
            fc.setInitialDirectory(folder.toFile());
        }
        fc.setInitialFileName(s.lab() + "-seed" + s.seed().orElse("") + "-iter" + s.iteration() + Sessions.EXTENSION);
        File f = fc.showSaveDialog(window.stage());
        if (f != null) {
            Path target = ensureExtension(f.toPath());
            // the chooser confirmed replacing the name typed; the extension added may name another file
            if (!target.equals(f.toPath()) && java.nio.file.Files.exists(target) && !confirmReplace(target)) {
                window.notice("Not saved: " + target.getFileName() + " exists and was kept.", false);
                return;
            }
            save(s, target);
        }
    }

    private boolean confirmReplace(Path file) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Replace it? Its current content will be lost.", javafx.scene.control.ButtonType.YES,
                javafx.scene.control.ButtonType.NO);
        a.initOwner(window.stage());
        a.setTitle("Replace file?");
        a.setHeaderText(file.getFileName() + " already exists in " + file.toAbsolutePath().getParent());
        return a.showAndWait().orElse(javafx.scene.control.ButtonType.NO) == javafx.scene.control.ButtonType.YES;
    }

    private static Path ensureExtension(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".json") ? p : p.resolveSibling(n + Sessions.EXTENSION);
    }

    /** Writes {@code s} to {@code file} in the background (the file is replaced atomically). */
    public void save(Session s, Path file) {
        executor.submit("Save session", ctx -> {
            Sessions.write(file, s);
            return file;
        }, p -> {
            remember(p);
            window.notice("Session saved to " + p + " (iteration " + s.iteration() + "; reopening reproduces this run "
                    + "exactly).", false);
        }, ex -> window.notice("Could not save the session: " + ex.getMessage(), true));
    }

    /** Opens a session through a file chooser. */
    public void open() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open session");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("EM Lab session", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (folder.toFile().isDirectory()) {
            fc.setInitialDirectory(folder.toFile());
        }
        File f = fc.showOpenDialog(window.stage());
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Reads a session file in the background and restores it. */
    public void open(Path file) {
        executor.submit("Open session", ctx -> Sessions.read(file), s -> {
            remember(file);
            restore(s);
            window.notice("Opened " + file.getFileName() + ": " + s.lab() + ", seed " + s.seed().orElse("?")
                    + ", iteration " + s.iteration() + ".", false);
        }, ex -> window.notice("Could not open " + file.getFileName() + ": " + message(ex), true));
    }

    private static String message(Throwable ex) {
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "the file does not exist";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    private void remember(Path file) {
        recent.add(file);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            folder = dir;
        }
    }

    /** Puts the session on the clipboard as {@code emlab:…}. */
    public void copyAsText() {
        Session s = capture();
        if (s == null) {
            window.notice("Nothing to copy yet: the run has not started.", true);
            return;
        }
        String text = Sessions.toText(s);
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
        window.notice("Session copied as text (" + text.length() + " characters): paste it into a message; Edit → "
                + "Paste session restores it.", false);
    }

    /** Restores a session from the clipboard text. */
    public void paste() {
        String text = Clipboard.getSystemClipboard().getString();
        try {
            restore(Sessions.fromText(text));
            window.notice("Session pasted.", false);
        } catch (ValidationException e) {
            window.notice(e.getMessage(), true);
        }
    }

    /**
     * Restarts the saved run (same lab, parameters and seed), steps it to the saved iteration and
     * restores the view: projection, log axes (once the charts exist), theme, lecture mode.
     */
    public void restore(Session s) {
        ParamValues values = s.values();
        long before = window.latest() == null ? -1 : window.latest().runId();
        window.load(s.labObject(), values, false);
        window.setViewSettings(s.view().options());
        window.runLoop().stepTo(s.iteration());
        Theme theme = Theme.named(s.view().theme());
        if (s.view().lecture() != lecture.isActive()) {
            lecture.setActive(s.view().lecture());
        }
        window.setTheme(theme);
        if (!s.view().logAxes().isEmpty()) {
            List<Consumer<Snapshot>> self = new ArrayList<>(1);
            Consumer<Snapshot> apply = snap -> {
                if (snap.runId() <= before || window.curveCharts().isEmpty()) {
                    return;
                }
                for (Map.Entry<String, Session.LogAxes> e : s.view().logAxes().entrySet()) {
                    CurveChart c = window.curveCharts().get(e.getKey());
                    if (c != null && c.panel() != null) {
                        c.setLog(e.getValue().x(), e.getValue().y());
                    }
                }
                window.removeFrameListener(self.get(0));
            };
            self.add(apply);
            window.addFrameListener(apply);
        }
    }
}
