package org.emlab.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it. A failure part-way leaves the old file (or no file) intact, never a half-written one.
 */
public final class AtomicFiles {
    /**
     * Temporary files being written now; a shutdown hook deletes those left when the JVM exits
     * mid-write (the window closed during an export, Ctrl+C in the CLI), so no stray file remains.
     */
    private static final Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How long the exit cleanup waits for writes that are still running (another shutdown hook's). */
    private static final long HOOK_GRACE_NANOS = 1_000_000_000L;

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

    /** Writes {@code path} atomically through {@code writer}. */
    public static void write(Path path, Writer writer) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("folder does not exist: " + dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        IN_FLIGHT.add(tmp);
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            keepPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            try {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /** Ordinary file permissions: rw-r--r--. */
    private static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * A temporary file is created readable by its owner only; the written file should instead keep
     * the permissions of the file it replaces, or get ordinary ones (rw-r--r--) when it is new.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target) : DEFAULT_PERMISSIONS;
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Writes text (UTF-8) atomically. */
    public static void writeString(Path path, String text) throws IOException {
        write(path, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
