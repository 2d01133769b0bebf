package org.emlab.app.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The shortcut table is consistent, and the key handler follows it (the toolkit is up for the shortcut key). */
@ExtendWith(ApplicationExtension.class)
class ShortcutsTest {
    @Start
    void start(Stage stage) {
        // nothing to show: the extension starts the toolkit
    }

    private static KeyEvent press(KeyCode code, boolean shortcut, boolean shift) {
        boolean mac = System.getProperty("os.name", "").toLowerCase().contains("mac");
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, shortcut && !mac, false, shortcut && mac);
    }

    private static KeyEvent eventFor(KeyCodeCombination c) {
        return press(c.getCode(), c.getShortcut() == KeyCombination.ModifierValue.DOWN,
                c.getShift() == KeyCombination.ModifierValue.DOWN);
    }

    @Test
    void everyKeyMeansExactlyOneShortcut() {
        Set<String> ids = new HashSet<>();
        for (Shortcuts.Shortcut s : Shortcuts.ALL) {
            assertTrue(ids.add(s.id()), "duplicate id " + s.id());
            assertFalse(s.description().isBlank());
            for (KeyCombination c : s.combos()) {
                KeyEvent e = eventFor((KeyCodeCombination) c);
                List<String> matches = new ArrayList<>();
                for (Shortcuts.Shortcut t : Shortcuts.ALL) {
                    for (KeyCombination d : t.combos()) {
                        if (d.match(e)) {
                            matches.add(t.id());
                        }
                    }
                }
                assertEquals(List.of(s.id()), matches.stream().distinct().toList(), c.getName());
                assertEquals(s.id(), Shortcuts.match(e).shortcut().id());
            }
        }
        assertEquals(2, Shortcuts.match(press(KeyCode.DIGIT3, false, false)).index());
        assertEquals(2, Shortcuts.match(press(KeyCode.NUMPAD3, false, false)).index());
        assertEquals("faster", Shortcuts.match(press(KeyCode.EQUALS, false, true)).shortcut().id(), "+ is Shift+=");
        assertEquals("export", Shortcuts.match(press(KeyCode.E, true, false)).shortcut().id());
        assertEquals("e-step", Shortcuts.match(press(KeyCode.E, false, false)).shortcut().id());
    }

    @Test
    void singleKeysWaitWhileTypingButCombinationsAndFunctionKeysDoNot() {
        List<String> ran = new ArrayList<>();
        Map<String, IntConsumer> actions = new LinkedHashMap<>();
        for (Shortcuts.Shortcut s : Shortcuts.ALL) {
            actions.put(s.id(), i -> ran.add(s.id() + i));
        }
        boolean[] typing = {true};
        var handler = Shortcuts.handler(actions, () -> typing[0]);
        KeyEvent r = press(KeyCode.R, false, false);
        handler.handle(r);
        assertTrue(ran.isEmpty(), "R is a letter in a text field");
        assertFalse(r.isConsumed());
        handler.handle(press(KeyCode.S, true, false));
        handler.handle(press(KeyCode.F11, false, false));
        assertEquals(List.of("save0", "lecture0"), ran);
        typing[0] = false;
        KeyEvent five = press(KeyCode.DIGIT5, false, false);
        handler.handle(five);
        assertEquals("preset4", ran.get(2));
        assertTrue(five.isConsumed());
    }
}
