package org.emlab.core.run;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * With the system property {@code emlab.trace=true} ({@code EMLAB_JAVA_OPTS=-Demlab.trace=true ./emlab …}),
 * prints to standard error how long after the launch of the process a phase ended: where the seconds of
 * a {@code render} or of the window's start go (docs/performance.md). Silent otherwise.
 */
public final class LaunchTrace {
    /** The system property that turns tracing on. */
    public static final String PROPERTY = "emlab.trace";

    private LaunchTrace() {
    }

    /** True when tracing is on. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Milliseconds since the launch: since the {@code ./emlab} script started (it exports
     * {@code EMLAB_LAUNCH_MS}, so its up-to-date check of the sources counts), else since the JVM started.
     * (The operating system's process start time is not used: on this machine it is off by about a second.)
     */
    public static long sinceLaunchMillis() {
        String script = System.getenv("EMLAB_LAUNCH_MS");
        if (script != null) {
            try {
                return System.currentTimeMillis() - Long.parseLong(script.trim());
            } catch (NumberFormatException e) {
                // not from the script: the JVM's start
            }
        }
        // only without the script's time: starting the management beans takes tens of milliseconds of the run traced
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Prints "emlab.trace: WHAT N ms after the launch" when tracing is on. */
    public static void mark(String what) {
        if (enabled()) {
            System.err.printf(Locale.ROOT, "emlab.trace: %s %d ms after the launch%n", what, sinceLaunchMillis());
        }
    }
}
