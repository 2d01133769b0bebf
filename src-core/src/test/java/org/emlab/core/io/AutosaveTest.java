package org.emlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Autosave and crash recovery: the marker tells a crash from a clean exit, and the autosave restores the same run. */
class AutosaveTest {
    @TempDir
    Path dir;

    private static Session session(int seed, int iteration) {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("k", "3").with("seed", Integer.toString(seed));
        return Session.of(lab, p, iteration, new Session.View(Map.of(), Map.of(), "projector", false));
    }

    @Test
    void aFirstStartOffersNothingAndMarksTheRun() {
        Autosave a = new Autosave(dir.resolve("emlab"));
        assertEquals(Optional.empty(), a.start());
        assertTrue(Files.exists(a.markerFile()), "the folder is created and marked");
    }

    @Test
    void afterACrashTheNextStartOffersTheAutosavedSessionAndItRestoresTheSameRun() throws IOException {
        Autosave first = new Autosave(dir);
        first.start();
        assertTrue(first.save(session(11, 5)));
        Instant before = Instant.now();
        assertTrue(first.save(session(12, 40)));
        // crash: no cleanExit, the marker stays
        assertTrue(Files.exists(first.markerFile()));

        Autosave next = new Autosave(dir);
        Optional<Autosave.Recovery> offer = next.start();
        assertTrue(offer.isPresent(), "an unclean shutdown offers the autosave");
        Session s = offer.get().session();
        assertEquals("gmm-simplex", s.lab());
        assertEquals(40, s.iteration());
        assertEquals("projector", s.view().theme());
        ParamValues restored = s.values();
        assertEquals(12L, restored.getLong("seed"));
        assertEquals(3, restored.getInt("k"));
        assertEquals(session(12, 40).values().asText(), restored.asText(), "every parameter as saved");
        assertFalse(offer.get().savedAt().isBefore(before.minusSeconds(2)), "the time of the last autosave");
        assertTrue(Files.exists(next.markerFile()), "the new run is marked in turn");
    }

    @Test
    void aCleanExitSavesAndRemovesTheMarkerSoTheNextStartOffersNothing() throws IOException {
        Autosave a = new Autosave(dir);
        a.start();
        a.cleanExit(session(3, 9));
        assertFalse(Files.exists(a.markerFile()));
        assertEquals(9, Sessions.read(a.sessionFile()).iteration(), "the exit saved the last state");
        assertEquals(Optional.empty(), new Autosave(dir).start());
    }

    @Test
    void anUnchangedSessionIsNotWrittenAgain() throws IOException {
        Autosave a = new Autosave(dir);
        a.start();
        assertTrue(a.save(session(1, 2)));
        Files.delete(a.sessionFile());
        assertFalse(a.save(session(1, 2)), "equal to the last written: nothing to do");
        assertFalse(Files.exists(a.sessionFile()));
        assertFalse(a.save(null));
        assertTrue(a.save(session(1, 3)));
    }

    @Test
    void aDamagedAutosaveAfterACrashIsNotOfferedAndDoesNotThrow() throws IOException {
        Autosave first = new Autosave(dir);
        first.start();
        Files.writeString(first.sessionFile(), "{\"format\": \"emlab-session\", \"version\": ");
        Autosave next = new Autosave(dir);
        assertEquals(Optional.empty(), next.start());
        assertTrue(next.lastError().contains("cannot be restored") && next.lastError().contains("malformed JSON"),
                next.lastError());
    }

    @Test
    void aMarkerOfAnotherLiveProcessMeansASecondWindowNotACrash() throws IOException {
        Autosave first = new Autosave(dir);
        first.start();
        first.save(session(1, 1));
        // the parent of this JVM (the build) is alive and is not this process
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(first.markerFile(), other + "\n");
        assertEquals(Optional.empty(), new Autosave(dir).start());
    }

    @Test
    void anUnwritableFolderOnlyDisablesTheAutosave() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        Autosave a = new Autosave(file);
        assertEquals(Optional.empty(), a.start());
        assertFalse(a.save(session(1, 1)));
        assertTrue(a.lastError().startsWith("cannot autosave to"), a.lastError());
    }

    @Test
    void theConfigFolderCanBeRedirectedByTheSystemProperty() {
        String old = System.getProperty(ConfigDir.PROPERTY);
        try {
            System.setProperty(ConfigDir.PROPERTY, dir.toString());
            assertEquals(dir, ConfigDir.get());
            assertEquals(dir.resolve(Autosave.SESSION_FILE), Autosave.inUserConfig().sessionFile());
        } finally {
            if (old == null) {
                System.clearProperty(ConfigDir.PROPERTY);
            } else {
                System.setProperty(ConfigDir.PROPERTY, old);
            }
        }
    }
}
