package org.emlab.core.io;

/** The application version written into sessions and export headers. */
public final class AppVersion {
    /** Used when the classes do not come from a packaged jar (development builds, tests). */
    public static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

    private AppVersion() {
    }

    /** The version from the jar manifest, or {@link #DEVELOPMENT}. */
    public static String get() {
        String v = AppVersion.class.getPackage().getImplementationVersion();
        return v == null ? DEVELOPMENT : v;
    }
}
