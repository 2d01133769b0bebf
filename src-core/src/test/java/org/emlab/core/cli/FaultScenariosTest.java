package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.emlab.core.io.ConfigDir;
import org.emlab.core.io.FileKind;
import org.emlab.core.param.ValidationException;
import org.emlab.core.session.Autosave;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults while EM Lab runs, each through the real entry point: the CLI in-process
 * ({@link EmlabCli#execute}) or, where a real process is needed (a file size limit, {@code kill -9},
 * a pipe on standard input or output, running out of memory, the environment), {@code java} started
 * with the test class path. Each checks the exit code, the one line, and what is left on disk: the
 * old content of a target intact, no temporary file, a pipe or a device still what it was.
 */
class FaultScenariosTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    /** The CLI in-process; nothing may be printed around its own streams. */
    private static Result cli(String... args) {
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
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing printed around the CLI's streams");
        return new Result(code, out.toString(), err.toString());
    }

    /** Exactly one line on stderr, with {@code expected}, no trace, no Java class. */
    private static void assertOneLine(Result r, String expected) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.err());
        assertTrue(lines.get(0).startsWith("emlab: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "expected \"" + expected + "\" in: " + lines.get(0));
        assertFalse(lines.get(0).contains("Exception") || lines.get(0).contains("\tat "), lines.get(0));
    }

    private List<String> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        pr.getInputStream().readAllBytes();
        assertEquals(0, pr.waitFor(), "mkfifo");
        return p;
    }

    // ---- a process of its own ----------------------------------------------------------------------

    private record Proc(int code, String out, String err) {
    }

    private static List<String> java(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(jvm);
        cmd.add(EmlabCli.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code cmd} to its end with {@code stdin} (null: none) and the environment changed by {@code env}. */
    private static Proc spawn(List<String> cmd, Map<String, String> env, byte[] stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        for (Map.Entry<String, String> kv : env.entrySet()) {
            if (kv.getValue() == null) {
                e.remove(kv.getKey());
            } else {
                e.put(kv.getKey(), kv.getValue());
            }
        }
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the process stopped reading (a refused input): expected
            }
        });
        feeder.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        errReader.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process ends");
        errReader.join();
        feeder.join();
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Proc spawnCli(byte[] stdin, String... args) throws Exception {
        return spawn(java(List.of("-Demlab.config.dir=" + dir.resolve("config")), args), Map.of(), stdin);
    }

    private static void assertOneLine(Proc p, String expected) {
        assertOneLine(new Result(p.code(), p.out(), p.err()), expected);
    }

    // ---- 1-5: a full disk (/dev/full): one line naming the target, never a trace ---------------------

    @Test
    void aTrajectoryToAFullDiskSaysSoInOneLine() {
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", "/dev/full");
        assertEquals(1, r.code());
        assertOneLine(r, "cannot write /dev/full: the disk is full (no space left on the device)");
        assertEquals(FileKind.CHAR_DEVICE, FileKind.of(Path.of("/dev/full"), false));
    }

    @Test
    void aSampleToAFullDiskSaysSoAfterTheTrajectoryWasWritten() {
        Path t = dir.resolve("t.csv");
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", t.toString(), "--data-out", "/dev/full");
        assertEquals(1, r.code());
        assertOneLine(r, "cannot write /dev/full: the disk is full");
        assertTrue(Files.isRegularFile(t), "the trajectory, written first, is complete");
    }

    @Test
    void aSweepCsvToAFullDiskSaysSo() {
        Result r = cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--trials", "1", "--iterations", "2", "--stat",
                "final_kl", "--threads", "1", "--out", "/dev/full");
        assertEquals(1, r.code(), r.err());
        assertOneLine(r, "cannot write /dev/full: the disk is full");
    }

    @Test
    void aPngPlotToAFullDiskSaysSoWithoutATrace() {
        Result r = cli("sweep", "gmm-simplex", "--vary", "n=100:200:2", "--trials", "1", "--iterations", "2", "--stat",
                "final_kl", "--threads", "1", "--out", dir.resolve("s.csv").toString(), "--plot", "/dev/full");
        assertEquals(1, r.code(), r.err());
        assertOneLine(r, "cannot write /dev/full: the disk is full");
    }

    @Test
    void aRenderedPngToAFullDiskSaysSoWithoutATrace() {
        Result r = cli("render", "gmm-simplex", "--iterations", "1", "--format", "png", "--size", "960x540", "--out",
                "/dev/full");
        assertEquals(1, r.code(), r.err());
        assertOneLine(r, "cannot write /dev/full: the disk is full");
    }

    // ---- 6: a file size limit (a disk that fills up part-way) -------------------------------------------

    @Test
    void aWriteStoppedByAFileSizeLimitKeepsTheOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path t = dir.resolve("t.csv");
        Files.writeString(t, "the old trajectory\n");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 16; exec \"$@\"", "bash"));
        cmd.addAll(java(List.of("-XX:-UsePerfData", "-Demlab.config.dir=" + dir.resolve("config")), "run", "gmm-simplex", "--iterations", "400",
                "--out", t.toString()));
        Proc p = spawn(cmd, Map.of(), null);
        assertEquals(1, p.code(), p.err());
        assertOneLine(p, "cannot write " + t + ": the file is too large");
        assertEquals("the old trajectory\n", Files.readString(t));
        assertEquals(List.of(), temporaryFiles(dir));
    }

    // ---- 7-9: kill -9 mid-write, and the temporary files the next write removes -----------------------

    @Test
    void aTemporaryFileLeftByKillMinus9IsRemovedByTheNextWriteBesideIt() throws Exception {
        Path t = dir.resolve("t.csv");
        Files.writeString(t, "old\n");
        Process p = new ProcessBuilder(java(List.of("-Demlab.config.dir=" + dir.resolve("config")), "run",
                "gmm-simplex", "--population", "--iterations", "2000000", "--out", t.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Optional<Path> tmp = Optional.empty();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(dir)) {
                tmp = s.filter(x -> x.getFileName().toString().startsWith(".t.csv." + p.pid() + ".")).findFirst();
            }
            if (tmp.isPresent() && Files.size(tmp.get()) > 0) {
                break;
            }
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        p.waitFor();
        assertTrue(tmp.isPresent() && Files.exists(tmp.get()), "kill -9 leaves the temporary file .t.csv.<pid>.<n>.tmp");
        assertEquals("old\n", Files.readString(t), "the target keeps its old content");
        Result r = cli("run", "gmm-simplex", "--iterations", "1", "--out", t.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), temporaryFiles(dir), "the next write beside it removed it (its process is gone)");
    }

    @Test
    void aTemporaryFileOfALiveProcessAndOneOfAnotherTargetAreLeftAlone() throws IOException {
        Path t = dir.resolve("t.csv");
        // pid 1 is alive and was started long before this file was written: it may be writing it
        Path live = Files.writeString(dir.resolve(".t.csv.1.7.tmp"), "x");
        Path other = Files.writeString(dir.resolve(".other.csv.999999999.1.tmp"), "x");
        Result r = cli("run", "gmm-simplex", "--iterations", "1", "--out", t.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(live) && Files.exists(other));
    }

    @Test
    void aTemporaryFileOfTheOlderRandomNamingIsRemovedWhenNoSuchProcessLives() throws IOException {
        Path t = dir.resolve("t.csv");
        Path old = Files.writeString(dir.resolve(".t.csv.8412304461337620417.tmp"), "301 MB, once");
        assertEquals(0, cli("run", "gmm-simplex", "--iterations", "1", "--out", t.toString()).code());
        assertFalse(Files.exists(old));
    }

    // ---- 10-12: numbers that leave the range of double precision -----------------------------------------

    /** mlr data whose response is about 1e300: its log-likelihood is −∞ from the first row (issue 17, item 1). */
    private Path hugeResponse() throws IOException {
        StringBuilder b = new StringBuilder("x,y\n");
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            double x = rng.nextGaussian();
            b.append(x).append(',').append(1e300 * (x + rng.nextGaussian())).append('\n');
        }
        return Files.writeString(dir.resolve("huge.csv"), b.toString());
    }

    @Test
    void aTrajectoryThatLeavesDoublePrecisionIsNeverWrittenAndTheOldFileStays() throws IOException {
        Path t = Files.writeString(dir.resolve("t.csv"), "old\n");
        Result r = cli("run", "mlr", "--data", hugeResponse().toString(), "--iterations", "5", "--out", t.toString());
        // refused before the run: a variance of 1e600 cannot be represented (the finite-rows guard is the last line)
        assertEquals(2, r.code(), r.err());
        assertOneLine(r, "the response's variance is beyond double precision");
        assertEquals("old\n", Files.readString(t));
        assertEquals(List.of(), temporaryFiles(dir));
    }

    @Test
    void aFigureOfSuchARunIsRefusedTheSameWay() throws IOException {
        Result r = cli("render", "mlr", "--data", hugeResponse().toString(), "--iterations", "2", "--out",
                dir.resolve("f.svg").toString());
        assertEquals(2, r.code(), r.err());
        assertOneLine(r, "the response's variance is beyond double precision");
        assertFalse(Files.exists(dir.resolve("f.svg")));
    }

    @Test
    void sigmaAtTheBottomOfItsRangeRunsFiniteInBothMlrLabs() throws IOException {
        for (String lab : List.of("mlr-overspec", "mlr-clustered")) {
            Path t = dir.resolve(lab + ".csv");
            Result r = cli("run", lab, "--set", "sigma=1e-300", "--iterations", "3", "--out", t.toString(), "--data-out",
                    dir.resolve(lab + "-data.csv").toString());
            assertEquals(0, r.code(), lab + ": " + r.err());
            for (String line : Files.readAllLines(t).subList(1, 5)) {
                for (String cell : line.split(",")) {
                    assertTrue(Double.isFinite(Double.parseDouble(cell)), lab + ": " + line);
                }
            }
        }
    }

    // ---- 13-14: running out of memory; where the log goes (XDG_CONFIG_HOME, HOME) ----------------------

    @Test
    void runningOutOfMemoryIsOneLineAndTheDetailsGoToALogUnderXdgConfigHome() throws Exception {
        Path xdg = dir.resolve("xdg");
        Proc p = spawn(java(List.of("-Xmx48m"), "bench", "--bandwidth", "--lab", "gmm-simplex", "--n", "10", "--d", "2",
                "--k", "2", "--iterations", "1"), Map.of("XDG_CONFIG_HOME", xdg.toString(), "HOME", dir.resolve("home")
                .toString()), null);
        assertEquals(1, p.code(), p.err());
        assertOneLine(p, "EM Lab ran out of memory (at most ");
        assertTrue(p.err().contains("details in " + xdg.resolve("emlab").resolve("logs")), p.err());
        try (Stream<Path> logs = Files.list(xdg.resolve("emlab").resolve("logs"))) {
            Path log = logs.findFirst().orElseThrow();
            assertTrue(Files.readString(log).contains("OutOfMemoryError"), "the log holds the details");
        }
    }

    @Test
    void withoutXdgConfigHomeTheConfigurationFolderIsUnderHomeNotJavasUserHome() throws Exception {
        Path home = dir.resolve("home");
        Proc p = spawn(java(List.of("-Xmx48m", "-Duser.home=" + dir.resolve("elsewhere")), "bench", "--bandwidth",
                "--lab", "gmm-simplex", "--n", "10", "--d", "2", "--k", "2", "--iterations", "1"),
                mapOf("XDG_CONFIG_HOME", null, "HOME", home.toString()), null);
        assertEquals(1, p.code());
        assertTrue(p.err().contains("details in " + home.resolve(".config/emlab/logs")), p.err());
        assertFalse(Files.exists(dir.resolve("elsewhere")));
    }

    private static Map<String, String> mapOf(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new HashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void theConfigurationFolderRuleFollowsXdgThenHome() {
        Map<String, String> env = new HashMap<>();
        assertEquals(Path.of("/u/.config/emlab"), ConfigDir.resolve(null, env::get, "/u"));
        env.put("HOME", "/home/a");
        assertEquals(Path.of("/home/a/.config/emlab"), ConfigDir.resolve(null, env::get, "/u"));
        env.put("XDG_CONFIG_HOME", "relative/ignored");
        assertEquals(Path.of("/home/a/.config/emlab"), ConfigDir.resolve(null, env::get, "/u"));
        env.put("XDG_CONFIG_HOME", "/xdg");
        assertEquals(Path.of("/xdg/emlab"), ConfigDir.resolve(null, env::get, "/u"));
        assertEquals(Path.of("/t"), ConfigDir.resolve("/t", env::get, "/u"));
    }

    // ---- 15-18: outputs that are not regular files keep being what they are ------------------------------

    @Test
    void aNamedPipeAsOutputIsWrittenThroughAndStaysAPipe() throws Exception {
        Path f = fifo("out.fifo");
        Path got = dir.resolve("got.csv");
        Process reader = new ProcessBuilder("cat", f.toString()).redirectOutput(got.toFile()).start();
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli("run", "gmm-simplex", "--iterations", "3",
                "--out", f.toString()));
        assertTrue(reader.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, r.code(), r.err());
        assertEquals(FileKind.FIFO, FileKind.of(f, false), "still a named pipe");
        List<String> lines = Files.readAllLines(got);
        assertTrue(lines.get(0).startsWith("iter,") && lines.size() == 5, lines.toString());
        assertEquals(List.of(), temporaryFiles(dir));
    }

    @Test
    void devNullAsOutputStaysTheDevice() {
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", "/dev/null", "--data-out", "/dev/null");
        assertEquals(0, r.code(), r.err());
        assertEquals(FileKind.CHAR_DEVICE, FileKind.of(Path.of("/dev/null"), false));
    }

    @Test
    void aLinkShapedLikeDevStdoutStaysALinkAndItsDeviceStaysADevice() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("stdout"), Path.of("/dev/null"));
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(link));
        assertEquals(FileKind.CHAR_DEVICE, FileKind.of(Path.of("/dev/null"), false));
    }

    @Test
    void aLinkToARegularFileStaysALinkAndTheFileItNamesIsReplacedWhole() throws IOException {
        Path real = Files.writeString(dir.resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertTrue(Files.readString(real).startsWith("iter,"), "the file it names has the new content");
        assertEquals(List.of(), temporaryFiles(dir));
    }

    // ---- 19-20: named pipes where the window keeps its own files ----------------------------------------

    @Test
    void aNamedPipeInPlaceOfTheAutosaveNeverBlocksTheWindowsStart() throws Exception {
        Path config = Files.createDirectory(dir.resolve("cfg"));
        Path autosave = config.resolve(Autosave.SESSION_FILE);
        new ProcessBuilder("mkfifo", autosave.toString()).start().waitFor();
        Files.writeString(config.resolve(Autosave.MARKER_FILE), "999999999\n"); // a crashed run
        Autosave a = new Autosave(config);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertEquals(Optional.empty(), a.start()));
        assertFalse(a.save(org.emlab.core.session.Session.of(org.emlab.core.labs.LabRegistry.get("gmm-simplex"),
                org.emlab.core.labs.LabRegistry.get("gmm-simplex").defaults(), 1,
                org.emlab.core.session.Session.View.plain())), "nothing is written into the pipe");
        assertTrue(a.lastError().contains("is a named pipe, not a regular file"), a.lastError());
        assertEquals(FileKind.FIFO, FileKind.of(autosave, false));
    }

    @Test
    void aNamedPipeInPlaceOfTheCrashMarkerNeverBlocksEither() throws Exception {
        Path config = Files.createDirectory(dir.resolve("cfg"));
        new ProcessBuilder("mkfifo", config.resolve(Autosave.MARKER_FILE).toString()).start().waitFor();
        Autosave a = new Autosave(config);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> a.start());
        assertNotNull(a.lastError());
        assertTrue(a.lastError().contains("named pipe"), a.lastError());
    }

    // ---- 21-25: pipes on standard input and output ----------------------------------------------------

    @Test
    void aClosedPipeOnStandardOutputEndsTheRunWithOneLine() throws Exception {
        Process p = new ProcessBuilder(java(List.of("-Demlab.config.dir=" + dir.resolve("config")), "run", "gmm-simplex",
                "--population", "--iterations", "2000000", "--out", "/dev/stdout")).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // ended
            }
        });
        errReader.start();
        InputStream out = p.getInputStream();
        byte[] head = out.readNBytes(100);
        assertTrue(new String(head, StandardCharsets.UTF_8).startsWith("iter,"));
        out.close(); // like `| head -c 100`
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        errReader.join();
        assertEquals(1, p.exitValue());
        assertOneLine(new Result(1, "", err.toString(StandardCharsets.UTF_8)),
                "cannot write /dev/stdout: the reading end of the pipe was closed");
    }

    @Test
    void dataFromStandardInputIsReadWhenAskedForWithADash() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("../assets/data/faithful.csv"));
        Proc p = spawnCli(csv, "run", "gmm", "--data", "-", "--set", "k=2", "--iterations", "3", "--out",
                dir.resolve("t.csv").toString());
        assertEquals(0, p.code(), p.err());
        assertEquals("", p.err());
        assertEquals(5, Files.readAllLines(dir.resolve("t.csv")).size());
    }

    @Test
    void devStdinAsAPipeIsRefusedWithTheWayToReadIt() throws Exception {
        Proc p = spawnCli("a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8), "run", "gmm", "--data", "/dev/stdin",
                "--out", dir.resolve("t.csv").toString());
        assertEquals(2, p.code(), p.err());
        assertOneLine(p, "the data file /dev/stdin is a named pipe (through a symbolic link), not a regular file; EM Lab "
                + "reads only regular files (to read a pipe, give - and redirect it to standard input)");
    }

    @Test
    void aPresetOnStandardInputHasTheSizeGuardOfAFile() throws Exception {
        byte[] big = ("{\"version\": 1, \"name\": \"" + "x".repeat(3 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        Proc p = spawnCli(big, "run", "--preset", "-", "--out", dir.resolve("t.csv").toString());
        assertEquals(2, p.code(), p.err());
        assertOneLine(p, "a preset is at most 1 MB");
        assertFalse(Files.exists(dir.resolve("t.csv")));
    }

    @Test
    void aNamedPipeAsPresetIsRefusedAtOnceNotWaitedOn() throws Exception {
        Path f = fifo("p.json");
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli("run", "--preset", f.toString(), "--out",
                dir.resolve("t.csv").toString()));
        assertEquals(2, r.code());
        assertOneLine(r, "p.json is a named pipe, not a regular file");
    }

    // ---- 26-28: PNGs without temporary files; the size guard; internal errors -----------------------------

    @Test
    void pngsAreEncodedInMemoryEvenWhenTheSystemTempFolderIsUnusable() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("systmp"));
        Proc p = spawn(java(List.of("-Djava.io.tmpdir=" + tmp, "-Demlab.config.dir=" + dir.resolve("config")), "sweep",
                "gmm-simplex", "--vary", "n=100:200:2", "--trials", "1", "--iterations", "2", "--stat", "final_kl",
                "--threads", "1", "--out", dir.resolve("s.csv").toString(), "--plot", dir.resolve("s.png").toString()),
                Map.of(), null);
        assertEquals(0, p.code(), p.err());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "no imageio*.tmp in the system temp folder");
        }
        assertTrue(Files.size(dir.resolve("s.png")) > 0);
    }

    @Test
    void anOutputEstimatedPastTheWarningSizeIsAnnouncedAndPastTheLimitRefused() {
        StringWriter w = new StringWriter();
        Path t = dir.resolve("t.csv");
        OutputSize.check("--out", t, 200L << 20, "9 rows", false, new PrintWriter(w, true));
        assertEquals("emlab: warning: --out " + t + " will be about 200 MB (9 rows)\n", w.toString());
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> OutputSize.check("--out", t, 3L << 30, "9 rows", false, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("would be about 3.0 GB (9 rows), more than the limit of 1 GB")
                && e.getMessage().contains("--large-output"), e.getMessage());
        StringWriter allowed = new StringWriter();
        OutputSize.check("--out", t, 3L << 30, "9 rows", true, new PrintWriter(allowed, true));
        assertTrue(allowed.toString().startsWith("emlab: warning: "), "allowed with --large-output, still announced");
        StringWriter quiet = new StringWriter();
        OutputSize.check("--out", Path.of("/dev/null"), 3L << 30, "9 rows", false, new PrintWriter(quiet, true));
        assertEquals("", quiet.toString(), "a device takes any size");
    }

    @Test
    void anInternalErrorIsOneLineWithItsDetailsInALog() throws IOException {
        StringWriter w = new StringWriter();
        int code = EmlabCli.handle(new NullPointerException("Cannot invoke \"String.length()\""), new String[] {"run", "x"},
                new PrintWriter(w, true));
        assertEquals(1, code);
        String line = w.toString().strip();
        assertTrue(line.startsWith("emlab: an internal error; details in " + ConfigDir.get().resolve("logs")), line);
        assertFalse(line.contains("NullPointer") || line.contains("String.length"), "no Java text for the user: " + line);
        Path log = Path.of(line.substring(line.indexOf("details in ") + "details in ".length()));
        String details = Files.readString(log);
        assertTrue(details.contains("NullPointerException") && details.contains("./emlab run x"), details);
    }
}
