package org.emlab.app.export;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.emlab.app.model.SessionModel;
import org.emlab.app.compute.JobExecutor;
import org.emlab.app.keys.Shortcuts;
import org.emlab.core.figure.Figure;
import org.emlab.core.output.TrajectoryCsv;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/**
 * The window's export commands: File → Export figure…, File → Export animation…, Ctrl+E, and the
 * right-click menu of every chart
 * (the geometry canvas and each curve chart). They all open the {@link ExportDialog} preset for what
 * was asked (one chart, the whole window, a CSV); the work is done by the {@link ExportModel}.
 */
public final class ExportActions implements ExportSource {
    private final SessionModel session;
    private final Supplier<Stage> owner;
    private final Supplier<List<String>> stylesheets;
    private final JobExecutor executor;
    private ExportModel model;
    private ExportDialog dialog;
    private Path folder = Path.of(System.getProperty("user.home", "."));

    /**
     * @param session     the session shown
     * @param owner       the window that owns the dialogs
     * @param stylesheets the window's stylesheets, for the export dialog
     * @param executor    runs the exports in the background
     */
    public ExportActions(SessionModel session, Supplier<Stage> owner, Supplier<List<String>> stylesheets,
                         JobExecutor executor) {
        this.session = session;
        this.owner = owner;
        this.stylesheets = stylesheets;
        this.executor = executor;
    }

    /** The items of the File menu. */
    public List<MenuItem> menuItems() {
        MenuItem fig = Shortcuts.menuItem("Export figure…", "export", () -> openDialog(null, null));
        fig.setId("menu-export");
        MenuItem anim = new MenuItem("Export animation…");
        anim.setId("menu-export-animation");
        anim.setOnAction(e -> openDialog(null, ExportFormat.MP4));
        MenuItem curves = new MenuItem("Export curves as CSV…");
        curves.setOnAction(e -> openDialog(null, ExportFormat.CSV_CURVES));
        MenuItem its = new MenuItem("Export every iterate as CSV…");
        its.setOnAction(e -> openDialog(null, ExportFormat.CSV_ITERATES));
        return List.of(fig, anim, curves, its);
    }

    /**
     * Adds the export items to a chart's right-click menu; {@code panelId} names the panel it shows.
     * Event filters, so that a chart's own mouse handling (ChartFX zoom) cannot swallow the click; the
     * menu opens on the platform's context-menu request or, where none comes, on the right button's
     * release, and never twice.
     */
    public void attach(Node chart, Supplier<String> panelId) {
        ContextMenu[] current = {null};
        java.util.function.BiConsumer<Double, Double> show = (x, y) -> {
            if (current[0] != null && current[0].isShowing()) {
                return;
            }
            current[0] = contextMenu(panelId.get());
            current[0].show(chart, x, y);
        };
        chart.addEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            show.accept(e.getScreenX(), e.getScreenY());
            e.consume();
        });
        chart.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.SECONDARY && e.isStillSincePress()) {
                show.accept(e.getScreenX(), e.getScreenY());
            }
        });
    }

    private ContextMenu contextMenu(String id) {
        ContextMenu menu = new ContextMenu();
        MenuItem one = new MenuItem("Export this chart…");
        one.setOnAction(a -> openDialog(id, null));
        one.setDisable(id == null);
        MenuItem all = new MenuItem("Export all panels…");
        all.setOnAction(a -> openDialog(null, null));
        MenuItem csv = new MenuItem("Save this chart's curves as CSV…");
        csv.setOnAction(a -> openDialog(id, ExportFormat.CSV_CURVES));
        csv.setDisable(id == null || "geometry".equals(id));
        MenuItem its = new MenuItem("Save every iterate as CSV…");
        its.setOnAction(a -> openDialog(null, ExportFormat.CSV_ITERATES));
        menu.getItems().addAll(one, all, new SeparatorMenuItem(), csv, its);
        menu.setAutoHide(true);
        return menu;
    }

    /** The export view model (one per window, so settings persist between exports). */
    public ExportModel model() {
        if (model == null) {
            model = new ExportModel(this, executor, this::confirmOverwrite);
            model.lastSavedProperty().addListener((o, a, b) -> {
                if (b != null) {
                    Path dir = b.toAbsolutePath().getParent();
                    if (dir != null) {
                        folder = dir;
                    }
                    session.notice(model.messageProperty().get(), false);
                }
            });
        }
        return model;
    }

    /**
     * Opens the dialog for one panel ({@code panelId}) or the whole window (null), with a format
     * (null keeps the last one).
     */
    public void openDialog(String panelId, ExportFormat format) {
        ExportModel m = model();
        if (format != null) {
            m.formatProperty().set(format);
        } else if (!m.formatProperty().get().isFigure()) {
            m.formatProperty().set(ExportFormat.PNG);
        }
        m.frameProperty().set(null);
        if (panelId == null) {
            m.selectWindow();
        } else {
            m.selectOnly(panelId);
        }
        m.setTarget(folder.resolve(m.suggestedFileName()), false);
        m.messageProperty().set("");
        if (dialog == null) {
            dialog = new ExportDialog(m, owner.get(), stylesheets.get());
        }
        dialog.show();
    }

    private boolean confirmOverwrite(Path file) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Replace it? Its current content will be lost.", ButtonType.YES,
                ButtonType.NO);
        a.initOwner(dialog != null && dialog.stage().isShowing() ? dialog.stage() : owner.get());
        a.setTitle("Replace file?");
        a.setHeaderText(file.getFileName() + " already exists in " + file.toAbsolutePath().getParent());
        return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    // ---- ExportSource ---------------------------------------------------------------------------

    @Override
    public Figure figure() {
        return session.shownFigure();
    }

    @Override
    public Lab lab() {
        return session.lab();
    }

    @Override
    public ParamValues params() {
        return session.latest() != null && session.latest().params() != null ? session.latest().params()
                : session.lab().defaults();
    }

    @Override
    public int iteration() {
        return session.latest() == null ? 0 : session.latest().iteration();
    }

    @Override
    public org.emlab.core.data.Dataset userData() {
        return session.userData().forRun(lab(), params());
    }

    @Override
    public java.util.Map<String, String> view() {
        return java.util.Map.copyOf(session.viewSettings());
    }

    @Override
    public org.emlab.core.lab.Horizon horizon() {
        return session.horizon();
    }

    @Override
    public CompletableFuture<TrajectoryCsv.Table> iterates() {
        CompletableFuture<TrajectoryCsv.Table> f = new CompletableFuture<>();
        session.runLoop().inspect(ins -> {
            try {
                if (ins.run() == null || ins.history() == null) {
                    throw new IllegalStateException("no run yet");
                }
                f.complete(TrajectoryCsv.Table.of(ins.run(), ins.history()));
            } catch (RuntimeException ex) {
                f.completeExceptionally(ex);
            }
        });
        return f;
    }
}
