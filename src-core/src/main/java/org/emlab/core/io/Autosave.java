package org.emlab.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.emlab.core.param.ValidationException;

/**
 * Keeps the window's current session safe from crashes. While EM Lab runs, a marker file in the
 * configuration folder ({@link ConfigDir}) says so; the session is written there every
 * {@link #INTERVAL_MILLIS} ms when it changed, and on a clean exit, atomically (temporary file,
 * then rename: {@link AtomicFiles}), after which the marker is removed. A start that finds the
 * marker knows the last run ended without a clean exit (a crash, {@code kill -9}, a power cut) and
 * offers the autosaved session for restoring.
 *
 * <p>No JavaFX here: the window calls {@link #start()} once, {@link #save(Session)} on a timer and
 * {@link #cleanExit(Session)} when it closes.
 */
public final class Autosave {
    /** How often the window saves the session (only when it changed), in milliseconds. */
    public static final long INTERVAL_MILLIS = 5_000;
    /** The autosaved session, in the configuration folder. */
    public static final String SESSION_FILE = "autosave" + Sessions.EXTENSION;
    /** Present while EM Lab runs; left behind by a crash. */
    public static final String MARKER_FILE = "running.marker";

    /** An autosaved session that can be restored after an unclean shutdown. */
    public record Recovery(Session session, Instant savedAt, Path file) {
    }

    private final Path dir;
    private Session lastWritten;
    private String lastError;

    /** Autosave into {@code dir} (created when first written). */
    public Autosave(Path dir) {
        this.dir = dir;
    }

    /** Autosave into the user's configuration folder. */
    public static Autosave inUserConfig() {
        return new Autosave(ConfigDir.get());
    }

    public Path sessionFile() {
        return dir.resolve(SESSION_FILE);
    }

    public Path markerFile() {
        return dir.resolve(MARKER_FILE);
    }

    /**
     * Called once when the window opens: returns the session to offer for restoring when the previous
     * run did not exit cleanly (its marker is still there) and its autosave can be read; then marks
     * this run as running. Never throws: a folder that cannot be written only disables the recovery.
     */
    public Optional<Recovery> start() {
        Optional<Recovery> offer = Optional.empty();
        if (Files.exists(markerFile()) && !otherRunAlive()) {
            offer = readAutosave();
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(markerFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException | RuntimeException e) {
            lastError = "cannot write " + markerFile() + ": " + e.getMessage();
        }
        return offer;
    }

    /** The autosaved session, or empty when there is none or it cannot be read. */
    Optional<Recovery> readAutosave() {
        Path f = sessionFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Session s = Sessions.read(f);
            return Optional.of(new Recovery(s, Files.getLastModifiedTime(f).toInstant(), f));
        } catch (IOException | ValidationException e) {
            lastError = "the autosaved session cannot be restored: " + e.getMessage();
            return Optional.empty();
        }
    }

    /**
     * Writes {@code s} when it differs from the session written last (atomically). Returns true when
     * it was written; false when unchanged, null, or the write failed ({@link #lastError()} says why).
     */
    public boolean save(Session s) {
        if (s == null || s.equals(lastWritten)) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            Sessions.write(sessionFile(), s);
            lastWritten = s;
            lastError = null;
            return true;
        } catch (IOException | RuntimeException e) {
            lastError = "cannot autosave to " + sessionFile() + ": " + e.getMessage();
            return false;
        }
    }

    /** On a clean exit: saves {@code s} (if any) and removes the marker. */
    public void cleanExit(Session s) {
        save(s);
        try {
            Files.deleteIfExists(markerFile());
        } catch (IOException e) {
            lastError = "cannot remove " + markerFile() + ": " + e.getMessage();
        }
    }

    /** Why the last operation failed, or null. */
    public String lastError() {
        return lastError;
    }

    /**
     * True when the marker names another process that is still alive: a second window is open, and
     * the first one did not crash.
     */
    boolean otherRunAlive() {
        try {
            long pid = Long.parseLong(Files.readString(markerFile(), StandardCharsets.UTF_8).strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
