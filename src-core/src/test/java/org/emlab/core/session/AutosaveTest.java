package org.emlab.core.session;

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
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.emlab.core.io.ConfigDir;

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
        assertEquals(first.sessionFile(), next.sessionFile(), "the crashed slot is taken over, so it is reported once");
        assertEquals("{\"format\": \"emlab-session\", \"version\": ",
                Files.readString(dir.resolve(Autosave.PREVIOUS_FILE)), "after a copy of the damaged file is kept");
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

    /** The process id of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }

    private static long livePid() {
        return ProcessHandle.current().parent().orElseThrow().pid();
    }

    @Test
    void twoWindowsKeepTwoSlotsAndTheFirstOnesCleanExitLeavesTheSecondMarked() throws IOException {
        Autosave first = new Autosave(dir);
        first.start();
        first.save(session(1, 10));
        Files.writeString(first.markerFile(), livePid() + "\n"); // the first window is another live process
        Autosave second = new Autosave(dir);
        assertEquals(Optional.empty(), second.start(), "a live window is not a crash");
        assertEquals(dir.resolve("autosave-2.emlab.json"), second.sessionFile());
        second.save(session(2, 20));
        assertEquals(10, Sessions.read(first.sessionFile()).iteration(), "the second window writes its own file");
        first.cleanExit(session(1, 11));
        assertFalse(Files.exists(first.markerFile()));
        assertTrue(Files.exists(second.markerFile()), "the second window is still marked as running");
    }

    @Test
    void aCrashOfTheSecondWindowIsOfferedWhileTheFirstRunsAndTheOfferIsKeptAsACopy() throws Exception {
        Autosave first = new Autosave(dir);
        first.start();
        first.save(session(1, 10));
        Files.writeString(first.markerFile(), livePid() + "\n");
        Autosave second = new Autosave(dir);
        second.start();
        second.save(session(2, 20));
        Files.writeString(second.markerFile(), deadPid() + "\n"); // the second window crashed

        Autosave third = new Autosave(dir);
        Optional<Autosave.Recovery> offer = third.start();
        assertTrue(offer.isPresent());
        assertEquals(20, offer.get().session().iteration(), "the crashed window's session, not the live one's");
        assertEquals(second.sessionFile(), third.sessionFile(), "the crashed slot is taken over");
        assertEquals(dir.resolve("autosave-2-previous.emlab.json"), offer.get().file());
        third.save(session(3, 1)); // "Start fresh": the new run overwrites the slot ...
        assertEquals(20, Sessions.read(offer.get().file()).iteration(), "... and the copy keeps the offered session");
        assertEquals(10, Sessions.read(first.sessionFile()).iteration(), "the live window's file is untouched");
    }

    @Test
    void ofTwoCrashedWindowsTheNewestIsOfferedFirstAndTheOtherNext() throws Exception {
        Autosave a = new Autosave(dir);
        a.start();
        a.save(session(1, 10));
        Files.writeString(a.markerFile(), livePid() + "\n");
        Autosave b = new Autosave(dir);
        b.start();
        b.save(session(2, 20));
        Files.setLastModifiedTime(a.sessionFile(), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
        long dead = deadPid();
        Files.writeString(a.markerFile(), dead + "\n");
        Files.writeString(b.markerFile(), dead + "\n");

        Autosave next = new Autosave(dir);
        assertEquals(20, next.start().orElseThrow().session().iteration(), "the newest crashed session");
        Files.writeString(next.markerFile(), livePid() + "\n"); // that window is still open
        Autosave after = new Autosave(dir);
        Autosave.Recovery other = after.start().orElseThrow();
        assertEquals(10, other.session().iteration(), "the other one, by the next window");
        assertEquals(dir.resolve(Autosave.PREVIOUS_FILE), other.file());
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
