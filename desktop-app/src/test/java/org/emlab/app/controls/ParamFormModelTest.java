package org.emlab.app.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

/** The parameter form's view model, without a Stage. */
class ParamFormModelTest {
    private final GmmSimplexLab lab = new GmmSimplexLab();

    @Test
    void anInvalidEditMarksItsFieldAndKeepsTheLastValidValues() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults());
        ParamValues before = m.validProperty().get();
        m.text("k").set("abc");
        assertEquals("k must be an integer in [2, 16] (got \"abc\")", m.error("k").get());
        assertFalse(m.allValidProperty().get());
        assertEquals(before, m.validProperty().get());
        m.text("k").set("3");
        assertEquals("", m.error("k").get());
        assertTrue(m.allValidProperty().get());
    }

    @Test
    void crossFieldRulesAreShownNextToTheFieldTheyName() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults());
        m.text("weights").set("0.5,0.3,0.1");
        assertEquals("weights must sum to 1 (got 0.9)", m.error("weights").get());
        m.text("weights").set("0.5,0.3,0.2");
        m.text("d").set("1");
        assertEquals("d must be at least k − 1 = 2 (got 1)", m.error("d").get());
    }

    @Test
    void aParameterWithoutEffectIsMarkedWithItsReasonAndUnmarkedWhenItMattersAgain() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults());
        assertEquals("", m.unused("n").get());
        m.text("population").set("true");
        assertEquals("not used in population mode (N = ∞)", m.unused("n").get());
        assertEquals("", m.unused("k").get());
        m.text("population").set("false");
        assertEquals("", m.unused("n").get());

        org.emlab.core.lab.Lab gmm = org.emlab.core.labs.LabRegistry.get("gmm");
        ParamFormModel g = new ParamFormModel(gmm, gmm.defaults());
        assertTrue(g.unused("columns").get().startsWith("not used: the data are generated"));
        assertEquals("", g.unused("separation").get());
        g.text("data").set("faithful");
        assertEquals("not used: the data come from faithful, not from a generated truth", g.unused("separation").get());
        assertEquals("", g.unused("columns").get());
        assertEquals("used only with initialisation = given", g.unused("init_means").get());
        g.text("init").set("given");
        assertEquals("", g.unused("init_means").get());
    }

    @Test
    void aValidEditPublishesNewValuesOnce() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults());
        int[] changes = {0};
        m.validProperty().addListener((o, a, b) -> changes[0]++);
        m.text("n").set("2000");
        assertEquals(1, changes[0]);
        assertEquals(2000, m.validProperty().get().getInt("n"));
        m.text("n").set("2000");
        assertEquals(1, changes[0]);
    }

    @Test
    void changingKResizesTheWeightsToAValidDftVector() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults().with("d", "3"));
        m.text("k").set("4");
        assertEquals("0.4,0.3,0.2,0.1", m.text("weights").get());
        assertTrue(m.allValidProperty().get(), m.messages().toString());
        assertEquals(4, m.validProperty().get().getVector("weights").length);
    }

    /** The weights follow k through the core's repair rule: every k the lab allows leaves a form the lab accepts. */
    @Test
    void everyKFromOneToTwentyLeavesWeightsTheSimplexLabAccepts() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults().with("d", "19"));
        everyCountLeavesAnAcceptedForm(m, "k", 2, 16);
    }

    @Test
    void everyMFromOneToTwentyLeavesWeightsTheOverparamLabAccepts() {
        Lab overparam = LabRegistry.get("gmm-overparam");
        ParamFormModel m = new ParamFormModel(overparam, overparam.defaults());
        everyCountLeavesAnAcceptedForm(m, "m", 1, 16);
        m.text("m").set("4");
        assertEquals("0.25,0.25,0.25,0.25", m.text("weights").get(), "gmm-overparam fills uniform weights");
    }

    private static void everyCountLeavesAnAcceptedForm(ParamFormModel m, String count, int min, int max) {
        Lab l = m.lab();
        for (int k = 1; k <= 20; k++) {
            String before = m.text("weights").get();
            m.text(count).set(Integer.toString(k));
            if (k < min || k > max) {
                assertTrue(m.error(count).get().startsWith(count + " must be an integer in"), m.error(count).get());
                assertEquals(before, m.text("weights").get(), "an invalid count leaves the weights alone");
                assertEquals(List.of(m.error(count).get()), m.messages());
                continue;
            }
            assertTrue(m.allValidProperty().get(), count + " = " + k + ": " + m.messages());
            ParamValues p = m.validProperty().get();
            assertNotNull(p);
            assertEquals(k, p.getInt(count));
            assertEquals(k, p.getVector("weights").length);
            l.validate(p);
        }
    }

    @Test
    void weightsTypedTogetherWithKAreKeptAndAWrongLengthTypedAloneIsAnError() {
        ParamFormModel m = new ParamFormModel(lab, lab.defaults().with("d", "3"));
        m.setAll(java.util.Map.of("k", "4", "weights", "0.7,0.1,0.1,0.1"));
        assertEquals("0.7,0.1,0.1,0.1", m.text("weights").get());
        assertTrue(m.allValidProperty().get(), m.messages().toString());
        m.text("weights").set("0.5,0.5");
        assertEquals("weights has 2 entries; k = 4 needs 4", m.error("weights").get());
        assertEquals(4, m.validProperty().get().getVector("weights").length);
    }
}
