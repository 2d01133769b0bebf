package org.emlab.core.cli;

import java.io.PrintWriter;
import org.emlab.core.param.ValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line of EM Lab ({@code ./emlab SUBCOMMAND ...}). Exit codes: 0 on success,
 * 2 with exactly one line on stderr when the input is invalid (naming the parameter), 1 when
 * something else failed (for example a file could not be written).
 */
@Command(name = "emlab", mixinStandardHelpOptions = true, versionProvider = EmlabCli.Version.class,
        description = "EM Lab: an interactive laboratory for the EM algorithm on mixture models.%n"
                + "Without a subcommand, ./emlab opens the window.",
        footer = {"", "The window (./emlab with no subcommand) takes these options:",
            "  --lab ID              open lab ID (./emlab labs lists them)",
            "  --preset NAME|FILE    open a shipped preset (./emlab presets) or a preset file",
            "  --set NAME=VALUE      set a parameter (repeatable), e.g. --set k=4",
            "  --data FILE           open a CSV data set (the column picker asks which lab and columns)",
            "  --autoplay            start playing at once",
            "  --exit-after SECONDS  close the window after SECONDS",
            "  --frame-stats FILE    on exit, write every frame's time and a median/p95/p99 line",
            "Examples: ./emlab --preset gmm-simplex-dft-vs-uniform --autoplay",
            "          ./emlab --lab gmm --data faithful.csv --set k=3"},
        subcommands = {LabsCommand.class, RunCommand.class, RenderCommand.class, SweepCommand.class, PresetsCommand.class,
            BenchCommand.class})
public final class EmlabCli implements Runnable {
    /** Exit code for invalid input. */
    public static final int EXIT_INVALID = 2;
    /** Exit code for other failures. */
    public static final int EXIT_FAILED = 1;

    /** The application version, from the jar manifest when packaged. */
    public static String version() {
        String v = EmlabCli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"EM Lab " + version()};
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EmlabCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("emlab: " + oneLine(ex.getMessage()));
            err.flush();
            return EXIT_INVALID;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            if (cause instanceof ValidationException || cause instanceof IllegalArgumentException) {
                err.println("emlab: " + oneLine(cause.getMessage()));
                err.flush();
                return EXIT_INVALID;
            }
            err.println("emlab: " + oneLine(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            err.flush();
            return EXIT_FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Collapses a message to one line. */
    static String oneLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        return s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }
}
