package org.emlab.app.compute;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/** Runs every job at once on the calling thread (for view-model tests); cancellation is checked as usual. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
    private boolean cancelNext;

    /** Makes the next submitted job see itself cancelled (to test cancellation paths). */
    public void cancelNext() {
        cancelNext = true;
    }

    @Override
    public <T> Handle submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        boolean cancelled = cancelNext;
        cancelNext = false;
        Context ctx = new Context() {
            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public void progress(double done, String message) {
            }
        };
        try {
            T result = job.run(ctx);
            if (cancelled) {
                onFailure.accept(new CancellationException("cancelled"));
            } else {
                onSuccess.accept(result);
            }
        } catch (Exception | Error e) {
            onFailure.accept(e);
        }
        return new Handle() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }
}
