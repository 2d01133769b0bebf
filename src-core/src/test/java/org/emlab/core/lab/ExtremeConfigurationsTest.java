package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.emlab.core.em.StepEngine;
import org.emlab.core.em.SymmetricMlrEm;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.emlab.core.labs.LabRegistry;

/** Configurations the fuzz test found broken, kept as regression tests (each named after what broke). */
class ExtremeConfigurationsTest {

    /**
     * σ = 1e-6, snr = 1e6, π1₀ = 1 − 1e-9 with weight updates: every posterior rounds to +1, so the
     * unclamped π1 = (1 + mean t_i)/2 was exactly 1, ν = atanh(1) = ∞, ℓ = −∞ and the KL quadrature (panels
     * of width 1/|ν|) never ended. The weight floor keeps π1 ≤ 1 − 1e-12.
     */
    @Test
    void mlrOverspecWeightRoundingToOneStaysFiniteAndMonotone() {
        ParamValues p = params("mlr-overspec", "d=1", "n=1500", "sigma=1e-6", "snr=1e6", "p_star=1e-9",
                "population=false", "update_weights=true", "pi0=0.999999999", "b0=50", "init_dir=random", "seed=995440");
        StepEngine e = LabRegistry.get("mlr-overspec").start(p, null).engine();
        List<String> cols = e.columns();
        double[] row = new double[cols.size()];
        double prev = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= 5; t++) {
            if (t > 0) {
                e.step();
            }
            e.row(row);
            for (double v : row) {
                assertTrue(Double.isFinite(v), cols + " " + java.util.Arrays.toString(row));
            }
            double pi1 = row[cols.indexOf("pi_1")];
            assertTrue(pi1 <= 1 - SymmetricMlrEm.WEIGHT_FLOOR && pi1 >= SymmetricMlrEm.WEIGHT_FLOOR, "π1 = " + pi1);
            double ll = row[cols.indexOf(e.monotoneColumn())];
            assertTrue(ll >= prev - 1e-12 * (1 + Math.abs(prev)), prev + " → " + ll);
            prev = ll;
        }
    }

    /**
     * snr = 1e6 with 1500 samples per node: the node log-likelihood was a difference of two terms of
     * about 1e15 and moved in steps of 0.25, so structured EM seemed to lower it; recomputed from the
     * samples without cancellation it never decreases. Also checked: the overspecified-MLR config whose
     * ℓ seemed to fall by 2e-11 through the same kind of cancellation.
     */
    @Test
    void highSnrLogLikelihoodsHaveNoCancellation() {
        assertMonotone("mlr-clustered", params("mlr-clustered", "m=2", "n=1500", "d=2", "sigma=0.9237996603664381", "snr=1000000",
                "population=false", "init_radius=0", "seed=561637"), 6);
        assertMonotone("mlr-overspec", params("mlr-overspec", "d=5", "n=475", "sigma=100", "snr=292.5279851695617",
                "p_star=0.999999999", "population=false", "update_weights=false", "pi0=0.5", "b0=50", "init_dir=e1",
                "seed=306682"), 6);
        // snr = 1e6, n = 45: the rounding of <x, θ> moved ℓ by 1e-11 (compensated residuals since)
        assertMonotone("mlr-overspec", params("mlr-overspec", "d=1", "n=45", "sigma=1", "snr=1000000", "p_star=1.0E-9",
                "population=false", "update_weights=false", "pi0=2.5068817430641126E-9", "b0=9.279081653085619E-5",
                "init_dir=e1", "seed=551050"), 6);
    }

    private static void assertMonotone(String lab, ParamValues p, int steps) {
        StepEngine e = LabRegistry.get(lab).start(p, null).engine();
        List<String> cols = e.columns();
        int mono = cols.indexOf(e.monotoneColumn());
        double[] row = new double[cols.size()];
        double prev = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= steps; t++) {
            if (t > 0) {
                e.step();
            }
            e.row(row);
            assertTrue(row[mono] >= prev - 1e-12 * (1 + Math.abs(prev)), "t=" + t + ": " + prev + " → " + row[mono]);
            prev = row[mono];
        }
    }

    /** A population run started at θ = 0 is finished at once; its figure from the initial row alone draws. */
    @Test
    void gmmSimplexPopulationFinishedAtStartDrawsFromTheInitialRow() {
        ParamValues p = params("gmm-simplex", "d=2", "population=true", "k=3",
                "weights=8.02756375232612E-10,0.6569579942738947,0.34304200492334885", "init=random", "radius=0",
                "seed=231387");
        LabRun r = LabRegistry.get("gmm-simplex").start(p, null);
        StepEngine e = r.engine();
        assertTrue(e.finished());
        double[] row = new double[e.columns().size()];
        e.row(row);
        History h = History.forRun(e.columns(), e.state().length);
        h.record(0, row, e.state());
        assertNull(FigureChecks.firstProblem(r.figure(h, 0, Map.of())));
        assertEquals(1, h.size());
    }

    static ParamValues params(String lab, String... kv) {
        ParamValues p = LabRegistry.get(lab).defaults();
        for (String s : kv) {
            String[] a = s.split("=", 2);
            p = p.with(a[0], a[1]);
        }
        LabRegistry.get(lab).validate(p);
        return p;
    }
}
