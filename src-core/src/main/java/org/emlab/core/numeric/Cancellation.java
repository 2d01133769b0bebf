package org.emlab.core.numeric;

import java.util.function.BooleanSupplier;

/**
 * Cooperative cancellation of a long computation on the current thread. The owner of a thread (the
 * window's compute thread, {@code org.emlab.core.run.RunLoop}) {@link #install installs} a flag;
 * long loops call {@link #checkpoint()} between chunks of work (every {@link ChunkedSums} chunk, every
 * sample of a recursive batch, every row of a large data generator), which throws
 * {@link CancelledException} once the flag is raised. The owner catches it and puts its state back
 * to the last consistent point. A thread with no flag installed (a sweep worker, a test, the CLI)
 * is never cancelled this way, so a pause in the window cannot abort a sweep.
 *
 * <p>A checkpoint costs one thread-local read and one volatile read: call it per chunk of work, not
 * per sample.
 */
public final class Cancellation {
    private static final ThreadLocal<BooleanSupplier> FLAG = new ThreadLocal<>();
    private static final BooleanSupplier NEVER = () -> false;

    private Cancellation() {
    }

    /** Thrown by {@link #checkpoint()} when the current thread's computation was cancelled. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    /** Makes {@code flag} the cancellation flag of the current thread (null removes it). */
    public static void install(BooleanSupplier flag) {
        if (flag == null) {
            FLAG.remove();
        } else {
            FLAG.set(flag);
        }
    }

    /** The current thread's flag (never null), for handing to helper threads of the same computation. */
    public static BooleanSupplier current() {
        BooleanSupplier f = FLAG.get();
        return f == null ? NEVER : f;
    }

    /** True when the current thread's computation has been cancelled. */
    public static boolean cancelled() {
        BooleanSupplier f = FLAG.get();
        return f != null && f.getAsBoolean();
    }

    /** Throws {@link CancelledException} when the current thread's computation has been cancelled. */
    public static void checkpoint() {
        if (cancelled()) {
            throw new CancelledException();
        }
    }

    /** True when {@code t} or one of its causes is a {@link CancelledException}. */
    public static boolean isCancellation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CancelledException) {
                return true;
            }
        }
        return false;
    }
}
