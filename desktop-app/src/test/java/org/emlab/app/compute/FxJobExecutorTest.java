package org.emlab.app.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Every submitted job reports exactly one outcome on the FX thread, even when cancelled before it ran. */
class FxJobExecutorTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static final class Recorder implements JobExecutor.Listener<String> {
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        final boolean cancelAtStart;

        Recorder(boolean cancelAtStart) {
            this.cancelAtStart = cancelAtStart;
        }

        @Override
        public void started(JobExecutor.Handle handle) {
            if (cancelAtStart) {
                handle.cancel(); // before the job's thread exists: the job never runs
            }
        }

        @Override
        public void succeeded(String value) {
            outcomes.add("succeeded " + value);
        }

        @Override
        public void cancelled(String partial) {
            outcomes.add("cancelled " + partial);
        }

        @Override
        public void failed(Throwable error) {
            outcomes.add("failed " + error.getMessage());
        }
    }

    @Test
    void aJobCancelledBeforeItRanIsStillReportedCancelled() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Recorder r = new Recorder(true);
        JobExecutor.Handle h = new FxJobExecutor().submit(ctx -> {
            ran.set(true);
            return "x";
        }, r);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, h::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("cancelled null"), r.outcomes);
        assertFalse(ran.get());
        assertTrue(h.isCancelled());
    }

    @Test
    void aJobThatRunsReportsItsValueOnce() throws Exception {
        Recorder r = new Recorder(false);
        JobExecutor.Handle h = new FxJobExecutor().submit(ctx -> "value", r);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, h::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("succeeded value"), r.outcomes);
    }
}
