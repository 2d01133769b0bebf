package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.emlab.core.io.StrictJson;
import org.emlab.core.sweep.SweepPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./emlab sweep} driven from files (preset files, spec files, metadata), with several
 * statistics per run, two varied parameters, standard output and the bootstrap interval.
 */
class SweepFilesTest {
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

    static Stream<String> shippedSweeps() {
        return SweepPresets.all().stream().map(p -> p.labId() + "/" + p.name());
    }

    @ParameterizedTest
    @MethodSource("shippedSweeps")
    void aByteForByteCopyOfEveryShippedSweepPresetRunsFromItsFile(String file) throws Exception {
        Path copy = dir.resolve("copy.json");
        try (InputStream in = getClass().getResourceAsStream("/org/emlab/presets/" + file + ".json")) {
            Files.write(copy, in.readAllBytes());
        }
        Path csv = dir.resolve("s.csv");
        Result r = cli("sweep", "--preset", copy.toString(), "--trials", "1", "--iterations", "2", "--threads", "2", "--out",
                csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        String stat = SweepPresets.load(file.substring(file.indexOf('/') + 1)).stat().id();
        assertTrue(lines.get(0).endsWith(",trial,seed," + stat), lines.get(0));
        assertTrue(lines.size() >= 4, "one row per point");
        assertTrue(r.out().contains("title: " + SweepPresets.load(file.substring(file.indexOf('/') + 1)).title()), r.out());
    }

    @Test
    void aPresetWithoutASweepBlockIsTheBaseOfASweepFromTheCommandLine() throws Exception {
        Path csv = dir.resolve("o1.csv");
        Result r = cli("sweep", "--preset", "mlr-clustered-o1", "--vary", "m=128:512:log:2", "--trials", "2", "--iterations",
                "5", "--stat", "final_error", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fixed: n=16 d=10"), r.out());
        Result none = cli("sweep", "--preset", "mlr-clustered-o1", "--out", csv.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--vary NAME=FROM:TO"), none.err());
    }

    @Test
    void severalStatisticsInOnePassEqualTheSameStatisticsSweptOneByOne() throws Exception {
        Path all = dir.resolve("all.csv");
        String[] common = {"sweep", "mlr-clustered", "--set", "n=8", "--vary", "m=64:256:log:2", "--trials", "2",
            "--iterations", "12", "--threads", "2"};
        Result r = cli(concat(common, "--stat", "final_error,iid_final_error", "--stat", "iterations_to_final",
                "--stat", "iid_iterations_to_final", "--out", all.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(all);
        assertEquals("m,trial,seed,final_error,iid_final_error,iterations_to_final,iid_iterations_to_final", lines.get(0));
        String[] stats = {"final_error", "iid_final_error", "iterations_to_final", "iid_iterations_to_final"};
        for (int s = 0; s < stats.length; s++) {
            Path one = dir.resolve(stats[s] + ".csv");
            assertEquals(0, cli(concat(common, "--stat", stats[s], "--out", one.toString())).code());
            List<String> single = Files.readAllLines(one);
            for (int i = 1; i < lines.size(); i++) {
                String[] a = lines.get(i).split(",");
                String[] b = single.get(i).split(",");
                assertEquals(b[3], a[3 + s], stats[s] + " row " + i);
            }
        }
        // the i.i.d. EM needs more iterations than structured EM (claim 001)
        for (int i = 1; i < lines.size(); i++) {
            String[] a = lines.get(i).split(",");
            assertTrue(Double.parseDouble(a[6]) > Double.parseDouble(a[5]), lines.get(i));
        }
    }

    @Test
    void twoVariedParametersWriteOneTidyRowPerTrialAndASlopePerSeries() throws Exception {
        Path csv = dir.resolve("grid.csv");
        Result r = cli("sweep", "mlr-clustered", "--vary", "m=64:256:log:3", "--vary", "n=4:8:2", "--trials", "2",
                "--iterations", "8", "--stat", "final_error,iid_iterations_to_final", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("m,n,trial,seed,final_error,iid_iterations_to_final", lines.get(0));
        assertEquals(1 + 3 * 2 * 2, lines.size());
        assertTrue(lines.get(1).startsWith("64,4,0,1,"), lines.get(1));
        assertTrue(lines.get(12).startsWith("256,8,1,"), lines.get(12));
        assertEquals(2, r.out().split("n = 4:", -1).length - 1, "a block per statistic and series");
        assertTrue(r.out().contains("n = 8:"), r.out());
    }

    @Test
    void aSpecFileRunsAndTheCommandLineOverridesIt() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, """
                {"version": 1, "title": "my grid", "lab": "gmm-simplex",
                 "params": {"n": 400, "population": false},
                 "vary": "radius=0.5:2:3", "trials": 2, "iterations": 6,
                 "stats": ["final_error", "final_kl", "final:loglik"]}
                """);
        Path csv = dir.resolve("spec.csv");
        Result r = cli("sweep", "--spec", spec.toString(), "--trials", "3", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("radius,trial,seed,final_error,final_kl,final_loglik", lines.get(0));
        assertEquals(1 + 3 * 3, lines.size());
        assertTrue(r.out().contains("title: my grid"), r.out());
        assertTrue(r.out().contains("fixed: d=2 n=400"), r.out());
    }

    @Test
    void aBadSpecFileIsOneLineNamingTheField() throws Exception {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, "{\"version\": 1, \"lab\": \"gmm-simplex\", \"vary\": \"n=100:400\", \"statz\": [\"final_kl\"]}");
        Result r = cli("sweep", "--spec", spec.toString(), "--out", dir.resolve("x.csv").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown field \"statz\""), r.err());
        Files.writeString(spec, "{\"version\": 1, \"lab\": \"gmm-simplex\", \"vary\": \"n=100:400\", \"stats\": \"median\"}");
        Result s = cli("sweep", "--spec", spec.toString(), "--out", dir.resolve("x.csv").toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("stat must be one of"), s.err());
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void theSweepsMetadataRecordsItAndReplaysItByteForByte() throws Exception {
        Path csv = dir.resolve("m.csv");
        Result r = cli("sweep", "gmm-simplex", "--set", "n=300", "--vary", "radius=0.5:2:3", "--trials", "3", "--iterations",
                "5", "--stat", "final_error", "--fit", "0.5:1.5", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        Path meta = dir.resolve("m.meta.json");
        JsonNode m = StrictJson.MAPPER.readTree(meta.toFile());
        assertEquals("emlab-sweep-metadata", m.get("format").asText());
        assertEquals("300", m.get("sweep").get("params").get("n").asText(), "every fixed parameter");
        assertEquals("0.5:1.5", m.get("sweep").get("fit").asText());
        assertEquals(3, m.get("seeds").size());
        assertEquals(2, m.get("results").get(0).get("fit_points").asInt(), "the fit window holds two of the three points");
        assertEquals(2000, m.get("results").get(0).get("resamples").asInt());
        Result check = cli("sweep", "--replay", meta.toString(), "--threads", "1");
        assertEquals(0, check.code(), check.err());
        assertTrue(check.err().contains("byte for byte the recorded CSV"), check.err());
        Path again = dir.resolve("again.csv");
        assertEquals(0, cli("sweep", "--replay", meta.toString(), "--out", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(csv), Files.readAllBytes(again));
    }

    @Test
    void dashWritesTheCsvToStandardOutputAndTheReportToStandardError() {
        Result r = cli("sweep", "gmm-simplex", "--set", "n=200", "--vary", "radius=1:2:2", "--trials", "2", "--iterations",
                "3", "--stat", "final_kl", "--out", "-");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("radius,trial,seed,final_kl", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(r.err().contains("fitted slope"), r.err());
    }

    @Test
    void theSlopeComesWithABootstrapIntervalOverSeedsThatIsReproducible() {
        String[] args = {"sweep", "gmm-simplex", "--vary", "n=300:2400:log:3", "--trials", "6", "--iterations", "30",
            "--stat", "final_kl", "--out", dir.resolve("b.csv").toString()};
        Result a = cli(args);
        Result b = cli(args);
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("95 % bootstrap interval over seeds ["), a.out());
        assertTrue(a.out().contains("2000 resamples of the 6 trials, seeded 1"), a.out());
        assertEquals(a.out(), b.out(), "the resamples are seeded");
    }

    @Test
    void sweepTitlesNameWhatDiffers() throws Exception {
        Result balanced = cli("sweep", "mlr-overspec", "--set", "update_weights=false", "--vary", "n=200:400:2",
                "--trials", "1", "--iterations", "2", "--stat", "final_error", "--out", dir.resolve("b.csv").toString());
        Result unbalanced = cli("sweep", "mlr-overspec", "--set", "update_weights=false", "--set", "pi0=0.8", "--vary",
                "n=200:400:2", "--trials", "1", "--iterations", "2", "--stat", "final_error", "--out",
                dir.resolve("u.csv").toString());
        String tb = balanced.out().lines().filter(l -> l.startsWith("title: ")).findFirst().orElseThrow();
        String tu = unbalanced.out().lines().filter(l -> l.startsWith("title: ")).findFirst().orElseThrow();
        assertNotEquals(tb, tu);
        assertTrue(tu.contains("pi0 = 0.8"), tu);
        Result pb = cli("sweep", "--preset", "mlr-overspec-sweep-floor-balanced", "--vary", "n=200:400:2", "--trials", "1",
                "--iterations", "2", "--out", dir.resolve("pb.csv").toString());
        assertTrue(pb.out().contains("title: Sweep: final error against n, fixed balanced weights"), pb.out());
    }

    @Test
    void progressGoesToStandardErrorWhenAskedForAndNotOtherwise() {
        String[] args = {"sweep", "gmm-simplex", "--set", "n=200", "--vary", "radius=1:2:2", "--trials", "2", "--iterations",
            "2", "--stat", "final_kl", "--out", dir.resolve("p.csv").toString()};
        Result quiet = cli(args);
        assertEquals("", quiet.err());
        Result shown = cli(concat(args, "--progress"));
        assertEquals(0, shown.code());
        assertTrue(shown.err().contains("sweep: 4 of 4 runs, 100 %"), shown.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
