package org.emlab.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.emlab.core.cli.EmlabCli;
import org.emlab.core.lab.Horizon;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: the same numbers as the CLI, columns as arrays, immutable experiments, replays. */
class EmLabApiTest {
    @TempDir
    Path dir;

    private static int cli(String... args) {
        return EmlabCli.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @Test
    void aRunGivesTheColumnsAsArraysAndTheSameBytesAsTheCommandLine() throws Exception {
        Trajectory t = EmLab.lab("gmm-simplex").set("k", 3).set("weights", "0.5,0.3,0.2").seed(4).run(12);
        assertEquals(13, t.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, t.iterations());
        double[] kl = t.column("kl");
        assertEquals(13, kl.length);
        assertTrue(kl[12] < kl[0]);
        assertEquals(kl[12], t.last("kl"), 0.0);
        assertEquals(t.column("iter")[12], 12.0);
        assertEquals(10000, t.dataColumn("x_2").length);
        assertEquals(Horizon.Stop.HORIZON, t.stopReason());
        Path csv = dir.resolve("cli.csv");
        assertEquals(0, cli("run", "gmm-simplex", "--seed", "4", "--iterations", "12", "--out", csv.toString()));
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        t.writeCsv(mine);
        assertArrayEquals(Files.readAllBytes(csv), mine.toByteArray());
    }

    @Test
    void experimentsAreImmutableAndCheckTheirValues() {
        Experiment base = EmLab.lab("mlr-clustered").set("m", 64).set("n", 4);
        Experiment other = base.seed(9);
        assertEquals("1", base.parameters().get("seed"));
        assertEquals("9", other.parameters().get("seed"));
        ValidationException range = assertThrows(ValidationException.class, () -> base.set("n", 0));
        assertTrue(range.getMessage().contains("n"), range.getMessage());
        assertThrows(ValidationException.class, () -> base.set("no_such", 1));
        assertThrows(ValidationException.class, () -> EmLab.lab("gmm-simplex").set("weights", "0.5,0.3,0.1").run(1));
        assertThrows(ValidationException.class, () -> EmLab.lab("mlr").population(true));
        ValidationException col = assertThrows(ValidationException.class, () -> base.run(1).column("kl"));
        assertTrue(col.getMessage().contains("iid_error"), col.getMessage());
    }

    @Test
    void aPresetRunsToItsHorizonAndAPopulationRunHasNoSample() {
        Trajectory c = EmLab.preset("mlr-clustered-contraction").run();
        assertTrue(c.iterationsDone() > 0 && c.iterationsDone() <= 25, "the preset's 25 iterations, or fewer once converged");
        assertNull(c.data());
        assertTrue(c.dataColumns().isEmpty());
        assertThrows(ValidationException.class, () -> c.dataColumn("x_1"));
    }

    @Test
    void aSavedRunReplaysFromItsMetadataBitForBit() throws Exception {
        Trajectory t = EmLab.lab("mlr-overspec").set("n", 400).seed(2).run(9);
        Path meta = t.save(dir.resolve("api.csv"));
        assertEquals(dir.resolve("api.meta.json"), meta);
        Trajectory again = EmLab.replay(meta, null).run();
        for (String col : t.columns()) {
            assertArrayEquals(t.column(col), again.column(col), col);
        }
        assertEquals(0, cli("run", "--replay", meta.toString()), "the CLI replays what the API saved");
    }
}
