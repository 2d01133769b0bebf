package org.emlab.app.compute;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link JobExecutor} that runs the job on the calling thread before {@link #submit} returns
 * (progress and outcome on that thread too), for view-model tests. A listener (or the job's own
 * progress report) may cancel through {@link #cancelRunning()} while it runs.
 */
public final class CurrentThreadJobExecutor implements JobExecutor {
    private AtomicBoolean running;
    private boolean cancelNext;

    /** Makes the next submitted job see itself cancelled from the start (to test cancellation paths). */
    public void cancelNext() {
        cancelNext = true;
    }

    /** Cancels the job now running, if any (as the Cancel button would). */
    public void cancelRunning() {
        if (running != null) {
            running.set(true);
        }
    }

    @Override
    public <T> Handle submit(Job<T> job, Listener<T> listener) {
        AtomicBoolean cancel = new AtomicBoolean(cancelNext);
        cancelNext = false;
        AtomicBoolean done = new AtomicBoolean();
        running = cancel;
        Context ctx = new Context() {
            @Override
            public void progress(long d, long total, String message) {
                listener.progress(d, total, message);
            }

            @Override
            public boolean cancelled() {
                return cancel.get();
            }
        };
        Handle handle = new Handle() {
            @Override
            public void cancel() {
                cancel.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancel.get();
            }

            @Override
            public boolean isDone() {
                return done.get();
            }
        };
        listener.started(handle);
        try {
            T value = job.run(ctx);
            if (cancel.get()) {
                listener.cancelled(value);
            } else {
                listener.succeeded(value);
            }
        } catch (Exception e) {
            if (cancel.get()) {
                listener.cancelled(null);
            } else {
                listener.failed(e);
            }
        } finally {
            done.set(true);
            running = null;
        }
        return handle;
    }
}
