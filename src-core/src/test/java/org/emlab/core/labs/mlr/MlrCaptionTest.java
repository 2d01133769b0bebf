package org.emlab.core.labs.mlr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;

/** The log-likelihood panel's notes of mlr for a run still rising, one at a fixed point and one changing only at rounding. */
class MlrCaptionTest {
    private static History history(double... ll) {
        History h = new History(List.of("loglik"), 1000);
        for (int i = 0; i < ll.length; i++) {
            h.record(i, new double[] {ll[i]}, new double[] {ll[i]});
        }
        return h;
    }

    @Test
    void aRunStillRisingSaysByHowMuch() {
        List<String> notes = MlrRun.loglikNotes(history(-1200, -1150, -1131.5, -1130.3), 3, 272);
        assertEquals("ℓ still rising: +1.2 in the last iteration", notes.get(1));
        assertEquals("ℓ/n = −4.156", notes.get(2));
    }

    @Test
    void aStuckRunIsAtAFixedPointSinceWhenItStoppedMoving() {
        double[] ll = new double[60];
        for (int i = 0; i < 60; i++) {
            ll[i] = i < 20 ? -1200 + 3 * i : -1140.2639601847;
        }
        List<String> notes = MlrRun.loglikNotes(history(ll), 59, 272);
        assertEquals("ℓ at a fixed point since t ≈ 20 (changes below 1e−10·|ℓ| per iteration)", notes.get(1));
    }

    @Test
    void aChangeBelowRoundingIsCalledRounding() {
        double l = -1130.2639601847;
        List<String> notes = MlrRun.loglikNotes(history(-1200, -1135, l, l + Math.ulp(l)), 3, 272);
        assertTrue(notes.get(1).startsWith("ℓ changes only at rounding"), notes.toString());
    }
}
