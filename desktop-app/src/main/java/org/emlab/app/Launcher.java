package org.emlab.app;

import java.io.PrintWriter;
import java.util.Set;
import org.emlab.core.cli.EmlabCli;

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
        if (isCli(args)) {
            System.setProperty("java.awt.headless", "true");
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            System.exit(EmlabCli.execute(args, out, err));
        }
        EmLabApp.launchWith(args);
    }
}
