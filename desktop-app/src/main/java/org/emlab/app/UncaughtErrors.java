package org.emlab.app;

import java.io.PrintStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.nio.file.Path;
import javafx.application.Platform;
import org.emlab.core.io.Failures;

/**
 * What happens to an exception no code caught (a bug: in an event handler, a listener, a frame): its
 * details (the stack trace) are written to a log file in the configuration folder's {@code logs/}
 * ({@link Failures#log}), one line goes to the terminal and the window's notice line says what
 * failed, in words, and where the details are; the window goes on. Only the first {@link #LOGGED}
 * are logged (a failing listener fires at every frame); later ones are counted. The renderer's
 * rejected paint jobs while the JVM shuts down (SIGTERM, Ctrl+C in the terminal) are expected and
 * ignored. No stack trace is ever printed.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    /** Uncaught exceptions logged; later ones are only counted in the notice. */
    public static final int LOGGED = 3;
    /** Kept for callers of the earlier name. */
    public static final int PRINTED = LOGGED;

    private final BiConsumer<String, Boolean> notice;
    private final PrintStream err;
    private final AtomicInteger count = new AtomicInteger();
    private volatile Path lastLog;

    /**
     * @param notice shows a line in the window (FX thread; {@code true}: an error)
     * @param err    where the one-line report goes (the terminal)
     */
    public UncaughtErrors(BiConsumer<String, Boolean> notice, PrintStream err) {
        this.notice = notice;
        this.err = err;
    }

    /** Installs {@code h} for every thread. */
    public static void install(UncaughtErrors h) {
        Thread.setDefaultUncaughtExceptionHandler(h);
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (isShutdownNoise(e)) {
            return;
        }
        int n = count.incrementAndGet();
        if (n <= LOGGED) {
            Path log = Failures.log(e, "the window, thread " + t.getName());
            if (log != null) {
                lastLog = log;
            }
        }
        String line = message(t, e, n, lastLog);
        err.println("emlab: " + line);
        try {
            if (Platform.isFxApplicationThread()) {
                notice.accept(line, true);
            } else {
                Platform.runLater(() -> notice.accept(line, true));
            }
        } catch (IllegalStateException toolkitGone) {
            // the window is closing: the terminal has it
        }
    }

    /** The log of the latest logged error, or null. */
    public Path lastLog() {
        return lastLog;
    }

    /** The notice line: what failed, in words, and where the details are. */
    static String message(Thread t, Throwable e, int n, Path log) {
        return "Unexpected error (" + Failures.describe(e) + ") in " + t.getName() + (n > 1 ? " (" + n + " so far)" : "")
                + ". The window goes on; " + (log != null ? "details in " + log : "the details could not be logged") + ".";
    }

    /** A paint job the JavaFX renderer rejects because it is shutting down (the JVM is exiting). */
    static boolean isShutdownNoise(Throwable e) {
        if (!(e instanceof RejectedExecutionException)) {
            return false;
        }
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("com.sun.javafx.tk.quantum")) {
                return true;
            }
        }
        return false;
    }
}
