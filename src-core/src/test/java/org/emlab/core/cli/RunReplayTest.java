package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.emlab.core.io.StrictJson;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ./emlab run}: the metadata sidecar, {@code --replay} byte for byte for every lab, {@code --out -}. */
class RunReplayTest {
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

    static Stream<String> labs() {
        return LabRegistry.all().stream().map(Lab::id);
    }

    @ParameterizedTest
    @MethodSource("labs")
    void aRunsMetadataReplaysToAByteIdenticalTrajectoryForEveryLab(String lab) throws Exception {
        Path t = dir.resolve(lab + ".csv");
        Result r = cli("run", lab, "--seed", "3", "--iterations", "4", "--out", t.toString());
        assertEquals(0, r.code(), r.err());
        Path meta = dir.resolve(lab + ".meta.json");
        assertTrue(Files.isRegularFile(meta), "sidecar beside the CSV");
        Path again = dir.resolve(lab + "-again.csv");
        Result p = cli("run", "--replay", meta.toString(), "--out", again.toString());
        assertEquals(0, p.code(), p.err());
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(again), lab);
        Result check = cli("run", "--replay", meta.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(check.err().contains("byte for byte the recorded trajectory"), check.err());
    }

    @Test
    void theSidecarRecordsEveryParameterTheSeedTheHorizonAndWhyTheRunStopped() throws Exception {
        Path t = dir.resolve("run.csv");
        assertEquals(0, cli("run", "gmm-simplex", "--set", "k=4", "--set", "weights=0.4,0.3,0.2,0.1", "--set", "d=3",
                "--population", "--iterations", "7", "--out", t.toString()).code());
        JsonNode m = StrictJson.MAPPER.readTree(dir.resolve("run.meta.json").toFile());
        assertEquals(RunMetadata.FORMAT, m.get("format").asText());
        assertEquals("gmm-simplex", m.get("lab").asText());
        Lab lab = LabRegistry.get("gmm-simplex");
        for (ParamSpec s : lab.parameters()) {
            assertTrue(m.get("params").has(s.name()), "every parameter, defaults included: " + s.name());
        }
        assertEquals("4", m.get("params").get("k").asText());
        assertEquals("1", m.get("seed").asText());
        assertTrue(m.get("population").asBoolean());
        assertEquals(7, m.get("horizon").get("iterations").asInt());
        assertEquals(7, m.get("iterations_done").asInt());
        assertEquals("horizon", m.get("stop_reason").asText());
        assertEquals("run", m.get("command").get(0).asText());
        assertEquals(64, m.get("outputs").get("trajectory").get("sha256").asText().length());
        assertTrue(m.get("emlab").has("commit"));
        assertTrue(m.get("seconds").has("run"));
    }

    @Test
    void aRunThatStopsBeforeItsHorizonSaysWhyAndStillReplaysExactly() throws Exception {
        Path t = dir.resolve("c.csv");
        // population mode with DFT-valid weights reaches the rounding floor well before the lab's horizon
        assertEquals(0, cli("run", "gmm-simplex", "--population", "--out", t.toString()).code());
        RunMetadata m = RunMetadata.read(dir.resolve("c.meta.json"));
        assertTrue(m.stop() == org.emlab.core.lab.Horizon.Stop.CONVERGED || m.stop() == org.emlab.core.lab.Horizon.Stop.ENGINE_FINISHED,
                m.stopDetail());
        assertTrue(m.iterations() < m.horizon().iterations());
        Path again = dir.resolve("c2.csv");
        assertEquals(0, cli("run", "--replay", dir.resolve("c.meta.json").toString(), "--out", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(again));
    }

    @Test
    void userDataIsReadAgainAndMustBeUnchanged() throws Exception {
        Path csv = dir.resolve("pts.csv");
        Files.writeString(csv, "a,b\n1,2\n1.5,2.2\n3,0.5\n3.2,0.4\n0.9,2.1\n2.9,0.7\n");
        Path t = dir.resolve("u.csv");
        Result r = cli("run", "gmm", "--data", csv.toString(), "--set", "k=2", "--iterations", "3", "--out", t.toString());
        assertEquals(0, r.code(), r.err());
        Path meta = dir.resolve("u.meta.json");
        assertEquals(csv.toAbsolutePath().toString(), RunMetadata.read(meta).data().file());
        Path again = dir.resolve("u2.csv");
        assertEquals(0, cli("run", "--replay", meta.toString(), "--out", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(t), Files.readAllBytes(again));
        Files.writeString(csv, "a,b\n1,2\n1.5,2.2\n3,0.5\n3.2,0.4\n0.9,2.1\n2.9,0.8\n");
        Result changed = cli("run", "--replay", meta.toString());
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("is not the one the run read"), changed.err());
    }

    @Test
    void aTamperedRecordIsReportedAsADifferentTrajectory() throws Exception {
        Path t = dir.resolve("x.csv");
        assertEquals(0, cli("run", "mlr-overspec", "--iterations", "3", "--set", "n=500", "--out", t.toString()).code());
        Path meta = dir.resolve("x.meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"seed\" : \"1\"", "\"seed\" : \"2\""));
        Result r = cli("run", "--replay", meta.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("differs from the recorded one"), r.err());
    }

    @Test
    void dashWritesTheTrajectoryToStandardOutputAndNothingElse() throws Exception {
        Result r = cli("run", "gmm-simplex", "--iterations", "5", "--out", "-");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size());
        assertTrue(lines.get(0).startsWith("iter,kl,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("0,"));
        assertFalse(Files.exists(Path.of("-")), "no file called -");
        assertFalse(Files.exists(Path.of("-.meta.json")));
        assertEquals("", r.err());
    }

    @Test
    void withStandardOutputTheSidecarGoesOnlyWhereMetaSays() throws Exception {
        Path meta = dir.resolve("piped.meta.json");
        Result r = cli("run", "gmm-simplex", "--iterations", "2", "--out", "-", "--meta", meta.toString());
        assertEquals(0, r.code(), r.err());
        RunMetadata m = RunMetadata.read(meta);
        assertEquals("-", m.outputs().get("trajectory").file());
        assertEquals(org.emlab.core.io.Digests.hex(org.emlab.core.io.Digests.sha256().digest(
                r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8))), m.outputs().get("trajectory").sha256());
        assertEquals(0, cli("run", "--replay", meta.toString()).code());
    }

    @Test
    void noMetaWritesNoSidecarAndTwoStandardOutputsAreRefused() {
        Path t = dir.resolve("n.csv");
        assertEquals(0, cli("run", "gmm-simplex", "--iterations", "1", "--out", t.toString(), "--no-meta").code());
        assertFalse(Files.exists(dir.resolve("n.meta.json")));
        Result both = cli("run", "gmm-simplex", "--iterations", "1", "--out", "-", "--data-out", "-");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("both ask for standard output"), both.err());
        assertEquals("", both.out());
    }

    @Test
    void replayTakesNoRunOptionsAndRefusesToOverwriteItsOwnRecord() throws Exception {
        Path t = dir.resolve("r.csv");
        assertEquals(0, cli("run", "gmm-simplex", "--iterations", "1", "--out", t.toString()).code());
        Path meta = dir.resolve("r.meta.json");
        Result extra = cli("run", "--replay", meta.toString(), "--seed", "4");
        assertEquals(2, extra.code());
        assertTrue(extra.err().contains("--replay takes the lab"), extra.err());
        Result over = cli("run", "--replay", meta.toString(), "--out", t.toString());
        assertEquals(2, over.code());
        assertTrue(over.err().contains("the --replay metadata"), over.err());
    }
}
