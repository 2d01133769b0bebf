package org.emlab.app;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops one log record: JavaFX's warning at start-up that its classes were loaded from the class path ("Unsupported
 * JavaFX configuration"), which they are in the tests and not in the app. Every other record passes. Named by
 * {@code fx-test-logging.properties}, the desktop tests' logging configuration.
 */
public final class ClasspathFxWarningFilter implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
        String m = record.getMessage();
        return !(m != null && m.startsWith("Unsupported JavaFX configuration: classes were loaded from")
                && "com.sun.javafx.application.PlatformImpl".equals(record.getSourceClassName()));
    }
}
