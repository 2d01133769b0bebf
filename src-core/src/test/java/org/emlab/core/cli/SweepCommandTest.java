package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepRange;
import org.emlab.core.sweep.SweepRunner;
import org.emlab.core.sweep.SweepSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./emlab sweep}: the CSV contract, the summary, determinism across threads, one-line errors. */
class SweepCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void writesOneRowPerTrialUnderTheDocumentedHeaderAndPrintsTheSlopes() throws Exception {
        Path csv = dir.resolve("s.csv");
        Path png = dir.resolve("s.png");
        Result r = cli("sweep", "gmm-simplex", "--vary", "n=300:4800:log:3", "--trials", "3", "--iterations", "40",
                "--stat", "final_kl", "--seed", "11", "--threads", "2", "--out", csv.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("n,trial,seed,final_kl", lines.get(0));
        assertEquals(1 + 3 * 3, lines.size());
        assertTrue(lines.get(1).startsWith("300,0,11,"), lines.get(1));
        assertTrue(lines.get(9).startsWith("4800,2,"), lines.get(9));
        // each row is exactly what the runner computes for that (point, trial)
        GmmSimplexLab lab = new GmmSimplexLab();
        SweepSpec spec = new SweepSpec(lab, lab.defaults().with("seed", "11"), SweepRange.parse("n=300:4800:log:3"), 3, 40,
                Statistic.FINAL_KL, Double.NaN);
        String[] cells = lines.get(5).split(",");
        assertEquals("1200", cells[0]);
        assertEquals(spec.seed(1), Long.parseLong(cells[2]));
        assertEquals(SweepRunner.measure(spec, spec.params(1, 1), () -> false), Double.parseDouble(cells[3]), 0.0);
        assertTrue(r.out().contains("fitted slope: -"), r.out());
        assertTrue(r.out().contains("theory slope: -1"), r.out());
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }

    @Test
    void theCsvIsTheSameWhateverTheThreadCount() throws Exception {
        Path one = dir.resolve("one.csv");
        Path many = dir.resolve("many.csv");
        String[] common = {"sweep", "gmm-simplex", "--vary", "radius=0.5:3:4", "--trials", "2", "--iterations", "12",
            "--stat", "final_error", "--set", "n=400"};
        assertEquals(0, cli(concat(common, "--threads", "1", "--out", one.toString())).code());
        assertEquals(0, cli(concat(common, "--threads", "4", "--out", many.toString())).code());
        assertEquals(Files.readString(one), Files.readString(many));
        assertEquals("radius,trial,seed,final_error", Files.readAllLines(one).get(0));
    }

    @Test
    void aShippedPresetRunsWithOverrides() throws Exception {
        Path csv = dir.resolve("p.csv");
        Result r = cli("sweep", "gmm-simplex", "--preset", "gmm-simplex-sweep-kl-vs-n", "--vary", "n=200:800:log:2",
                "--trials", "2", "--iterations", "10", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("n,trial,seed,final_kl", Files.readAllLines(csv).get(0));
        assertEquals(5, Files.readAllLines(csv).size());
    }

    @Test
    void iterationsToEpsNotReachedIsWrittenAsInf() throws Exception {
        Path csv = dir.resolve("e.csv");
        Result r = cli("sweep", "gmm-simplex", "--population", "--vary", "radius=1:2:2", "--trials", "1", "--iterations",
                "3", "--stat", "iterations_to_eps", "--eps", "1e-9", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readAllLines(csv).get(1).endsWith(",inf"), Files.readAllLines(csv).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--trials 2 --stat final_kl;--vary NAME=FROM:TO[:log][:POINTS] is required (or --preset NAME, or --spec FILE)",
        "--vary n=100:400 --trials 2;--stat is required",
        "--vary n100:400 --stat final_kl;--vary expects",
        "--vary n=100:400 --stat median;stat must be one of",
        "--vary n=100:400 --stat iterations_to_eps;iterations_to_eps needs --eps",
        "--vary init=1:2 --stat final_kl;only numeric parameters",
        "--vary n=2:400:log:3 --stat final_kl;n must be an integer in [10,",
        "--vary k=3:5:3 --stat final_kl;at k = 4: d must be at least",
        "--vary n=100:400 --stat final_kl --threads 0;--threads must be in",
        "--vary n=100:400 --stat final_kl --trials 0;trials must be in",
        "--vary nope=1:2 --stat final_kl;unknown parameter",
        "--vary n=100:400 --stat final_kl --preset nothing-like-it;unknown preset \"nothing-like-it\""})
    void invalidInputExitsWithCodeTwoAndOneLine(String args, String message) {
        String[] a = args.split(" ");
        String[] full = concat(concat(new String[] {"sweep", "gmm-simplex"}, a), "--out", dir.resolve("x.csv").toString());
        Result r = cli(full);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
