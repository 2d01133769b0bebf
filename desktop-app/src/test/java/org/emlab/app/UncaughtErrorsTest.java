package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** An exception nobody caught is shown in the window and printed (a few in full); shutdown noise is not. */
class UncaughtErrorsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void anUncaughtErrorIsShownAndPrintedAndRepeatsAreCounted() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UncaughtErrors h = new UncaughtErrors((m, error) -> shown.add(m), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Thread t = new Thread(() -> { }, "emlab-test");
        for (int i = 0; i < 5; i++) {
            h.uncaughtException(t, new IllegalStateException("boom " + i));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, shown.size());
        assertEquals("Unexpected error (IllegalStateException: boom 0) in emlab-test. The window goes on; details are on the terminal.",
                shown.get(0));
        assertTrue(shown.get(4).contains("(5 so far)"), shown.get(4));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("boom 2") && !printed.contains("boom 3"), "only the first three in full");
    }

    @Test
    void theRenderersRejectedPaintJobsAtShutdownAreIgnored() {
        RejectedExecutionException paint = new RejectedExecutionException("Shutting down");
        paint.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.sun.javafx.tk.quantum.QuantumRenderer", "submitRenderJob", "QuantumRenderer.java", 1)});
        assertTrue(UncaughtErrors.isShutdownNoise(paint));
        assertFalse(UncaughtErrors.isShutdownNoise(new RejectedExecutionException("a pool of ours")));
        List<String> shown = new CopyOnWriteArrayList<>();
        new UncaughtErrors((m, e) -> shown.add(m), new PrintStream(new ByteArrayOutputStream())).uncaughtException(
                Thread.currentThread(), paint);
        assertTrue(shown.isEmpty());
    }
}
