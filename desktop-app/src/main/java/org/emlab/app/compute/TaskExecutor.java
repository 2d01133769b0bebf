package org.emlab.app.compute;

import java.util.function.Consumer;

/**
 * Runs one-off background jobs (exports, saving sessions) off the FX thread, with progress and
 * cancellation, and hands the result back on the FX thread. The production form is
 * {@link FxTaskExecutor} (a {@code javafx.concurrent.Task} on a worker thread); view-model tests use
 * {@link CurrentThreadTaskExecutor}, which runs the job at once on the caller's thread.
 */
public interface TaskExecutor {

    /** A job: returns its result, checks {@link Context#isCancelled()} between steps. */
    @FunctionalInterface
    interface Job<T> {
        T run(Context ctx) throws Exception;
    }

    /** What a running job sees. */
    interface Context {
        /** True once the user asked to cancel: stop, and throw {@link java.util.concurrent.CancellationException}. */
        boolean isCancelled();

        /** Reports progress in [0, 1] (or a negative number for "unknown") and a short message. */
        void progress(double done, String message);

        /** Throws {@link java.util.concurrent.CancellationException} when cancelled. */
        default void checkCancelled() {
            if (isCancelled()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        }
    }

    /** A submitted job. */
    interface Handle {
        void cancel();

        boolean isDone();
    }

    /**
     * Submits {@code job}. Exactly one of {@code onSuccess} (with the result), {@code onFailure} (with
     * the error; a {@link java.util.concurrent.CancellationException} when cancelled) is called, on
     * the FX thread in production.
     */
    <T> Handle submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure);
}
