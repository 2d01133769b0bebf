package org.emlab.core.labs.simplex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.emlab.core.lab.LabRun;

/**
 * The half-step display pattern (StepEngine Javadoc) in gmm-simplex: after the E-step the points
 * are coloured by the responsibilities at the current means while the means have not moved; after
 * the M-step the means move and the colours stay. The oracle colours are the argmax of
 * {@code log π_j + <x_i, μ_j>} with the means read from the recorded trajectory row (the common
 * −‖μ_j‖²/2 cancels because every mean has the same norm).
 */
class GmmSimplexHalfStepViewTest {
    private static final double[] PI = {0.5, 0.3, 0.2};

    private static int[] oracleColours(Dataset x, double[] row, int muBase) {
        int[] c = new int[x.n()];
        for (int i = 0; i < x.n(); i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                double a = Math.log(PI[j]) + x.x(i, 0) * row[muBase + 2 * j] + x.x(i, 1) * row[muBase + 2 * j + 1];
                if (a > best) {
                    best = a;
                    c[i] = j;
                }
            }
        }
        return c;
    }

    private static Layer.Points data(Panel geometry) {
        for (Layer l : geometry.layers()) {
            if (l instanceof Layer.Points p && p.name() != null && p.name().startsWith("data")) {
                return p;
            }
        }
        throw new AssertionError("no data layer");
    }

    private static double[] means(Panel geometry) {
        double[] m = new double[6];
        for (Layer l : geometry.layers()) {
            if (l instanceof Layer.Points p && p.name() != null && p.name().startsWith("μ")) {
                int j = p.name().charAt(1) - '1';
                m[2 * j] = p.x()[0];
                m[2 * j + 1] = p.y()[0];
            }
        }
        return m;
    }

    @Test
    void betweenEAndMTheColoursAreNewAndTheMeansOld() {
        GmmSimplexLab lab = new GmmSimplexLab();
        LabRun run = lab.start(lab.defaults().with("n", "400").with("seed", "8"), null);
        StepEngine e = run.engine();
        History h = History.forRun(e.columns(), e.state().length);
        double[] row = new double[e.columns().size()];
        e.row(row);
        h.record(0, row.clone(), e.state());
        e.step();
        e.row(row);
        h.record(1, row.clone(), e.state());
        int mu = e.columns().indexOf("mu_1_1");
        double[] row1 = h.row(1);

        e.halfStep(); // E-step at θ_1
        Panel afterE = run.figure(h, h.size() - 1, Map.of()).panel("geometry");
        Layer.Points pts = data(afterE);
        assertNotNull(pts.colors(), "the data are coloured by responsibility after an E-step");
        int[] expected = oracleColours(run.data(), row1, mu);
        assertArrayEquals(expected, pts.colors());
        assertArrayEquals(java.util.Arrays.copyOfRange(row1, mu, mu + 6), means(afterE), 0.0, "means unchanged");
        int[] before = oracleColours(run.data(), h.row(0), mu);
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != expected[i]) {
                changed++;
            }
        }
        assertTrue(e.caption().endsWith(changed + " points changed their most likely component"), e.caption());

        e.halfStep(); // M-step
        e.row(row);
        h.record(2, row.clone(), e.state());
        Panel afterM = run.figure(h, h.size() - 1, Map.of()).panel("geometry");
        assertArrayEquals(expected, data(afterM).colors(), "colours stay until the next E-step");
        assertArrayEquals(java.util.Arrays.copyOfRange(row, mu, mu + 6), means(afterM), 0.0);
        assertTrue(Math.abs(row[mu] - row1[mu]) > 1e-6, "the means moved");
        assertEquals(2, e.iteration());
    }
}
