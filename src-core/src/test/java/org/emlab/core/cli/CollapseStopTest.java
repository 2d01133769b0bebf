package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honest stops (docs/labs/gmm.md, "Collapse"). Iris, k = 3, full covariances, from the start the old
 * k-means++ drew for seed 3 (three seeds as means, every Σ the data covariance, π = 1/3): component 2
 * collapses onto 3 points in 4 dimensions.
 *
 * <p>The reference is exact EM written independently in numpy
 * ({@code src/test/resources/reference/iris_collapse_em.py}), pasted: ℓ(θ_t) for t = 0..11, and update
 * 12 is undefined (the new covariance of component 2 is singular to rounding: eigenvalue −2.2e-16, with
 * π = 0.02 and 3 points held).
 * <ul>
 *   <li>With {@code covariance_floor = 0} the app follows exact EM's path (ℓ to 1e-10 relative) while the
 *       update is defined, then stops at iteration 12: exit 0, one stderr line naming the component, the
 *       3 points and π, no comment line in the CSV, and the same reason as a trajectory event and in the
 *       run loop's status line.</li>
 *   <li>With the default floor it goes on under the floor (the constrained EM path): no stop, an event
 *       where the floor starts binding on component 2, and ℓ after 200 iterations equal to the numpy
 *       constrained EM's −181.38500750787108 to 1e-8 (ℓ is resolved to about 1e-9 at this
 *       conditioning).</li>
 * </ul>
 */
class CollapseStopTest {
    @TempDir
    Path dir;

    /** numpy's exact EM: ℓ(θ_t), t = 0..11. */
    private static final double[] EXACT = {-483.55706976106632, -354.22637945623507, -334.84608835481629,
        -311.66663823618092, -301.8701807863763, -295.69259113700349, -287.13250120758119, -272.6115036944995,
        -240.90438529172422, -209.46089137299924, -205.16312993576798, -187.74645160189058};

    private static final String REASON = "component 2 collapsed onto 3 points (π = 0.02): its covariance is singular (to "
            + "rounding); a covariance_floor above 0 lets EM go on under the floor";

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static String iris() throws Exception {
        return Path.of(CollapseStopTest.class.getResource("/data/iris.csv").toURI()).toString();
    }

    private static List<String> start(String floor) throws Exception {
        return List.of("--data", iris(), "--set", "columns=1,2,3,4", "--set", "k=3", "--set", "covariance=full", "--set",
                "init=given", "--set", "init_means=5.6,2.9,3.6,1.3,5.7,4.4,1.5,0.4,4.7,3.2,1.6,0.2", "--set",
                "init_weights=0.3333333333333333,0.3333333333333333,0.3333333333333334", "--set", "covariance_floor=" + floor);
    }

    @Test
    void withoutAFloorExactEmStopsWhereItsUpdateIsUndefinedAndSaysWhy() throws Exception {
        Path out = dir.resolve("t.csv");
        List<String> args = new ArrayList<>(List.of("run", "gmm"));
        args.addAll(start("0"));
        args.addAll(List.of("--iterations", "3000", "--out", out.toString()));
        Result r = cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("emlab: gmm stopped at iteration 12 of 3000: " + REASON + System.lineSeparator(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 13, lines.size()); // header, iterations 0..12
        for (String line : lines) {
            assertFalse(line.startsWith("#"), line);
        }
        for (int t = 0; t < EXACT.length; t++) {
            double ll = Double.parseDouble(lines.get(1 + t).split(",")[1]);
            assertEquals(EXACT[t], ll, 1e-10 * Math.abs(EXACT[t]), "ℓ at t = " + t);
        }
        // iteration 12 keeps the parameters of iteration 11
        assertEquals(lines.get(12).substring(lines.get(12).indexOf(',')), lines.get(13).substring(lines.get(13).indexOf(',')));

        Lab lab = LabRegistry.get("gmm");
        ParamValues p = lab.defaults();
        List<String> sets = start("0");
        p = p.with("data", iris());
        for (int a = 2; a < sets.size(); a += 2) {
            String[] kv = sets.get(a + 1).split("=", 2);
            p = p.with(kv[0], kv[1]);
        }
        LabRun run = lab.start(p, null);
        History h = HeadlessRun.run(run, 3000);
        assertEquals(12, h.lastIteration());
        assertTrue(run.engine().finished());
        assertEquals(REASON, run.engine().finishedReason());
        assertEquals(List.of(new History.Event(12, "EM stopped: " + REASON)), h.events());
        assertEquals("stopped at iteration 12: " + REASON, org.emlab.core.run.RunLoop.statusLine(run.engine(), "ready"));
        assertTrue(run.engine().caption().endsWith("EM stops here"), run.engine().caption());
    }

    @Test
    void withTheDefaultFloorEmGoesOnUnderTheFloorAndSaysWhereItBinds() throws Exception {
        Path out = dir.resolve("f.csv");
        List<String> args = new ArrayList<>(List.of("run", "gmm"));
        args.addAll(start("auto"));
        args.addAll(List.of("--iterations", "200", "--out", out.toString()));
        Result r = cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1 + 201, lines.size());
        for (int t = 0; t <= 10; t++) {
            double ll = Double.parseDouble(lines.get(1 + t).split(",")[1]);
            assertEquals(EXACT[t], ll, 1e-10 * Math.abs(EXACT[t]), "before the floor binds, exact EM: t = " + t);
        }
        assertEquals(-181.38500750787108, Double.parseDouble(lines.get(201).split(",")[1]), 1e-8);

        Lab lab = LabRegistry.get("gmm");
        ParamValues p = lab.defaults().with("data", iris());
        List<String> sets = start("auto");
        for (int a = 2; a < sets.size(); a += 2) {
            String[] kv = sets.get(a + 1).split("=", 2);
            p = p.with(kv[0], kv[1]);
        }
        LabRun run = lab.start(p, null);
        History h = HeadlessRun.run(run, 200);
        assertFalse(run.engine().finished());
        List<History.Event> ev = h.events();
        assertEquals(1, ev.size(), ev.toString());
        assertEquals(11, ev.get(0).iteration());
        assertTrue(ev.get(0).text().startsWith("covariance floor ε = 1.1e-6 binds on component 2"), ev.get(0).text());
    }
}
