package org.emlab.core.io;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The user's EM Lab configuration folder, where the window keeps its autosaved session, the crash
 * marker, the list of recent files, and where error logs go ({@code logs/}): the system property
 * {@value #PROPERTY} when set (tests and scripted runs point it at a temporary folder, so they never
 * touch the real one), else {@code $XDG_CONFIG_HOME/emlab} when that is an absolute path (the XDG
 * rule: a relative one is ignored), else {@code $HOME/.config/emlab}, and only when {@code HOME} is
 * not set either, Java's {@code user.home}. The folder is created when a file is first written into it.
 */
public final class ConfigDir {
    /** System property that overrides the folder. */
    public static final String PROPERTY = "emlab.config.dir";

    private ConfigDir() {
    }

    /** The folder (it may not exist yet). */
    public static Path get() {
        return resolve(System.getProperty(PROPERTY), System::getenv, System.getProperty("user.home", "."));
    }

    /**
     * The folder for a given override, environment and {@code user.home} (the rule of {@link #get}, testable).
     *
     * @param override the {@value #PROPERTY} property, or null
     * @param env      the environment ({@code XDG_CONFIG_HOME}, {@code HOME})
     * @param userHome Java's {@code user.home}
     */
    public static Path resolve(String override, Function<String, String> env, String userHome) {
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = env.apply("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("emlab");
        }
        String home = env.apply("HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(userHome);
        return base.resolve(".config").resolve("emlab");
    }
}
