package org.emlab.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.emlab.core.session.Autosave;
import org.emlab.core.io.ConfigDir;
import org.emlab.core.session.Session;
import org.emlab.core.session.Sessions;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's autosave: the restore prompt after a crash, saving on a tick, the clean exit. */
@ExtendWith(ApplicationExtension.class)
class AutosaveControllerTest {
    @TempDir
    Path dir;
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new StackPane(), 400, 300));
        s.show();
    }

    private static Session session(String seed, int iteration) {
        Lab lab = LabRegistry.get("gmm-simplex");
        return Session.of(lab, lab.defaults().with("seed", seed), iteration, Session.View.plain());
    }

    @Test
    void thePromptNamesTheTimeOfTheAutosave() {
        ZoneId utc = ZoneId.of("UTC");
        Instant saved = ZonedDateTime.of(2026, 3, 4, 14, 32, 10, 0, utc).toInstant();
        assertEquals("EM Lab did not shut down cleanly. Restore the session from 14:32?",
                AutosaveController.prompt(saved, utc, saved.plusSeconds(600)));
        assertEquals("EM Lab did not shut down cleanly. Restore the session from 4 Mar 2026, 14:32?",
                AutosaveController.prompt(saved, utc, saved.plusSeconds(3 * 86_400)));
    }

    @Test
    void testsNeverUseTheRealConfigFolder() {
        assertTrue(ConfigDir.get().toString().contains("test-config"), ConfigDir.get().toString());
    }

    @Test
    void afterACrashTheWindowOffersTheSessionAndRestoreBringsItBack(FxRobot robot) throws IOException, TimeoutException {
        Autosave crashed = new Autosave(dir);
        crashed.start();
        crashed.save(session("77", 12)); // then kill -9: the marker stays
        List<Session> restored = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        AutosaveController c = new AutosaveController(new Autosave(dir), () -> session("5", 1), restored::add,
                (m, error) -> notices.add(m));
        robot.interact(() -> c.start(stage));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#restore-dialog").tryQuery().isPresent());
        assertTrue(robot.lookup(".dialog-pane .header-panel .label").queryLabeled().getText()
                .startsWith("EM Lab did not shut down cleanly. Restore the session from "));
        robot.clickOn("Restore");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !restored.isEmpty());
        assertEquals("77", restored.get(0).params().get("seed"));
        assertEquals(12, restored.get(0).iteration());
        assertEquals("gmm-simplex", restored.get(0).lab());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !notices.isEmpty());
        assertTrue(notices.get(0).startsWith("Restored the session autosaved at "), notices.get(0));
        robot.interact(c::stop);
        assertFalse(Files.exists(dir.resolve(Autosave.MARKER_FILE)), "a clean exit removes the marker");
    }

    @Test
    void startFreshKeepsTheWindowAsItIsAndTheTickThenSavesTheNewSession(FxRobot robot) throws Exception {
        Autosave crashed = new Autosave(dir);
        crashed.start();
        crashed.save(session("77", 12));
        List<Session> restored = new ArrayList<>();
        AutosaveController c = new AutosaveController(new Autosave(dir), () -> session("5", 3), restored::add, (m, e) -> { });
        robot.interact(() -> c.start(stage));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#restore-dialog").tryQuery().isPresent());
        robot.clickOn("Start fresh");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(restored.isEmpty());
        robot.interact(c::tick);
        assertEquals("5", Sessions.read(dir.resolve(Autosave.SESSION_FILE)).params().get("seed"));
        robot.interact(c::stop);
        assertFalse(Files.exists(dir.resolve(Autosave.MARKER_FILE)));
    }

    @Test
    void closingTheWindowBeforeAnsweringKeepsTheCrashedSessionOnOffer(FxRobot robot) throws Exception {
        Autosave crashed = new Autosave(dir);
        crashed.start();
        crashed.save(session("77", 12));
        AutosaveController c = new AutosaveController(new Autosave(dir), () -> session("5", 3), s -> { }, (m, e) -> { });
        robot.interact(() -> c.start(stage));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#restore-dialog").tryQuery().isPresent());
        robot.interact(c::stop); // the window closes while the question is open
        robot.clickOn("Start fresh");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("77", Sessions.read(dir.resolve(Autosave.SESSION_FILE)).params().get("seed"), "nothing overwritten");
        assertEquals("77", new Autosave(dir).start().orElseThrow().session().params().get("seed"), "offered again");
    }

    @Test
    void withoutACrashThereIsNoPromptAndTheExitSavesTheLastSession(FxRobot robot) throws Exception {
        Session[] now = {null};
        AutosaveController c = new AutosaveController(new Autosave(dir), () -> now[0], s -> { }, (m, e) -> { });
        robot.interact(() -> c.start(stage));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#restore-dialog").tryQuery().isPresent());
        assertTrue(Files.exists(dir.resolve(Autosave.MARKER_FILE)));
        robot.interact(c::tick);
        assertFalse(Files.exists(dir.resolve(Autosave.SESSION_FILE)), "nothing to save before the first run");
        now[0] = new Session(Sessions.FORMAT, Sessions.VERSION, "test", "gmm-simplex", Map.of("seed", "9"), 4,
                Session.View.plain());
        robot.interact(c::stop);
        assertEquals(4, Sessions.read(dir.resolve(Autosave.SESSION_FILE)).iteration());
        assertFalse(Files.exists(dir.resolve(Autosave.MARKER_FILE)));
        assertNull(new Autosave(dir).start().orElse(null), "the next start offers nothing");
    }
}
