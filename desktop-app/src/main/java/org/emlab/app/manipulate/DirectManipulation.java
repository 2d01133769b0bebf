package org.emlab.app.manipulate;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.emlab.app.geometry.FigureCanvas;
import org.emlab.app.geometry.GeometryRow;
import org.emlab.app.keys.Shortcuts;
import org.emlab.app.model.SessionModel;
import org.emlab.app.model.UndoModel;
import org.emlab.core.data.DataTable;
import org.emlab.core.data.PaintedData;
import org.emlab.core.figure.Handle;
import org.emlab.core.figure.Theme;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Snapshot;

/**
 * Direct manipulation of the geometry (docs/explore-and-verify.md, "Direct manipulation"), wired into
 * the window with a few lines: it attaches a {@link CanvasInteraction} to every canvas that shows a
 * geometry panel or an inset (so handles can be dragged, the wheel zooms, a drag on empty space pans and
 * hovering shows values), keeps the paint tools ({@link PaintModel}, {@link PaintPalette}) and gives the
 * window its menu items and keys: Undo / Redo, Fit the view (F), Paint data (D), "drags move the current
 * iterate" and File → Save data as CSV….
 */
public final class DirectManipulation {
    private final SessionModel session;
    private final GeometryRow row;
    private final Supplier<Collection<FigureCanvas>> insets;
    private final Supplier<Stage> owner;
    private final Map<FigureCanvas, CanvasInteraction> attached = new LinkedHashMap<>();
    private final PaintModel paint;
    private final PaintPalette palette;
    private final BooleanProperty nudgeMode = new SimpleBooleanProperty();
    private final BooleanProperty handlesShown = new SimpleBooleanProperty(true);
    private long preparedRun = -1;

    /**
     * @param session the session shown
     * @param row     the geometry canvases (A's and, in a comparison, B's)
     * @param insets  the inset canvases now (rebuilt with each run)
     * @param owner   the window, for the file chooser
     */
    public DirectManipulation(SessionModel session, GeometryRow row, Supplier<Collection<FigureCanvas>> insets,
                              Supplier<Stage> owner) {
        this.session = session;
        this.row = row;
        this.insets = insets;
        this.owner = owner;
        this.paint = new PaintModel(session);
        this.palette = new PaintPalette(this);
        FigureCanvas primary = row.canvases().get(0);
        primary.addOverlayNode(palette);
        palette.visibleProperty().bind(paint.activeProperty());
        primary.widthProperty().addListener((o, a, b) -> placePalette());
        paint.activeProperty().addListener((o, a, on) -> {
            preparedRun = -1;
            if (on) {
                prepare();
            } else {
                paint.reset();
            }
            redrawAll();
        });
        session.labProperty().addListener((o, a, l) -> {
            if (a != null && l != null && !a.id().equals(l.id())) {
                fitAll();
                paint.activeProperty().set(false);
            }
        });
        session.addFrameListener(this::frame);
        attach(primary);
    }

    // ---- canvases ------------------------------------------------------------------------------

    private void frame(Snapshot s) {
        for (FigureCanvas c : row.canvases()) {
            attach(c);
        }
        for (FigureCanvas c : insets.get()) {
            attach(c);
        }
        attached.keySet().removeIf(c -> c.getScene() == null && c != row.canvases().get(0));
        if (paint.activeProperty().get() && s.runId() != preparedRun && !s.figure().panels().isEmpty()) {
            prepare();
        }
    }

    private void attach(FigureCanvas c) {
        attached.computeIfAbsent(c, k -> new CanvasInteraction(k, this));
    }

    /** The interaction of a canvas (for tests), attaching one when needed. */
    CanvasInteraction interaction(FigureCanvas c) {
        attach(c);
        return attached.get(c);
    }

    private void redrawAll() {
        for (CanvasInteraction i : List.copyOf(attached.values())) {
            i.redraw();
        }
    }

    // ---- what the interactions ask -------------------------------------------------------------

    SessionModel session() {
        return session;
    }

    PaintModel paint() {
        return paint;
    }

    /** True when handles are drawn and can be dragged. */
    boolean handlesOn() {
        return handlesShown.get();
    }

    /** True when {@code c} takes paint strokes now: painting is on and it shows the primary geometry. */
    boolean paintsOn(FigureCanvas c) {
        return paint.activeProperty().get() && c == row.canvases().get(0);
    }

    /** The parameters of the run shown (for the strokes' seed), or null. */
    ParamValues params() {
        return session.latest() == null ? null : session.latest().params();
    }

    void notice(String text) {
        session.notice(text, true);
    }

    /** The read-out's look for a theme: an overlay box in the theme's colours and text size. */
    String readoutStyle(Theme t) {
        return String.format(java.util.Locale.ROOT, "-fx-background-color: %s; -fx-text-fill: %s; -fx-border-color: %s; "
                + "-fx-padding: 3 7 3 7; -fx-font-size: %.1fpx; -fx-background-radius: 3; -fx-border-radius: 3;",
                css(t.background(), Theme.OVERLAY_OPACITY + 0.08), css(t.foreground(), 1), css(t.border(), 1),
                t.fontSize() * 1.05);
    }

    private static String css(int argb, double opacity) {
        return String.format(java.util.Locale.ROOT, "rgba(%d,%d,%d,%.2f)", (argb >> 16) & 0xFF, (argb >> 8) & 0xFF,
                argb & 0xFF, Math.min(1, opacity));
    }

    /** A drop of handle {@code h} of the canvas's panel at (x, y) data units: to the session (the compute thread maps it). */
    void drop(FigureCanvas c, Handle h, double x, double y, boolean current) {
        if (c.getPanel() == null) {
            return;
        }
        session.drop(c.getPanel().id(), h.id(), h.label().replace(" (start)", ""), x, y, current);
    }

    /** A stroke's data set, as one edit. */
    void commit(DataTable next, String label) {
        try {
            paint.commit(next, label);
        } catch (java.io.IOException | RuntimeException e) {
            session.notice("Could not use the painted data: " + e.getMessage(), true);
        }
    }

    // ---- painting ------------------------------------------------------------------------------

    /** Takes the run's data set as the one to paint (the compute thread hands the sample over). */
    private void prepare() {
        Snapshot s = session.latest();
        if (s == null) {
            return;
        }
        preparedRun = s.runId();
        org.emlab.core.lab.Lab lab = session.lab();
        session.runLoop().inspect(i -> {
            org.emlab.core.data.Dataset data = i.run() == null ? null : i.run().data();
            Platform.runLater(() -> {
                // the newest edit's data set (strokes may have gone on since this run started)
                ParamValues p = session.form() == null ? null : session.form().validProperty().get();
                DataTable user = session.userData().forRun(lab, p) != null ? session.userData().table() : null;
                String why = paint.prepare(lab, p, data, user);
                if (why != null && paint.activeProperty().get()) {
                    paint.activeProperty().set(false);
                    session.notice("Cannot paint here: " + why + ".", true);
                }
                palette.refresh();
            });
        });
    }

    /** Turns painting on or off (D). */
    public void togglePaint() {
        paint.activeProperty().set(!paint.activeProperty().get());
        if (paint.activeProperty().get()) {
            session.notice("Painting: click adds a point, drag sprays, the line lays noisy points, the eraser removes; "
                    + "each stroke is one edit (Ctrl+Z undoes it). D or Done ends.", false);
        }
    }

    /** Empties the painted data set (one edit). */
    void clear() {
        if (paint.ready()) {
            commit(paint.cleared(), "clearing the data");
        }
    }

    private void placePalette() {
        palette.autosize();
        palette.relocate(8, 26);
    }

    /** The read-out a canvas shows now ("" when none): for tests. */
    public String readoutOf(FigureCanvas c) {
        CanvasInteraction i = attached.get(c);
        return i == null ? "" : i.readoutText();
    }

    /** The paint tools (for tests). */
    public PaintModel paintModel() {
        return paint;
    }

    // ---- view ----------------------------------------------------------------------------------

    /** Shows every canvas's panel as drawn again: no zoom, no pan (F). */
    public void fitAll() {
        for (FigureCanvas c : attached.keySet()) {
            c.zoomProperty().set(null);
        }
        for (FigureCanvas c : row.canvases()) {
            c.zoomProperty().set(null);
        }
    }

    /** True when drags move the current iterate (as Shift-drags do). */
    public BooleanProperty nudgeModeProperty() {
        return nudgeMode;
    }

    // ---- menus and keys ------------------------------------------------------------------------

    /** Edit → Undo, Redo, with what they undo in their text. */
    public List<MenuItem> editMenuItems() {
        UndoModel u = session.undoStack();
        MenuItem undo = Shortcuts.menuItem("Undo", "undo", session::undo);
        undo.setId("menu-undo");
        undo.textProperty().bind(u.undoTextProperty());
        undo.disableProperty().bind(u.canUndoProperty().not());
        MenuItem redo = Shortcuts.menuItem("Redo", "redo", session::redo);
        redo.setId("menu-redo");
        redo.textProperty().bind(u.redoTextProperty());
        redo.disableProperty().bind(u.canRedoProperty().not());
        return List.of(undo, redo);
    }

    /** View → Fit the geometry, Paint data, Drags move the current iterate, Show handles. */
    public List<MenuItem> viewMenuItems() {
        List<MenuItem> out = new ArrayList<>();
        out.add(Shortcuts.menuItem("Fit the geometry (undo zoom and pan)", "fit", this::fitAll));
        CheckMenuItem paintItem = new CheckMenuItem("Paint data\tD");
        paintItem.selectedProperty().bindBidirectional(paint.activeProperty());
        paintItem.setId("menu-paint");
        out.add(paintItem);
        CheckMenuItem nudge = new CheckMenuItem("Drags move the current iterate (as Shift-drag)");
        nudge.selectedProperty().bindBidirectional(nudgeMode);
        out.add(nudge);
        CheckMenuItem handles = new CheckMenuItem("Show draggable handles");
        handles.selectedProperty().bindBidirectional(handlesShown);
        handlesShown.addListener((o, a, b) -> redrawAll());
        out.add(handles);
        return out;
    }

    /** File → Save data as CSV… (the data set the run uses: painted, opened or generated). */
    public MenuItem saveDataItem() {
        MenuItem it = new MenuItem("Save data as CSV…");
        it.setId("menu-save-data");
        it.setOnAction(e -> saveData());
        return it;
    }

    private void saveData() {
        Snapshot s = session.latest();
        if (s == null) {
            session.notice("No data yet: the run has not started.", true);
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save data as CSV");
        fc.setInitialFileName(s.labId() + "-data.csv");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File f = fc.showSaveDialog(owner.get());
        if (f == null) {
            return;
        }
        Path target = f.toPath();
        org.emlab.core.lab.Lab lab = session.lab();
        ParamValues p = s.params();
        DataTable user = session.userData().forRun(lab, p) != null ? session.userData().table() : null;
        session.runLoop().inspect(i -> {
            org.emlab.core.data.Dataset data = i.run() == null ? null : i.run().data();
            try {
                if (user != null) {
                    PaintedData.write(user, target);
                } else if (data != null) {
                    PaintedData.write(PaintedData.fromDataset(data, "sample"), target);
                } else {
                    throw new java.io.IOException("a population run has no sample");
                }
                Platform.runLater(() -> session.notice("Data saved to " + target + ".", false));
            } catch (java.io.IOException | RuntimeException ex) {
                Platform.runLater(() -> session.notice("Could not save the data: " + ex.getMessage(), true));
            }
        });
    }

    /**
     * The keys: D (paint), F (fit), and Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y, which are left to a text field that
     * has the keyboard (its own undo).
     */
    public Map<String, java.util.function.IntConsumer> keyActions() {
        Map<String, java.util.function.IntConsumer> m = new LinkedHashMap<>();
        m.put("paint", i -> togglePaint());
        m.put("fit", i -> fitAll());
        return m;
    }

    /** Installs the undo and redo keys (not while typing in a field, which has its own). */
    public void installUndoKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Shortcuts.Match m = Shortcuts.match(e);
            if (m == null || scene.getFocusOwner() instanceof TextInputControl) {
                return;
            }
            if (m.shortcut().id().equals("undo")) {
                session.undo();
                e.consume();
            } else if (m.shortcut().id().equals("redo")) {
                session.redo();
                e.consume();
            }
        });
    }
}
