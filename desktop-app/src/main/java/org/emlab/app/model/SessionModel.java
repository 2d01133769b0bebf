package org.emlab.app.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.emlab.app.controls.ParamFormModel;
import org.emlab.app.controls.TransportModel;
import org.emlab.app.data.UserData;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Mailbox;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;
import org.emlab.core.session.Session;

/**
 * The session being shown: which lab, its parameter form, the run on the compute thread, the newest
 * snapshot, the view settings (projection, the log/linear scale chosen on each curve panel), the
 * theme, lecture mode, the user's opened data set and the one-line notice. The window's views bind
 * to it and its features (export, presets, sessions, lecture mode, autosave) act on it, so that
 * what the window does can be tested without a Stage.
 *
 * <p>FX thread only, except {@link #mailbox()}, which the compute thread fills. The window's frame
 * pump calls {@link #show(Snapshot)} once per frame with the newest snapshot (latest wins).
 */
public final class SessionModel implements AutoCloseable {
    /** A one-line message above the views; {@code serial} makes a repeated text a new notice. */
    public record Notice(String text, boolean error, long serial) {
    }

    /** A curve panel's axis scales as the user chose them with its log/linear toggles. */
    public record Scales(boolean logX, boolean logY) {
    }

    private final Mailbox<Snapshot> mailbox = new Mailbox<>();
    private final RunLoop loop = new RunLoop(mailbox);
    private final TransportModel transport = new TransportModel(loop);
    private final UserData userData = new UserData();
    private final ReadOnlyObjectWrapper<Lab> lab = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ParamFormModel> form = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Snapshot> latest = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(new Notice("", false, 0));
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final BooleanProperty lecture = new SimpleBooleanProperty();
    private final ObservableMap<String, String> view = FXCollections.observableMap(new LinkedHashMap<>());
    private final ObservableMap<String, Scales> scales = FXCollections.observableMap(new LinkedHashMap<>());
    private final List<Consumer<Snapshot>> frameListeners = new ArrayList<>();
    /** Where runs stop playing by themselves: a preset's or scene's horizon, or null for the lab's. */
    private Horizon horizon;
    /** Undo and redo of every edit that changes the run. */
    private final UndoModel undo = new UndoModel();
    /** The lab and parameters of the last run started (what an undo entry records). */
    private Lab startedLab;
    private ParamValues started;
    /** The label the next recorded edit gets instead of the parameters' difference (a preset's title), or null. */
    private String nextLabel;
    /** True while an undo or redo restores a state: it records no entry of its own. */
    private boolean restoring;
    /** Drops sent to the compute thread, answered by a later frame ({@link #show}). */
    private final List<Runnable> answers = new ArrayList<>();

    /** The compute thread's outbox, drained once per frame by the window. */
    public Mailbox<Snapshot> mailbox() {
        return mailbox;
    }

    /** The compute thread. */
    public RunLoop runLoop() {
        return loop;
    }

    /** Play, pause, step, speed, timeline and the status line. */
    public TransportModel transport() {
        return transport;
    }

    /**
     * Where the shown run stops playing by itself: the preset's or scene's horizon, else the lab's for
     * the form's parameters.
     */
    public Horizon horizon() {
        if (horizon != null) {
            return horizon;
        }
        Lab l = lab.get();
        ParamValues p = form.get() != null && form.get().validProperty().get() != null ? form.get().validProperty().get()
                : l == null ? null : l.defaults();
        return l == null ? Horizon.standard() : l.horizon(p);
    }

    /** The data set the user opened (File → Open data…), reused by every restart. */
    public UserData userData() {
        return userData;
    }

    // ---- the lab and its run ------------------------------------------------------------------

    public ReadOnlyObjectProperty<Lab> labProperty() {
        return lab.getReadOnlyProperty();
    }

    /** The lab shown, or null before the first {@link #load}. */
    public Lab lab() {
        return lab.get();
    }

    /** The parameter form of the lab shown (replaced on every {@link #load}). */
    public ReadOnlyObjectProperty<ParamFormModel> formProperty() {
        return form.getReadOnlyProperty();
    }

    public ParamFormModel form() {
        return form.get();
    }

    /** Switches to the lab {@code id} with its defaults. */
    public void selectLab(String id) {
        Lab l = LabRegistry.get(id);
        load(l, l.defaults(), false);
    }

    /** Shows lab {@code l} with parameters {@code p} (a fresh form) and starts its run, stopping at the lab's horizon. */
    public void load(Lab l, ParamValues p, boolean autoplay) {
        load(l, p, autoplay, null);
    }

    /**
     * Shows lab {@code l} with parameters {@code p} and starts its run, which stops playing at
     * {@code h} (a preset's or a lecture scene's horizon; null: the lab's own). Edits keep it.
     */
    public void load(Lab l, ParamValues p, boolean autoplay, Horizon h) {
        record(l, p, userData.table(), userData.source());
        horizon = h;
        lab.set(l);
        view.clear();
        scales.clear();
        form.set(new ParamFormModel(l, p));
        resetViewSettings(p);
        startRun(l, p, autoplay);
    }

    private void startRun(Lab l, ParamValues p, boolean autoplay) {
        startedLab = l;
        started = p;
        loop.start(l, p, userData.forRun(l, p), autoplay, horizon);
    }

    /**
     * Restarts the run from the form's valid parameters (after an edit), keeping it playing when it
     * was playing. Does nothing while the form is invalid.
     */
    public void applyForm() {
        ParamFormModel f = form.get();
        ParamValues p = f == null || !f.allValidProperty().get() ? null : f.validProperty().get();
        if (p == null) {
            return;
        }
        if (p.equals(started) && startedLab != null && startedLab.id().equals(lab.get().id())) {
            return; // the run shown already has these parameters (a drag or an undo set the form to them)
        }
        record(lab.get(), p, userData.table(), userData.source());
        resetViewSettings(p);
        startRun(lab.get(), p, playing());
    }

    private boolean playing() {
        Snapshot s = latest.get();
        return s != null && s.playing();
    }

    // ---- undo, drags and painted data ---------------------------------------------------------

    /** The undo and redo stacks (Edit → Undo / Redo). */
    public UndoModel undoStack() {
        return undo;
    }

    /** Names the next recorded edit (for example "preset Balanced weights"); the parameters' difference otherwise. */
    public void labelNextEdit(String label) {
        nextLabel = label;
    }

    /** What is shown now, as an undo entry (lab, parameters of the run started, the user's data set). */
    private UndoModel.Entry now(String label) {
        return new UndoModel.Entry(label, startedLab, started, userData.table(), userData.source());
    }

    /** Records the state shown before an edit to lab {@code l} with {@code p} and that data set, unless nothing changes. */
    private void record(Lab l, ParamValues p, org.emlab.core.data.DataTable table, String source) {
        String label = nextLabel;
        nextLabel = null;
        if (restoring || startedLab == null || started == null) {
            return;
        }
        boolean sameData = table == userData.table() && java.util.Objects.equals(source, userData.source());
        if (startedLab.id().equals(l.id()) && started.equals(p) && sameData) {
            return;
        }
        undo.push(now(label != null ? label : UndoModel.describe(startedLab, started, l, p)));
    }

    /**
     * Restarts the run from {@code p} (the same lab, its view settings and horizon kept, playing if it was)
     * as one edit named {@code label}: the form shows the values and Undo brings back what was shown.
     */
    public void applyParams(ParamValues p, String label) {
        Lab l = lab.get();
        if (l == null) {
            return;
        }
        if (label != null) {
            nextLabel = label;
        }
        record(l, p, userData.table(), userData.source());
        nextLabel = null;
        form.get().load(p);
        resetViewSettings(p);
        startRun(l, p, playing());
    }

    /**
     * Takes {@code table} (painted data, saved as {@code source}) as the user's data set and restarts the run
     * from {@code p}, which names it, as one edit named {@code label}.
     */
    public void applyData(org.emlab.core.data.DataTable table, String source, ParamValues p, String label) {
        Lab l = lab.get();
        if (l == null) {
            return;
        }
        nextLabel = label;
        record(l, p, table, source);
        nextLabel = null;
        userData.set(table, source);
        form.get().load(p);
        resetViewSettings(p);
        startRun(l, p, playing());
    }

    /** Undoes the last edit (nothing when there is none). */
    public void undo() {
        restore(undo.undo(now("")), "Undone");
    }

    /** Redoes the last undone edit (nothing when there is none). */
    public void redo() {
        restore(undo.redo(now("")), "Redone");
    }

    private void restore(UndoModel.Entry e, String verb) {
        if (e == null || e.lab() == null) {
            return;
        }
        restoring = true;
        try {
            if (e.table() != null) {
                userData.set(e.table(), e.source());
            } else {
                userData.clear();
            }
            if (lab.get() != null && lab.get().id().equals(e.lab().id()) && form.get() != null) {
                form.get().load(e.params());
                resetViewSettings(e.params());
                startRun(e.lab(), e.params(), playing());
            } else {
                load(e.lab(), e.params(), false, horizon);
            }
        } finally {
            restoring = false;
        }
        notice(verb + ": " + e.label() + ".", false);
    }

    /**
     * Drops handle {@code handleId} of panel {@code panelId} at {@code (x, y)} (data coordinates). A drop on the
     * start (or, without {@code current}, on any handle) restarts the run from where it was dropped, as an
     * edit named "drag of " + {@code label}; with {@code current} the run goes on from the moved iterate
     * ("nudged by the user"). The compute thread maps the drop; its answer is applied at a later frame.
     */
    public void drop(String panelId, String handleId, String label, double x, double y, boolean current) {
        if (current) {
            java.util.concurrent.CompletableFuture<String> f = loop.nudge(panelId, handleId, x, y);
            answers.add(() -> {
                if (!f.isDone()) {
                    return;
                }
                answers.remove(0);
                try {
                    notice(capitalised(f.join()) + ": EM goes on from there (the run is no longer the one its "
                            + "parameters describe).", false);
                } catch (RuntimeException ex) {
                    notice("Cannot move " + label + ": " + reason(ex), true);
                }
            });
            return;
        }
        java.util.concurrent.CompletableFuture<ParamValues> f = loop.dragStart(panelId, handleId, x, y);
        answers.add(() -> {
            if (!f.isDone()) {
                return;
            }
            answers.remove(0);
            try {
                ParamValues p = f.join();
                lab.get().validate(p);
                applyParams(p, "drag of " + label);
            } catch (RuntimeException ex) {
                notice("Cannot start " + label + " there: " + reason(ex), true);
            }
        });
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String reason(Throwable ex) {
        Throwable t = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** True while a drop waits for the compute thread's answer. */
    public boolean dropPending() {
        return !answers.isEmpty();
    }

    // ---- frames -------------------------------------------------------------------------------

    /** The newest snapshot shown (null before the first frame). */
    public ReadOnlyObjectProperty<Snapshot> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public Snapshot latest() {
        return latest.get();
    }

    /** Takes the newest snapshot (FX thread, once per frame): the transport and every frame listener follow it. */
    public void show(Snapshot s) {
        latest.set(s);
        transport.update(s);
        if (!answers.isEmpty()) {
            answers.get(0).run();
        }
        for (Consumer<Snapshot> l : List.copyOf(frameListeners)) {
            l.accept(s);
        }
    }

    /** Called with every snapshot after the views took it (FX thread). */
    public void addFrameListener(Consumer<Snapshot> l) {
        frameListeners.add(l);
    }

    public void removeFrameListener(Consumer<Snapshot> l) {
        frameListeners.remove(l);
    }

    // ---- what is shown ------------------------------------------------------------------------

    /** View settings chosen for the lab (for example the projection when d &gt; 2). */
    public ObservableMap<String, String> viewSettings() {
        return view;
    }

    /** The lab's view options for {@code p}, each with its choice now (the default when none was made). */
    public List<Lab.ViewOption> viewOptions() {
        ParamFormModel f = form.get();
        ParamValues p = f == null ? null : f.validProperty().get();
        return lab.get() == null || p == null ? List.of() : lab.get().viewOptions(p);
    }

    /** Chooses a view setting; the run redraws with it. */
    public void setViewSetting(String name, String choice) {
        view.put(name, choice);
        loop.setView(Map.copyOf(view));
    }

    /** Chooses view settings (a session restores them); choices the lab does not offer fall back to its default. */
    public void setViewSettings(Map<String, String> v) {
        view.putAll(v);
        ParamFormModel f = form.get();
        if (f != null && f.validProperty().get() != null) {
            resetViewSettings(f.validProperty().get());
        }
    }

    private void resetViewSettings(ParamValues p) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Lab.ViewOption o : lab.get().viewOptions(p)) {
            String current = view.getOrDefault(o.name(), o.defaultChoice());
            kept.put(o.name(), o.choices().contains(current) ? current : o.defaultChoice());
        }
        view.clear();
        view.putAll(kept);
        loop.setView(Map.copyOf(view));
    }

    /** The log/linear scales chosen on the curve panels, by panel id (panels not toggled are absent). */
    public ObservableMap<String, Scales> scales() {
        return scales;
    }

    /**
     * The figure shown now: the newest snapshot's figure with the axis scales chosen on the curve
     * panels. What an export draws. Null before the first run.
     */
    public Figure shownFigure() {
        Snapshot s = latest.get();
        if (s == null || s.figure().panels().isEmpty()) {
            return null;
        }
        List<Panel> out = new ArrayList<>();
        for (Panel p : s.figure().panels()) {
            Scales sc = scales.get(p.id());
            out.add(sc == null ? p : p.withAxes(p.x().withLog(sc.logX()), p.y().withLog(sc.logY())));
        }
        return new Figure(s.figure().title(), out);
    }

    /** The axis scales to save in a session: every curve panel shown, as chosen or as the lab drew it. */
    public Map<String, Session.LogAxes> logAxes() {
        Map<String, Session.LogAxes> out = new LinkedHashMap<>();
        Figure f = shownFigure();
        if (f != null) {
            for (Panel p : f.panels(Panel.Kind.CURVE)) {
                out.put(p.id(), new Session.LogAxes(p.x().log(), p.y().log()));
            }
        }
        return out;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public Theme theme() {
        return theme.get();
    }

    /** True in lecture mode (full screen, projector theme, the controls hidden). */
    public BooleanProperty lectureProperty() {
        return lecture;
    }

    // ---- notices ------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Shows a one-line notice above the views (an error in the error colour). */
    public void notice(String text, boolean error) {
        notice.set(new Notice(text, error, notice.get().serial() + 1));
    }

    /** Stops the compute thread. */
    @Override
    public void close() {
        loop.close();
    }
}
