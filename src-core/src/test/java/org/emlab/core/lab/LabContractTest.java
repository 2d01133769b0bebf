package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.emlab.core.labs.LabRegistry;

/**
 * What every lab must honour (STYLE.md's contract test): valid defaults, a seed, rejection of bad
 * input, determinism, finite values, unique documented columns, and figures that are deep copies.
 */
class LabContractTest {
    /** Trajectory metrics required by the lab catalogue of docs/labs. */
    private static final Map<String, List<String>> CATALOGUE_METRICS = Map.of(
            "mlr-overspec", List.of("error", "loglik", "kl"),
            "mlr-clustered", List.of("error", "loglik", "iid_error"),
            "gmm-simplex", List.of("kl", "loglik", "radius"),
            "mlr-recursive", List.of("error", "accuracy", "oracle_accuracy", "q"),
            "gmm-overparam", List.of("loss", "active"),
            "gmm", List.of("loglik", "bic"),
            "mlr", List.of("loglik"));

    static Stream<Lab> labs() {
        return LabRegistry.all().stream();
    }

    /** Defaults, made small enough for a unit test. */
    static ParamValues small(Lab lab) {
        ParamValues p = lab.defaults();
        for (String name : List.of("n", "N")) {
            if (p.has(name) && p.spec(name).type() == org.emlab.core.param.ParamType.INT && p.getInt(name) > 2000) {
                p = p.with(name, "2000");
            }
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("labs")
    void defaultsAreValidAndHaveASeed(Lab lab) {
        lab.validate(lab.defaults());
        assertTrue(lab.defaults().has("seed"), lab.id());
        assertFalse(lab.claim().isBlank());
        assertFalse(lab.citation().isBlank());
        for (ParamSpec s : lab.parameters()) {
            assertFalse(s.tooltip().isBlank(), lab.id() + "." + s.name() + " needs a tooltip");
            assertTrue(ParamSpec.GROUPS.contains(s.group()), lab.id() + "." + s.name() + " group " + s.group());
        }
    }

    @ParameterizedTest
    @MethodSource("labs")
    void columnsAreUniqueAndIncludeTheCatalogueMetrics(Lab lab) {
        StepEngine e = lab.start(small(lab), null).engine();
        List<String> cols = e.columns();
        assertEquals(cols.size(), new HashSet<>(cols).size(), "duplicate columns in " + lab.id());
        assertFalse(cols.contains("iter"));
        for (String m : CATALOGUE_METRICS.getOrDefault(lab.id(), List.of())) {
            assertTrue(cols.contains(m), lab.id() + " lacks " + m);
        }
    }

    @ParameterizedTest
    @MethodSource("labs")
    void sameSeedSameRunAndEveryValueFinite(Lab lab) {
        for (boolean population : new boolean[] {false, true}) {
            ParamValues p = small(lab);
            if (population) {
                if (!p.has("population")) {
                    continue;
                }
                p = p.with("population", "true");
            }
            StepEngine a = lab.start(p, null).engine();
            StepEngine b = lab.start(p, null).engine();
            double[] ra = new double[a.columns().size()];
            double[] rb = new double[ra.length];
            for (int t = 0; t <= 5; t++) {
                if (t > 0) {
                    a.step();
                    b.step();
                }
                a.row(ra);
                b.row(rb);
                assertArrayEquals(ra, rb, lab.id() + " t=" + t);
                for (int c = 0; c < ra.length; c++) {
                    assertTrue(Double.isFinite(ra[c]), lab.id() + " " + a.columns().get(c) + " = " + ra[c] + " at t=" + t);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("labs")
    void restoringAStateReproducesTheSameContinuation(Lab lab) {
        StepEngine e = lab.start(small(lab), null).engine();
        e.step();
        double[] s1 = e.state();
        e.step();
        e.step();
        double[] r3 = new double[e.columns().size()];
        e.row(r3);
        e.restore(s1, 1);
        e.step();
        e.step();
        double[] again = new double[r3.length];
        e.row(again);
        assertArrayEquals(r3, again, lab.id());
        assertEquals(3, e.iteration());
    }

    @ParameterizedTest
    @MethodSource("labs")
    void badInputIsRejectedWithTheFieldNamed(Lab lab) {
        ValidationException u = assertThrows(ValidationException.class, () -> lab.defaults().with("no_such", "1"));
        assertEquals("no_such", u.errors().get(0).field());
        ValidationException s = assertThrows(ValidationException.class, () -> lab.defaults().with("seed", "-1"));
        assertTrue(s.getMessage().startsWith("seed"), s.getMessage());
    }

    @ParameterizedTest
    @MethodSource("labs")
    void figuresAreFreshCopies(Lab lab) {
        LabRun run = lab.start(small(lab), null);
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        for (int t = 0; t <= 3; t++) {
            if (t > 0) {
                e.step();
            }
            e.row(row);
            h.record(e.iteration(), row.clone(), e.state());
        }
        Figure f1 = run.figure(h, h.size() - 1, Map.of());
        assertFalse(f1.panels(Panel.Kind.GEOMETRY).isEmpty(), lab.id() + " has no geometry panel");
        assertFalse(f1.panels(Panel.Kind.CURVE).isEmpty(), lab.id() + " has no curve panel");
        Layer.Line line = null;
        for (Panel p : f1.panels(Panel.Kind.CURVE)) {
            for (Layer l : p.layers()) {
                if (l instanceof Layer.Line ln && ln.size() > 2 && line == null) {
                    line = ln;
                }
            }
        }
        if (line != null) {
            double before = line.y()[1];
            line.y()[1] = 12345.0;
            Figure f2 = run.figure(h, h.size() - 1, Map.of());
            for (Panel p : f2.panels(Panel.Kind.CURVE)) {
                for (Layer l : p.layers()) {
                    if (l instanceof Layer.Line ln && ln.size() > 2) {
                        assertFalse(ln.y() == line.y(), "figure arrays must not be shared between calls");
                    }
                }
            }
            line.y()[1] = before;
        }
    }
    /** Every lab variant worth checking: the small defaults, and population mode where the lab has it. */
    static List<ParamValues> variants(Lab lab) {
        ParamValues p = small(lab);
        return p.has("population") ? List.of(p, p.with("population", "true")) : List.of(p);
    }

    private static double[] row(StepEngine e) {
        double[] r = new double[e.columns().size()];
        e.row(r);
        return r;
    }

    /**
     * Half-steps (StepEngine contract): the E-step leaves every parameter column and the iteration
     * unchanged and says "E-step"; the M-step completes the iteration and says "M-step"; E then M
     * equals a full step bit for bit (rows and state), and a full step from a pending E completes it.
     */
    @ParameterizedTest
    @MethodSource("labs")
    void halfStepsComposeToAFullStepBitForBit(Lab lab) {
        for (ParamValues p : variants(lab)) {
            StepEngine full = lab.start(p, null).engine();
            StepEngine half = lab.start(p, null).engine();
            StepEngine mixed = lab.start(p, null).engine();
            if (!half.hasHalfSteps()) {
                half.halfStep();
                full.step();
                assertArrayEquals(row(full), row(half), lab.id() + ": without half-steps a half-step is a step");
                continue;
            }
            int params = half.columns().size() - half.metricCount();
            for (int t = 1; t <= 4; t++) {
                double[] before = row(half);
                half.halfStep();
                String where = lab.id() + " " + p.describe() + " t=" + t;
                assertEquals(StepEngine.Phase.AFTER_E, half.phase(), where);
                assertEquals(t - 1, half.iteration(), where);
                List<String> names = half.halfStepNames();
                assertTrue(half.caption().startsWith(names.get(0)), where + ": " + half.caption());
                double[] afterE = row(half);
                if (names.get(0).equals("E-step")) {
                    assertArrayEquals(Arrays.copyOfRange(before, before.length - params, before.length),
                            Arrays.copyOfRange(afterE, afterE.length - params, afterE.length),
                            where + ": the E-step moved a parameter");
                }
                half.halfStep();
                assertEquals(StepEngine.Phase.BEFORE_E, half.phase(), where);
                assertTrue(half.caption().startsWith(names.get(1)), where + ": " + half.caption());
                full.step();
                assertEquals(full.iteration(), half.iteration(), where);
                assertArrayEquals(row(full), row(half), where + ": E + M must equal a full step");
                assertArrayEquals(full.state(), half.state(), where);
                mixed.halfStep();
                mixed.step();
                assertArrayEquals(row(full), row(mixed), where + ": step() must complete a pending E-step");
            }
        }
    }

    /**
     * The timeline's contract: restoring any recorded entry gives back exactly the recorded row and
     * state (bit for bit), and stepping on from there reproduces the recorded future.
     */
    @ParameterizedTest
    @MethodSource("labs")
    void restoringAnyRecordedEntryGivesTheRecordedRowAndStateBitForBit(Lab lab) {
        for (ParamValues p : variants(lab)) {
            StepEngine e = lab.start(p, null).engine();
            History h = History.forRun(e.columns(), e.state().length);
            h.record(0, row(e), e.state());
            for (int t = 1; t <= 8; t++) {
                e.step();
                h.record(e.iteration(), row(e), e.state());
            }
            for (int i : new int[] {3, 0, 7, 1, 8, 5}) {
                e.restore(h.state(i), h.iteration(i));
                String where = lab.id() + " " + p.describe() + " entry " + i;
                assertEquals(h.iteration(i), e.iteration(), where);
                assertArrayEquals(h.row(i), row(e), where);
                assertArrayEquals(h.state(i), e.state(), where);
            }
            e.restore(h.state(2), h.iteration(2));
            for (int i = 3; i <= 8; i++) {
                e.step();
                assertArrayEquals(h.row(i), row(e), lab.id() + " continued to entry " + i);
            }
        }
    }

    /**
     * The suggested A/B contrast names a real parameter with a valid value, and keeps the data:
     * B's sample is identical to A's (unless B is the population side, which has none).
     */
    @ParameterizedTest
    @MethodSource("labs")
    void suggestedComparisonIsValidAndKeepsTheData(Lab lab) {
        ParamValues a = small(lab);
        java.util.Optional<Lab.Contrast> c = lab.suggestedComparison(a);
        if (c.isEmpty()) {
            return;
        }
        ParamValues b = a.with(c.get().param(), c.get().value());
        lab.validate(b);
        assertEquals(List.of(c.get().param()), a.differences(b), lab.id());
        assertFalse(c.get().label().isBlank(), lab.id());
        Dataset da = lab.start(a, null).data();
        Dataset db = lab.start(b, null).data();
        if (da != null && db != null) {
            assertArrayEquals(da.x(), db.x(), lab.id());
            assertArrayEquals(da.y(), db.y(), lab.id());
            assertArrayEquals(da.node(), db.node(), lab.id());
        }
    }

    /** The sweep hooks name columns the engine really has, and theory slopes are finite. */
    @ParameterizedTest
    @MethodSource("labs")
    void sweepHooksNameRealColumns(Lab lab) {
        for (ParamValues p : variants(lab)) {
            List<String> cols = lab.start(p, null).engine().columns();
            lab.errorColumn().ifPresent(c -> assertTrue(cols.contains(c), lab.id() + " error column " + c));
            lab.klColumn().ifPresent(c -> assertTrue(cols.contains(c), lab.id() + " KL column " + c));
            for (ParamSpec s : lab.parameters()) {
                for (String stat : List.of("final_error", "iterations_to_eps", "final_kl")) {
                    lab.theorySlope(s.name(), stat, p).ifPresent(v -> assertTrue(Double.isFinite(v), lab.id()));
                }
            }
        }
    }
}
