package org.emlab.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.emlab.core.param.ValidationException;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.ConfigDir;
import org.emlab.core.io.Failures;
import org.emlab.core.io.FileKind;
import org.emlab.core.io.InputFiles;
import org.emlab.core.io.IoReasons;

/**
 * Keeps the window's current session safe from crashes. While EM Lab runs, a marker file in the
 * configuration folder ({@link ConfigDir}) says so; the session is written there every
 * {@link #INTERVAL_MILLIS} ms when it changed, and on a clean exit, atomically (temporary file,
 * then rename: {@link AtomicFiles}), after which the marker is removed. A start that finds the
 * marker of a process that is no longer alive knows that run ended without a clean exit (a crash,
 * {@code kill -9}, a power cut) and offers its autosaved session for restoring.
 *
 * <p>Several windows open at once each keep their own pair of files, a <em>slot</em>: the first
 * {@code autosave.emlab.json} and {@code running.marker}, the second {@code autosave-2.emlab.json}
 * and {@code running-2.marker}, and so on up to {@link #SLOTS}. A start claims the slot of the
 * crashed run it offers, else the first free one; a live window's slot is never touched. Before a
 * crashed session is offered it is copied beside it ({@link #PREVIOUS_FILE} for the first slot,
 * {@code autosave-2-previous.emlab.json} for the second, ...), so that "Start fresh" (or a restore
 * that fails) never loses it; so is a crashed slot's damaged file before the slot is taken over.
 *
 * <p>No JavaFX here: the window calls {@link #start()} once, {@link #save(Session)} on a timer and
 * {@link #cleanExit(Session)} when it closes.
 */
public final class Autosave {
    /** How often the window saves the session (only when it changed), in milliseconds. */
    public static final long INTERVAL_MILLIS = 5_000;
    /** The autosaved session of the first window, in the configuration folder. */
    public static final String SESSION_FILE = "autosave" + Sessions.EXTENSION;
    /** Present while the first window runs; left behind by a crash. */
    public static final String MARKER_FILE = "running.marker";
    /** The copy of the first slot's crashed session last offered for restoring. */
    public static final String PREVIOUS_FILE = "autosave-previous" + Sessions.EXTENSION;
    /** Windows autosaved at once; a further window runs without autosave (and says so). */
    public static final int SLOTS = 8;

    /** An autosaved session that can be restored after an unclean shutdown; {@code file} holds a copy of it. */
    public record Recovery(Session session, Instant savedAt, Path file) {
    }

    private final Path dir;
    /** This window's slot: 0 until {@link #start()} claims one; -1 when every slot is taken. */
    private int slot;
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

    /** This window's autosave file (the first slot's before {@link #start()}). */
    public Path sessionFile() {
        return sessionFile(Math.max(slot, 0));
    }

    /** This window's marker file (the first slot's before {@link #start()}). */
    public Path markerFile() {
        return markerFile(Math.max(slot, 0));
    }

    private Path sessionFile(int i) {
        return dir.resolve(i == 0 ? SESSION_FILE : "autosave-" + (i + 1) + Sessions.EXTENSION);
    }

    private Path previousFile(int i) {
        return dir.resolve(i == 0 ? PREVIOUS_FILE : "autosave-" + (i + 1) + "-previous" + Sessions.EXTENSION);
    }

    private Path markerFile(int i) {
        return dir.resolve(i == 0 ? MARKER_FILE : "running-" + (i + 1) + ".marker");
    }

    /**
     * Called once when the window opens: claims a slot and marks it with this process; returns the
     * session to offer for restoring when a previous run did not exit cleanly (its marker names a
     * process no longer alive) and its autosave can be read, the newest such when there are several
     * (the others are offered by the next starts). Never throws: a folder that cannot be written only
     * disables the recovery.
     */
    public Optional<Recovery> start() {
        Optional<Recovery> offer = Optional.empty();
        int free = -1;
        int crashedUnreadable = -1;
        int offered = -1;
        for (int i = 0; i < SLOTS; i++) {
            if (!Files.exists(markerFile(i))) {
                free = free < 0 ? i : free;
                continue;
            }
            if (otherRunAlive(markerFile(i))) {
                continue;
            }
            Optional<Recovery> r = readAutosave(sessionFile(i));
            if (r.isEmpty()) {
                crashedUnreadable = crashedUnreadable < 0 ? i : crashedUnreadable;
            } else if (offer.isEmpty() || r.get().savedAt().isAfter(offer.get().savedAt())) {
                offer = r;
                offered = i;
            }
        }
        // a crashed slot is taken over (its file copied first), so that it is not reported again
        slot = offered >= 0 ? offered : crashedUnreadable >= 0 ? crashedUnreadable : free;
        if (slot < 0) {
            lastError = "every autosave slot (" + SLOTS + ") is taken by an open EM Lab window: this window is not autosaved";
            return offer;
        }
        if (offer.isPresent()) {
            offer = Optional.of(keepCopy(offer.get()));
        } else if (slot == crashedUnreadable) {
            copyBeside(sessionFile());
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.removeStale(dir, null);
            AtomicFiles.writeOwnedString(markerFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException | RuntimeException e) {
            lastError = e instanceof org.emlab.core.io.OutputException ? e.getMessage()
                    : "cannot write " + markerFile() + ": " + reason(e);
        }
        return offer;
    }

    /** Copies the offered session beside it; the offer names the copy (or the original if copying failed). */
    private Recovery keepCopy(Recovery r) {
        Path copy = copyBeside(r.file());
        return copy == null ? r : new Recovery(r.session(), r.savedAt(), copy);
    }

    /** Copies {@code file}, byte for byte (a damaged file may not be UTF-8), to this slot's previous-file; null if that failed. */
    private Path copyBeside(Path file) {
        Path copy = previousFile(slot);
        if (FileKind.of(file, false) != FileKind.REGULAR) {
            return null; // a pipe or a device in the autosave's place is never opened (it could block the window)
        }
        try {
            byte[] bytes = InputFiles.readBounded(file, "session", "the autosaved session", MAX_COPY_BYTES,
                    size -> "the autosaved session is too large to keep a copy");
            AtomicFiles.writeOwned(copy, out -> out.write(bytes));
            return copy;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Largest damaged autosave kept as a copy. */
    static final long MAX_COPY_BYTES = 16L << 20;

    /** The autosaved session in {@code f}, or empty when there is none or it cannot be read. */
    private Optional<Recovery> readAutosave(Path f) {
        FileKind kind = FileKind.of(f, false);
        if (kind != FileKind.REGULAR) {
            if (kind != FileKind.MISSING) {
                lastError = "the autosaved session " + f + " is " + (Files.isSymbolicLink(f) ? "a symbolic link"
                        : kind.description()) + ", not a regular file: it is ignored (remove it to autosave again)";
            }
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
     * it was written; false when unchanged, null, without a slot, or the write failed
     * ({@link #lastError()} says why).
     */
    public boolean save(Session s) {
        if (s == null || slot < 0 || s.equals(lastWritten)) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeOwnedString(sessionFile(), Sessions.toJson(s));
            lastWritten = s;
            lastError = null;
            return true;
        } catch (org.emlab.core.io.OutputException e) {
            lastError = "cannot autosave: " + e.getMessage();
            return false;
        } catch (IOException | RuntimeException e) {
            lastError = "cannot autosave to " + sessionFile() + ": " + reason(e);
            return false;
        }
    }

    /** On a clean exit: saves {@code s} (if any) and removes this window's marker. */
    public void cleanExit(Session s) {
        if (slot < 0) {
            return;
        }
        save(s);
        try {
            if (FileKind.of(markerFile(), false) == FileKind.REGULAR) {
                Files.deleteIfExists(markerFile());
            }
        } catch (IOException e) {
            lastError = "cannot remove " + markerFile() + ": " + IoReasons.reason(e);
        }
    }

    private static String reason(Exception e) {
        return e instanceof IOException io ? IoReasons.reason(io) : Failures.describe(e);
    }

    /** Why the last operation failed, or null. */
    public String lastError() {
        return lastError;
    }

    /**
     * True when {@code marker} names another process that is still alive: another window is open,
     * and it did not crash.
     */
    private static boolean otherRunAlive(Path marker) {
        if (FileKind.of(marker, false) != FileKind.REGULAR) {
            return false; // never opened: a pipe would block the window
        }
        try {
            if (Files.size(marker) > 64) {
                return false;
            }
            long pid = Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
