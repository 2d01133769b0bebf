package org.emlab.core.labs.simplex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/**
 * The theory rate in the KL panel of the default run (a sample of 10⁴, whose curve leaves the geometric rate for
 * its floor after about 20 iterations): drawn across the run, not only over the few iterations of the fitted
 * tail, where it lay hidden under the curve; its slope the theory's 2·log(1 − min|F_l|²).
 */
class GmmSimplexTheoryLineTest {
    @Test
    void theTheoryRateIsDrawnBeyondTheFittedTailWithTheTheorysSlope() {
        Lab lab = LabRegistry.get("gmm-simplex");
        LabRun run = lab.start(lab.defaults(), null);
        History h = HeadlessRun.run(run, 120);
        Figure f = HeadlessRun.figure(run, h, HeadlessRun.defaultView(lab, lab.defaults()));
        Panel kl = f.panels().stream().filter(p -> p.id().equals("kl")).findFirst().orElseThrow();
        Layer.Line theory = null;
        Layer.Line tail = null;
        Layer.Line curve = null;
        for (Layer l : kl.layers()) {
            if (l instanceof Layer.Line line) {
                if ("theory rate".equals(line.name())) {
                    theory = line;
                } else if ("fitted tail".equals(line.name())) {
                    tail = line;
                } else if (curve == null && line.name() != null && line.name().startsWith("KL")) {
                    curve = line;
                }
            }
        }
        assertNotNull(theory, "a theory rate line");
        assertNotNull(tail, "a fitted tail");
        assertNotNull(curve, "the KL curve");
        double[] tx = theory.x();
        double[] ty = theory.y();
        int m = tx.length;
        double tailFrom = tail.x()[0];
        double tailTo = tail.x()[tail.x().length - 1];
        // weights (0.5, 0.3, 0.2): F_1 = 0.5 + 0.3·e^{−2πi/3} + 0.2·e^{−4πi/3} = 0.25 − 0.0866i, |F_1|² = 0.07
        double slope = 2 * Math.log(1 - 0.07);
        assertEquals(slope, (Math.log(ty[m - 1]) - Math.log(ty[0])) / (tx[m - 1] - tx[0]), 1e-9);
        assertEquals(0, tx[0], 0, "from the run's first iteration");
        assertTrue(tx[m - 1] - tx[0] > 3 * (tailTo - tailFrom), "longer than the fitted window [" + tailFrom + ", "
                + tailTo + "]: it ends at " + tx[m - 1]);
        // inside the curve's range: down to its smallest value, no lower
        double lo = Double.POSITIVE_INFINITY;
        for (double v : curve.y()) {
            if (v > 0) {
                lo = Math.min(lo, v);
            }
        }
        assertEquals(lo, ty[m - 1], lo * 1e-9, "cut where it reaches the curve's smallest value");
    }
}
