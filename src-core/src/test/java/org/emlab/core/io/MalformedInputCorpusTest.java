package org.emlab.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.emlab.core.cli.EmlabCli;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.DataTable;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.emlab.core.preset.Presets;
import org.emlab.core.session.Sessions;

/**
 * The corpus of malformed inputs under {@code src/test/resources/malformed/{csv,preset,session}}:
 * each file goes through the entry point the window and the CLI use, and must produce exactly its
 * expected message (listed in the folder's {@code expected.properties}) as a
 * {@link ValidationException}, no other exception, and print nothing. CSV files and presets go
 * through {@code ./emlab run} in-process (exit code 2, one line on stderr, no output file);
 * presets also through {@link Presets#read}; sessions through {@link Sessions#read} (File → Open
 * session…). The accepted CSV dialects are the positive corpus under {@code wellformed/csv}.
 */
class MalformedInputCorpusTest {
    /** Fewest malformed files the corpus must hold. */
    static final int MIN_CORPUS = 60;

    @TempDir
    Path dir;

    private static Path folder(String path) {
        URL u = MalformedInputCorpusTest.class.getResource("/" + path);
        assertNotNull(u, path + " is on the test class path");
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties expected(Path folder) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    static Stream<Arguments> corpus() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("csv", "preset", "session")) {
            Path f = folder("malformed/" + kind);
            Properties p = expected(f);
            for (String name : new TreeSet<>(p.stringPropertyNames())) {
                out.add(Arguments.of(kind, f.resolve(name), p.getProperty(name)));
            }
        }
        return out.stream();
    }

    @Test
    void theCorpusIsLargeAndEveryFileHasItsExpectedMessage() throws IOException {
        int total = 0;
        for (String kind : List.of("csv", "preset", "session")) {
            Path f = folder("malformed/" + kind);
            Set<String> files = new TreeSet<>();
            try (Stream<Path> s = Files.list(f)) {
                s.map(x -> x.getFileName().toString()).filter(n -> !n.equals("expected.properties")).forEach(files::add);
            }
            assertEquals(files, expected(f).stringPropertyNames().stream().collect(java.util.stream.Collectors
                    .toCollection(TreeSet::new)), kind + ": every file is listed once, every listed file exists");
            total += files.size();
        }
        assertTrue(total >= MIN_CORPUS, "corpus of " + total);
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    /** Runs {@code action} with System.out and System.err captured; fails when anything was printed. */
    private static void silently(Runnable action) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.run();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing is printed");
    }

    private void assertCliRefuses(String expected, String... args) {
        Path out = dir.resolve("out.csv");
        Cli[] r = new Cli[1];
        silently(() -> r[0] = cli(args));
        assertEquals(2, r[0].code(), r[0].err());
        assertEquals("", r[0].out());
        List<String> lines = r[0].err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r[0].err());
        assertTrue(lines.get(0).startsWith("emlab: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "expected \"" + expected + "\" in: " + lines.get(0));
        assertFalse(Files.exists(out), "no output file is written");
    }

    private static void assertRefused(String expected, ThrowingAction action) {
        silently(() -> {
            try {
                action.run();
                fail("accepted, expected: " + expected);
            } catch (ValidationException e) {
                assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
                assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            } catch (Exception | Error e) {
                if (e instanceof AssertionError a) {
                    throw a;
                }
                throw new AssertionError("expected a ValidationException, got " + e, e);
            }
        });
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("corpus")
    void eachMalformedInputGetsItsMessageAndNothingElse(String kind, Path file, String expected) {
        String out = dir.resolve("out.csv").toString();
        switch (kind) {
            case "csv" -> assertCliRefuses(expected, "run", "gmm", "--data", file.toString(), "--iterations", "1", "--out",
                    out);
            case "preset" -> {
                assertRefused(expected, () -> Presets.read(file));
                assertCliRefuses(expected, "run", "--preset", file.toString(), "--iterations", "1", "--out", out);
            }
            case "session" -> assertRefused(expected, () -> Sessions.read(file));
            default -> fail(kind);
        }
    }

    static Stream<Arguments> wellformed() {
        Path f = folder("wellformed/csv");
        Properties p = expected(f);
        return new TreeSet<>(p.stringPropertyNames()).stream().map(n -> Arguments.of(f.resolve(n), p.getProperty(n)));
    }

    /** Expected: {@code names|rows|first row|last row}, names separated by ',' (or ';' when a name has a comma). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wellformed")
    void acceptedDialectsReadTheSameTable(Path file, String expected) {
        String[] parts = expected.split("\\|");
        DataTable[] t = new DataTable[1];
        silently(() -> t[0] = DataSources.load(file.toString()));
        String sep = parts[0].contains(";") ? ";" : ",";
        assertEquals(List.of(parts[0].split(sep)), t[0].names());
        int rows = Integer.parseInt(parts[1]);
        assertEquals(rows, t[0].rows());
        double[] first = parse(parts[2]);
        double[] last = parse(parts[3]);
        int d = t[0].columns();
        double[] gotFirst = new double[d];
        double[] gotLast = new double[d];
        for (int c = 0; c < d; c++) {
            gotFirst[c] = t[0].value(0, c);
            gotLast[c] = t[0].value(rows - 1, c);
        }
        assertArrayEquals(first, gotFirst);
        assertArrayEquals(last, gotLast);
    }

    private static double[] parse(String csv) {
        String[] s = csv.split(",");
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            v[i] = Double.parseDouble(s[i]);
        }
        return v;
    }

    /** Huge inputs are generated here rather than committed: each is refused by its size before it is parsed. */
    @Test
    void hugeArraysAndStringsAreRefusedByTheirSizeBeforeParsing() throws IOException {
        Path arr = dir.resolve("huge-array.json");
        try (var w = Files.newBufferedWriter(arr, StandardCharsets.UTF_8)) {
            w.write("{\"version\": 1, \"name\": \"x\", \"params\": {\"k\": [");
            for (int i = 0; i < 10_000_000; i++) {
                w.write(i == 0 ? "0" : ",0");
            }
            w.write("]}}");
        }
        assertRefused("preset huge-array.json: the file is 19 MB; a preset is at most 1 MB", () -> Presets.read(arr));
        Path str = dir.resolve("huge-string.emlab.json");
        try (var w = Files.newBufferedWriter(str, StandardCharsets.UTF_8)) {
            w.write("{\"format\": \"emlab-session\", \"version\": 1, \"app\": \"");
            char[] block = new char[1 << 20];
            java.util.Arrays.fill(block, 'a');
            for (int i = 0; i < 50; i++) {
                w.write(block);
            }
            w.write("\"}");
        }
        assertRefused("session huge-string.emlab.json: the file is 50 MB; a session is at most 1 MB",
                () -> Sessions.read(str));
        // the same guard on text handed over directly (the clipboard, a pasted preset)
        String big = "{\"version\": 1, \"name\": \"" + "b".repeat(2 << 20) + "\"}";
        assertRefused("a preset is at most 1 MB", () -> Presets.parse(big, "pasted"));
        assertCliRefuses("the file is 19 MB; a preset is at most 1 MB", "run", "--preset", arr.toString(), "--out",
                dir.resolve("out.csv").toString());
    }
}
