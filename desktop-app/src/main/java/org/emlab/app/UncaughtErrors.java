package org.emlab.app;

import java.io.PrintStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * What happens to an exception no code caught (a bug: in an event handler, a listener, a frame): it
 * is printed on the terminal (the first {@link #PRINTED} in full, then counted) and the window says
 * so in its notice line, so that a failure never passes unseen while the window goes on. The
 * renderer's rejected paint jobs while the JVM shuts down (SIGTERM, Ctrl+C in the terminal) are
 * expected and ignored.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    /** Uncaught exceptions printed in full; later ones are only counted in the notice. */
    public static final int PRINTED = 3;

    private final BiConsumer<String, Boolean> notice;
    private final PrintStream err;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param notice shows a line in the window (FX thread; {@code true}: an error)
     * @param err    where the details go
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
        if (n <= PRINTED) {
            err.println("emlab: unexpected error in thread " + t.getName() + " (please report it):");
            e.printStackTrace(err);
        }
        String line = message(t, e, n);
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

    /** The notice line: what failed, and that the details are on the terminal. */
    static String message(Thread t, Throwable e, int n) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return "Unexpected error (" + what + ") in " + t.getName() + (n > 1 ? " (" + n + " so far)" : "")
                + ". The window goes on; details are on the terminal.";
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
