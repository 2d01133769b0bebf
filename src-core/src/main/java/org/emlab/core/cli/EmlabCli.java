package org.emlab.core.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.io.Failures;
import org.emlab.core.text.NumberSyntax;
import org.emlab.core.text.Snippet;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line of EM Lab ({@code ./emlab SUBCOMMAND ...}). Exit codes: 0 on success,
 * 2 with exactly one line on stderr when the input is invalid (naming the parameter or the file and
 * the rule), 1 with one line when something else failed: a file that cannot be written (the line
 * names it and says why), a run whose numbers left the range of double precision (the line names the
 * iteration and the column), or an internal error (the line points to a log file with the details,
 * in the configuration folder's {@code logs/}). No stack trace ever reaches the terminal.
 *
 * <p>Numeric options ({@code --iterations}, {@code --eps}, {@code --seed}, …) are read in the one
 * number syntax of {@link NumberSyntax}, the same as {@code --set}, presets and CSV cells.
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
            "          ./emlab --lab gmm --data faithful.csv --set k=3"})
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

    /**
     * The subcommands by name, in the order the help lists them. Each is made only when it is needed
     * ({@link #commandLine}): picocli reads a command's annotations, options and types when it is added, and
     * reading all seven at every start kept the one asked for waiting about 0.1 s (docs/performance.md, "Noon,
     * 7 December 2026").
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("labs", LabsCommand::new);
        m.put("run", RunCommand::new);
        m.put("render", RenderCommand::new);
        m.put("animate", AnimateCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("presets", PresetsCommand::new);
        m.put("bench", BenchCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The subcommands' names, in the order the help lists them. */
    static java.util.Set<String> subcommandNames() {
        return SUBCOMMANDS.keySet();
    }

    /**
     * The command line for {@code args}: with only the subcommand {@code args[0]} names when it names one (what it
     * parses and prints is the same as with all of them), else with every subcommand (the help lists them, and
     * picocli suggests the nearest name for a mistyped one).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new EmlabCli());
        java.util.function.Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(only.get());
        } else {
            for (java.util.function.Supplier<Object> each : SUBCOMMANDS.values()) {
                cl.addSubcommand(each.get());
            }
        }
        return cl;
    }

    @Override
    public void run() {
        commandLine(new String[0]).usage(System.out);
    }

    /** Runs the CLI and returns the exit code; whatever happens, at most one line goes to {@code err}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        int code;
        try {
            CommandLine cl = commandLine(args);
            cl.setOut(out);
            cl.setErr(err);
            registerNumberConverters(cl);
            cl.setParameterExceptionHandler((ex, a) -> {
                err.println("emlab: " + Failures.oneLine(ex.getMessage()));
                err.flush();
                return EXIT_INVALID;
            });
            cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, args, err));
            code = cl.execute(args);
        } catch (Throwable t) { // an Error (out of memory) passes through picocli: the same one line
            code = handle(t, args, err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The one line and the exit code for {@code t}: 2 for invalid input, else 1 (with a log for a bug). */
    static int handle(Throwable t, String[] args, PrintWriter err) {
        if (t instanceof CommandLine.ParameterException p) {
            err.println("emlab: " + Failures.oneLine(p.getMessage()));
            err.flush();
            return EXIT_INVALID;
        }
        if (Failures.isInvalidInput(t)) {
            err.println("emlab: " + Failures.oneLine(t.getMessage()));
            err.flush();
            return EXIT_INVALID;
        }
        err.println("emlab: " + Failures.report(t, "./emlab " + command(args)));
        err.flush();
        return EXIT_FAILED;
    }

    private static String command(String[] args) {
        List<String> parts = new ArrayList<>();
        for (String a : args) {
            parts.add(Snippet.of(a, 200));
        }
        return String.join(" ", parts);
    }

    /** {@code --eps}, {@code --iterations}, {@code --seed}, {@code --scale} … read as {@code --set} values are. */
    static void registerNumberConverters(CommandLine cl) {
        CommandLine.ITypeConverter<Double> real = s -> {
            try {
                return NumberSyntax.parseFinite(s);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(Snippet.quoted(s) + " is not a finite number in "
                        + NumberSyntax.DESCRIPTION);
            }
        };
        CommandLine.ITypeConverter<Long> whole = s -> {
            try {
                return NumberSyntax.parseWhole(s);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(Snippet.quoted(s) + " is not a whole number");
            }
        };
        CommandLine.ITypeConverter<Integer> integer = s -> {
            long v = whole.convert(s);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException(Snippet.quoted(s) + " is too large");
            }
            return (int) v;
        };
        cl.registerConverter(Double.class, real);
        cl.registerConverter(Double.TYPE, real);
        cl.registerConverter(Long.class, whole);
        cl.registerConverter(Long.TYPE, whole);
        cl.registerConverter(Integer.class, integer);
        cl.registerConverter(Integer.TYPE, integer);
    }

    /** Collapses a message to one line. */
    static String oneLine(String s) {
        return Failures.oneLine(s);
    }

    public static void main(String[] args) {
        System.exit(runFromMain(args));
    }

    /**
     * The CLI as a process entry point: stdout and stderr, and a last handler for threads that die
     * unexpectedly (one line, the details logged). Returns the exit code.
     */
    public static int runFromMain(String[] args) {
        if (args.length > 0 && (args[0].equals("render") || args[0].equals("animate"))) {
            // a figure follows: start the drawing stack now, while the parser starts up (about 0.2 s of it)
            org.emlab.core.figure.render.DrawingWarmUp.start();
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> {
            err.println("emlab: " + Failures.report(e, "./emlab " + command(args) + " (thread " + th.getName() + ")"));
            err.flush();
        });
        return execute(args, out, err);
    }
}
