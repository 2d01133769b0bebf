package org.emlab.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The desktop tests' log filter drops JavaFX's class-path warning and nothing else. */
class ClasspathFxWarningFilterTest {
    private static LogRecord record(String sourceClass, String message) {
        LogRecord r = new LogRecord(Level.WARNING, message);
        r.setSourceClassName(sourceClass);
        r.setLoggerName("javafx");
        return r;
    }

    @Test
    void dropsOnlyJavaFxsClassPathWarning() {
        ClasspathFxWarningFilter f = new ClasspathFxWarningFilter();
        String fx = "com.sun.javafx.application.PlatformImpl";
        assertFalse(f.isLoggable(record(fx, "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'")));
        assertTrue(f.isLoggable(record(fx, "Toolkit not initialized")), "another warning of JavaFX's start");
        assertTrue(f.isLoggable(record("org.emlab.app.EmLabApp",
                "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'")), "from another class");
        assertTrue(f.isLoggable(record(fx, null)), "a record without a message");
    }
}
