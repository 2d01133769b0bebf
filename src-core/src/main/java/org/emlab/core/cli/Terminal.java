package org.emlab.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the CLI's standard error is a terminal: progress and success lines go there only then. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when standard error is a terminal. On Linux this is read from {@code /proc/self/fd/2} (a
     * {@code /dev/pts/N} or {@code /dev/tty*}); elsewhere it is assumed when the JVM has a console (standard
     * input and output are a terminal).
     */
    static boolean stderr() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String t = Files.readSymbolicLink(fd).toString();
                return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall back to the console
        }
        return System.console() != null;
    }
}
