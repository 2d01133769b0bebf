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

/** An exception nobody caught is shown in one line and logged (a few in full); shutdown noise is not. */
class UncaughtErrorsTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void anUncaughtErrorIsShownInOneLineWithItsDetailsInALogAndRepeatsAreCounted() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UncaughtErrors h = new UncaughtErrors((m, error) -> shown.add(m), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Thread t = new Thread(() -> { }, "emlab-test");
        for (int i = 0; i < 5; i++) {
            h.uncaughtException(t, new IllegalStateException("boom " + i));
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, shown.size());
        java.nio.file.Path log = h.lastLog();
        assertTrue(log != null && java.nio.file.Files.isRegularFile(log), "the details are logged");
        assertTrue(log.startsWith(org.emlab.core.io.ConfigDir.get().resolve("logs")), log.toString());
        assertTrue(shown.get(0).startsWith("Unexpected error (an internal error: boom 0) in emlab-test. The window goes on; "
                + "details in "), shown.get(0));
        assertFalse(shown.get(0).contains("IllegalStateException"), "no Java class in the window");
        assertTrue(shown.get(4).contains("(5 so far)"), shown.get(4));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(5, printed.lines().count(), "one line per error on the terminal: " + printed);
        assertFalse(printed.contains("\tat ") || printed.contains("Exception"), "no stack trace, no class: " + printed);
        assertTrue(printed.contains("boom 4"), "every error gets its line: " + printed);
        String details = java.nio.file.Files.readString(log);
        assertTrue(details.contains("boom 2") && details.contains("IllegalStateException"), "the log has the trace");
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
