package org.emlab.app;

import java.util.Set;
import org.emlab.core.cli.EmlabCli;
import org.emlab.core.io.Failures;
import org.emlab.core.run.LaunchTrace;

/**
 * The one entry point of {@code ./emlab}. With a subcommand (or {@code --help}, {@code --version})
 * it runs the headless CLI and never touches JavaFX; otherwise it opens the window. A plain main
 * (not an {@code Application} subclass), so it works from the class path and from a fat jar.
 */
public final class Launcher {
    private static final Set<String> CLI_FLAGS = Set.of("-h", "--help", "-V", "--version");

    private Launcher() {
    }

    /** True when {@code args} ask for the CLI rather than the window. */
    static boolean isCli(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return !first.startsWith("-") || CLI_FLAGS.contains(first);
    }

    public static void main(String[] args) {
        LaunchTrace.mark("JVM started, main entered");
        if (isCli(args)) {
            System.setProperty("java.awt.headless", "true");
            System.exit(EmlabCli.runFromMain(args));
        }
        try {
            EmLabApp.launchWith(args);
        } catch (Throwable t) { // the one top-level handler of the window's start: one line, never a trace
            System.err.println("emlab: " + windowFailure(t));
            System.exit(EmlabCli.EXIT_FAILED);
        }
    }

    /** The line for a failure to open the window: no display, or an error logged with its details. */
    static String windowFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("DISPLAY") || m.contains("no display") || c instanceof java.awt.HeadlessException)) {
                return "cannot open the window: there is no display (is DISPLAY set?); the command line needs none: "
                        + "./emlab --help";
            }
        }
        Throwable root = t instanceof RuntimeException && t.getCause() != null ? t.getCause() : t;
        return "cannot open the window: " + Failures.report(root, "opening the window");
    }
}
