package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.GaussianMixtureEm.Covariance;
import org.emlab.core.text.Numbers;
import org.junit.jupiter.api.Test;

/**
 * Captions formatted when read ({@link StepCaption}) say what they said when formatted at the step: the
 * numbers of that step, once, and never a caption the engine has since replaced.
 */
class StepCaptionTest {
    @Test
    void formatsOnceWhenFirstRead() {
        AtomicInteger calls = new AtomicInteger();
        StepCaption c = new StepCaption("initialised");
        c.later(() -> "step " + calls.incrementAndGet());
        assertEquals(0, calls.get());
        assertEquals("step 1", c.text());
        assertEquals("step 1", c.text());
        assertEquals(1, calls.get());
    }

    @Test
    void plainTextReplacesAPendingCaption() {
        AtomicInteger calls = new AtomicInteger();
        StepCaption c = new StepCaption("initialised");
        c.later(() -> "step " + calls.incrementAndGet());
        c.set("at iteration 3");
        assertEquals("at iteration 3", c.text());
        assertEquals(0, calls.get());
    }

    /**
     * Two groups on a line, k = 2, diagonal covariances: the E-step's caption names ℓ at θ_0, the M-step's
     * the largest move of a mean, worked out here from the means before and after it. The M-step's caption
     * is read only after ℓ at θ_1 has been computed (a sweep that rewrites the engine's state), so it must
     * carry the numbers of its own step.
     */
    @Test
    void aCaptionReadLateNamesTheNumbersOfItsStep() {
        double[] line = {-1, -0.5, 0, 0.5, 1, 9, 9.5, 10, 10.5, 11};
        GaussianMixtureEm em = new GaussianMixtureEm(Dataset.points(10, 1, line), Covariance.DIAG, 1e-6,
                new double[] {0.5, 0.5}, new double[] {1, 8}, new double[] {1, 1});
        double ll0 = em.logLikelihood();
        em.eStep();
        assertEquals("E-step: responsibilities updated (ℓ = " + Numbers.compact(ll0, 6) + ")", em.caption());

        double[] before = em.means().clone();
        em.mStep();
        double[] after = em.means().clone();
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
            moved = Math.max(moved, Math.abs(after[i] - before[i]));
        }
        double ll1 = em.logLikelihood();
        assertTrue(ll1 > ll0, "EM raised ℓ");
        assertEquals("M-step: means moved by at most " + Numbers.compact(moved, 3), em.caption());
        em.eStep();
        assertEquals("E-step: responsibilities updated (ℓ = " + Numbers.compact(ll1, 6) + ")", em.caption());
        assertTrue(em.caption().contains("(ℓ = −"), "ℓ < 0 here, written with the true minus: " + em.caption());
    }
}
