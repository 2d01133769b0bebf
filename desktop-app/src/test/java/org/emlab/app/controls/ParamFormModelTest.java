package org.emlab.app.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        m.linkLength("weights", "k", WeightsAssist::decreasing);
        m.text("k").set("4");
        assertEquals("0.4,0.3,0.2,0.1", m.text("weights").get());
        assertTrue(m.allValidProperty().get(), m.messages().toString());
        assertEquals(4, m.validProperty().get().getVector("weights").length);
    }

    @Test
    void weightsHelpersNormaliseAndReportTheSum() {
        assertEquals("0.5,0.25,0.25", WeightsAssist.normalise("2,1,1"));
        assertEquals("Σ = 0.9 ✗", WeightsAssist.sumText("0.5,0.3,0.1"));
        assertEquals("Σ = 1 ✓", WeightsAssist.sumText("0.5,0.3,0.2"));
        assertEquals(3, WeightsAssist.count(WeightsAssist.uniform(3)));
    }
}
