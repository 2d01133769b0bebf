package org.emlab.app.compute;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * {@link JobExecutor} on a {@code javafx.concurrent.Task} run by a daemon thread. Progress goes
 * through the task's coalescing {@code updateProgress}/{@code updateMessage} (at most one FX
 * update per pulse, however often the job reports); the outcome is reported on the FX thread. On
 * cancel the task is cancelled at once (so its state is CANCELLED) and the job stops at its next
 * poll; the listener's {@code cancelled} comes once the job has actually returned, with what it
 * returned, so no work is still running when the window reports it. A job cancelled before its
 * thread got to run it never starts, and is reported cancelled (with null) all the same.
 */
public final class FxJobExecutor implements JobExecutor, AutoCloseable {
    /** Runs the jobs' threads; null: a new daemon thread per job (jobs run side by side). */
    private final ExecutorService lane;

    /** Each job on its own daemon thread (sweeps, imports: independent jobs run side by side). */
    public FxJobExecutor() {
        this.lane = null;
    }

    private FxJobExecutor(ExecutorService lane) {
        this.lane = lane;
    }

    /**
     * Jobs one after another on one daemon thread called {@code name}, in the order submitted
     * (exports and session saves: a later save never overtakes an earlier one).
     */
    public static FxJobExecutor serial(String name) {
        return new FxJobExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }));
    }

    /** Stops the serial lane's thread (jobs not yet started never run); nothing for per-job threads. */
    @Override
    public void close() {
        if (lane != null) {
            lane.shutdownNow();
        }
    }

    @Override
    public <T> Handle submit(Job<T> job, Listener<T> listener) {
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean entered = new AtomicBoolean();
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                entered.set(true);
                Context ctx = new Context() {
                    @Override
                    public void progress(long d, long total, String message) {
                        updateProgress(d, total);
                        updateMessage(message);
                    }

                    @Override
                    public boolean cancelled() {
                        return isCancelled();
                    }
                };
                T value;
                try {
                    value = job.run(ctx);
                } catch (Exception | Error e) {
                    if (isCancelled()) {
                        Platform.runLater(() -> finish(done, () -> listener.cancelled(null)));
                    } else {
                        Platform.runLater(() -> finish(done, () -> listener.failed(e)));
                    }
                    throw e;
                }
                if (isCancelled()) {
                    Platform.runLater(() -> finish(done, () -> listener.cancelled(value)));
                } else {
                    Platform.runLater(() -> finish(done, () -> listener.succeeded(value)));
                }
                return value;
            }
        };
        task.progressProperty().addListener((o, a, b) -> {
            if (!done.get() && task.getTotalWork() > 0) {
                listener.progress((long) task.getWorkDone(), (long) task.getTotalWork(), task.getMessage());
            }
        });
        Handle handle = new Handle() {
            @Override
            public void cancel() {
                task.cancel(false);
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }

            @Override
            public boolean isDone() {
                return done.get();
            }
        };
        listener.started(handle);
        Runnable body = () -> {
            task.run(); // returns at once, without call(), when the task was cancelled before it ran
            if (!entered.get()) {
                Platform.runLater(() -> finish(done, () -> listener.cancelled(null)));
            }
        };
        if (lane != null) {
            lane.execute(body);
        } else {
            Thread t = new Thread(body, "emlab-job");
            t.setDaemon(true);
            t.start();
        }
        return handle;
    }

    private static void finish(AtomicBoolean done, Runnable report) {
        if (done.compareAndSet(false, true)) {
            report.run();
        }
    }
}
