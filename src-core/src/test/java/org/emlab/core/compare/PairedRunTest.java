package org.emlab.core.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.run.Mailbox;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A/B comparison: same data, same seed, one parameter apart, stepped in lockstep, drawn together. */
class PairedRunTest {
    private final GmmSimplexLab lab = new GmmSimplexLab();

    private ParamValues small() {
        return lab.defaults().with("n", "600").with("seed", "17");
    }

    /** The engine's history: its start, then {@code steps} steps, each recorded at its iteration. */
    private static History stepped(StepEngine e, int steps) {
        History h = History.forRun(e.columns(), e.state().length);
        h.record(e.iteration(), row(e), e.state());
        for (int t = 1; t <= steps; t++) {
            e.step();
            h.record(e.iteration(), row(e), e.state());
        }
        return h;
    }

    private static double[] row(StepEngine e) {
        double[] r = new double[e.columns().size()];
        e.row(r);
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "weights;0.3333333333333333,0.3333333333333333,0.3333333333333334",
        "init;random",
        "radius;2.5",
        "population;true"})
    void runsShareDataAndSeedAndDifferOnlyInTheChosenParameter(String param, String value) {
        PairedRun r = (PairedRun) ComparisonLab.of(lab, param, value).start(small(), null);
        ParamValues a = r.a().params();
        ParamValues b = r.b().params();
        assertEquals(List.of(param), a.differences(b));
        assertEquals(a.getLong("seed"), b.getLong("seed"));
        if ("population".equals(param)) {
            assertNotNull(r.a().data());
            assertNull(r.b().data(), "the population side has no sample");
        } else {
            assertArrayEquals(r.a().data().x(), r.b().data().x(), "same seed, same data");
        }
        assertEquals(a, r.params());
    }

    @Test
    void theSuggestedContrastFollowsRunA() {
        ComparisonLab c = ComparisonLab.suggested(lab, small());
        ParamValues b = c.paramsB(small());
        assertEquals(List.of("weights"), small().differences(b));
        double[] w = b.getVector("weights");
        assertEquals(3, w.length);
        for (double v : w) {
            assertEquals(1.0 / 3, v, 1e-15);
        }
        // k = 4 with its own weights: B's uniform weights follow k
        ParamValues a4 = small().with("d", "3").with("k", "4").with("weights", "0.4,0.3,0.2,0.1");
        assertEquals(4, c.paramsB(a4).getVector("weights").length);
        c.validate(a4);
        // uniform A: B gets DFT-valid weights
        ParamValues uniform = small().with("weights", "0.3333333333333333,0.3333333333333333,0.3333333333333334");
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, c.paramsB(uniform).getVector("weights"));
    }

    @Test
    void aninvalidBIsReportedOnTheComparedParameter() {
        ComparisonLab c = ComparisonLab.of(lab, "weights", "0.5,0.5");
        ValidationException e = assertThrows(ValidationException.class, () -> c.validate(small()));
        assertEquals("weights", e.errors().get(0).field());
        assertTrue(e.getMessage().startsWith("B: weights has 2 entries"), e.getMessage());
        assertThrows(ValidationException.class, () -> ComparisonLab.of(lab, "seed", "3"));
        assertThrows(ValidationException.class, () -> ComparisonLab.of(lab, "nope", "3"));
    }

    /** The paired engine gives exactly the rows of A and B run on their own, for steps and half-steps. */
    @Test
    void lockstepRowsEqualTheSeparateRunsBitForBit() {
        ParamValues a = small();
        ParamValues b = a.with("population", "true");
        PairedRun r = (PairedRun) ComparisonLab.of(lab, "population", "true").start(a, null);
        StepEngine pair = r.engine();
        StepEngine ea = lab.start(a, null).engine();
        StepEngine eb = lab.start(b, null).engine();
        assertTrue(pair.hasHalfSteps(), "A (sample EM) has half-steps");
        for (int t = 1; t <= 5; t++) {
            if (t % 2 == 0) {
                pair.halfStep();
                assertEquals(StepEngine.Phase.AFTER_E, pair.phase());
                assertTrue(pair.caption().startsWith("A: E-step"), pair.caption());
                pair.halfStep();
            } else {
                pair.step();
            }
            ea.step();
            eb.step();
            assertEquals(t, pair.iteration());
            double[] pr = row(pair);
            double[] ra = row(ea);
            double[] rb = row(eb);
            int ma = ea.metricCount();
            int mb = eb.metricCount();
            assertArrayEquals(Arrays.copyOfRange(ra, 0, ma), Arrays.copyOfRange(pr, 0, ma));
            assertArrayEquals(Arrays.copyOfRange(rb, 0, mb), Arrays.copyOfRange(pr, ma, ma + mb));
            assertArrayEquals(Arrays.copyOfRange(ra, ma, ra.length), Arrays.copyOfRange(pr, ma + mb, ma + mb + ra.length - ma));
            assertArrayEquals(Arrays.copyOfRange(rb, mb, rb.length), Arrays.copyOfRange(pr, pr.length - (rb.length - mb),
                    pr.length));
        }
        assertEquals("B.kl", pair.columns().get(ea.metricCount()));
    }

    @Test
    void restoringAPairedStateIsExactForBothRuns() {
        PairedRun r = (PairedRun) ComparisonLab.suggested(lab, small()).start(small(), null);
        StepEngine e = r.engine();
        History h = History.forRun(e.columns(), e.state().length);
        h.record(0, row(e), e.state());
        for (int t = 1; t <= 6; t++) {
            e.step();
            h.record(t, row(e), e.state());
        }
        e.restore(h.state(2), 2);
        assertArrayEquals(h.row(2), row(e));
        e.step();
        e.step();
        assertArrayEquals(h.row(4), row(e));
        assertArrayEquals(h.state(4), e.state());
    }

    @Test
    void theFigureShowsBothGeometriesAndOverlaysBsCurvesDashedInTheSecondColour() {
        PairedRun r = (PairedRun) ComparisonLab.suggested(lab, small()).start(small(), null);
        History h = stepped(r.engine(), 4);
        Figure f = r.figure(h, 2, Map.of());
        List<Panel> geo = f.panels(Panel.Kind.GEOMETRY);
        assertEquals(2, geo.size());
        assertEquals("A: weights π = 0.5, 0.3, 0.2", geo.get(0).title());
        assertEquals("B: weights π = 1/3 each", geo.get(1).title());
        assertTrue(geo.get(0).notes().get(0).startsWith("iteration 2"), geo.get(0).notes().toString());
        Panel kl = f.panel("kl");
        List<String> names = new ArrayList<>();
        Layer.Line measuredB = null;
        int markers = 0;
        for (Layer l : kl.layers()) {
            names.add(l.name());
            if (l instanceof Layer.Line ln && "B: weights π = 1/3 each".equals(ln.name())) {
                measuredB = ln;
            }
            if (ComparisonFigure.isCursor(l)) {
                markers++;
            }
        }
        assertTrue(names.contains("A: weights π = 0.5, 0.3, 0.2"), names.toString());
        assertNotNull(measuredB, names.toString());
        assertEquals(ComparisonLab.COLOR_B, measuredB.ink().color());
        assertEquals(Ink.Dash.DASHED, measuredB.ink().dash());
        assertEquals(1, markers, "one shared iteration marker");
        // B's KL curve is B's own history up to iteration 4
        StepEngine eb = lab.start(r.b().params(), null).engine();
        double[] kls = new double[5];
        for (int t = 0; t <= 4; t++) {
            if (t > 0) {
                eb.step();
            }
            kls[t] = row(eb)[0];
        }
        assertArrayEquals(kls, measuredB.y());
        assertNotNull(f.panel("dft-b"), "B's DFT bars");
        // A's and B's bars on one scale (each run scaled its own to its largest bar: 0–0.11 beside 0–0.05), titled as twins
        assertEquals(f.panel("dft").y().max(), f.panel("dft-b").y().max(), 0.0);
        assertEquals("A: |F_l|² of the weights", f.panel("dft").title());
        assertEquals("B: |F_l|² of the weights", f.panel("dft-b").title());
        assertTrue(f.panel("kl").notes().stream().anyMatch(n -> n.startsWith("B: DFT condition fails")),
                f.panel("kl").notes().toString());
    }

    /** Through the compute thread: play, scrub back, continue from there, all for both runs at once. */
    @Test
    void theRunLoopDrivesBothRunsAndScrubsThemTogether() throws Exception {
        Mailbox<Snapshot> box = new Mailbox<>();
        try (RunLoop loop = new RunLoop(box)) {
            Lab c = ComparisonLab.suggested(lab, small());
            loop.start(c, small(), null, false);
            await(box, s -> s.historySize() == 1);
            for (int i = 0; i < 5; i++) {
                loop.step();
            }
            Snapshot at5 = await(box, s -> s.iteration() == 5);
            assertEquals(2, at5.figure().panels(Panel.Kind.GEOMETRY).size());
            loop.seekIteration(2);
            Snapshot at2 = await(box, s -> s.iteration() == 2 && !s.atLiveEnd());
            assertTrue(at2.figure().panels(Panel.Kind.GEOMETRY).get(1).notes().get(0).startsWith("iteration 2"));
            loop.resumeFromCursor(false);
            for (int i = 0; i < 3; i++) {
                loop.step();
            }
            Snapshot again = await(box, s -> s.iteration() == 5 && s.historySize() == 6);
            assertArrayEquals(at5.row(), again.row());
        }
    }

    private static Snapshot await(Mailbox<Snapshot> box, Predicate<Snapshot> p) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            Snapshot s = box.peek();
            if (s != null && p.test(s)) {
                return s;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last: " + box.peek());
    }

    @Test
    void describeNamesTheValueCompactly() {
        ParamValues p = small();
        assertEquals("sample, n = 600", ComparisonLab.describe(p, "population"));
        assertEquals("population (n = ∞)", ComparisonLab.describe(p.with("population", "true"), "population"));
        assertEquals("radius r₀ = auto", ComparisonLab.describe(p, "radius"));
        assertEquals("initialisation = lloyd", ComparisonLab.describe(p.with("init", "lloyd"), "init"));
        LabRun run = ComparisonLab.of(lab, "init", "lloyd").start(p, null);
        assertEquals("initialisation = simplex vs initialisation = lloyd", ((PairedRun) run).label());
    }

    @Test
    void anOnlineLabKeepsCountingSamplesInAComparison() {
        Lab recursive = new org.emlab.core.labs.recursive.MlrRecursiveLab();
        ParamValues p = recursive.defaults().with("batch", "200");
        PairedRun r = (PairedRun) ComparisonLab.of(recursive, "regressors", "iid").start(p, null);
        StepEngine e = r.engine();
        e.step();
        e.step();
        // one step consumes 200 samples in each run, as in a single run of the lab
        assertEquals(400, r.a().engine().iteration());
        assertEquals(r.a().engine().iteration(), e.iteration());
        History h = History.forRun(e.columns(), e.state().length);
        h.record(e.iteration(), row(e), e.state());
        String notes = r.figure(h, 0, Map.of()).panels().get(0).notes().toString();
        assertTrue(notes.contains("n = 401"), notes);
    }

    @Test
    void aRoleBothRunsDrawIsListedOnceInTheLegend() {
        double[] x = {1, 2};
        Panel pa = new Panel("err", "error", Panel.Kind.CURVE, org.emlab.core.figure.Axis.iterations(),
                org.emlab.core.figure.Axis.log("error"), false, List.of(
                        new Layer.Line("error", Ink.line(0), x, x),
                        new Layer.Line("theory rate", Ink.dotted(Ink.FOREGROUND), x, x),
                        new Layer.Line("fitted tail", Ink.dashed(4), x, x)), List.of());
        Panel pb = new Panel("err", "error", Panel.Kind.CURVE, org.emlab.core.figure.Axis.iterations(),
                org.emlab.core.figure.Axis.log("error"), false, List.of(
                        new Layer.Line("error", Ink.line(0), x, x),
                        new Layer.Line("theory rate", Ink.dotted(Ink.FOREGROUND), x, x)), List.of());
        List<String> names = new ArrayList<>();
        for (Layer l : ComparisonFigure.overlay(pa, pb, "A: k = 3", "B: k = 4").layers()) {
            names.add(((Layer.Line) l).name());
        }
        // the same theory line in both runs: listed once, B's copy left out
        assertEquals(Arrays.asList("A: k = 3", "theory rate", "A: fitted tail", "B: k = 4"), names);
    }
    /**
     * gmm with k = 3 against k = 2: in a panel of several measured curves every curve of both runs is named in the
     * legend (BIC is not just "A: k = 3", B's AIC is not folded into A's), and the weights π_j keep their
     * components' colours, the runs told apart by the dash.
     */
    @Test
    void everyMeasuredCurveOfAPanelOfSeveralIsNamedForItsRun() {
        Lab gmm = org.emlab.core.labs.LabRegistry.get("gmm");
        ParamValues a = gmm.defaults().with("k", "3").with("n", "300").with("seed", "5");
        PairedRun r = (PairedRun) ComparisonLab.of(gmm, "k", "2").start(a, null);
        History h = stepped(r.engine(), 5);
        Figure f = r.figure(h, 5, Map.of());
        List<String> criteria = legend(f.panel("criteria"));
        assertEquals(List.of(r.nameA() + " · BIC", "A: AIC", r.nameB() + " · BIC", "B: AIC"), criteria);
        List<Layer.Line> weights = new ArrayList<>();
        for (Layer l : f.panel("weights").layers()) {
            if (l instanceof Layer.Line ln && ln.name() != null) {
                weights.add(ln);
            }
        }
        assertEquals(List.of(r.nameA() + " · π1", "A: π2", "A: π3", r.nameB() + " · π1", "B: π2"),
                weights.stream().map(Layer.Line::name).toList());
        for (int j = 0; j < 5; j++) {
            boolean b = j >= 3;
            int component = b ? j - 3 : j;
            assertEquals(component, weights.get(j).ink().color(), weights.get(j).name() + ": its component's colour");
            assertEquals(b ? Ink.Dash.DASH_DOT : Ink.Dash.SOLID, weights.get(j).ink().dash(), weights.get(j).name());
        }
    }

    /**
     * Every lab's A/B figure, one contrast each: in every curve panel no two legend entries look alike (the same
     * colour, dash and swatch), and each run's reference lines stay in their black or grey ink (a floor drawn in
     * B's colour and dash was taken for B's data, the legend naming it as something else).
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mlr-overspec;n;4000", "mlr-clustered;m;64", "gmm-simplex;weights;0.4,0.3,0.3", "mlr-recursive;p;0.8",
        "gmm-overparam;inner_steps;1", "gmm;k;2", "mlr;k;3"})
    void noTwoLegendEntriesOfAnABFigureLookAlike(String labId, String param, String value) {
        Lab l = org.emlab.core.labs.LabRegistry.get(labId);
        ParamValues a = l.defaults();
        PairedRun r = (PairedRun) ComparisonLab.of(l, param, value).start(a, null);
        History h = stepped(r.engine(), 30);
        Figure f = r.figure(h, h.size() - 1, Map.of());
        for (Panel p : f.panels(Panel.Kind.CURVE)) {
            List<String> styles = new ArrayList<>();
            for (org.emlab.core.figure.render.PanelLayout.Named n : org.emlab.core.figure.render.PanelLayout.entries(p)) {
                String style = n.ink().color() + " " + n.ink().dash() + " " + n.swatch();
                assertTrue(!styles.contains(style), labId + " / " + p.id() + ": \"" + n.name() + "\" looks like an earlier "
                        + "entry (" + style + ") in " + legend(p));
                styles.add(style);
            }
            for (Layer layer : p.layers()) {
                if (layer instanceof Layer.Line ln && ln.name() != null && !ComparisonFigure.isCursor(layer)) {
                    boolean reference = ln.name().contains("theory") || ln.name().contains("floor")
                            || ln.name().contains("bound") || ln.name().contains("oracle");
                    assertTrue(!reference || ln.ink().color() < 0, labId + " / " + p.id() + ": reference line \""
                            + ln.name() + "\" drawn in a run's colour " + ln.ink().color());
                }
            }
        }
    }

    private static List<String> legend(Panel p) {
        List<String> names = new ArrayList<>();
        for (org.emlab.core.figure.render.PanelLayout.Named n : org.emlab.core.figure.render.PanelLayout.entries(p)) {
            names.add(n.name());
        }
        return names;
    }

    @Test
    void aSharedRoleThatOneRunDoesNotDrawIsNamedForTheRunThatDraws() {
        double[] x = {1, 2, 3};
        double nan = Double.NaN;
        List<Layer> layers = List.of(
                new Layer.Line("A: run", Ink.line(0xFF0072B2), x, new double[] {1, 0.5, 0.25}),
                new Layer.Line("A: numerical error", Ink.dotted(0xFF0072B2), x, new double[] {nan, nan, nan}),
                new Layer.Line("A: theory", Ink.dotted(0xFF0072B2), x, new double[] {1, 0.5, 0.3}),
                new Layer.Line("A: floor", Ink.dashed(Ink.MUTED), x, new double[] {0.1, 0.1, 0.1}),
                new Layer.Line("B: run", Ink.line(0xFFD55E00), x, new double[] {1, 0.1, 0.01}),
                new Layer.Line("B: numerical error", Ink.dotted(0xFFD55E00), x, new double[] {1e-9, 1e-9, 1e-9}),
                new Layer.Line("B: theory", Ink.dotted(0xFFD55E00), x, new double[] {1, 0.1, 0.02}),
                new Layer.Line("B: floor", Ink.line(Ink.MUTED), x, new double[] {0.1, 0.1, 0.1}));
        List<String> names = new ArrayList<>();
        Panel p = new Panel("err", "error", Panel.Kind.CURVE, null, null, false,
                ComparisonFigure.sharedRoles(layers, "A: run", "B: run"), List.of());
        for (org.emlab.core.figure.render.PanelLayout.Named n : org.emlab.core.figure.render.PanelLayout.entries(p)) {
            names.add(n.name());
        }
        // A's ε line draws nothing: no entry for it, and B's keeps its prefix; each run's own theory line (they
        // differ) keeps its run's name; the floor, the same line in both, is listed once and drawn once
        assertEquals(List.of("A: run", "A: theory", "floor", "B: run", "B: numerical error", "B: theory"), names);
        assertEquals(layers.size() - 1, ComparisonFigure.sharedRoles(layers, "A: run", "B: run").size());
    }
}
