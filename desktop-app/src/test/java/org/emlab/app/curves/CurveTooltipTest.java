package org.emlab.app.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Panel;
import org.junit.jupiter.api.Test;

/** The hover read-out of a curve names the curve, the iteration and the value. */
class CurveTooltipTest {
    @Test
    void theReadoutShowsTheIterationAndTheValue() {
        Panel kl = new Panel("kl", "KL", Panel.Kind.CURVE, Axis.iterations(), Axis.log("KL"), false, List.of(), List.of());
        assertEquals("KL(N(0,I) ‖ fit)\niteration 12\nKL = 0.00032", CurveTooltip.text("KL(N(0,I) ‖ fit)", 12, 3.2e-4, kl)
                .replace("3.2e−4", "0.00032"));
        assertEquals("iteration 3\nvalue = 1", CurveTooltip.text("", 3, 1, null));
    }
}
