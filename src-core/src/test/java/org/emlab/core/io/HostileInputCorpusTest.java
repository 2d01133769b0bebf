package org.emlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.emlab.core.cli.EmlabCli;
import org.emlab.core.param.ValidationException;
import org.emlab.core.session.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of hostile and malformed inputs of issue 17, generated here (control characters, NUL
 * bytes, named pipes, devices and links cannot sensibly be committed), each through the real entry
 * point: {@code ./emlab ...} in-process through {@link EmlabCli#execute} (the exit code, exactly one
 * line on stderr holding the expected words, no stack trace, no Java class, no raw control
 * character, a bounded length, and no file written or changed), and sessions through
 * {@link Sessions#read}, what File → Open session calls. The committed corpus of
 * {@link MalformedInputCorpusTest} comes on top.
 */
class HostileInputCorpusTest {
    /** Fewest entries the corpus must hold. */
    static final int MIN_CORPUS = 150;

    @TempDir
    Path dir;

    /** Builds the files of one case in a fresh folder and returns the CLI's arguments. */
    @FunctionalInterface
    interface Setup {
        String[] args(Path dir) throws IOException;
    }

    /** One hostile input: the exit code and the words its one line must hold. */
    record Case(String name, int exit, String expected, Setup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void add(String name, int exit, String expected, Setup setup) {
        CASES.add(new Case(name, exit, expected, setup));
    }

    // ---- helpers that build inputs ----------------------------------------------------------------

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static Path bytes(Path dir, String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    static Path fifo(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            pr.getInputStream().readAllBytes();
            if (pr.waitFor() != 0) {
                throw new IOException("mkfifo failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return p;
    }

    static Path link(Path dir, String name, Path target) throws IOException {
        return Files.createSymbolicLink(dir.resolve(name), target);
    }

    /** A CSV whose third data row holds {@code cell} in column a. */
    static Setup badCell(String cell) {
        return d -> run(write(d, "bad.csv", "a,b\n1,2\n3,4\n" + cell + ",5\n6,7\n"));
    }

    /** {@code ./emlab run gmm --data FILE --iterations 1 --out out.csv} (the output in the same folder). */
    static String[] run(Path data) {
        return new String[] {"run", "gmm", "--data", data.toString(), "--iterations", "1", "--out",
            data.resolveSibling("out.csv").toString()};
    }

    static Setup set(String lab, String assignment) {
        return d -> new String[] {"run", lab, "--set", assignment, "--iterations", "1", "--out", d.resolve("out.csv").toString()};
    }

    static Setup cli(String... args) {
        return d -> {
            String[] a = args.clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i].replace("@DIR", d.toString());
            }
            return a;
        };
    }

    /** A preset file in the shipped format for gmm-simplex with {@code extra} fields or parameters. */
    static String preset(String params, String extra) {
        return "{\"version\": 1, \"name\": \"p\", \"title\": \"T\", \"lab\": \"gmm-simplex\", \"description\": \"d\", "
                + "\"params\": {" + params + "}" + extra + "}";
    }

    static String gmmPreset(String data) {
        return "{\"version\": 1, \"name\": \"p\", \"title\": \"T\", \"lab\": \"gmm\", \"description\": \"d\", "
                + "\"params\": {\"data\": \"" + data + "\", \"k\": \"2\"}}";
    }

    static Setup presetFile(String name, String json) {
        return d -> new String[] {"run", "--preset", write(d, name, json).toString(), "--iterations", "1", "--out",
            d.resolve("out.csv").toString()};
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static {
        // ---- 1. CSV cells: one number syntax, nothing else ------------------------------------------
        String[][] notNumbers = {
            {"hex-float", "0x1p-3"}, {"java-double-suffix", "1d"}, {"java-float-suffix", "2f"}, {"java-long-suffix", "1L"},
            {"hex-integer", "0x10"}, {"binary-literal", "0b101"}, {"digit-grouping-underscore", "1_000"},
            {"arabic-indic-digits", "١٢٣"}, {"fullwidth-digits", "１２"}, {"plus-minus", "+-1"}, {"double-minus", "--1"},
            {"exponent-without-digits", "1e"}, {"exponent-only", "e5"}, {"lone-point", "."}, {"lone-minus", "-"},
            {"lone-plus", "+"}, {"two-points", "1.2.3"}, {"fractional-exponent", "1e1.5"}, {"infinity-sign", "∞"},
            {"currency", "$5"}, {"percent", "5%"}, {"fraction", "1/2"}, {"boolean-word", "TRUE"}, {"inner-space", "1 2"},
            {"octal-escape-text", "\\0"}, {"hex-prefix-only", "0x"}, {"unit-suffix", "3kg"}, {"leading-word", "abc1"},
        };
        for (String[] c : notNumbers) {
            add("csv-cell/" + c[0], 2, "bad.csv line 4, column 1 (\"a\"): \"" + c[1] + "\" is not a number",
                    badCell(c[1]));
        }
        String[][] notFinite = {{"overflow", "1e400"}, {"negative-overflow", "-1e400"}, {"infinity", "Infinity"},
            {"minus-inf", "-inf"}, {"inf", "Inf"}};
        for (String[] c : notFinite) {
            add("csv-cell/" + c[0], 2, "\"" + c[1] + "\" is not a finite number", badCell(c[1]));
        }
        String[][] missing = {{"nan", "NaN"}, {"nan-lower", "nan"}, {"na", "NA"}, {"n-slash-a", "N/A"}, {"null", "null"}};
        for (String[] c : missing) {
            add("csv-cell/" + c[0], 2, "\"" + c[1] + "\" is a missing value", badCell(c[1]));
        }
        add("csv-cell/empty", 2, "line 4, column 1 (\"a\") is empty", badCell(""));
        add("csv-cell/nul-byte", 2, "\"1\\02\" is not a number", badCell("1\u00002"));
        add("csv-cell/bell", 2, "\"\\u0007\" is not a number", badCell("\u0007"));
        add("csv-cell/escape-sequence", 2, "\"\\u001B[31mred\" is not a number", badCell("\u001b[31mred"));
        add("csv-cell/bidi-override", 2, "\"\\u202E12\" is not a number", badCell("\u202E12"));
        add("csv-cell/zero-width-space", 2, "\"1\\u200B\" is not a number", badCell("1\u200B"));
        add("csv-cell/quoted-line-break", 2, "\"1\\n2\" is not a number", badCell("\"1\n2\""));
        add("csv-cell/million-digits", 2, "\"" + "1".repeat(40) + "…\" is not a finite number",
                badCell("1".repeat(1_000_000)));
        add("csv-cell/hundred-thousand-letters", 2, "\"" + "x".repeat(40) + "…\" is not a number",
                badCell("x".repeat(100_000)));
        add("csv-cell/carriage-return-in-quotes", 2, "\"1\\r2\" is not a number", badCell("\"1\r2\""));

        // ---- 2. CSV structure, encodings and what the file is ----------------------------------------
        add("csv/empty-file", 2, "e.csv is empty: no rows of numbers", d -> run(write(d, "e.csv", "")));
        add("csv/bom-only", 2, "b.csv is empty", d -> run(write(d, "b.csv", "\uFEFF")));
        add("csv/comments-only", 2, "c.csv is empty", d -> run(write(d, "c.csv", "# a\n# b\n")));
        add("csv/blank-lines-only", 2, "w.csv is empty", d -> run(write(d, "w.csv", "\n\n  \n")));
        add("csv/header-only", 2, "h.csv has a header but no rows of numbers", d -> run(write(d, "h.csv", "a,b\n")));
        add("csv/single-row", 2, "has only one row of numbers", d -> run(write(d, "s.csv", "a,b\n1,2\n")));
        add("csv/ragged-long", 2, "line 3 has 3 fields, but line 1 has 2", d -> run(write(d, "r.csv", "a,b\n1,2\n3,4,5\n")));
        add("csv/ragged-short", 2, "line 3 has 1 field, but line 1 has 2", d -> run(write(d, "r.csv", "a,b\n1,2\n3\n")));
        add("csv/unclosed-quote", 2, "a quoted field is never closed", d -> run(write(d, "q.csv", "a,b\n1,2\n\"3,4\n")));
        add("csv/latin1-bytes", 2, "l.csv is not UTF-8 text", d -> run(bytes(d, "l.csv",
                "größe,b\n1,2\n3,4\n".getBytes(StandardCharsets.ISO_8859_1))));
        add("csv/utf16-with-bom", 2, "is not UTF-8 text", d -> run(bytes(d, "u.csv",
                "\uFEFFa,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_16LE))));
        add("csv/png-file", 2, "p.csv is not UTF-8 text", d -> run(bytes(d, "p.csv",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', (byte) 0xff})));
        add("csv/gzip-file", 2, "g.csv is not UTF-8 text", d -> run(bytes(d, "g.csv",
                new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xcb, (byte) 0xff})));
        add("csv/nul-bytes-in-file", 2, "is not a number", d -> run(bytes(d, "n.csv",
                "a,b\n1,2\n\0\0\0,4\n5,6\n".getBytes(StandardCharsets.UTF_8))));
        add("csv/header-with-nul", 2, "line 1, column 1: the column name \"a\\0b\" contains control characters",
                d -> run(write(d, "hn.csv", "a\u0000b,c\n1,2\n3,4\n")));
        add("csv/header-with-escape", 2, "the column name \"\\u001B[2Jx\" contains control characters",
                d -> run(write(d, "he.csv", "\u001b[2Jx,c\n1,2\n3,4\n")));
        add("csv/header-with-bell", 2, "column 2: the column name \"c\\u0007\" contains control characters",
                d -> run(write(d, "hb.csv", "a,c\u0007\n1,2\n3,4\n")));
        add("csv/header-with-bidi-override", 2, "contains control characters",
                d -> run(write(d, "hr.csv", "\u202Egnp.exe,c\n1,2\n3,4\n")));
        add("csv/duplicate-after-line-break", 2, "the column name \"a b\" appears twice",
                d -> run(write(d, "dl.csv", "a b,\"a\nb\"\n1,2\n3,4\n")));
        add("csv/duplicate-names", 2, "the column name \"a\" appears twice (columns 1 and 2)",
                d -> run(write(d, "dn.csv", "a,a\n1,2\n3,4\n")));
        add("csv/huge-header-name", 2, "line 4, column 2 (\"" + "h".repeat(40) + "…\"): \"x\" is not a number",
                d -> run(write(d, "hh.csv", "a," + "h".repeat(50_000) + "\n1,2\n3,4\n5,x\n")));
        add("csv/is-a-folder", 2, "is a folder, not a file", d -> run(Files.createDirectory(d.resolve("folder.csv"))));
        add("csv/is-a-fifo", 2, "is a named pipe, not a regular file", d -> run(fifo(d, "pipe.csv")));
        add("csv/link-to-dev-zero", 2, "is a character device (through a symbolic link), not a regular file",
                d -> run(link(d, "zero.csv", Path.of("/dev/zero"))));
        add("csv/dev-null", 2, "the data file /dev/null is a character device, not a regular file",
                cli("run", "gmm", "--data", "/dev/null", "--out", "@DIR/out.csv"));
        add("csv/dev-zero", 2, "the data file /dev/zero is a character device",
                cli("run", "gmm", "--data", "/dev/zero", "--out", "@DIR/out.csv"));
        add("csv/link-to-fifo", 2, "is a named pipe (through a symbolic link)", d -> run(link(d, "lf.csv", fifo(d, "p"))));
        add("csv/dangling-link", 2, "is a symbolic link to a file that does not exist",
                d -> run(link(d, "dangling.csv", d.resolve("nowhere.csv"))));
        add("csv/no-such-file", 2, "no such file: ", d -> run(d.resolve("missing.csv")));
        add("csv/path-with-nul", 2, "data must not contain control characters (got \"a\\0b.csv\")", d -> new String[] {"run", "gmm", "--data", "a\u0000b.csv",
            "--out", d.resolve("out.csv").toString()});
        add("csv/very-long-path", 2, "no such file: ", d -> new String[] {"run", "gmm", "--data",
            d.resolve("x".repeat(5000) + ".csv").toString(), "--out", d.resolve("out.csv").toString()});
        add("csv/constant-column", 2, "is constant (every row is 5.0)",
                d -> run(write(d, "k.csv", "a,b\n1,5\n2,5\n3,5\n4,5\n")));
        add("csv/stdin-twice", 2, "--data - and --preset - both ask for standard input",
                cli("run", "gmm", "--preset", "-", "--data", "-", "--out", "@DIR/out.csv"));

        // ---- 3. --set values --------------------------------------------------------------------------
        String[][] badReals = {{"1d"}, {"0x1p-3"}, {"2f"}, {"1_0"}, {"١"}, {"+-1"}, {"0b1"}, {"1e"}, {"e1"}, {"1,5"},
            {"one"}, {"1.0.0"}, {"0x10"}};
        for (String[] c : badReals) {
            add("set-real/" + c[0], 2, "sigma must be a number in (0, 100], in decimal or scientific notation such as 0.25, "
                    + "-3 or 1e-3 (got \"" + c[0] + "\")", set("mlr-overspec", "sigma=" + c[0]));
        }
        String[][] notFiniteReals = {{"NaN"}, {"Infinity"}, {"-Infinity"}, {"1e999"}, {"inf"}};
        for (String[] c : notFiniteReals) {
            add("set-real/" + c[0], 2, "sigma must be ", set("mlr-overspec", "sigma=" + c[0]));
        }
        add("set-real/zero-open-end", 2, "sigma must be > 0 and <= 100 (got 0)", set("mlr-overspec", "sigma=0"));
        add("set-real/empty", 2, "sigma is empty", set("mlr-overspec", "sigma="));
        add("set-real/nul", 2, "(got \"1\\00\")", set("mlr-overspec", "sigma=1\u00000"));
        add("set-real/million-digits", 2, "sigma must be a finite number in (0, 100] (got \"" + "9".repeat(40) + "…\")",
                set("mlr-overspec", "sigma=" + "9".repeat(1_000_000)));
        add("set-int/fraction", 2, "k must be an integer in [2, 16] (got \"2.5\")", set("gmm-simplex", "k=2.5"));
        add("set-int/hex", 2, "k must be an integer in [2, 16] (got \"0x3\")", set("gmm-simplex", "k=0x3"));
        add("set-int/huge", 2, "k must be an integer in [2, 16]", set("gmm-simplex", "k=1e20"));
        add("set-int/suffix", 2, "k must be an integer in [2, 16] (got \"3L\")", set("gmm-simplex", "k=3L"));
        add("set-int/nan", 2, "k must be an integer in [2, 16] (got \"NaN\")", set("gmm-simplex", "k=NaN"));
        add("set-long/negative-seed", 2, "seed must be a whole number in [0, 9223372036854775807] (got -1)",
                set("gmm-simplex", "seed=-1"));
        add("set-long/scientific-seed", 2, "seed must be a whole number in [0, 9223372036854775807] (got \"1e5\")",
                set("gmm-simplex", "seed=1e5"));
        add("set-long/overflow-seed", 2, "seed must be a whole number", set("gmm-simplex", "seed=99999999999999999999"));
        add("set-long/arabic-digits", 2, "seed must be a whole number", set("gmm-simplex", "seed=١٢"));
        add("set-vector/nan-entry", 2, "weights must be a comma-separated list of numbers", set("gmm-simplex",
                "weights=0.5,NaN,0.5"));
        add("set-vector/hex-entry", 2, "(got \"0x1p-1\")", set("gmm-simplex", "weights=0x1p-1,0.3,0.2"));
        add("set-vector/suffix-entry", 2, "(got \"0.5d\")", set("gmm-simplex", "weights=0.5d,0.3,0.2"));
        add("set-bool/maybe", 2, "population must be true or false (got \"maybe\")", set("gmm-simplex", "population=maybe"));
        add("set-choice/escape", 2, "init must be one of simplex, random, lloyd, given (got \"\\u001B[31m\")",
                set("gmm-simplex", "init=\u001b[31m"));
        add("set-text/control-characters", 2, "columns must not contain control characters (got \"a\\u0007b\")",
                set("gmm", "columns=a\u0007b"));
        add("set-text/data-fifo", 2, "is a named pipe", d -> new String[] {"run", "gmm", "--set", "data="
            + fifo(d, "f.csv"), "--iterations", "1", "--out", d.resolve("out.csv").toString()});
        add("set-unknown/escaped-name", 2, "unknown parameter \"x\\u001B[0m\"", set("gmm-simplex", "x\u001b[0m=1"));
        add("set-unknown/long-name", 2, "unknown parameter \"" + "n".repeat(40) + "…\"", set("gmm-simplex",
                "n".repeat(10_000) + "=1"));
        add("set/no-equals", 2, "--set expects NAME=VALUE (got \"sigma\")", set("mlr-overspec", "sigma"));
        add("set/empty-name", 2, "--set expects NAME=VALUE (got \"=1\")", set("mlr-overspec", "=1"));

        // ---- 4. CLI options: the same number syntax --------------------------------------------------
        add("option/iterations-nan", 2, "Invalid value for option '--iterations': \"NaN\" is not a whole number",
                cli("run", "gmm-simplex", "--iterations", "NaN", "--out", "@DIR/out.csv"));
        add("option/iterations-hex", 2, "\"0x10\" is not a whole number",
                cli("run", "gmm-simplex", "--iterations", "0x10", "--out", "@DIR/out.csv"));
        add("option/iterations-fraction", 2, "\"1.5\" is not a whole number",
                cli("run", "gmm-simplex", "--iterations", "1.5", "--out", "@DIR/out.csv"));
        add("option/iterations-negative", 2, "--iterations must be in [0, 100000000] (got -1)",
                cli("run", "gmm-simplex", "--iterations", "-1", "--out", "@DIR/out.csv"));
        add("option/iterations-too-many", 2, "--iterations must be in [0, 100000000] (got 1000000000)",
                cli("run", "gmm-simplex", "--iterations", "1e9", "--out", "@DIR/out.csv"));
        add("option/iterations-too-large-for-int", 2, "is too large",
                cli("run", "gmm-simplex", "--iterations", "99999999999", "--out", "@DIR/out.csv"));
        add("option/seed-fraction", 2, "\"1.5\" is not a whole number",
                cli("run", "gmm-simplex", "--seed", "1.5", "--out", "@DIR/out.csv"));
        add("option/eps-nan", 2, "Invalid value for option '--eps': \"NaN\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "iterations_to_eps", "--eps", "NaN",
                    "--out", "@DIR/s.csv"));
        add("option/eps-infinity", 2, "\"Infinity\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "iterations_to_eps", "--eps", "Infinity",
                    "--out", "@DIR/s.csv"));
        add("option/eps-hex", 2, "\"0x1p-3\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "iterations_to_eps", "--eps", "0x1p-3",
                    "--out", "@DIR/s.csv"));
        add("option/eps-suffix", 2, "\"1d\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "iterations_to_eps", "--eps", "1d",
                    "--out", "@DIR/s.csv"));
        add("option/eps-missing", 2, "iterations_to_eps needs --eps, a positive number (got none)",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "iterations_to_eps", "--out", "@DIR/s.csv"));
        add("option/vary-hex", 2, "\"0x10\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=0x10:200", "--stat", "final_kl", "--out", "@DIR/s.csv"));
        add("option/vary-nan", 2, "\"NaN\" is not a finite number",
                cli("sweep", "gmm-simplex", "--vary", "n=NaN:200", "--stat", "final_kl", "--out", "@DIR/s.csv"));
        add("option/stat-escape", 2, "stat must be one of final_error, iterations_to_eps, final_kl, stuck, final_loglik, iterations_to_final, "
                + "iterations_to_floor, final:COLUMN, each optionally with a column prefix such as iid_ (got "
                + "\"\\u001B[1m\")", cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "\u001b[1m", "--out",
                    "@DIR/s.csv"));
        add("option/threads-hex", 2, "\"0x2\" is not a whole number",
                cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--stat", "final_kl", "--threads", "0x2", "--out",
                    "@DIR/s.csv"));
        add("option/theme-dark", 2, "theme must be one of light, projector (got \"dark\")",
                cli("render", "gmm-simplex", "--iterations", "1", "--theme", "dark", "--out", "@DIR/f.svg"));
        add("option/theme-capitalised", 2, "theme must be one of light, projector (got \"Light\")",
                cli("render", "gmm-simplex", "--iterations", "1", "--theme", "Light", "--out", "@DIR/f.svg"));
        add("option/scale-nan", 2, "\"NaN\" is not a finite number",
                cli("render", "gmm-simplex", "--iterations", "1", "--scale", "NaN", "--out", "@DIR/f.png"));
        add("option/unknown-lab-escape", 2, "unknown lab \"\\u001B]0;pwned\\u0007\"",
                cli("run", "\u001b]0;pwned\u0007", "--out", "@DIR/out.csv"));
        add("option/unknown-lab-long", 2, "unknown lab \"" + "z".repeat(40) + "…\"",
                cli("run", "z".repeat(100_000), "--out", "@DIR/out.csv"));
        add("option/bench-n-nan", 2, "\"NaN\" is not a finite number", cli("bench", "--n", "NaN"));
        add("option/unknown-preset", 2, "unknown preset \"nope\"", cli("run", "--preset", "nope", "--out", "@DIR/o.csv"));
        add("option/sweep-preset-traversal", 2, "no such file: ../../emlab-no-such-preset",
                cli("sweep", "--preset", "../../emlab-no-such-preset", "--out", "@DIR/s.csv"));

        // ---- 5. presets -------------------------------------------------------------------------------
        add("preset/nan-value", 2, "params: weights must be a comma-separated list of numbers", presetFile("p.json",
                preset("\"weights\": \"NaN,0.5,0.5\"", "")));
        add("preset/sigma-suffix", 2, "(got \"1d\")", presetFile("p.json",
                "{\"version\": 1, \"name\": \"p\", \"title\": \"T\", \"lab\": \"mlr-overspec\", \"description\": \"d\", "
                        + "\"params\": {\"sigma\": \"1d\"}}"));
        add("preset/hex-value", 2, "(got \"0x3\")", presetFile("p.json", preset("\"k\": \"0x3\"", "")));
        add("preset/nan-token", 2, "unexpected word \"NaN\" (text needs double quotes; NaN and Infinity are not JSON "
                + "numbers)", presetFile("p.json", preset("", ", \"iterations\": NaN")));
        add("preset/comment", 2, "comments (/* */ or //) are not allowed in JSON", presetFile("p.json", "// hi\n{}"));
        add("preset/trailing-text", 2, "there is more text after the end of the JSON object",
                presetFile("p.json", preset("", "") + " {}"));
        add("preset/deep-nesting", 2, "the text is nested more than 1000 levels deep", presetFile("p.json",
                "[".repeat(1500) + "]".repeat(1500)));
        add("preset/duplicate-field", 2, "the field \"title\" appears twice", presetFile("p.json",
                "{\"version\": 1, \"title\": \"a\", \"title\": \"b\"}"));
        add("preset/unclosed", 2, "the text ends before the JSON is complete", presetFile("p.json", "{\"version\": 1,"));
        add("preset/single-quotes", 2, "where a field name in double quotes should start", presetFile("p.json",
                "{'version': 1}"));
        add("preset/control-character-in-string", 2, "a control character inside a string", presetFile("p.json",
                "{\"version\": 1, \"name\": \"a\u0001b\"}"));
        add("preset/escaped-field-name", 2, "unknown field \"x\\u001B[0m\"", presetFile("p.json",
                preset("", ", \"x\\u001b[0m\": 1")));
        add("preset/long-string-value", 2, "(got string \"" + "t".repeat(40) + "…\")", presetFile("p.json",
                "{\"version\": 1, \"name\": \"p\", \"title\": \"T\", \"lab\": \"gmm-simplex\", \"description\": \"d\", "
                        + "\"params\": {}, \"iterations\": \"" + "t".repeat(5000) + "\"}"));
        add("preset/too-large", 2, "the file is 2 MB; a preset is at most 1 MB", presetFile("big.json",
                preset("\"k\": \"" + "3".repeat(2 << 20) + "\"", "")));
        add("preset/data-escapes-folder", 2, "a preset may only name a data file inside its own folder (got "
                + "\"../../../../etc/hostname\"", presetFile("p.json", gmmPreset("../../../../etc/hostname")));
        add("preset/data-absolute", 2, "a preset names its data file by a path inside its own folder, relative to it "
                + "(got the absolute path \"/etc/hostname\")", presetFile("p.json", gmmPreset("/etc/hostname")));
        add("preset/data-link-out-of-folder", 2, "a preset may only name a data file inside its own folder", d -> {
            link(d, "passwd.csv", Path.of("/etc/passwd"));
            return new String[] {"run", "--preset", write(d, "p.json", gmmPreset("passwd.csv")).toString(), "--out",
                d.resolve("out.csv").toString()};
        });
        add("preset/data-stdin", 2, "a preset cannot read its data from standard input", presetFile("p.json", gmmPreset("-")));
        add("preset/data-fifo-in-folder", 2, "is a named pipe", d -> {
            fifo(d, "f.csv");
            return new String[] {"run", "--preset", write(d, "p.json", gmmPreset("f.csv")).toString(), "--out",
                d.resolve("out.csv").toString()};
        });
        add("preset/is-a-fifo", 2, "fifo.json is a named pipe, not a regular file", d -> new String[] {"run",
            "--preset", fifo(d, "fifo.json").toString(), "--out", d.resolve("out.csv").toString()});
        add("preset/link-to-dev-zero", 2, "zero.json is a character device (through a symbolic link)",
                d -> new String[] {"run", "--preset", link(d, "zero.json", Path.of("/dev/zero")).toString(), "--out",
                    d.resolve("out.csv").toString()});
        add("preset/is-a-folder", 2, "dir.json is a folder, not a file", d -> new String[] {"run", "--preset",
            Files.createDirectory(d.resolve("dir.json")).toString(), "--out", d.resolve("out.csv").toString()});
        add("preset/missing-file", 2, "no such file: ", cli("run", "--preset", "@DIR/none.json", "--out",
                "@DIR/out.csv"));
        add("preset/not-utf8", 2, "the file is not UTF-8 text", d -> new String[] {"run", "--preset",
            bytes(d, "l.json", "{\"name\": \"größe\"}".getBytes(StandardCharsets.ISO_8859_1)).toString(), "--out",
            d.resolve("out.csv").toString()});
        add("preset/iterations-gigabytes", 2, "would be about 2.9 GB (10000001 rows of 14 numbers), more than the limit "
                + "of 1 GB; ask for fewer iterations or samples, or give --large-output to write it anyway", d -> new String[]
                {"run", "--preset", write(d, "p.json", preset("\"k\": \"3\"", ", \"iterations\": 10000000")).toString(),
                    "--out", d.resolve("out.csv").toString()});
        add("preset/lab-with-escape", 2, "unknown lab \"\\u001B[31m\"", presetFile("p.json",
                "{\"version\": 1, \"name\": \"p\", \"title\": \"T\", \"lab\": \"\\u001b[31m\", \"description\": \"d\", "
                        + "\"params\": {}}"));

        // ---- 6. outputs -------------------------------------------------------------------------------
        add("out/root", 2, "cannot write /: it is a folder; give a file name", cli("run", "gmm-simplex", "--iterations",
                "1", "--out", "/"));
        add("out/folder", 2, "it is a folder; give a file name", cli("run", "gmm-simplex", "--iterations", "1", "--out",
                "@DIR"));
        add("out/missing-folder", 2, "the folder ", cli("run", "gmm-simplex", "--iterations", "1", "--out",
                "@DIR/no/such/folder/t.csv"));
        add("out/is-the-data", 2, "--out ", d -> {
            Path data = write(d, "my.csv", "a,b\n1,2\n3,4\n5,6\n7,9\n");
            return new String[] {"run", "gmm", "--data", data.toString(), "--set", "k=2", "--out", data.toString()};
        });
        add("out/data-out-is-the-data", 2, "is the --data input; writing it would destroy that input", d -> {
            Path data = write(d, "my.csv", "a,b\n1,2\n3,4\n5,6\n7,9\n");
            return new String[] {"run", "gmm", "--data", data.toString(), "--set", "k=2", "--out", d.resolve("t.csv")
                .toString(), "--data-out", data.toString()};
        });
        add("out/link-to-the-data", 2, "is the --data input", d -> {
            Path data = write(d, "my.csv", "a,b\n1,2\n3,4\n5,6\n7,9\n");
            return new String[] {"run", "gmm", "--data", data.toString(), "--set", "k=2", "--out",
                link(d, "alias.csv", data).toString()};
        });
        add("out/hard-link-to-the-data", 2, "is the --data input", d -> {
            Path data = write(d, "my.csv", "a,b\n1,2\n3,4\n5,6\n7,9\n");
            return new String[] {"run", "gmm", "--data", data.toString(), "--set", "k=2", "--out",
                Files.createLink(d.resolve("hard.csv"), data).toString()};
        });
        add("out/out-equals-data-out", 2, "--out and --data-out both name ", cli("run", "gmm-simplex", "--iterations",
                "1", "--out", "@DIR/f.csv", "--data-out", "@DIR/./f.csv"));
        add("out/is-the-preset", 2, "is the --preset file", d -> {
            Path p = write(d, "p.json", preset("", ""));
            return new String[] {"run", "--preset", p.toString(), "--out", p.toString()};
        });
        add("out/sweep-plot-equals-out", 2, "--out and --plot both name ", cli("sweep", "gmm-simplex", "--vary",
                "n=100:200:2", "--stat", "final_kl", "--out", "@DIR/s.csv", "--plot", "@DIR/s.csv"));
        add("out/dangling-link", 2, "it is a symbolic link to a file that does not exist", d -> new String[] {"run",
            "gmm-simplex", "--iterations", "1", "--out", link(d, "l.csv", d.resolve("nowhere/x.csv")).toString()});
        add("out/socket", 2, "it is a socket; EM Lab writes only regular files, named pipes and character devices",
                d -> {
                    Path s = d.resolve("sock");
                    java.nio.channels.ServerSocketChannel ch = java.nio.channels.ServerSocketChannel.open(
                            java.net.StandardProtocolFamily.UNIX);
                    ch.bind(java.net.UnixDomainSocketAddress.of(s));
                    ch.close(); // the socket file stays
                    return new String[] {"run", "gmm-simplex", "--iterations", "1", "--out", s.toString()};
                });
        add("out/missing-device", 2, "there is no such device", cli("run", "gmm-simplex", "--iterations", "1", "--out",
                "/dev/emlab-no-such-device"));
    }

    static Stream<Arguments> corpus() {
        return CASES.stream().map(c -> Arguments.of(c));
    }

    private record Cli(int code, String out, String err) {
    }

    /** Runs the CLI in-process with System.out and System.err captured: nothing may be printed there. */
    private static Cli invoke(String[] args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
            code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing is printed around the CLI's own streams");
        return new Cli(code, out.toString(), err.toString());
    }

    /** Every regular file under {@code d} with its content, and the kind of everything else. */
    static Map<String, String> snapshot(Path d) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String key = d.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "link → " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] b = Files.readAllBytes(p);
                    m.put(key, b.length + " bytes, hash " + java.util.Arrays.hashCode(b));
                } else {
                    m.put(key, FileKind.of(p, false).name());
                }
            }
        }
        return m;
    }

    /** The one line the user sees: checked for its form whatever the case. */
    static void assertOneSafeLine(String err) {
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + err);
        String line = lines.get(0);
        assertTrue(line.startsWith("emlab: "), line);
        assertTrue(line.length() <= Failures.MAX_LINE + 200, "a readable length: " + line.length() + " characters");
        assertFalse(line.contains("Exception") || line.contains("\tat ") || line.matches(".*\\bjava\\.[a-z]+\\..*")
                || line.contains("jackson") || line.contains("Jackson") || line.contains("com.fasterxml"),
                "no stack trace, no Java class, no parser internals: " + line);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202A' && c <= '\u202E'),
                    "no raw control character (at " + i + "): " + line);
        }
    }

    @Test
    void theCorpusHoldsAtLeast150HostileInputsAndEachNameOnce() {
        assertTrue(CASES.size() + SESSIONS.size() >= MIN_CORPUS, "corpus of " + (CASES.size() + SESSIONS.size()));
        assertEquals(CASES.size(), CASES.stream().map(Case::name).distinct().count(), "names are unique");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileInputIsRefusedInOneLineAndNothingIsWritten(Case c) throws IOException {
        String[] args = c.setup().args(dir);
        Map<String, String> before = snapshot(dir);
        Cli r = invoke(args);
        assertEquals(c.exit(), r.code(), c.name() + ": " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
        assertOneSafeLine(r.err());
        assertTrue(r.err().contains(c.expected()), "expected \"" + c.expected() + "\" in: " + r.err());
        assertEquals(before, snapshot(dir), "no file was written, changed or replaced");
    }

    // ---- sessions: the window's File → Open session ---------------------------------------------------

    /** A session for lab gmm-simplex (or {@code lab}) with {@code params} and {@code extra} top-level fields. */
    static String session(String lab, String params, String extra) {
        return "{\"format\": \"emlab-session\", \"version\": 1, \"app\": \"0.1.0\", \"lab\": \"" + lab + "\", "
                + "\"params\": {" + params + "}, \"iteration\": 3, \"view\": {\"options\": {}, \"logAxes\": {}, "
                + "\"theme\": \"light\", \"lecture\": false}" + extra + "}";
    }

    /** Session cases: a file built in the folder, and the words of the refusal. */
    record SessionCase(String name, String expected, Setup file) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<SessionCase> SESSIONS = new ArrayList<>();

    private static void session(String name, String expected, Setup file) {
        SESSIONS.add(new SessionCase(name, expected, file));
    }

    private static Setup sessionFile(String json) {
        return d -> new String[] {write(d, "s.emlab.json", json).toString()};
    }

    static {
        session("session/is-a-fifo", "fifo.emlab.json is a named pipe, not a regular file",
                d -> new String[] {fifo(d, "fifo.emlab.json").toString()});
        session("session/link-to-dev-zero", "is a character device (through a symbolic link)",
                d -> new String[] {link(d, "z.emlab.json", Path.of("/dev/zero")).toString()});
        session("session/is-a-folder", "is a folder, not a file",
                d -> new String[] {Files.createDirectory(d.resolve("d.emlab.json")).toString()});
        session("session/data-escapes-folder", "a session may only name a data file inside its own folder (got "
                + "\"../../../../etc/hostname\"", sessionFile(session("gmm", "\"data\": \"../../../../etc/hostname\"", "")));
        session("session/data-stdin", "a session cannot read its data from standard input",
                sessionFile(session("gmm", "\"data\": \"-\"", "")));
        session("session/data-fifo", "is a named pipe", d -> {
            fifo(d, "f.csv");
            return new String[] {write(d, "s.emlab.json", session("gmm", "\"data\": \"f.csv\"", "")).toString()};
        });
        session("session/data-dev-zero", "is a character device", sessionFile(session("gmm", "\"data\": \"/dev/zero\"",
                "")));
        session("session/sigma-suffix", "params: sigma must be a number in (0, 100]",
                sessionFile(session("mlr-overspec", "\"sigma\": \"1d\"", "")));
        session("session/weights-hex", "(got \"0x1p-1\")",
                sessionFile(session("gmm-simplex", "\"weights\": \"0x1p-1,0.3,0.2\"", "")));
        session("session/theme-dark", "field \"view.theme\" must be \"light\" or \"projector\" (got \"dark\")",
                sessionFile(session("gmm-simplex", "", "").replace("\"light\"", "\"dark\"")));
        session("session/escape-in-lab", "unknown lab \"\\u001B[2J\"", sessionFile(session("\\u001b[2J", "", "")));
        session("session/nan-token", "unexpected word \"NaN\"", sessionFile(session("gmm-simplex", "", "")
                .replace("\"iteration\": 3", "\"iteration\": NaN")));
        session("session/too-large", "a session is at most 1 MB", sessionFile(session("gmm-simplex",
                "\"k\": \"" + "3".repeat(3 << 20) + "\"", "")));
        session("session/control-field-name", "unknown field \"\\u0007\"", sessionFile(session("gmm-simplex", "",
                ", \"\\u0007\": 1")));
        session("session/seed-scientific", "params: seed must be a whole number", sessionFile(session("gmm-simplex",
                "\"seed\": \"1e3\"", "")));
    }

    static Stream<Arguments> sessions() {
        return SESSIONS.stream().map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    void eachHostileSessionIsRefusedInOneLine(SessionCase c) throws IOException {
        Path file = Path.of(c.file().args(dir)[0]);
        try {
            Sessions.read(file);
            fail("accepted: " + c.name());
        } catch (ValidationException e) {
            assertOneSafeLine("emlab: " + e.getMessage());
            assertTrue(e.getMessage().contains(c.expected()), "expected \"" + c.expected() + "\" in: " + e.getMessage());
        }
    }

    // ---- accepted on purpose (the other side of the rules) --------------------------------------------

    @Test
    void aPresetWithAByteOrderMarkIsReadAsCsvFilesAre() throws IOException {
        Path p = write(dir, "bom.json", "\uFEFF" + preset("\"k\": \"3\"", ""));
        Cli r = invoke(new String[] {"run", "--preset", p.toString(), "--iterations", "1", "--out", dir.resolve("o.csv")
            .toString()});
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("o.csv")));
    }

    @Test
    void aPresetNamesItsDataRelativeToItsOwnFolderWhereverItIsRunFrom() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("presets"));
        write(folder, "data.csv", "a,b\n1,2\n1.5,2.5\n8,9\n8.5,9.5\n1.2,2.1\n8.1,9.2\n");
        Path p = write(folder, "p.json", gmmPreset("data.csv"));
        Cli r = invoke(new String[] {"run", "--preset", p.toString(), "--iterations", "2", "--out", dir.resolve("o.csv")
            .toString()});
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(dir.resolve("o.csv")).startsWith("iter,"));
    }

    @Test
    void aSessionNamesItsDataByTheAbsolutePathTheWindowSavedOrInsideItsFolder() throws IOException {
        Path data = write(dir, "d.csv", "a,b\n1,2\n1.5,2.5\n8,9\n8.5,9.5\n1.2,2.1\n8.1,9.2\n");
        Path abs = write(dir, "abs.emlab.json", session("gmm", "\"data\": \"" + data + "\", \"k\": \"2\"", ""));
        assertEquals(data.toString(), Sessions.read(abs).params().get("data"));
        Path rel = write(dir, "rel.emlab.json", session("gmm", "\"data\": \"d.csv\", \"k\": \"2\"", ""));
        assertEquals(data.toAbsolutePath().normalize().toString(), Sessions.read(rel).params().get("data"));
    }

    @Test
    void numbersInEveryAcceptedFormReadTheSameInSetPresetsAndCsv() throws IOException {
        for (String v : List.of("0.5", "+0.5", ".5", "5e-1", "5E-1", "0.50", "50e-2")) {
            Cli r = invoke(new String[] {"run", "mlr-overspec", "--set", "sigma=" + v, "--set", "n=20", "--iterations", "1",
                "--out", dir.resolve("o.csv").toString()});
            assertEquals(0, r.code(), v + ": " + r.err());
            Path csv = write(dir, "n.csv", "a,b\n" + v + ",1\n2,3\n");
            assertEquals(0.5, org.emlab.core.data.CsvReader.read(csv).value(0, 0), 0.0, v);
        }
    }
}
