package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Handle;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/**
 * Direct manipulation (docs/explore-and-verify.md): every handle a lab lists can be dropped on the start,
 * and the run restarted from the parameters the lab writes starts where it was dropped; a drop on the
 * current iterate moves exactly that part of the engine state.
 */
class ManipulationTest {

    /** A run's history as the run loop records it: entry 0, then {@code steps} iterations. */
    static History history(LabRun run, int steps) {
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        h.record(e.iteration(), row.clone(), e.state());
        for (int t = 0; t < steps; t++) {
            e.step();
            e.row(row);
            h.record(e.iteration(), row.clone(), e.state());
        }
        return h;
    }

    static Handle handle(Map<String, List<Handle>> hs, String panel, String id) {
        for (Handle h : hs.getOrDefault(panel, List.of())) {
            if (h.id().equals(id)) {
                return h;
            }
        }
        throw new AssertionError("no handle " + id + " on " + panel + ": " + hs);
    }

    /** The drop point lies where the handle shows the part: at the point, or on the line through the pivot. */
    static void assertAt(Handle h, double x, double y, String what) {
        double scale = 1 + Math.abs(x) + Math.abs(y);
        if (h.kind() == Handle.Kind.POINT) {
            assertEquals(x, h.x(), 1e-9 * scale, what + " x");
            assertEquals(y, h.y(), 1e-9 * scale, what + " y");
        } else {
            double cross = (h.x() - h.pivotX()) * (y - h.pivotY()) - (h.y() - h.pivotY()) * (x - h.pivotX());
            assertEquals(0, cross, 1e-9 * scale * scale, what + ": the drop is on the new line");
        }
    }

    /**
     * Drops every handle of the start at an offset, restarts from the parameters the lab writes, and
     * finds the handle of the same part at the drop in the new run's iteration 0.
     */
    static void dragEveryStartHandle(Lab lab, ParamValues p, String panel, double dx, double dy) {
        LabRun run = lab.start(p, null);
        History h = history(run, 3);
        Manipulation m = run.manipulation();
        Map<String, List<Handle>> shown = m.handles(h, 3, Map.of());
        assertFalse(shown.getOrDefault(panel, List.of()).isEmpty(), lab.id() + " has handles on " + panel);
        for (Handle hd : shown.get(panel)) {
            double x = hd.x() + dx;
            double y = hd.y() + dy;
            ParamValues q = m.dragStart(p, h, 3, panel, hd.id(), x, y, Map.of());
            lab.validate(q);
            assertEquals(p.getLong("seed"), q.getLong("seed"), "the seed is kept");
            LabRun again = lab.start(q, null);
            History h2 = history(again, 0);
            String id = ManipulationSupport.base(hd.id());
            Handle moved = handle(again.manipulation().handles(h2, 0, Map.of()), panel, id);
            assertAt(moved, x, y, lab.id() + " " + hd.id());
            if (run.data() != null) {
                assertEquals(run.data().n(), again.data().n(), "same data");
                assertTrue(java.util.Arrays.equals(run.data().x(), again.data().x()), "same data");
            }
        }
    }

    /** Drops every current handle at an offset and finds it there after the engine took the new state. */
    static void nudgeEveryCurrentHandle(Lab lab, ParamValues p, String panel, double dx, double dy) {
        LabRun run = lab.start(p, null);
        History h = history(run, 2);
        Manipulation m = run.manipulation();
        for (Handle hd : m.handles(h, 2, Map.of()).get(panel)) {
            if (hd.movesStart()) {
                continue;
            }
            double x = hd.x() + dx;
            double y = hd.y() + dy;
            double[] s = m.dragCurrent(h.state(2), h, 2, panel, hd.id(), x, y, Map.of());
            m.apply(run.engine(), s, h.iteration(2));
            double[] row = new double[run.engine().columns().size()];
            run.engine().row(row);
            h.record(h.iteration(2), row, run.engine().state());
            assertAt(handle(m.handles(h, 2, Map.of()), panel, hd.id()), x, y, lab.id() + " nudge " + hd.id());
            run.engine().step(); // and EM goes on from there
        }
    }

    @Test
    void gmmMeansStartAndMoveWhereTheyAreDropped() {
        Lab gmm = LabRegistry.get("gmm");
        dragEveryStartHandle(gmm, gmm.defaults(), "geometry", 0.7, -1.1);
        dragEveryStartHandle(gmm, gmm.defaults().with("covariance", "diag"), "geometry", -0.4, 0.3);
        dragEveryStartHandle(gmm, gmm.defaults().with("covariance", "spherical").with("d", "3"), "geometry", 0.5, 0.5);
        nudgeEveryCurrentHandle(gmm, gmm.defaults(), "geometry", 1.5, 0.25);
    }

    @Test
    void aGmmDropWritesAGivenStartThatKeepsTheOtherParametersOfTheStartBitForBit() {
        Lab gmm = LabRegistry.get("gmm");
        ParamValues p = gmm.defaults();
        LabRun run = gmm.start(p, null);
        History h = history(run, 0);
        ParamValues q = run.manipulation().dragStart(p, h, 0, "geometry", "mu-2", 1.25, -3.5, Map.of());
        assertEquals("given", q.getString("init"));
        double[] mu = q.getVector("init_means");
        double[] start = java.util.Arrays.copyOfRange(h.row(0), h.column("mu_1_1"), h.column("mu_1_1") + 6);
        assertEquals(1.25, mu[2]);
        assertEquals(-3.5, mu[3]);
        assertEquals(start[0], mu[0]);
        assertEquals(start[5], mu[5]);
        History h2 = history(gmm.start(q, null), 0);
        assertEquals(h.row(0)[h.column("cov_3_1_2")], h2.row(0)[h2.column("cov_3_1_2")], "covariances as they started");
    }

    @Test
    void mlrLinesTurnAboutTheirOtherHandle() {
        Lab mlr = LabRegistry.get("mlr");
        dragEveryStartHandle(mlr, mlr.defaults(), "geometry", 0.3, 1.7);
        dragEveryStartHandle(mlr, mlr.defaults().with("intercept", "false").with("common_sigma", "true"), "geometry", 0.0, -0.8);
        nudgeEveryCurrentHandle(mlr, mlr.defaults(), "geometry", -0.2, 0.9);
        assertTrue(mlr.start(mlr.defaults().with("d", "2"), null).manipulation().handles(history(
                mlr.start(mlr.defaults().with("d", "2"), null), 0), 0, Map.of()).isEmpty(), "no lines to drag in d = 2");
    }

    @Test
    void mlrOverspecLinesAndPlaneMoveWhereDropped() {
        Lab lab = LabRegistry.get("mlr-overspec");
        ParamValues line = lab.defaults().with("d", "1").with("n", "2000");
        dragEveryStartHandle(lab, line, "geometry", 0.2, 0.6);
        dragEveryStartHandle(lab, line.with("population", "true").with("sigma", "2"), "geometry", -0.5, -0.3);
        nudgeEveryCurrentHandle(lab, line, "geometry", 0.1, -0.4);
        nudgeEveryCurrentHandle(lab, line.with("population", "true").with("sigma", "2"), "geometry", 0.1, -0.4);
        // d ≥ 2: the current iterate moves in the shown plane
        nudgeEveryCurrentHandle(lab, lab.defaults().with("n", "2000").with("snr", "1"), "geometry", 0.3, 0.2);
        LabRun run = lab.start(line, null);
        History h = history(run, 0);
        assertThrows(ValidationException.class, () -> run.manipulation().dragStart(line, h, 0, "geometry", "beta", 0, 1,
                Map.of()), "a line through the origin cannot be vertical");
    }

    @Test
    void theSimplexMovesWithTheVertexDropped() {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("n", "2000");
        dragEveryStartHandle(lab, p, "geometry", 0.4, -0.3);
        dragEveryStartHandle(lab, p.with("population", "true").with("init", "lloyd"), "geometry", -0.2, 0.5);
        nudgeEveryCurrentHandle(lab, p, "geometry", 0.3, 0.3);
        // k = 4 in d = 3: the drop moves the two shown coordinates of the vertex and keeps the third
        ParamValues q = lab.repair(p.with("k", "4").with("d", "3"));
        LabRun run = lab.start(q, null);
        History h = history(run, 0);
        Map<String, String> view = Map.of("projection", "x1–x3");
        Handle v = handle(run.manipulation().handles(h, 0, view), "geometry", "mu-2");
        ParamValues moved = run.manipulation().dragStart(q, h, 0, "geometry", "mu-2", v.x() + 0.3, v.y() - 0.2, view);
        History h2 = history(lab.start(moved, null), 0);
        assertEquals(v.x() + 0.3, h2.row(0)[h2.column("mu_2_1")], 1e-12);
        assertEquals(v.y() - 0.2, h2.row(0)[h2.column("mu_2_3")], 1e-12);
        assertEquals(h.row(0)[h.column("mu_2_2")], h2.row(0)[h2.column("mu_2_2")], 1e-12, "the hidden coordinate is kept");
    }

    @Test
    void overparameterisedMeansStartAndMoveWhereDropped() {
        Lab lab = LabRegistry.get("gmm-overparam");
        ParamValues p = lab.defaults().with("n", "2000");
        dragEveryStartHandle(lab, p, "geometry", 0.5, 0.25);
        nudgeEveryCurrentHandle(lab, p, "geometry", -0.5, 0.75);
    }

    @Test
    void clusteredEstimatesMoveInThePlaneView() {
        Lab lab = LabRegistry.get("mlr-clustered");
        ParamValues pop = lab.defaults().with("population", "true");
        dragEveryStartHandle(lab, pop, "geometry", 0.01, 0.02);
        nudgeEveryCurrentHandle(lab, pop, "geometry", 0.05, 0.03);
        ParamValues sample = lab.defaults().with("m", "256");
        dragEveryStartHandle(lab, sample, "plane", -0.02, 0.01);
        nudgeEveryCurrentHandle(lab, sample, "plane", 0.05, -0.03);
    }

    @Test
    void theRecursiveEstimateStartsAndMovesWhereDropped() {
        Lab lab = LabRegistry.get("mlr-recursive");
        ParamValues p = lab.defaults();
        dragEveryStartHandle(lab, p, "geometry", 0.8, -0.6);
        nudgeEveryCurrentHandle(lab, p, "geometry", 0.5, 0.5);
        ParamValues one = p.with("d", "1").with("beta_star", "2").with("init_theta", "0.01");
        dragEveryStartHandle(lab, one, "geometry", 0.0, 0.3);
        nudgeEveryCurrentHandle(lab, one, "geometry", 0.0, -0.2);
        ParamValues three = p.with("d", "3").with("beta_star", "2,-1,0.5").with("init_theta", "0.01,0.01,0.01");
        nudgeEveryCurrentHandle(lab, three, "geometry", 0.3, 0.1);
    }

    @Test
    void theDefaultsOfEveryLabAreUnchangedByTheNewStartParameters() {
        // a default run starts as before: the new parameters are used only with init = given
        for (Lab lab : LabRegistry.all()) {
            assertTrue(lab.unused(lab.defaults()).keySet().stream().anyMatch(k -> k.startsWith("init_")) || lab.id().equals("mlr")
                    || lab.id().equals("gmm"), lab.id() + " dims its given-start parameter by default");
        }
    }

    @Test
    void inAComparisonADropOnAsStartRestartsBothAndBsCurrentIterateMovesAlone() {
        Lab base = LabRegistry.get("gmm-simplex");
        org.emlab.core.compare.ComparisonLab cmp = org.emlab.core.compare.ComparisonLab.of(base, "weights", "0.3333333333333333,0.3333333333333333,0.3333333333333334");
        ParamValues p = base.defaults().with("n", "1000");
        LabRun run = cmp.start(p, null);
        History h = history(run, 2);
        Manipulation m = run.manipulation();
        Map<String, List<Handle>> hs = m.handles(h, 2, Map.of());
        assertTrue(hs.containsKey("geometry") && hs.containsKey("geometry-b"), hs.keySet().toString());
        Handle a1 = handle(hs, "geometry", "mu-1");
        ParamValues q = m.dragStart(p, h, 2, "geometry", "mu-1", a1.x() + 0.5, a1.y(), Map.of());
        assertEquals("given", q.getString("init"));
        assertThrows(ValidationException.class, () -> m.dragStart(p, h, 2, "geometry-b", "mu-1", 0, 1, Map.of()));
        Handle b1 = handle(hs, "geometry-b", "mu-1");
        double[] s = m.dragCurrent(h.state(2), h, 2, "geometry-b", "mu-1", b1.x() + 1, b1.y() + 1, Map.of());
        m.apply(run.engine(), s, h.iteration(2));
        double[] row = new double[run.engine().columns().size()];
        run.engine().row(row);
        h.record(h.iteration(2), row, run.engine().state());
        Map<String, List<Handle>> after = m.handles(h, 2, Map.of());
        assertAt(handle(after, "geometry-b", "mu-1"), b1.x() + 1, b1.y() + 1, "B moved");
        assertAt(handle(after, "geometry", "mu-1"), a1.x(), a1.y(), "A stayed");
    }

    private static org.emlab.core.run.Snapshot await(org.emlab.core.run.Mailbox<org.emlab.core.run.Snapshot> box,
                                                     java.util.function.Predicate<org.emlab.core.run.Snapshot> p)
            throws InterruptedException {
        org.emlab.core.run.Snapshot last = null;
        for (int i = 0; i < 4000; i++) {
            org.emlab.core.run.Snapshot t = box.take();
            if (t != null) {
                last = t;
                if (p.test(t)) {
                    return t;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last " + last);
    }

    @Test
    void theRunLoopNudgesTheCurrentIterateAndRecordsTheEvent() throws Exception {
        org.emlab.core.run.Mailbox<org.emlab.core.run.Snapshot> box = new org.emlab.core.run.Mailbox<>();
        try (org.emlab.core.run.RunLoop loop = new org.emlab.core.run.RunLoop(box)) {
            Lab gmm = LabRegistry.get("gmm");
            loop.start(gmm, gmm.defaults(), null, false);
            loop.step();
            loop.step();
            await(box, t -> t.iteration() == 2 && t.historySize() == 3);
            String text = loop.nudge("geometry", "mu-1", 4.0, 5.0).get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(text.startsWith(org.emlab.core.run.RunLoop.NUDGE_EVENT), text);
            ParamValues q = loop.dragStart("geometry", "mu-1", -2.0, 1.0).get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("given", q.getString("init"));
            org.emlab.core.run.Snapshot s = await(box, t -> t.events().stream().anyMatch(e -> e.text().equals(text)));
            assertEquals(2, s.iteration());
            assertEquals(4.0, s.value("mu_1_1"));
            assertEquals(5.0, s.value("mu_1_2"));
            Handle shown = handle(Map.of("geometry", s.figure().panel("geometry").handles()), "geometry", "mu-1");
            assertEquals(4.0, shown.x());
        }
    }
}
