package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.emlab.core.lab.Horizon;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./emlab run --preset P} without {@code --iterations} ends where the window stops playing:
 * at the preset's horizon, or earlier once the iterates no longer move (converged to rounding).
 */
class HorizonCliTest {
    @TempDir
    Path dir;

    static List<String> presets() {
        return Presets.shipped().stream().map(Preset::name).toList();
    }

    private static List<String[]> run(Path out, String... args) throws Exception {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, e.toString());
        return Files.readAllLines(out).stream().map(l -> l.split(",")).toList();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void aPresetRunEndsAtItsHorizon(String name) throws Exception {
        Preset p = Presets.find(name);
        Horizon h = p.horizon();
        Path out = dir.resolve(name + ".csv");
        List<String[]> rows = run(out, "run", "--preset", name, "--out", out.toString());
        String[] head = rows.get(0);
        int first = (int) Double.parseDouble(rows.get(1)[0]);
        int last = (int) Double.parseDouble(rows.get(rows.size() - 1)[0]);
        if (last - first >= h.iterations()) {
            // the horizon: the first recorded iteration at or past it, and not one step more
            int before = (int) Double.parseDouble(rows.get(rows.size() - 2)[0]);
            assertTrue(before - first < h.iterations(), name + ": ran past its horizon of " + h.iterations());
            return;
        }
        // earlier: only because the iterates stopped moving (every parameter column flat over the last steps)
        assertTrue(h.untilConverged(), name + " stopped at " + last + " before its horizon " + h.iterations());
        int n = rows.size();
        assertTrue(n - 1 > Horizon.CONVERGED_RUN, name);
        for (int c = 1; c < head.length; c++) {
            if (!isParameter(head[c])) {
                continue;
            }
            double a = Double.parseDouble(rows.get(n - 1)[c]);
            for (int k = 1; k <= Horizon.CONVERGED_RUN; k++) {
                double b = Double.parseDouble(rows.get(n - 1 - k)[c]);
                assertTrue(Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(a)),
                        name + ": column " + head[c] + " still moves at the converged stop: " + b + " → " + a);
            }
        }
    }

    /** Trajectory columns that hold parameters (the documented names: π, μ, β, θ, σ, Σ). */
    private static boolean isParameter(String column) {
        return column.matches("(pi|mu|beta|theta|sigma|cov|iid_beta)_.*");
    }

    /**
     * The paper's recursive MLR preset runs 2·10⁵ samples (1000 steps of 200), where the online
     * clustering's misclassification over the second half is the oracle's ≈ 0.213 (docs/labs/mlr-recursive.md,
     * measured over 16 paths: 0.213).
     */
    @Test
    void theRecursivePaperPresetEndsAtTwoHundredThousandSamplesWithTheOraclesMisclassification() throws Exception {
        Path out = dir.resolve("paper.csv");
        List<String[]> rows = run(out, "run", "--preset", "mlr-recursive-paper", "--out", out.toString());
        List<String> head = List.of(rows.get(0));
        int acc = head.indexOf("accuracy");
        Map<Integer, Double> accuracy = new TreeMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            accuracy.put((int) Double.parseDouble(r[0]), Double.parseDouble(r[acc]));
        }
        int n = ((TreeMap<Integer, Double>) accuracy).lastKey();
        assertEquals(200_000, n);
        int half = n / 2;
        double secondHalfCorrect = (n * accuracy.get(n) - half * accuracy.get(half)) / (n - half);
        assertEquals(0.213, 1 - secondHalfCorrect, 0.01);
    }
}
