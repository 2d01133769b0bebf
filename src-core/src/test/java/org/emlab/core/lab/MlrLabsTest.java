package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.emlab.core.cli.EmlabCli;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.emlab.core.labs.LabRegistry;

/**
 * The contract of the three mixed-linear-regression labs: catalogue names, validation messages, same
 * seed same run, finite rows and figures in sample and population mode, half-steps, the CLI, the
 * node column of the clustered data CSV, and the shipped presets.
 */
class MlrLabsTest {
    /** Small, fast settings per lab (and population mode where the lab has it). */
    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("mlr-overspec", Map.of("n", "800")),
                Arguments.of("mlr-overspec", Map.of("population", "true", "pi0", "0.7")),
                Arguments.of("mlr-overspec", Map.of("d", "1", "n", "500", "snr", "0.5", "p_star", "0.7")),
                Arguments.of("mlr-overspec", Map.of("population", "true", "snr", "0.3", "init_dir", "diagonal")),
                Arguments.of("mlr-clustered", Map.of("m", "64", "n", "8", "d", "3")),
                Arguments.of("mlr-clustered", Map.of("m", "400", "n", "1", "d", "2")),
                Arguments.of("mlr-clustered", Map.of("population", "true", "n", "12")),
                Arguments.of("mlr-recursive", Map.of("batch", "50")),
                Arguments.of("mlr-recursive", Map.of("d", "1", "beta_star", "1.5", "regressors", "iid")),
                Arguments.of("mlr-recursive", Map.of("d", "3", "beta_star", "1,0,-1", "regressors", "bounded", "p", "0.3")));
    }

    private static ParamValues params(Lab lab, Map<String, String> set) {
        ParamValues p = lab.defaults().withAll(set);
        lab.validate(p);
        return p;
    }

    /** Runs {@code steps} iterations recording a history; returns the history. */
    private static History run(LabRun r, int steps) {
        StepEngine e = r.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        h.record(e.iteration(), row.clone(), e.state());
        for (int t = 0; t < steps && !e.finished(); t++) {
            e.step();
            e.row(row);
            h.record(e.iteration(), row.clone(), e.state());
        }
        return h;
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void runsGiveFiniteRowsAndCompleteFigures(String id, Map<String, String> set) {
        Lab lab = LabRegistry.get(id);
        LabRun r = lab.start(params(lab, set), null);
        History h = run(r, 12);
        for (int i = 0; i < h.size(); i++) {
            for (double v : h.row(i)) {
                assertTrue(Double.isFinite(v), id + " row " + i + " has " + v);
            }
        }
        Figure f = r.figure(h, h.size() - 1, Map.of());
        assertEquals(1, f.panels(Panel.Kind.GEOMETRY).size(), "one geometry panel");
        assertTrue(f.panels(Panel.Kind.CURVE).size() >= 3);
        for (Panel p : f.panels()) {
            assertFalse(p.layers().isEmpty(), p.id() + " is empty");
            for (Layer l : p.layers()) {
                if (l instanceof Layer.Line ln) {
                    assertEquals(ln.x().length, ln.y().length, p.id() + "/" + ln.name());
                }
            }
        }
        // scrubbing back: the figure of an earlier entry builds too
        r.engine().restore(h.state(1), h.iteration(1));
        assertNotNull(r.figure(h, 1, Map.of()));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void sameSeedSameRun(String id, Map<String, String> set) {
        Lab lab = LabRegistry.get(id);
        ParamValues p = params(lab, set);
        History a = run(lab.start(p, null), 6);
        History b = run(lab.start(p, null), 6);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.row(i), b.row(i), 0.0);
        }
    }

    @Test
    void anotherSeedGivesAnotherSample() {
        for (String id : List.of("mlr-overspec", "mlr-clustered", "mlr-recursive")) {
            Lab lab = LabRegistry.get(id);
            Map<String, String> small = id.equals("mlr-clustered") ? Map.of("m", "64", "n", "4") : Map.of();
            History a = run(lab.start(params(lab, small), null), 3);
            Map<String, String> other = new java.util.HashMap<>(small);
            other.put("seed", "99");
            History b = run(lab.start(params(lab, other), null), 3);
            assertFalse(java.util.Arrays.equals(a.row(a.size() - 1), b.row(b.size() - 1)), id);
        }
    }

    @Test
    void columnsFollowTheCatalogue() {
        assertEquals(List.of("error", "loglik", "kl", "b", "tau", "beta_1", "beta_2", "beta_3", "beta_4", "beta_5", "pi_1"),
                LabRegistry.get("mlr-overspec").start(LabRegistry.get("mlr-overspec").defaults().with("population", "true"),
                        null).engine().columns());
        List<String> c = LabRegistry.get("mlr-clustered").start(params(LabRegistry.get("mlr-clustered"),
                Map.of("m", "16", "n", "4", "d", "2")), null).engine().columns();
        assertEquals(List.of("error", "loglik", "iid_error", "iid_loglik", "accuracy", "iid_accuracy", "oracle_accuracy",
                "beta_1", "beta_2", "iid_beta_1", "iid_beta_2"), c);
        List<String> r = LabRegistry.get("mlr-recursive").start(LabRegistry.get("mlr-recursive").defaults(), null)
                .engine().columns();
        assertEquals(List.of("error", "accuracy", "oracle_accuracy", "q", "theta_error", "q_error", "lambda_min", "q_bound",
                "theta_1", "theta_2", "beta_1", "beta_2"), r);
        List<String> ids = LabRegistry.all().stream().map(Lab::id).toList();
        assertTrue(ids.indexOf("mlr-overspec") < ids.indexOf("mlr-clustered")
                && ids.indexOf("mlr-clustered") < ids.indexOf("gmm-simplex")
                && ids.indexOf("gmm-simplex") < ids.indexOf("mlr-recursive"), "catalogue order: " + ids);
    }

    private static String message(String id, Map<String, String> set) {
        Lab lab = LabRegistry.get(id);
        ValidationException e = assertThrows(ValidationException.class, () -> params(lab, set));
        return e.getMessage();
    }

    @Test
    void badInputNamesTheFieldAndTheRule() {
        assertTrue(message("mlr-overspec", Map.of("d", "10", "n", "5")).contains("n must be at least d + 1 = 11 (got 5)"));
        assertTrue(message("mlr-overspec", Map.of("d", "1", "init_dir", "diagonal")).contains("init_dir"));
        assertTrue(message("mlr-overspec", Map.of("pi0", "1")).contains("pi0"));
        assertTrue(message("mlr-clustered", Map.of("m", "2", "n", "2", "d", "10")).contains("m·n must be at least d + 1"));
        assertTrue(message("mlr-recursive", Map.of("d", "3")).contains("beta_star has 2 entries; d = 3 needs 3"));
        assertTrue(message("mlr-recursive", Map.of("p", "0.5")).contains("p must differ from ½"));
        assertTrue(message("mlr-recursive", Map.of("delta", "0.6")).contains("delta"));
    }

    @Test
    void halfStepsComposeToFullStepsInTheClusteredLab() {
        Lab lab = LabRegistry.get("mlr-clustered");
        ParamValues p = params(lab, Map.of("m", "128", "n", "4", "d", "3"));
        StepEngine full = lab.start(p, null).engine();
        StepEngine half = lab.start(p, null).engine();
        assertTrue(half.hasHalfSteps());
        for (int t = 0; t < 3; t++) {
            full.step();
            half.halfStep();
            assertEquals(StepEngine.Phase.AFTER_E, half.phase());
            half.halfStep();
        }
        assertArrayEquals(full.state(), half.state(), 0.0);
    }

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        return EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void cliWritesTrajectoryAndOneBasedNodes(@TempDir Path dir) throws IOException {
        Path traj = dir.resolve("t.csv");
        Path data = dir.resolve("d.csv");
        assertEquals(0, cli("run", "mlr-clustered", "--set", "m=5", "--set", "n=3", "--set", "d=2", "--iterations", "4",
                "--out", traj.toString(), "--data-out", data.toString()));
        List<String> t = Files.readAllLines(traj);
        assertEquals(6, t.size());
        assertTrue(t.get(1).startsWith("0,"));
        List<String> dl = Files.readAllLines(data);
        assertEquals("x_1,x_2,y,node", dl.get(0));
        assertEquals(16, dl.size());
        assertTrue(dl.get(1).endsWith(",1"), "first node is 1: " + dl.get(1));
        assertTrue(dl.get(15).endsWith(",5"), "last node is m = 5: " + dl.get(15));
        // one row per sample for mlr-recursive (batch 1), iter = samples consumed
        assertEquals(0, cli("run", "mlr-recursive", "--iterations", "1000", "--out", traj.toString()));
        List<String> r = Files.readAllLines(traj);
        assertEquals(1002, r.size());
        assertTrue(r.get(1001).startsWith("1000,"));
        assertEquals(2, cli("run", "mlr-recursive", "--set", "p=0.5", "--out", traj.toString()));
        assertEquals(0, cli("run", "mlr-overspec", "--population", "--iterations", "3", "--out", traj.toString()));
    }

    /** Every shipped preset of these labs names its lab, sets only known parameters, and validates. */
    @Test
    void presetsAreValid() throws IOException {
        Path dir = Path.of("..", "assets", "presets");
        ObjectMapper json = new ObjectMapper();
        List<String> seen = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().startsWith("mlr-") && Files.isRegularFile(x)
                    && !x.getFileName().toString().endsWith("-lecture.json"))
                    .toList()) {
                JsonNode n = json.readTree(f.toFile());
                assertEquals(1, n.get("version").asInt());
                assertEquals(f.getFileName().toString(), n.get("name").asText() + ".json");
                Lab lab = LabRegistry.get(n.get("lab").asText());
                ParamValues p = lab.defaults();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.get("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    p = p.with(e.getKey(), e.getValue().asText());
                }
                lab.validate(p);
                if (n.has("compare")) {
                    lab.validate(p.with(n.get("compare").get("param").asText(), n.get("compare").get("value").asText()));
                }
                assertFalse(n.get("description").asText().isBlank());
                seen.add(lab.id());
            }
        }
        assertTrue(seen.containsAll(List.of("mlr-overspec", "mlr-clustered", "mlr-recursive")), seen.toString());
    }
}
