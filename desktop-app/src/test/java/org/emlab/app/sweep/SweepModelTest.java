package org.emlab.app.sweep;

import org.emlab.app.compute.CurrentThreadJobExecutor;
import org.emlab.app.compute.JobExecutor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.emlab.core.figure.Theme;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepFigure;
import org.emlab.core.sweep.SweepRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep window's view model, on the same-thread executor (no stage). */
class SweepModelTest {
    @TempDir
    Path dir;

    private final GmmSimplexLab lab = new GmmSimplexLab();
    private final AtomicLong clock = new AtomicLong();

    private SweepModel small() {
        SweepModel m = new SweepModel(lab, lab.defaults().with("seed", "4"), clock::get);
        m.paramProperty().set("n");
        m.fromProperty().set("200");
        m.toProperty().set("800");
        m.logProperty().set(true);
        m.pointsProperty().set("3");
        m.trialsProperty().set("2");
        m.iterationsProperty().set("10");
        m.statProperty().set(Statistic.FINAL_KL);
        m.threadsProperty().set("1");
        return m;
    }

    @Test
    void itOpensOnTheLabsPaperSweep() {
        SweepModel m = new SweepModel(lab, lab.defaults(), clock::get);
        assertEquals("n", m.paramProperty().get());
        assertEquals("1000", m.fromProperty().get());
        assertEquals("256000", m.toProperty().get());
        assertEquals(Statistic.FINAL_KL, m.statProperty().get());
        assertTrue(m.validProperty().get(), m.errorProperty().get());
        assertTrue(m.statistics().contains(Statistic.FINAL_ERROR));
        assertTrue(m.commandLine().startsWith("./emlab sweep gmm-simplex --vary n=1000:256000:log:5 --trials 8"),
                m.commandLine());
    }

    @Test
    void itOffersTheShippedSweepThatMatchesTheWindowsParameters() {
        org.emlab.core.lab.Lab mlr = new org.emlab.core.labs.overspec.MlrOverspecLab();
        ParamValues unbalanced = mlr.defaults().with("update_weights", "false").with("pi0", "0.8");
        ParamValues balanced = mlr.defaults().with("update_weights", "false").with("pi0", "0.5");
        SweepModel u = new SweepModel(mlr, unbalanced, clock::get);
        SweepModel b = new SweepModel(mlr, balanced, clock::get);
        assertEquals("mlr-overspec-sweep-floor-unbalanced", u.presets().get(u.suggestedPreset()).name());
        assertEquals("mlr-overspec-sweep-floor-balanced", b.presets().get(b.suggestedPreset()).name());
        assertEquals("300", u.iterationsProperty().get());
        assertEquals("1500", b.iterationsProperty().get());
    }

    @Test
    void invalidSettingsDisableTheRunWithAMessage() {
        SweepModel m = small();
        m.fromProperty().set("5");
        assertFalse(m.validProperty().get());
        assertTrue(m.errorProperty().get().startsWith("n must be an integer in [10,"), m.errorProperty().get());
        m.fromProperty().set("200");
        m.trialsProperty().set("x");
        assertEquals("trials must be a whole number (got \"x\")", m.errorProperty().get());
    }

    @Test
    void aCompletedSweepGivesThePlotTheTableAndRunsThatReproduceIt() throws Exception {
        SweepModel m = small();
        m.start(new CurrentThreadJobExecutor());
        assertFalse(m.runningProperty().get());
        assertTrue(m.statusProperty().get().startsWith("done: 6 runs"), m.statusProperty().get());
        assertEquals(6, m.rows().size());
        assertEquals(1.0, m.progressProperty().get());
        assertEquals(SweepFigure.PANEL_ID, m.plotProperty().get().id());
        assertTrue(m.reportProperty().get().contains("theory slope: -1"));
        SweepModel.Row row = m.rows().get(4);
        ParamValues p = m.runParams(row);
        assertEquals(Integer.parseInt(row.value()), p.getInt("n"));
        assertEquals(row.seed(), p.getLong("seed"));
        assertEquals(row.stat(), SweepRunner.measure(m.resultProperty().get().spec(), p, () -> false), 0.0);
        assertNotNull(m.medianTrial(1));
        Path csv = dir.resolve("s.csv");
        m.saveCsv(csv);
        assertEquals("n,trial,seed,final_kl", Files.readAllLines(csv).get(0));
        Path png = dir.resolve("s.png");
        m.savePng(png, Theme.LIGHT);
        assertTrue(Files.size(png) > 1000);
    }

    /** Cancel: no run starts afterwards, the outcome is "cancelled" with the partial result, and it can run again. */
    @Test
    void cancellingStopsTheSweepAndLeavesItUsable() {
        SweepModel m = small();
        CurrentThreadJobExecutor ex = new CurrentThreadJobExecutor();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        m.progressTextProperty().addListener((o, a, b) -> {
            if (b.startsWith("2 of") && once.compareAndSet(false, true)) {
                m.cancel();
            }
        });
        m.start(ex);
        assertFalse(m.runningProperty().get());
        assertEquals("cancelled: 2 of 6 runs completed", m.statusProperty().get());
        assertEquals(2, m.rows().size());
        assertTrue(m.resultProperty().get().cancelled());
        assertTrue(m.validProperty().get());
        // and a second sweep runs to the end
        SweepModel again = small();
        again.start(ex);
        assertEquals(6, again.rows().size());
        m.start(new CurrentThreadJobExecutor());
        assertTrue(m.statusProperty().get().startsWith("done"), m.statusProperty().get());
    }

    @Test
    void theEtaExtrapolatesTheElapsedTime() {
        SweepModel m = small();
        m.start(new JobExecutor() {
            @Override
            public <T> Handle submit(Job<T> job, Listener<T> listener) {
                clock.addAndGet(30_000_000_000L);
                listener.progress(1, 4, "1 of 4 runs");
                assertEquals("about 1 min 30 s left", m.etaProperty().get());
                assertEquals(0.25, m.progressProperty().get());
                return null;
            }
        });
        assertEquals("3 min 05 s", SweepModel.duration(185_000_000_000L));
        assertEquals("1 h 02 min", SweepModel.duration(3_720_000_000_000L));
    }
}
