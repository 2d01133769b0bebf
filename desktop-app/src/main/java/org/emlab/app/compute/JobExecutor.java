package org.emlab.app.compute;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The one way the window runs one-off background jobs (sweeps, exports, sessions, CSV import) with
 * progress, a message and cancel. The production form {@link FxJobExecutor} wraps a
 * {@code javafx.concurrent.Task} and calls the listener on the FX thread;
 * {@link CurrentThreadJobExecutor} runs the job on the calling thread, for view-model tests.
 */
public interface JobExecutor {

    /** Starts {@code job}; the listener hears about progress and the outcome. */
    <T> Handle submit(Job<T> job, Listener<T> listener);

    /**
     * Starts {@code job} and reports only its outcome: exactly one of {@code onSuccess} (with the
     * result) or {@code onFailure} (with the error, or a {@link CancellationException} when it was
     * cancelled), on the FX thread in production.
     *
     * @param title what the job does, for thread names and messages
     */
    default <T> Handle submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return submit(job, new Listener<>() {
            @Override
            public void succeeded(T value) {
                onSuccess.accept(value);
            }

            @Override
            public void cancelled(T partial) {
                onFailure.accept(new CancellationException(title + ": cancelled"));
            }

            @Override
            public void failed(Throwable error) {
                onFailure.accept(error);
            }
        });
    }

    /** The work. It polls {@link Context#cancelled()} and returns early (with what it has) when asked to. */
    @FunctionalInterface
    interface Job<T> {
        T run(Context ctx) throws Exception;
    }

    /** What a job sees: a progress sink (any thread) and the cancel flag. */
    interface Context {
        void progress(long done, long total, String message);

        boolean cancelled();

        /** Reports a step of unknown length ("drawing 3 panels"). */
        default void progress(String message) {
            progress(-1, -1, message);
        }

        /** Throws {@link CancellationException} once the job was asked to stop. */
        default void checkCancelled() {
            if (cancelled()) {
                throw new CancellationException("cancelled");
            }
        }
    }

    /**
     * The outcome, reported once: {@link #succeeded}, {@link #cancelled} (with whatever the job
     * returned after it stopped, possibly null) or {@link #failed}. Progress may come before.
     */
    interface Listener<T> {
        /** Called first, before the job runs, with the handle that cancels it. */
        default void started(Handle handle) {
        }

        default void progress(long done, long total, String message) {
        }

        void succeeded(T value);

        default void cancelled(T partial) {
        }

        default void failed(Throwable error) {
        }
    }

    /** A started job. */
    interface Handle {
        /** Asks the job to stop; no-op when it has ended. */
        void cancel();

        /** True once cancel was asked for. */
        boolean isCancelled();

        /** True once the outcome has been reported. */
        boolean isDone();
    }
}
