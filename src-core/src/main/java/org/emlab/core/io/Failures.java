package org.emlab.core.io;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.Snippet;

/**
 * What the user is told when something goes wrong, in the CLI and in the window alike: one line,
 * never a stack trace or a Java class name. Invalid input ({@link ValidationException}) and
 * failures with a message for the user ({@link Failure}, {@link OutputException}) say so directly;
 * anything else is an internal error (a bug): its full details go to a log file in the
 * configuration folder's {@value #LOGS} folder ({@link #log}), and the line points to that file.
 */
public final class Failures {
    /** The folder of the error logs, inside {@link ConfigDir}. */
    public static final String LOGS = "logs";
    /** Error logs kept; older ones are removed when a new one is written. */
    static final int KEPT_LOGS = 20;
    /** Longest message line shown. */
    public static final int MAX_LINE = 600;

    private Failures() {
    }

    /** True when {@code t} is a problem with the user's input (the CLI's exit status 2). */
    public static boolean isInvalidInput(Throwable t) {
        return t instanceof IllegalArgumentException;
    }

    /** True when {@code t} has a message meant for the user (invalid input or a known failure), so needs no log. */
    public static boolean isExpected(Throwable t) {
        return t instanceof ValidationException || t instanceof Failure || t instanceof OutputException
                || t instanceof CancellationException || t instanceof UncheckedIOException
                || (t instanceof IOException) || t instanceof IllegalArgumentException;
    }

    /**
     * One line for the user about {@code t}: its message when it is meant for users, the reason in words
     * for an input/output error, a memory advice for {@link OutOfMemoryError}, otherwise "an internal
     * error" (whose details belong in a log: see {@link #report}).
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "an unknown error";
        }
        if (t instanceof OutputException || t instanceof Failure || t instanceof IllegalArgumentException) {
            return oneLine(t.getMessage());
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (t instanceof IOException e) {
            return "an input/output error: " + IoReasons.reason(e);
        }
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        if (t instanceof OutOfMemoryError) {
            return outOfMemory();
        }
        if (t instanceof StackOverflowError) {
            return "an internal error (the computation nested too deeply)";
        }
        // an engine's own complaint ("covariance of component 1 is not positive definite …") says what went
        // wrong in words; other exceptions' texts are Java's and stay in the log
        if ((t instanceof IllegalStateException || t instanceof ArithmeticException) && t.getMessage() != null
                && !t.getMessage().isBlank()) {
            return "an internal error: " + Snippet.of(t.getMessage().lines().findFirst().orElse("").strip(), 200);
        }
        return "an internal error";
    }

    /** The advice for {@link OutOfMemoryError}. */
    public static String outOfMemory() {
        long max = Runtime.getRuntime().maxMemory() / (1 << 20);
        return "EM Lab ran out of memory (at most " + max + " MB); ask for less (fewer samples, a smaller figure) or give "
                + "it more memory: EMLAB_JAVA_OPTS=-Xmx8g ./emlab ...";
    }

    /**
     * The line for {@code t}; for an unexpected error (a bug, running out of memory) the details are
     * written to a log first and the line says where: "…; details in ~/.config/emlab/logs/…log".
     *
     * @param context what was going on ("./emlab run gmm …", "the window"), written into the log
     */
    public static String report(Throwable t, String context) {
        String line = describe(t);
        if (isExpected(t)) {
            return line;
        }
        Path log = log(t, context);
        return line + (log != null ? "; details in " + IoReasons.show(log) : "; the details could not be written to "
                + IoReasons.show(ConfigDir.get().resolve(LOGS)));
    }

    /** Log files one process may write within one millisecond (their names get -1, -2, …). */
    private static final int MAX_SAME_STAMP = 99;

    /**
     * Writes the full details of {@code t} (the stack trace, the version, the context) to a new file in
     * the configuration folder's {@value #LOGS} folder; returns it, or null when it cannot be written.
     * Keeps the newest {@link #KEPT_LOGS} logs.
     */
    public static Path log(Throwable t, String context) {
        try {
            Path dir = ConfigDir.get().resolve(LOGS);
            Files.createDirectories(dir);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            String base = "emlab-" + stamp + "-" + ProcessHandle.current().pid();
            String text = details(t, context);
            // two errors within the same millisecond (a listener failing twice in one frame) get two files
            for (int k = 0; ; k++) {
                Path file = dir.resolve(base + (k == 0 ? "" : "-" + k) + ".log");
                try {
                    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    if (k < MAX_SAME_STAMP) {
                        continue;
                    }
                    throw taken;
                }
                prune(dir);
                return file;
            }
        } catch (IOException | RuntimeException | Error e) {
            return null;
        }
    }

    /**
     * The full details of {@code t} for a log or a bug report (the window's Copy details): the version,
     * the context and the stack trace. The only place a stack trace is formatted; it is never printed.
     */
    public static String details(Throwable t, String context) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        pw.println("EM Lab " + AppVersion.get() + ", Java " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        pw.println("when: " + LocalDateTime.now());
        pw.println("what: " + Snippet.escapeAll(context == null ? "" : context));
        pw.println("thread: " + Thread.currentThread().getName());
        pw.println("memory: max " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        pw.println();
        t.printStackTrace(pw); // into the text of a log or a bug report, never onto a terminal or into the window
        pw.flush();
        return sw.toString();
    }

    private static void prune(Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "emlab-*.log")) {
            ds.forEach(logs::add);
        }
        if (logs.size() <= KEPT_LOGS) {
            return;
        }
        logs.sort(null); // the names start with the time
        for (int i = 0; i < logs.size() - KEPT_LOGS; i++) {
            Files.deleteIfExists(logs.get(i));
        }
    }

    /**
     * A message as one safe line: line breaks collapsed to "; ", control characters escaped, cut at
     * {@link #MAX_LINE} characters.
     */
    public static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return "invalid input";
        }
        String t = s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
        t = Snippet.escapeAll(t);
        return t.length() > MAX_LINE ? t.substring(0, MAX_LINE) + "…" : t;
    }
}
