package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emlab.core.em.StepEngine;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of the foundation issue: labs, run, exit codes, one-line errors. */
class CliTest {
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"labs", "run", "render", "animate", "sweep", "presets", "bench"})
    void everySubcommandExplainsItselfWithHelp(String command) {
        // picocli reports a help text it cannot format (a lone '%') on System.err, not on the CLI's writer
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream picocli = new java.io.ByteArrayOutputStream();
        Result r;
        try {
            System.setErr(new java.io.PrintStream(picocli, true, java.nio.charset.StandardCharsets.UTF_8));
            r = cli(command, "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: emlab " + command), r.out());
        assertEquals("", r.err());
        assertEquals("", picocli.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Each run builds only the subcommand it names; without one, every subcommand is listed, in this order. */
    @Test
    void theTopLevelHelpListsEverySubcommandInOrder() {
        List<String> names = List.of("labs", "run", "render", "animate", "sweep", "presets", "bench");
        assertEquals(names, List.copyOf(EmlabCli.subcommandNames()));
        Result r = cli("--help");
        assertEquals(0, r.code(), r.err());
        int last = r.out().indexOf("Commands:");
        assertTrue(last >= 0, r.out());
        for (String name : names) {
            int at = r.out().indexOf("\n  " + name + " ", last);
            assertTrue(at > last, name + " listed after the one before it: " + r.out());
            last = at;
        }
        assertEquals(names.size(), EmlabCli.commandLine(new String[0]).getSubcommands().size());
        assertEquals(List.of("render"), List.copyOf(EmlabCli.commandLine(new String[] {"render", "--help"})
                .getSubcommands().keySet()));
    }

    @Test
    void labsListsEveryLabWithEveryParameterDefaultAndRange() {
        Result r = cli("labs");
        assertEquals(0, r.code());
        for (Lab lab : LabRegistry.all()) {
            assertTrue(r.out().contains(lab.id() + "  " + lab.title()), lab.id());
            for (ParamSpec p : lab.parameters()) {
                assertTrue(r.out().contains(p.name()), lab.id() + " " + p.name());
                assertTrue(r.out().contains(p.range()), lab.id() + " " + p.range());
            }
        }
    }

    @Test
    void runWritesTheDocumentedColumnsFromIterationZeroThatRoundTrip() throws Exception {
        Path traj = dir.resolve("t.csv");
        Path data = dir.resolve("d.csv");
        Result r = cli("run", "gmm-simplex", "--set", "n=300", "--set", "weights=0.5,0.3,0.2", "--seed", "9",
                "--iterations", "4", "--out", traj.toString(), "--data-out", data.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = Files.readAllLines(traj);
        assertEquals("iter,kl,loglik,radius,mean_norm,pi_1,pi_2,pi_3,mu_1_1,mu_1_2,mu_2_1,mu_2_2,mu_3_1,mu_3_2",
                lines.get(0));
        assertEquals(6, lines.size());
        // the same run through the API gives exactly the numbers in the file
        Lab lab = LabRegistry.get("gmm-simplex");
        LabRun run = lab.start(lab.defaults().with("n", "300").with("seed", "9"), null);
        StepEngine e = run.engine();
        double[] row = new double[e.columns().size()];
        for (int t = 0; t <= 4; t++) {
            if (t > 0) {
                e.step();
            }
            e.row(row);
            String[] cells = lines.get(t + 1).split(",");
            assertEquals(Integer.toString(t), cells[0]);
            for (int c = 0; c < row.length; c++) {
                assertEquals(row[c], Double.parseDouble(cells[c + 1]), 0.0, "iter " + t + " " + e.columns().get(c));
            }
        }
        List<String> d = Files.readAllLines(data);
        assertEquals("x_1,x_2", d.get(0));
        assertEquals(301, d.size());
        assertEquals(run.data().x()[0], Double.parseDouble(d.get(1).split(",")[0]), 0.0);
    }

    /** {@code bench --sweep} names a shipped sweep preset; an unknown one is refused in one line before anything runs. */
    @Test
    void benchRefusesAnUnknownSweepPresetInOneLine() {
        Result r = cli("bench", "--sweep", "no-such-sweep");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("lab=") || l.startsWith("sweep=")), r.out());
    }

    @Test
    void benchPrintsOneParsableLinePerSize() {
        Result r = cli("bench", "--lab", "gmm-simplex", "--n", "500,1000", "--d", "2", "--k", "3", "--iterations", "2");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("lab=")).toList();
        assertEquals(2, lines.size(), r.out());
        for (String l : lines) {
            for (String key : List.of("n=", "d=2", "k=3", "median_ms=", "min_ms=", "max_ms=", "threads=", "bandwidth_GBps=",
                    "read_ms=", "step_over_read=")) {
                assertTrue(l.contains(key), l);
            }
            // the read floor of the same data is measured and printed beside the step
            double read = Double.parseDouble(l.replaceAll(".* read_ms=([0-9.]+).*", "$1"));
            assertTrue(read > 0, l);
        }
        assertTrue(lines.get(1).contains("n=1000") && lines.get(1).contains("bytes=16000"), lines.get(1));
    }

    @Test
    void invalidInputExitsTwoWithOneLineNamingTheParameter() {
        Path out = dir.resolve("x.csv");
        for (String[] args : new String[][] {
            {"run", "gmm-simplex", "--set", "k=40", "--out", out.toString()},
            {"run", "gmm-simplex", "--set", "no_such=1", "--out", out.toString()},
            {"run", "gmm-simplex", "--set", "weights=0.5,0.3,0.1", "--out", out.toString()},
            {"run", "gmm-simplex", "--set", "k", "--out", out.toString()},
            {"run", "no-such-lab", "--out", out.toString()},
            {"run", "gmm-simplex", "--iterations", "-3", "--out", out.toString()},
            {"run", "gmm-simplex", "--bogus"},
            {"run", "gmm-simplex", "--population", "--data-out", dir.resolve("d.csv").toString(), "--out", out.toString()},
        }) {
            Result r = cli(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        Result w = cli("run", "gmm-simplex", "--set", "weights=0.5,0.3,0.1", "--out", out.toString());
        assertTrue(w.err().contains("weights must sum to 1 (got 0.9)"), w.err());
        assertFalse(Files.exists(out));
    }
}
