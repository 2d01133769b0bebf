package org.emlab.app.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.emlab.core.data.DataTable;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/**
 * The undo and redo stacks of the session (Edit → Undo / Redo, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y): every edit
 * that changes the run (a typed parameter, a drag of the start, painted points, a preset, another lab)
 * pushes what was shown before it. An entry restores the lab, the parameters (bit for bit: they are kept
 * as values, not text typed) and the user's data set. The menu shows what will be undone, e.g.
 * "Undo drag of μ₂" or "Undo k = 4". FX thread only; tested without a Stage.
 */
public final class UndoModel {
    /** Most entries kept on each stack. */
    public static final int DEPTH = 100;

    /**
     * What the window showed before an edit.
     *
     * @param label  the edit, as the menu names it ("drag of μ₂", "k = 4")
     * @param lab    the lab
     * @param params its parameters
     * @param table  the user's data set then (null: none)
     * @param source the {@code data} text of that data set (null: none)
     */
    public record Entry(String label, Lab lab, ParamValues params, DataTable table, String source) {
        /** This entry under another label. */
        public Entry labelled(String l) {
            return new Entry(l, lab, params, table, source);
        }
    }

    private final Deque<Entry> undo = new ArrayDeque<>();
    private final Deque<Entry> redo = new ArrayDeque<>();
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    /** Records the state before an edit (labelled with the edit); a new edit forgets what could be redone. */
    public void push(Entry before) {
        undo.push(before);
        while (undo.size() > DEPTH) {
            undo.removeLast();
        }
        redo.clear();
        update();
    }

    /** True when there is something to undo. */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Undo drag of μ₂", or "Undo" when there is nothing to undo. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    /** "Redo drag of μ₂", or "Redo". */
    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /**
     * Takes the entry to restore for an undo, and keeps {@code now} (what is shown, labelled as the edit
     * being undone) for a redo. Null when there is nothing to undo.
     */
    public Entry undo(Entry now) {
        if (undo.isEmpty()) {
            return null;
        }
        Entry e = undo.pop();
        redo.push(now.labelled(e.label()));
        update();
        return e;
    }

    /** Takes the entry to restore for a redo, and keeps {@code now} for an undo. Null when there is nothing. */
    public Entry redo(Entry now) {
        if (redo.isEmpty()) {
            return null;
        }
        Entry e = redo.pop();
        undo.push(now.labelled(e.label()));
        update();
        return e;
    }

    /** The labels of the undo stack, newest first. */
    public List<String> undoLabels() {
        return undo.stream().map(Entry::label).toList();
    }

    /** Forgets everything. */
    public void clear() {
        undo.clear();
        redo.clear();
        update();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoText.set(undo.isEmpty() ? "Undo" : "Undo " + undo.peek().label());
        redoText.set(redo.isEmpty() ? "Redo" : "Redo " + redo.peek().label());
    }

    /**
     * What changed from {@code a} to {@code b}, for the menu: "lab gmm-simplex" for another lab, the one
     * parameter changed ("k = 4", a long value shortened), or "3 parameters"; "parameters" when nothing did.
     */
    public static String describe(Lab labA, ParamValues a, Lab labB, ParamValues b) {
        if (labA == null || a == null || !labA.id().equals(labB.id())) {
            return "lab " + labB.id();
        }
        Map<String, String> ta = a.asText();
        Map<String, String> tb = b.asText();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : tb.entrySet()) {
            if (!e.getValue().equals(ta.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        if (changed.isEmpty()) {
            return "parameters";
        }
        if (changed.size() == 1) {
            String v = tb.get(changed.get(0));
            return changed.get(0) + " = " + (v.length() > 24 ? v.substring(0, 22) + "…" : v);
        }
        return changed.size() + " parameters";
    }
}
