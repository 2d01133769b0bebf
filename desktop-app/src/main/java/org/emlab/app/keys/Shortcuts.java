package org.emlab.app.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import javafx.event.EventHandler;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every keyboard shortcut of the window, in one table: the key handler dispatches from it, the menus
 * show its keys, and Help → Keyboard shortcuts lists it. Single keys (no Ctrl) are ignored while the
 * user types in a text field; combinations with Ctrl work everywhere.
 */
public final class Shortcuts {

    /**
     * One shortcut.
     *
     * @param id          the action it triggers
     * @param keys        how the keys are written in menus and the help
     * @param description what it does
     * @param combos      the key combinations; the index of the matching one is passed to the action
     *                    (for example 0..8 for the keys 1..9)
     */
    public record Shortcut(String id, String keys, String description, List<KeyCombination> combos) {
        /** True when no Ctrl (Cmd) is involved, so typing in a field must not trigger it. */
        public boolean plain() {
            for (KeyCombination c : combos) {
                if (c.getShortcut() == KeyCombination.ModifierValue.DOWN || c.getControl() == KeyCombination.ModifierValue.DOWN) {
                    return false;
                }
            }
            return true;
        }

        /** True for function keys, which work even while typing. */
        public boolean functionKey() {
            return combos.get(0) instanceof KeyCodeCombination k && k.getCode().isFunctionKey();
        }
    }

    /** A key press matched to a shortcut, with the index of the combination that matched. */
    public record Match(Shortcut shortcut, int index) {
    }

    private static KeyCombination key(KeyCode c) {
        return new KeyCodeCombination(c);
    }

    private static KeyCombination ctrl(KeyCode c) {
        return new KeyCodeCombination(c, KeyCombination.SHORTCUT_DOWN);
    }

    private static KeyCombination ctrlShift(KeyCode c) {
        return new KeyCodeCombination(c, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }

    private static List<KeyCombination> digits() {
        List<KeyCombination> out = new ArrayList<>();
        KeyCode[] top = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6,
            KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        KeyCode[] pad = {KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD4, KeyCode.NUMPAD5,
            KeyCode.NUMPAD6, KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9};
        for (KeyCode k : top) {
            out.add(key(k));
        }
        for (KeyCode k : pad) {
            out.add(key(k));
        }
        return out;
    }

    /** Number of presets reachable by keys. */
    public static final int PRESET_KEYS = 9;

    /** The table, in the order the help lists it. */
    public static final List<Shortcut> ALL = List.of(
            new Shortcut("play", "Space", "play / pause", List.of(key(KeyCode.SPACE))),
            new Shortcut("step", "→", "one iteration forward", List.of(key(KeyCode.RIGHT))),
            new Shortcut("back", "←", "one recorded iteration back", List.of(key(KeyCode.LEFT))),
            new Shortcut("e-step", "E", "E-step: new responsibilities, parameters unchanged (first half of an iteration)",
                    List.of(key(KeyCode.E))),
            new Shortcut("m-step", "M", "M-step: new parameters (second half)", List.of(key(KeyCode.M))),
            new Shortcut("faster", "+", "faster", List.of(key(KeyCode.PLUS), key(KeyCode.ADD),
                    new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY))),
            new Shortcut("slower", "−", "slower", List.of(key(KeyCode.MINUS), key(KeyCode.SUBTRACT))),
            new Shortcut("reset", "R", "reset: back to iteration 0 of the same run (same data, same start)",
                    List.of(key(KeyCode.R))),
            new Shortcut("preset", "1 … 9", "load the current lab's preset 1 … 9 (Presets menu)", digits()),
            new Shortcut("lecture", "F11", "lecture mode: full screen, projector theme, geometry, one curve and the "
                    + "transport bar; F11 or Esc leaves it", List.of(key(KeyCode.F11))),
            new Shortcut("perf", "F12", "performance overlay: frames per second and frame time (median and max over "
                    + "the last second)", List.of(key(KeyCode.F12))),
            new Shortcut("controls", "C", "in lecture mode: show or hide the parameter panel", List.of(key(KeyCode.C))),
            new Shortcut("next-scene", "PageDown", "a lecture's next scene (a presentation clicker's forward key; "
                    + "→ too in lecture mode)", List.of(key(KeyCode.PAGE_DOWN))),
            new Shortcut("previous-scene", "PageUp", "a lecture's previous scene (a clicker's back key; ← too in "
                    + "lecture mode)", List.of(key(KeyCode.PAGE_UP))),
            new Shortcut("theory", "T", "show or hide the lab's theory card beside the geometry: the claim, the key "
                    + "formula, what the views show and what to look for", List.of(key(KeyCode.T))),
            new Shortcut("params", "P", "show or hide the parameter column (more room for the views)",
                    List.of(key(KeyCode.P))),
            new Shortcut("maximise", "Z", "maximise the key chart (the one the paper's claim lives in) over the other "
                    + "views; Z again or Esc restores them. Double-click any chart or the geometry to maximise it",
                    List.of(key(KeyCode.Z))),
            new Shortcut("fit", "F", "fit the geometry: undo zoom and pan. The wheel zooms about the pointer, a drag on "
                    + "empty space (or Ctrl-drag, or the middle button) pans, hovering a mean, line or point shows its values",
                    List.of(key(KeyCode.F))),
            new Shortcut("paint", "D", "paint data (gmm, mlr): a tool palette over the geometry; click adds a point, drag "
                    + "sprays, the line tool lays noisy points along a segment, the eraser removes; D again ends",
                    List.of(key(KeyCode.D))),
            new Shortcut("undo", "Ctrl+Z", "undo the last change of the run (a typed parameter, a drag, painted points, a "
                    + "preset); the Edit menu says what. Drag a handle in the geometry to restart from there; Shift-drag "
                    + "moves the current iterate and EM goes on", List.of(ctrl(KeyCode.Z))),
            new Shortcut("redo", "Ctrl+Shift+Z, Ctrl+Y", "redo what was undone", List.of(ctrlShift(KeyCode.Z),
                    ctrl(KeyCode.Y))),
            new Shortcut("export", "Ctrl+E", "export figures (PNG, SVG, PDF) and CSV", List.of(ctrl(KeyCode.E))),
            new Shortcut("save", "Ctrl+S", "save the session (lab, parameters, seed, view)", List.of(ctrl(KeyCode.S))),
            new Shortcut("open", "Ctrl+O", "open a saved session", List.of(ctrl(KeyCode.O))),
            new Shortcut("open-data", "Ctrl+Shift+O", "open a CSV data set (or drop the file on the window) and "
                    + "pick its columns", List.of(ctrlShift(KeyCode.O))),
            new Shortcut("copy-session", "Ctrl+Shift+C", "copy the session as text (emlab:…)", List.of(ctrlShift(KeyCode.C))),
            new Shortcut("paste-session", "Ctrl+Shift+V", "paste a session copied as text", List.of(ctrlShift(KeyCode.V))),
            new Shortcut("help", "F1", "this list of keyboard shortcuts", List.of(key(KeyCode.F1))),
            new Shortcut("quit", "Ctrl+Q", "quit", List.of(ctrl(KeyCode.Q))));

    private Shortcuts() {
    }

    /** The shortcut with this id. */
    public static Shortcut get(String id) {
        for (Shortcut s : ALL) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shortcut " + id);
    }

    /** The shortcut a key press means, or null. */
    public static Match match(KeyEvent e) {
        for (Shortcut s : ALL) {
            for (int i = 0; i < s.combos().size(); i++) {
                if (s.combos().get(i).match(e)) {
                    return new Match(s, i % PRESET_KEYS);
                }
            }
        }
        return null;
    }

    /**
     * The key handler: dispatches a key press to {@code actions} by shortcut id, unless a single key
     * arrives while {@code typing} is true. Consumed keys reach nothing else (menu accelerators included).
     */
    public static EventHandler<KeyEvent> handler(Map<String, IntConsumer> actions, BooleanSupplier typing) {
        return e -> {
            Match m = match(e);
            if (m == null) {
                return;
            }
            Shortcut s = m.shortcut();
            if (s.plain() && !s.functionKey() && typing.getAsBoolean()) {
                return;
            }
            IntConsumer a = actions.get(s.id());
            if (a != null) {
                a.accept(m.index());
                e.consume();
            }
        };
    }

    /**
     * A menu item showing the shortcut's keys: as its accelerator for Ctrl combinations (which the
     * key handler consumes first, so nothing runs twice), in the text for single keys (an accelerator
     * would fire while typing in a field).
     */
    public static MenuItem menuItem(String text, String id, Runnable action) {
        Shortcut s = get(id);
        MenuItem it = new MenuItem(s.plain() && !s.functionKey() ? text + "\t" + s.keys() : text);
        if (!s.plain() || s.functionKey()) {
            it.setAccelerator(s.combos().get(0));
        }
        it.setOnAction(e -> action.run());
        return it;
    }
}
