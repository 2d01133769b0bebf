package org.emlab.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the running classes were built from: the version and the git commit, read from the resource
 * {@code org/emlab/core/build-info.properties} that the build writes (src-core's pom, maven-antrun-plugin:
 * {@code git rev-parse HEAD} and {@code git status}). {@code commit} is {@value #UNKNOWN} when the build had
 * no git or no repository; {@code dirty} is true when tracked files differed from that commit.
 *
 * @param version the application version (the jar manifest's, else the build's)
 * @param commit  the full commit id, or {@value #UNKNOWN}
 * @param dirty   true when the build included uncommitted changes to tracked files
 */
public record BuildInfo(String version, String commit, boolean dirty) {
    /** The commit when the build did not know it. */
    public static final String UNKNOWN = "unknown";
    /** The resource the build writes. */
    static final String RESOURCE = "/org/emlab/core/build-info.properties";

    private static final BuildInfo CURRENT = load();

    /** The build of the running classes. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** "0.1.0-SNAPSHOT (commit 1007590e6923, with uncommitted changes)", for messages and headers. */
    public String describe() {
        if (UNKNOWN.equals(commit)) {
            return version + " (commit unknown)";
        }
        return version + " (commit " + commit.substring(0, Math.min(12, commit.length())) + (dirty ? ", with uncommitted "
                + "changes" : "") + ")";
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            // no build information: the defaults below
        }
        String manifest = BuildInfo.class.getPackage().getImplementationVersion();
        String version = manifest != null ? manifest : p.getProperty("version", AppVersion.DEVELOPMENT).strip();
        String commit = p.getProperty("commit", UNKNOWN).strip();
        if (!commit.matches("[0-9a-f]{7,64}")) {
            commit = UNKNOWN;
        }
        return new BuildInfo(version, commit, Boolean.parseBoolean(p.getProperty("dirty", "false").strip()));
    }
}
