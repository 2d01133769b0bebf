package org.emlab.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import org.emlab.core.text.Snippet;

/**
 * Input/output failures in words: why a file could not be read or written, without Java class
 * names, stack traces or the names of temporary files, and a path as a message shows it.
 */
public final class IoReasons {
    /** Longest path shown in a message. */
    static final int MAX_PATH = 200;

    private IoReasons() {
    }

    /** A path as messages show it: control characters escaped, cut when very long. */
    public static String show(Path p) {
        return p == null ? "" : Snippet.of(p.toString(), MAX_PATH);
    }

    /** A path text as messages show it. */
    public static String show(String p) {
        return Snippet.of(p == null ? "" : p, MAX_PATH);
    }

    /**
     * Why {@code e} happened, in words ("permission denied", "the disk is full (no space left on the
     * device)"). A wrapped cause that says more (an image writer's "error writing PNG file" caused by a
     * full disk) is preferred.
     */
    public static String reason(IOException e) {
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof IOException io) {
                String r = direct(io);
                if (!r.equals(GENERIC) && !r.startsWith(UNKNOWN)) {
                    return r;
                }
            }
        }
        String r = direct(e);
        return r.startsWith(UNKNOWN) ? r.substring(UNKNOWN.length()) : r;
    }

    private static final String GENERIC = "an input/output error";
    /** Marks a system text passed on as it is (an unknown reason). */
    private static final String UNKNOWN = "\0";

    private static String direct(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "the file already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "it is a folder that is not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "the symbolic links form a loop";
        }
        String raw = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return phrase(raw);
    }

    /** The system's reason text (errno strings) in words. */
    static String phrase(String raw) {
        if (raw == null || raw.isBlank()) {
            return GENERIC;
        }
        String low = raw.toLowerCase(Locale.ROOT);
        if (low.contains("no space left")) {
            return "the disk is full (no space left on the device)";
        }
        if (low.contains("disk quota")) {
            return "the disk quota is exceeded";
        }
        if (low.contains("file too large")) {
            return "the file is too large (a file size limit such as ulimit -f, or the file system's)";
        }
        if (low.contains("read-only file system")) {
            return "the file system is read-only";
        }
        if (low.contains("permission denied") || low.contains("operation not permitted")) {
            return "permission denied";
        }
        if (low.contains("is a directory")) {
            return "it is a folder";
        }
        if (low.contains("not a directory")) {
            return "a part of the path is not a folder";
        }
        if (low.contains("no such file")) {
            return "no such file or folder";
        }
        if (low.contains("broken pipe")) {
            return "the reading end of the pipe was closed";
        }
        if (low.contains("too many open files")) {
            return "too many open files";
        }
        if (low.contains("file name too long")) {
            return "the file name is too long";
        }
        if (low.contains("input/output error")) {
            return "an input/output error of the device";
        }
        if (low.contains("stream closed")) {
            return "the stream was closed";
        }
        // an unknown system text: keep it, minus anything that looks like a Java class or an absolute path
        String s = raw.replaceAll("\\b(java|javax|sun|jdk|com)\\.[\\w.$]+", "").replaceAll("(^|\\s)/\\S+", "$1")
                .replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? GENERIC : UNKNOWN + Snippet.of(s, 120);
    }
}
