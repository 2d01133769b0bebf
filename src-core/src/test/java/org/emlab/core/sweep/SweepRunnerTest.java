package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Rng;
import org.emlab.core.em.StepEngine;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

class SweepRunnerTest {
    private final GmmSimplexLab lab = new GmmSimplexLab();

    private SweepSpec smallKlSweep() {
        return new SweepSpec(lab, lab.defaults().with("seed", "5"), SweepRange.parse("n=200:1600:log:4"), 3, 15,
                Statistic.FINAL_KL, Double.NaN);
    }

    @Test
    void theResultIsIdenticalWhateverTheThreadCount() {
        SweepSpec s = smallKlSweep();
        SweepResult one = SweepRunner.run(s, 1, SweepRunner.SILENT, () -> false);
        SweepResult three = SweepRunner.run(s, 3, SweepRunner.SILENT, () -> false);
        assertEquals(12, one.completed());
        assertFalse(one.cancelled());
        for (int p = 0; p < one.points(); p++) {
            assertArrayEquals(one.stat()[p], three.stat()[p], "point " + p);
        }
        assertArrayEquals(one.seeds(), three.seeds());
        assertEquals(5L, one.seeds()[0], "trial 0 runs the base seed");
        assertNotEquals(one.seeds()[1], one.seeds()[2]);
        assertNotEquals(one.stat()[0][0], one.stat()[0][1], "trials differ");
    }

    /** "Open as a run": the parameters of (point, trial) reproduce that trial's statistic exactly. */
    @Test
    void aTrialOpenedAsARunReproducesItsStatistic() {
        SweepSpec s = smallKlSweep();
        SweepResult r = SweepRunner.run(s, 2, SweepRunner.SILENT, () -> false);
        ParamValues p = s.params(2, 1);
        assertEquals(800, p.getInt("n"));
        assertEquals(r.seeds()[1], p.getLong("seed"));
        StepEngine e = lab.start(p, null).engine();
        for (int t = 0; t < 15; t++) {
            e.step();
        }
        double[] row = new double[e.columns().size()];
        e.row(row);
        assertEquals(row[e.columns().indexOf("kl")], r.stat()[2][1], 0.0);
    }

    /**
     * Population EM with weights (.5,.3,.2) contracts ‖θ‖ by 0.93 per iteration near 0 (docs/labs/gmm-simplex.md#the-papers-claim-and-how-the-views-show-it).
     * Reference: src-core/src/test/resources/reference/simplex_population_em.py (158.7).
     */
    @Test
    void iterationsToEpsMatchesTheContractionRate() {
        ParamValues base = lab.defaults().with("population", "true");
        SweepSpec s = new SweepSpec(lab, base, SweepRange.parse("radius=0.1:0.1:1"), 1, 400, Statistic.ITERATIONS_TO_EPS,
                1e-6);
        double t = SweepRunner.run(s, 1, SweepRunner.SILENT, () -> false).stat()[0][0];
        // from r0 = 0.1 (nearly linear regime): t ≈ log(0.1/1e-6)/(−log 0.93) = 158.7
        assertEquals(158.7, t, 3.0);
        SweepSpec tooShort = new SweepSpec(lab, base, SweepRange.parse("radius=0.1:0.1:1"), 1, 20,
                Statistic.ITERATIONS_TO_EPS, 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, SweepRunner.run(tooShort, 1, SweepRunner.SILENT, () -> false).stat()[0][0]);
        SweepSpec already = new SweepSpec(lab, base, SweepRange.parse("radius=0.1:0.1:1"), 1, 20,
                Statistic.ITERATIONS_TO_EPS, 0.2);
        assertEquals(0.0, SweepRunner.run(already, 1, SweepRunner.SILENT, () -> false).stat()[0][0]);
    }

    @Test
    void afterCancelNoFurtherTrialStartsAndTheResultSaysCancelled() {
        CoinLab coin = new CoinLab();
        SweepSpec s = new SweepSpec(coin, coin.defaults(), SweepRange.parse("threshold=0.1:0.9:5"), 4, 3, Statistic.STUCK,
                Double.NaN);
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger startedAfterCancel = new AtomicInteger();
        SweepResult r = SweepRunner.run(s, 1, new SweepRunner.Listener() {
            @Override
            public void started(int index) {
                started.incrementAndGet();
                if (cancel.get()) {
                    startedAfterCancel.incrementAndGet();
                }
            }

            @Override
            public void finished(int index, int done, int total) {
                if (done == 7) {
                    cancel.set(true);
                }
            }
        }, cancel::get);
        assertTrue(r.cancelled());
        assertEquals(7, r.completed());
        assertEquals(7, started.get());
        assertEquals(0, startedAfterCancel.get());
        // trial-major order: trial 0 complete at every point, trial 1 at the first two
        for (int p = 0; p < 5; p++) {
            assertTrue(r.done(p, 0));
            assertEquals(p < 2, r.done(p, 1));
            assertFalse(r.done(p, 2));
        }
        SweepSummary sum = SweepSummary.of(r);
        assertEquals(2, sum.count()[0]);
        assertEquals(1, sum.count()[4]);
        assertTrue(SweepReport.text(r, sum).contains("cancelled: 7 of 20 runs completed"));
    }

    @Test
    void withSeveralThreadsCancelStopsTheSweepEarly() {
        CoinLab coin = new CoinLab();
        SweepSpec s = new SweepSpec(coin, coin.defaults(), SweepRange.parse("threshold=0.1:0.9:5"), 40, 3,
                Statistic.STUCK, Double.NaN);
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        SweepResult r = SweepRunner.run(s, 3, new SweepRunner.Listener() {
            @Override
            public void started(int index) {
                started.incrementAndGet();
            }

            @Override
            public void finished(int index, int done, int total) {
                if (done >= 10) {
                    cancel.set(true);
                }
            }
        }, cancel::get);
        assertTrue(r.cancelled());
        // at most one run per thread can have been between its check and its start
        assertTrue(started.get() <= 10 + 3, "started " + started.get());
        assertTrue(r.completed() < 200);
    }

    /** The stuck fraction is the lab's predicate averaged over trials; the oracle redraws each trial's coin. */
    @Test
    void stuckIsTheFractionOfRunsTheLabCallsStuck() {
        CoinLab coin = new CoinLab();
        SweepSpec s = new SweepSpec(coin, coin.defaults().with("seed", "3"), SweepRange.parse("threshold=0.2:0.8:3"), 50,
                2, Statistic.STUCK, Double.NaN);
        SweepResult r = SweepRunner.run(s, 2, SweepRunner.SILENT, () -> false);
        SweepSummary sum = SweepSummary.of(r);
        for (int p = 0; p < 3; p++) {
            double threshold = r.values()[p];
            int stuck = 0;
            for (int t = 0; t < 50; t++) {
                if (Rng.stream(s.seed(t), Rng.DATA).nextDouble() > threshold) {
                    stuck++;
                }
            }
            assertEquals(stuck / 50.0, sum.median()[p], 0.0);
        }
        assertFalse(sum.hasSlope(), "no slope for a fraction");
    }

    @Test
    void statisticsTheLabCannotMeasureAreRejectedBeforeAnyRun() {
        CoinLab coin = new CoinLab();
        ValidationException e = assertThrows(ValidationException.class, () -> new SweepSpec(coin, coin.defaults(),
                SweepRange.parse("threshold=0.1:0.9:3"), 2, 3, Statistic.FINAL_KL, Double.NaN));
        assertEquals("stat", e.errors().get(0).field());
        ValidationException eps = assertThrows(ValidationException.class, () -> new SweepSpec(lab, lab.defaults(),
                SweepRange.parse("n=100:400:2"), 2, 3, Statistic.ITERATIONS_TO_EPS, Double.NaN));
        assertEquals("eps", eps.errors().get(0).field());
        ValidationException cross = assertThrows(ValidationException.class, () -> new SweepSpec(lab, lab.defaults(),
                SweepRange.parse("k=3:5:3"), 2, 3, Statistic.FINAL_KL, Double.NaN));
        assertTrue(cross.getMessage().startsWith("at k = 4: "), cross.getMessage());
    }

    /**
     * A tiny test lab: run r draws u ~ U(0,1) from its seed; it is stuck when u &gt; threshold.
     * No error or KL column.
     */
    static final class CoinLab implements Lab {
        @Override
        public String id() {
            return "coin";
        }

        @Override
        public String title() {
            return "coin";
        }

        @Override
        public String claim() {
            return "a coin";
        }

        @Override
        public String citation() {
            return "none";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.real("threshold", "threshold", 0.5, 0, 1, "Model", "stuck above it"),
                    ParamSpec.seed(1));
        }

        @Override
        public boolean stuck(ParamValues p, List<String> columns, double[] finalRow) {
            return finalRow[0] > p.getDouble("threshold");
        }

        @Override
        public String stuckRule() {
            return "u > threshold";
        }

        @Override
        public Optional<String> errorColumn() {
            return Optional.empty();
        }

        @Override
        public LabRun start(ParamValues p, Dataset userData) {
            double u = Rng.stream(p.getLong("seed"), Rng.DATA).nextDouble();
            StepEngine e = new StepEngine() {
                int t;

                @Override
                public List<String> columns() {
                    return List.of("u");
                }

                @Override
                public int metricCount() {
                    return 1;
                }

                @Override
                public int iteration() {
                    return t;
                }

                @Override
                public void step() {
                    t++;
                }

                @Override
                public void row(double[] out) {
                    out[0] = u;
                }

                @Override
                public double[] state() {
                    return new double[0];
                }

                @Override
                public void restore(double[] state, int iteration) {
                    t = iteration;
                }
            };
            return org.emlab.core.lab.TestRuns.of(this, p, e, "coin");
        }
    }
}
