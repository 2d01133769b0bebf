package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;
import org.emlab.core.labs.LabRegistry;

/** Lab.unused names only real parameters, and what it names has no effect on the run. */
class UnusedParametersTest {
    @Test
    void everyLabNamesOnlyItsOwnParametersWithAReason() {
        for (Lab lab : LabRegistry.all()) {
            Set<String> names = new java.util.HashSet<>();
            for (ParamSpec s : lab.parameters()) {
                names.add(s.name());
            }
            for (ParamValues p : new ParamValues[] {lab.defaults(), population(lab)}) {
                for (Map.Entry<String, String> e : lab.unused(p).entrySet()) {
                    assertTrue(names.contains(e.getKey()), lab.id() + ": " + e.getKey());
                    assertTrue(e.getValue().startsWith("not used") || e.getValue().startsWith("used only"), e.getValue());
                }
            }
        }
    }

    private static ParamValues population(Lab lab) {
        ParamValues p = lab.defaults();
        return p.has("population") ? p.with("population", "true") : p;
    }

    /** The claim behind the dimming: changing an unused parameter leaves the trajectory as it was. */
    @Test
    void changingAnUnusedParameterChangesNothing() {
        check(LabRegistry.get("gmm-simplex"), LabRegistry.get("gmm-simplex").defaults().with("population", "true"), "n", "50");
        check(LabRegistry.get("mlr-overspec"), LabRegistry.get("mlr-overspec").defaults().with("population", "true"), "n", "50");
        Lab gmm = LabRegistry.get("gmm");
        ParamValues faithful = gmm.defaults().with("data", "faithful").with("k", "2");
        check(gmm, faithful, "separation", "2");
        check(gmm, faithful, "n", "40");
        check(gmm, gmm.defaults(), "init_means", "1,2,3,4,5,6");
        check(gmm, gmm.defaults(), "columns", "x1");
        Lab mlr = LabRegistry.get("mlr");
        ParamValues tone = mlr.defaults().with("data", "tonedata");
        check(mlr, tone, "sigma", "3");
        check(mlr, mlr.defaults(), "init_beta", "1,2,3,4");
    }

    private static void check(Lab lab, ParamValues p, String name, String other) {
        assertTrue(lab.unused(p).containsKey(name), lab.id() + " " + name);
        ParamValues q = p.with(name, other);
        assertEquals(trajectory(lab, p), trajectory(lab, q), lab.id() + ": " + name + " = " + other + " changed the run");
    }

    private static String trajectory(Lab lab, ParamValues p) {
        LabRun run = lab.start(p, null);
        StringBuilder out = new StringBuilder();
        double[] row = new double[run.engine().columns().size()];
        for (int t = 0; t < 5; t++) {
            run.engine().step();
            run.engine().row(row);
            out.append(java.util.Arrays.toString(row)).append('\n');
        }
        return out.toString();
    }
}
