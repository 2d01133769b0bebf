package org.emlab.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What a path names, found without opening it (opening a named pipe blocks until someone writes to
 * it; reading a device such as {@code /dev/zero} never ends): EM Lab reads only regular files, and
 * writes through to pipes and character devices instead of replacing them.
 */
public enum FileKind {
    /** Nothing there (or a symbolic link to nothing). */
    MISSING("nothing"),
    /** A regular file. */
    REGULAR("a regular file"),
    /** A folder. */
    DIRECTORY("a folder"),
    /** A named pipe (FIFO), including standard input or output when they are a pipe. */
    FIFO("a named pipe"),
    /** A character device: a terminal, /dev/null, /dev/zero, /dev/full. */
    CHAR_DEVICE("a character device"),
    /** A block device: a disk or a partition. */
    BLOCK_DEVICE("a block device (a disk)"),
    /** A socket. */
    SOCKET("a socket"),
    /** Something else that is not a regular file. */
    OTHER("not a regular file");

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** "a named pipe", "a folder", … for messages. */
    public String description() {
        return description;
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    /** What {@code p} names, following symbolic links. */
    public static FileKind of(Path p) {
        return of(p, true);
    }

    /** What {@code p} names; with {@code follow = false} a symbolic link is reported as what it points to only when followed. */
    public static FileKind of(Path p, boolean follow) {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        if (!Files.exists(p, opts)) {
            return MISSING;
        }
        try {
            Object mode = Files.getAttribute(p, "unix:mode", opts);
            if (mode instanceof Integer m) {
                return switch (m & S_IFMT) {
                    case S_IFREG -> REGULAR;
                    case S_IFDIR -> DIRECTORY;
                    case S_IFIFO -> FIFO;
                    case S_IFCHR -> CHAR_DEVICE;
                    case S_IFBLK -> BLOCK_DEVICE;
                    case S_IFSOCK -> SOCKET;
                    default -> OTHER;
                };
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException | SecurityException e) {
            // no unix view (another platform): the basic attributes below
        }
        if (Files.isRegularFile(p, opts)) {
            return REGULAR;
        }
        if (Files.isDirectory(p, opts)) {
            return DIRECTORY;
        }
        return OTHER;
    }
}
