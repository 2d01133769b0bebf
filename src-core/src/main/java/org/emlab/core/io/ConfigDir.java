package org.emlab.core.io;

import java.nio.file.Path;

/**
 * The user's EM Lab configuration folder, where the window keeps its autosaved session and the
 * list of recent files: the system property {@value #PROPERTY} when set (tests and scripted runs
 * point it at a temporary folder, so they never touch the real one), else
 * {@code $XDG_CONFIG_HOME/emlab}, else {@code ~/.config/emlab}. The folder is created when a file is
 * first written into it.
 */
public final class ConfigDir {
    /** System property that overrides the folder. */
    public static final String PROPERTY = "emlab.config.dir";

    private ConfigDir() {
    }

    /** The folder (it may not exist yet). */
    public static Path get() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", "."), ".config");
        return base.resolve("emlab");
    }
}
