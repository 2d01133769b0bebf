package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.labs.clustered.MlrClusteredLab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/** The statistics of one sweep run, the column prefix, and the bootstrap interval of a slope. */
class SweepStatisticsTest {
    private final Lab clustered = LabRegistry.get("mlr-clustered");

    private SweepSpec clusteredSweep(int iterations, String... stats) {
        ParamValues base = clustered.defaults().with("n", "8").with("m", "256");
        return new SweepSpec(clustered, base, List.of(SweepRange.parse("m=256:256:1")), 1, iterations,
                Measure.parseAll(List.of(stats), Double.NaN), FitWindow.ALL, null);
    }

    @Test
    void everyStatisticOfARunIsReadFromThatOneRun() {
        SweepSpec s = clusteredSweep(15, "final_error", "iid_final_error", "final_loglik", "final:accuracy",
                "iterations_to_final", "iid_iterations_to_final", "iterations_to_floor", "iid_iterations_to_floor:1.5");
        ParamValues p = s.params(0, 0);
        double[] v = SweepRunner.measureAll(s, p, () -> false);
        LabRun run = clustered.start(p, null);
        History h = HeadlessRun.run(run, Horizon.exactly(15));
        double[] last = h.row(h.size() - 1);
        List<String> cols = h.columns();
        assertEquals(last[cols.indexOf("error")], v[0], 0.0);
        assertEquals(last[cols.indexOf("iid_error")], v[1], 0.0);
        assertEquals(last[cols.indexOf("loglik")], v[2], 0.0);
        assertEquals(last[cols.indexOf("accuracy")], v[3], 0.0);
        int d = p.getInt("d");
        double[] ts = new double[d];
        ts[0] = p.getDouble("snr") * p.getDouble("sigma");
        // iterations_to_final is the lab's own "iterations to statistical accuracy" (docs/labs/mlr-clustered.md#metrics), for both algorithms
        assertEquals(MlrClusteredLab.iterationsToAccuracy(h, cols.indexOf("beta_1"), d, ts), v[4], 0.0);
        assertEquals(MlrClusteredLab.iterationsToAccuracy(h, cols.indexOf("iid_beta_1"), d, ts), v[5], 0.0);
        assertTrue(v[5] > v[4], "i.i.d. EM needs more iterations than structured EM");
        double floor = clustered.errorFloor(p).getAsDouble();
        assertEquals(first(h, "error", 2 * floor), v[6], 0.0);
        assertEquals(first(h, "iid_error", 1.5 * floor), v[7], 0.0);
    }

    private static double first(History h, String column, double level) {
        int c = h.column(column);
        for (int i = 0; i < h.size(); i++) {
            if (h.row(i)[c] <= level) {
                return h.iteration(i);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void aPrefixThatNamesNoColumnIsInvalidInputNamingTheColumns() {
        SweepSpec s = clusteredSweep(2, "xyz_final_error");
        ValidationException e = assertThrows(ValidationException.class, () -> SweepRunner.run(s, 1, SweepRunner.SILENT,
                () -> false));
        assertTrue(e.getMessage().contains("has no column xyz_error"), e.getMessage());
        assertThrows(ValidationException.class, () -> clusteredSweep(2, "iid_stuck"));
    }

    @Test
    void theFloorStatisticNeedsAFloor() {
        ParamValues base = clustered.defaults().with("population", "true");
        SweepSpec s = new SweepSpec(clustered, base, List.of(SweepRange.parse("n=4:8:2")), 1, 3,
                List.of(Measure.parse("iterations_to_floor", Double.NaN)), FitWindow.ALL, null);
        ValidationException e = assertThrows(ValidationException.class, () -> SweepRunner.run(s, 1, SweepRunner.SILENT,
                () -> false));
        assertTrue(e.getMessage().contains("population mode has none"), e.getMessage());
    }

    @Test
    void statisticsReadBackFromTheirCanonicalText() {
        for (String t : List.of("final_error", "iid_final_error", "iterations_to_eps:1e-06", "iterations_to_final:0.05",
                "iid_iterations_to_floor:3", "final:loglik", "stuck", "final_kl", "final_loglik")) {
            Measure m = Measure.parse(t, Double.NaN);
            assertEquals(m, Measure.parse(m.id(), Double.NaN), t);
        }
        assertEquals(0.1, Measure.parse("iterations_to_final", Double.NaN).number());
        assertEquals(1e-3, Measure.parse("iterations_to_eps", 1e-3).number());
        assertThrows(ValidationException.class, () -> Measure.parse("final_kl:3", Double.NaN));
        assertThrows(ValidationException.class, () -> Measure.parse("iterations_to_final:0x1p3", Double.NaN));
        assertThrows(ValidationException.class, () -> Measure.parse("finalerror", Double.NaN));
    }

    @Test
    void theBootstrapIntervalHoldsTheTrueSlopeAndWidensWithTheScatter() {
        double[] x = {1000, 4000, 16000, 64000, 256000};
        double[][] tight = synthetic(x, 12, 0.05, 3);
        double[][] loose = synthetic(x, 12, 0.5, 3);
        boolean[] all = {true, true, true, true, true};
        SlopeInterval a = SlopeInterval.bootstrap(x, tight, all, 1);
        SlopeInterval b = SlopeInterval.bootstrap(x, loose, all, 1);
        assertTrue(a.valid() && b.valid());
        assertTrue(a.lo() < -0.5 && -0.5 < a.hi(), a.describe());
        assertTrue(b.hi() - b.lo() > 3 * (a.hi() - a.lo()), a.describe() + " / " + b.describe());
        assertEquals(a, SlopeInterval.bootstrap(x, tight, all, 1), "seeded");
        assertEquals(SlopeInterval.RESAMPLES, a.resamples());
        assertFalse(SlopeInterval.bootstrap(x, synthetic(x, 1, 0.1, 3), all, 1).describe().contains("["),
                "one trial has no scatter between seeds");
    }

    @Test
    void theFitWindowDecidesWhichPointsEnterTheSlope() {
        double[] x = {10, 100, 1000, 10000};
        double[][] v = {{1}, {0.1}, {0.01}, {1}}; // the last point breaks the power law
        Lab lab = LabRegistry.get("gmm-simplex");
        SweepSpec s = new SweepSpec(lab, lab.defaults(), List.of(SweepRange.parse("n=10:10000:log:4")), 1, 1,
                List.of(Measure.parse("final_kl", Double.NaN)), FitWindow.parse("10:1000"), null);
        SweepResult r = new SweepResult(s, new long[] {1}, new double[][][] {v}, 4, false);
        SweepSummary sum = SweepSummary.of(r);
        assertEquals(-1.0, sum.fit().slope(), 1e-12);
        assertEquals(3, sum.fit().points());
        assertFalse(sum.fitted()[3]);
        assertEquals(x[3], sum.x()[3]);
    }

    /** {@code trials} values per point: 3 x^{-1/2} times log-normal noise of spread {@code sd}, seeded. */
    private static double[][] synthetic(double[] x, int trials, double sd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] v = new double[x.length][trials];
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < trials; t++) {
                double g = 0;
                for (int k = 0; k < 12; k++) {
                    g += rng.nextDouble();
                }
                v[i][t] = 3 * Math.pow(x[i], -0.5) * Math.exp(sd * (g - 6));
            }
        }
        return v;
    }
}
