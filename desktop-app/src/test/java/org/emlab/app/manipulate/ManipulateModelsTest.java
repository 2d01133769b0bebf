package org.emlab.app.manipulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.emlab.app.controls.WeightBars;
import org.emlab.app.geometry.ViewZoom;
import org.emlab.app.model.SessionModel;
import org.emlab.core.data.DataTable;
import org.emlab.core.data.Dataset;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.Snapshot;
import org.emlab.core.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models behind direct manipulation, without a Stage: zoom, weight bars, painting, a painted session. */
class ManipulateModelsTest {
    @TempDir
    Path dir;

    private static Snapshot await(SessionModel m, Predicate<Snapshot> p) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            Snapshot s = m.mailbox().take();
            if (s != null) {
                m.show(s);
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last shown: " + m.latest());
    }

    @Test
    void zoomingKeepsThePointUnderThePointerAndPanningShifts() {
        ViewZoom z = new ViewZoom(-4, 6, 0, 10).about(0.5, 1, 8);
        assertEquals(new ViewZoom(-1.5, 3.5, 4, 9), z);
        assertEquals(new ViewZoom(-0.5, 4.5, 3, 8), z.shifted(1, -1));
        Panel p = new Panel("geometry", "", Panel.Kind.GEOMETRY, Axis.fixed("x", -4, 6), Axis.fixed("y", 0, 10), true,
                java.util.List.of(), java.util.List.of());
        Panel shown = z.apply(p);
        assertEquals(-1.5, shown.x().min());
        assertEquals(9, shown.y().max());
        assertEquals(z, z.about(1e-12, 0, 0), "no zoom into rounding");
    }

    @Test
    void aDraggedWeightIsSetAndTheOthersShareTheRest() {
        double[] w = WeightBars.withWeight(new double[] {0.5, 0.3, 0.2}, 0, 0.604);
        assertEquals(0.6, w[0]);
        assertEquals(0.24, w[1], 1e-12);
        assertEquals(0.16, w[2], 1e-12);
        assertEquals(1, w[0] + w[1] + w[2], 1e-12);
        double[] z = WeightBars.withWeight(new double[] {1, 0, 0}, 0, 0.5);
        assertEquals(0.25, z[1], 1e-12, "others that summed to 0 share equally");
        assertEquals(0.99, WeightBars.withWeight(new double[] {0.5, 0.5}, 1, 2)[1], "kept below 1");
    }

    private static Dataset sample(SessionModel m) throws Exception {
        CompletableFuture<Dataset> f = new CompletableFuture<>();
        m.runLoop().inspect(i -> f.complete(i.run().data()));
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void paintedPointsBecomeTheRunsDataAndUndoBringsTheSampleBack() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("mlr");
            Snapshot first = await(m, x -> !x.figure().panels().isEmpty());
            ParamValues before = first.params();
            PaintModel pm = new PaintModel(m);
            assertNull(pm.prepare(m.lab(), before, sample(m), null));
            assertTrue(pm.regression());
            DataTable next = pm.added(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, new double[] {1, 2, 3, 4, 5});
            Path file = pm.commit(next, "a spray of 5 points");
            assertTrue(PaintModel.isPainted(file.toString()), file.toString());
            Snapshot painted = await(m, x -> x.runId() > first.runId() && !x.figure().panels().isEmpty());
            assertEquals(file.toString(), painted.params().getString("data"));
            assertEquals(305, sample(m).n(), "n grew by five");
            assertEquals(before.getString("init"), painted.params().getString("init"));
            assertEquals("Undo a spray of 5 points", m.undoStack().undoTextProperty().get());

            // a session saved with painted data carries them beside the session file
            Session s = Session.of(m.lab(), painted.params(), 0, Session.View.plain());
            Session out = PaintedSessions.withSiblingData(s, dir.resolve("run.emlab.json"));
            Path copy = dir.resolve("run-data.csv").toAbsolutePath();
            assertEquals(copy.toString(), out.params().get("data"));
            assertEquals(Files.readString(file), Files.readString(copy));

            m.undo();
            Snapshot undone = await(m, x -> x.runId() > painted.runId() && !x.figure().panels().isEmpty());
            assertEquals(before.asText(), undone.params().asText());
            assertEquals(300, sample(m).n());
            m.redo();
            Snapshot redone = await(m, x -> x.runId() > undone.runId() && !x.figure().panels().isEmpty());
            assertEquals(file.toString(), redone.params().getString("data"));
            assertEquals(305, sample(m).n());
        }
    }

    @Test
    void labsThatCannotBePaintedSayWhy() throws Exception {
        try (SessionModel m = new SessionModel()) {
            m.selectLab("gmm-simplex");
            Snapshot s = await(m, x -> !x.figure().panels().isEmpty());
            assertTrue(new PaintModel(m).prepare(m.lab(), s.params(), sample(m), null).contains("takes user data"));
        }
        try (SessionModel m = new SessionModel()) {
            m.load(org.emlab.core.labs.LabRegistry.get("gmm"), org.emlab.core.labs.LabRegistry.get("gmm").defaults()
                    .with("d", "3"), false);
            Snapshot s = await(m, x -> !x.figure().panels().isEmpty());
            assertTrue(new PaintModel(m).prepare(m.lab(), s.params(), sample(m), null).contains("d = 3"));
        }
    }
}
