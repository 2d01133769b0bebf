package org.emlab.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file EM Lab writes goes through here, under these rules:
 *
 * <ul>
 *   <li><b>A regular file (or a new one) is replaced atomically</b>: the content goes to a hidden
 *       temporary file beside it, {@code .NAME.<pid>.<n>.tmp}, which is then renamed over it. A failure
 *       part-way (a full disk, a cancel, an exception) leaves the old file (or no file) intact and no
 *       temporary file. A temporary file left by a process that was killed ({@code kill -9}) is removed
 *       by the next write beside it once its process is gone ({@link #removeStale}).</li>
 *   <li><b>What EM Lab does not own is never replaced.</b> A symbolic link stays a link: the file it
 *       points to is replaced (atomically) instead. A named pipe or a character device ({@code /dev/null},
 *       a terminal, {@code /dev/stdout}) is written through, never renamed over; so is anything under
 *       {@code /dev} or {@code /proc}. A folder, a block device (a disk), a socket, or a link to a
 *       missing file is refused.</li>
 *   <li><b>Messages name the target</b> the user gave and say why in words ({@link IoReasons}), never a
 *       temporary file or a Java class: {@code cannot write /data/t.csv: the disk is full (no space left
 *       on the device)}.</li>
 * </ul>
 *
 * {@link #writeOwned} is for EM Lab's own files (autosave, markers, the recent list): those must be
 * regular files, and anything else in their place is refused rather than written through (writing
 * into a pipe would block the window).
 */
public final class AtomicFiles {
    /**
     * Temporary files being written now; a shutdown hook deletes those left when the JVM exits
     * mid-write (the window closed during an export, Ctrl+C in the CLI), so no stray file remains.
     */
    private static final Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long the exit cleanup waits for writes that are still running (another shutdown hook's). */
    private static final long HOOK_GRACE_NANOS = 1_000_000_000L;
    /** This process's id, in the names of its temporary files. */
    private static final long PID = ProcessHandle.current().pid();
    /** Numbers the temporary files of this process. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** {@code .NAME.<pid>.<n>.tmp} (and the older {@code .NAME.<random>.tmp}). */
    private static final Pattern TEMP = Pattern.compile("\\.(.+?)\\.(\\d{1,19})(?:\\.(\\d{1,19}))?\\.tmp");

    static {
        Thread hook = new Thread(() -> {
            // shutdown hooks run concurrently: give writes that are still finishing (the autosave on
            // SIGTERM) a moment to complete before their temporary files are taken away
            long deadline = System.nanoTime() + HOOK_GRACE_NANOS;
            while (!IN_FLIGHT.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Path p : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // the JVM is exiting: nothing more can be done
                }
            }
        }, "emlab-atomic-files-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private AtomicFiles() {
    }

    /** The temporary files being written now (for tests). */
    static Set<Path> inFlight() {
        return Set.copyOf(IN_FLIGHT);
    }

    /** Something that writes the whole content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** How a target is written. */
    public enum Mode {
        /** Replaced atomically (a regular file, a new file, or the regular file a link points to). */
        ATOMIC,
        /** Written through, never renamed over (a named pipe, a character device, anything under /dev or /proc). */
        THROUGH
    }

    /**
     * How {@code path} would be written by {@link #write}, and the file actually written (the target of a
     * symbolic link); refuses (an {@link OutputException}) a folder, a block device, a socket, a link to
     * nothing, or a missing folder.
     */
    public static Plan plan(Path path) throws OutputException {
        Path abs = path.toAbsolutePath().normalize();
        String shown = IoReasons.show(path);
        if (abs.getFileName() == null) {
            throw new OutputException(path, "cannot write " + shown + ": it is a folder; give a file name");
        }
        if (abs.startsWith("/dev") || abs.startsWith("/proc")) {
            FileKind k = FileKind.of(abs);
            if (k == FileKind.MISSING) {
                throw new OutputException(path, "cannot write " + shown + ": there is no such device (EM Lab creates no "
                        + "files under /dev or /proc)");
            }
            refuseKind(path, k);
            return new Plan(abs, Mode.THROUGH, k);
        }
        FileKind k = FileKind.of(abs);
        boolean link = Files.isSymbolicLink(abs);
        if (k == FileKind.MISSING && link) {
            throw new OutputException(path, "cannot write " + shown + ": it is a symbolic link to a file that does not "
                    + "exist; EM Lab does not create files through symbolic links");
        }
        refuseKind(path, k);
        if (k == FileKind.FIFO || k == FileKind.CHAR_DEVICE) {
            return new Plan(abs, Mode.THROUGH, k);
        }
        Path real = abs;
        if (link) {
            try {
                real = abs.toRealPath();
            } catch (IOException e) {
                throw new OutputException(path, "cannot write " + shown + ": " + IoReasons.reason(e), e);
            }
        }
        Path dir = real.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new OutputException(path, "cannot write " + shown + ": the folder " + IoReasons.show(dir)
                    + (Files.exists(dir) ? " is not a folder" : " does not exist"));
        }
        return new Plan(real, Mode.ATOMIC, k);
    }

    private static void refuseKind(Path path, FileKind k) throws OutputException {
        String shown = IoReasons.show(path);
        switch (k) {
            case DIRECTORY -> throw new OutputException(path, "cannot write " + shown + ": it is a folder; give a file name");
            case BLOCK_DEVICE, SOCKET, OTHER -> throw new OutputException(path, "cannot write " + shown + ": it is "
                    + k.description() + "; EM Lab writes only regular files, named pipes and character devices");
            default -> {
            }
        }
    }

    /**
     * Where and how a target is written.
     *
     * @param file the file written: the target, or the file its symbolic link points to
     * @param mode atomic replacement or writing through
     * @param kind what is there now
     */
    public record Plan(Path file, Mode mode, FileKind kind) {
    }

    /** Writes {@code path} through {@code writer}, by the rules above. */
    public static void write(Path path, Writer writer) throws IOException {
        Plan plan = plan(path);
        if (plan.mode() == Mode.THROUGH) {
            writeThrough(path, plan.file(), plan.kind(), writer);
        } else {
            writeAtomically(path, plan.file(), writer);
        }
    }

    /**
     * Writes one of EM Lab's own files (autosave, crash marker, recent list): atomically when it is a
     * regular file or missing; refused when anything else is in its place (a pipe, a device, a folder, a
     * link), so that the window never blocks on it and never writes where it should not.
     */
    public static void writeOwned(Path path, Writer writer) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        FileKind k = FileKind.of(abs, false);
        if (k != FileKind.MISSING && k != FileKind.REGULAR) {
            throw new OutputException(path, "cannot write " + IoReasons.show(path) + ": it is "
                    + (Files.isSymbolicLink(abs) ? "a symbolic link" : k.description()) + ", not a regular file; "
                    + "remove it so that EM Lab can keep its file there");
        }
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new OutputException(path, "cannot write " + IoReasons.show(path) + ": the folder " + IoReasons.show(dir)
                    + " does not exist");
        }
        writeAtomically(path, abs, writer);
    }

    /** The output name that means standard output ({@code --out -}). */
    public static final String STDOUT = "-";

    /** True when {@code path} is {@value #STDOUT}, which means standard output (a file called "-" is {@code ./-}). */
    public static boolean isStdout(Path path) {
        return path != null && path.toString().equals(STDOUT);
    }

    /**
     * Writes {@code path} by {@link #write(Path, Writer)}, or into {@code stdout} when {@code path} is
     * {@value #STDOUT}: written through and flushed, never closed, failures said as "cannot write standard
     * output: …".
     */
    public static void write(Path path, OutputStream stdout, Writer writer) throws IOException {
        if (!isStdout(path)) {
            write(path, writer);
            return;
        }
        OutputStream keepOpen = new java.io.FilterOutputStream(stdout) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (OutputStream out = new java.io.BufferedOutputStream(keepOpen, 1 << 16)) {
            writer.write(out);
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(path, "cannot write standard output: " + IoReasons.reason(e), e);
        }
    }

    /** Writes text (UTF-8) by {@link #write}. */
    public static void writeString(Path path, String text) throws IOException {
        write(path, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Writes text (UTF-8) by {@link #writeOwned}. */
    public static void writeOwnedString(Path path, String text) throws IOException {
        writeOwned(path, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void writeThrough(Path shown, Path file, FileKind kind, Writer writer) throws IOException {
        // a regular file reached through /dev/stdout or /proc/self/fd is appended to (the shell opened and
        // truncated it already, or opened it with >> to append); pipes and devices are simply written to
        StandardOpenOption how = kind == FileKind.REGULAR ? StandardOpenOption.APPEND : StandardOpenOption.WRITE;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE, how),
                1 << 16)) {
            writer.write(out);
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(shown, "cannot write " + IoReasons.show(shown) + ": " + IoReasons.reason(e), e);
        }
    }

    private static void writeAtomically(Path shown, Path target, Writer writer) throws IOException {
        Path dir = target.getParent();
        removeStale(dir, target.getFileName().toString());
        Path tmp = (dir == null ? Path.of("") : dir).resolve("." + target.getFileName() + "." + PID + "."
                + SEQUENCE.incrementAndGet() + ".tmp");
        IN_FLIGHT.add(tmp);
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                writer.write(out);
            }
            keepPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(shown, "cannot write " + IoReasons.show(shown) + ": " + IoReasons.reason(e), e);
        } finally {
            try {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                // the write failed already; the next write beside it removes the leftover
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /**
     * Removes the temporary files in {@code dir} that a write of {@code name} (every name when null)
     * left behind when its process was killed: {@code .NAME.<pid>.<n>.tmp} whose process is gone, or
     * was started after the file was last written (its id was reused). Never touches a file this
     * process is writing. Returns how many were removed; never throws.
     */
    public static int removeStale(Path dir, String name) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        String glob = name == null ? ".*.tmp" : "." + escapeGlob(name) + ".*.tmp";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                Matcher m = TEMP.matcher(p.getFileName().toString());
                if (!m.matches() || (name != null && !m.group(1).equals(name)) || IN_FLIGHT.contains(p)
                        || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (stale(p, m.group(2))) {
                    try {
                        Files.deleteIfExists(p);
                        removed++;
                    } catch (IOException e) {
                        // not ours to remove after all (permissions): leave it
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder: nothing to clean
        }
        return removed;
    }

    /** True when the process that wrote {@code tmp} is gone (or is not the one that wrote it). */
    private static boolean stale(Path tmp, String pidText) {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            return true;
        }
        if (pid == PID) {
            return true; // not in flight (checked by the caller): left by an earlier process with this id
        }
        java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return true;
        }
        try {
            Instant written = Files.getLastModifiedTime(tmp).toInstant();
            Instant started = h.get().info().startInstant().orElse(null);
            return started != null && started.isAfter(written.plusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }

    private static String escapeGlob(String s) {
        return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /** Ordinary file permissions: rw-r--r--. */
    private static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * A new file should keep the permissions of the file it replaces, or get ordinary ones (rw-r--r--)
     * when it is new.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target) : DEFAULT_PERMISSIONS;
        Files.setPosixFilePermissions(tmp, perms);
    }
}
