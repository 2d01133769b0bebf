package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every lab must honour (STYLE.md's contract test): valid defaults, a seed, rejection of bad
 * input, determinism, finite values, unique documented columns, and figures that are deep copies.
 */
class LabContractTest {
    /** Trajectory metrics required by the lab catalogue of MODELS.md. */
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
}
