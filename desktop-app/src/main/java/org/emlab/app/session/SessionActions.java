package org.emlab.app.session;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.emlab.app.model.SessionModel;
import org.emlab.app.compute.JobExecutor;
import org.emlab.app.keys.Shortcuts;
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
    private final SessionModel session;
    private final Supplier<Stage> owner;
    private final JobExecutor executor;
    private final RecentFiles recent;
    private final Menu recentMenu = new Menu("Open recent");
    private Path folder = Path.of(System.getProperty("user.home", "."));

    /**
     * @param session  the session shown
     * @param owner    the window that owns the file choosers and questions
     * @param executor reads and writes session files in the background
     */
    public SessionActions(SessionModel session, Supplier<Stage> owner, JobExecutor executor) {
        this(session, owner, executor, RecentFiles.inUserConfig());
    }

    public SessionActions(SessionModel session, Supplier<Stage> owner, JobExecutor executor, RecentFiles recent) {
        this.session = session;
        this.owner = owner;
        this.executor = executor;
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
        Snapshot s = session.latest();
        Lab lab = session.lab();
        if (s == null || lab == null || s.params() == null) {
            return null;
        }
        Session.View view = new Session.View(Map.copyOf(session.viewSettings()), session.logAxes(), session.theme().name(),
                session.lectureProperty().get());
        return Session.of(lab, s.params(), s.iteration(), view);
    }

    /** Saves the session through a file chooser. */
    public void save() {
        Session s = capture();
        if (s == null) {
            session.notice("Nothing to save yet: the run has not started.", true);
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("EM Lab session", "*" + Sessions.EXTENSION));
        if (folder.toFile().isDirectory()) {
            fc.setInitialDirectory(folder.toFile());
        }
        fc.setInitialFileName(s.lab() + "-seed" + s.seed().orElse("") + "-iter" + s.iteration() + Sessions.EXTENSION);
        File f = fc.showSaveDialog(owner.get());
        if (f != null) {
            Path target = ensureExtension(f.toPath());
            // the chooser confirmed replacing the name typed; the extension added may name another file
            if (!target.equals(f.toPath()) && java.nio.file.Files.exists(target) && !confirmReplace(target)) {
                session.notice("Not saved: " + target.getFileName() + " exists and was kept.", false);
                return;
            }
            save(s, target);
        }
    }

    private boolean confirmReplace(Path file) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Replace it? Its current content will be lost.", javafx.scene.control.ButtonType.YES,
                javafx.scene.control.ButtonType.NO);
        a.initOwner(owner.get());
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
            // painted data go beside the session file, which names the copy
            Sessions.write(file, org.emlab.app.manipulate.PaintedSessions.withSiblingData(s, file));
            return file;
        }, p -> {
            remember(p);
            session.notice("Session saved to " + p + " (iteration " + s.iteration() + "; reopening reproduces this run "
                    + "exactly).", false);
        }, ex -> session.notice("Could not save the session: " + org.emlab.core.io.Failures.report(ex, "saving a session"),
                true));
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
        File f = fc.showOpenDialog(owner.get());
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Reads a session file in the background and restores it. */
    public void open(Path file) {
        executor.submit("Open session", ctx -> Sessions.read(file), s -> {
            remember(file);
            restore(s);
            session.notice("Opened " + file.getFileName() + ": " + s.lab() + ", seed " + s.seed().orElse("?")
                    + ", iteration " + s.iteration() + ".", false);
        }, ex -> session.notice("Could not open " + file.getFileName() + ": " + message(ex), true));
    }

    private static String message(Throwable ex) {
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "the file does not exist";
        }
        return org.emlab.core.io.Failures.report(ex, "opening a session");
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
            session.notice("Nothing to copy yet: the run has not started.", true);
            return;
        }
        String text = Sessions.toText(s);
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
        session.notice("Session copied as text (" + text.length() + " characters): paste it into a message; Edit → "
                + "Paste session restores it.", false);
    }

    /** Restores a session from the clipboard text. */
    public void paste() {
        String text = Clipboard.getSystemClipboard().getString();
        try {
            restore(Sessions.fromText(text));
            session.notice("Session pasted.", false);
        } catch (ValidationException e) {
            session.notice(e.getMessage(), true);
        }
    }

    /**
     * Restarts the saved run (same lab, parameters and seed), steps it to the saved iteration and
     * restores the view: projection, log axes (once the charts exist), theme, lecture mode.
     */
    public void restore(Session s) {
        ParamValues values = s.values();
        session.load(s.labObject(), values, false);
        session.setViewSettings(s.view().options());
        session.runLoop().stepTo(s.iteration());
        for (Map.Entry<String, Session.LogAxes> e : s.view().logAxes().entrySet()) {
            session.scales().put(e.getKey(), new SessionModel.Scales(e.getValue().x(), e.getValue().y()));
        }
        session.lectureProperty().set(s.view().lecture());
        session.themeProperty().set(Theme.named(s.view().theme()));
    }
}
