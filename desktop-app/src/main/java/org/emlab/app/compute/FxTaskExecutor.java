package org.emlab.app.compute;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * {@link TaskExecutor} on one daemon worker thread: each job is a {@link javafx.concurrent.Task},
 * so progress, message and cancellation come through JavaFX's own machinery and the callbacks run
 * on the FX thread. Jobs run one after another. The state of the newest job is observable for a
 * status line (running, progress, message).
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emlab-background");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private Task<?> current;

    /** Call on the FX thread. */
    @Override
    public <T> Handle submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(title);
                updateMessage(title + "…");
                Context ctx = new Context() {
                    @Override
                    public boolean isCancelled() {
                        return Thread.currentThread().isInterrupted() || isTaskCancelled();
                    }

                    @Override
                    public void progress(double done, String msg) {
                        updateProgress(done < 0 ? -1 : done, done < 0 ? -1 : 1);
                        updateMessage(msg);
                    }
                };
                return job.run(ctx);
            }

            private boolean isTaskCancelled() {
                return isCancelled();
            }
        };
        task.setOnSucceeded(e -> {
            finished(task);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished(task);
            Throwable ex = task.getException();
            onFailure.accept(ex);
        });
        task.setOnCancelled(e -> {
            finished(task);
            onFailure.accept(new CancellationException("cancelled"));
        });
        current = task;
        running.set(true);
        progress.bind(task.progressProperty());
        message.bind(task.messageProperty());
        worker.submit(task);
        return new Handle() {
            @Override
            public void cancel() {
                task.cancel(false);
            }

            @Override
            public boolean isDone() {
                return task.isDone();
            }
        };
    }

    private void finished(Task<?> task) {
        if (task == current) {
            progress.unbind();
            message.unbind();
            running.set(false);
            current = null;
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
