package org.emlab.core.labs.gmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.emlab.core.em.GaussianMixtureEm;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default start of {@code gmm} (greedy k-means++ and Lloyd, each component with its cluster's
 * weight and covariance, 5 seeded restarts; docs/labs/gmm.md, "Initialisation") reaches the best
 * optimum that 40 scikit-learn-style k-means++ starts find, on two data sets with several local optima:
 * iris (4 columns, k = 4) and mclust's wreath (k = 14), full covariances.
 *
 * <p>The reference is computed outside the app by
 * {@code src/test/resources/reference/gmm_kmeanspp_best.py}: its own greedy k-means++, Lloyd, one M-step
 * from the hard labels without a ridge, then textbook EM to |Δℓ| &lt; 1e-12; degenerate fits (a
 * covariance eigenvalue below 1e-8 of the data variance) excluded. Its output, pasted: iris k = 4, best
 * ℓ = −163.0618437340 (reached by 19 of 40 starts; the others end at −166.664 and −164.284); wreath
 * k = 14, best ℓ = −5244.5142766400 (36 of 40). The app's run (seed 1) is stepped to convergence and
 * must end within 1e-6 of that value, with the floor not binding, and say which start won.
 */
class GmmRestartsTest {
    @ParameterizedTest
    @CsvSource({
        "iris.csv, '1,2,3,4', 4, -163.0618437340",
        "wreath.csv, all, 14, -5244.5142766400"})
    void theDefaultStartReachesTheBestOfFortySklearnStyleStarts(String file, String columns, int k, double best)
            throws Exception {
        Path data = Path.of(GmmRestartsTest.class.getResource("/data/" + file).toURI());
        GmmLab lab = (GmmLab) LabRegistry.get("gmm");
        ParamValues p = lab.defaults().with("data", data.toString()).with("columns", columns).with("k", Integer.toString(k))
                .with("covariance", "full");
        assertEquals(5, p.getInt("restarts"));
        assertEquals("kmeans++", p.getString("init"));
        LabRun run = lab.start(p, null);
        GaussianMixtureEm em = (GaussianMixtureEm) run.engine();
        History h = HeadlessRun.run(run, 0);
        List<History.Event> events = h.events();
        assertEquals(1, events.size(), events.toString());
        assertEquals(0, events.get(0).iteration());
        assertTrue(events.get(0).text().startsWith("restarts: start "), events.get(0).text());
        // ℓ < 0 here, written with the minus sign the notes use (not a hyphen)
        assertTrue(events.get(0).text().contains("won with ℓ = −") && !events.get(0).text().contains("-"),
                events.get(0).text());
        double prev = em.logLikelihood();
        for (int t = 0; t < 5000 && !em.finished(); t++) {
            em.step();
            double ll = em.logLikelihood();
            if (Math.abs(ll - prev) < 1e-13 * Math.abs(ll)) {
                break;
            }
            prev = ll;
        }
        assertFalse(em.finished(), em.finishedReason());
        assertEquals(List.of(), em.floorBinding());
        assertEquals(best, em.logLikelihood(), 1e-6);
    }
}
