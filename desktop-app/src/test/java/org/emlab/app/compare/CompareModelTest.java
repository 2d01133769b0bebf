package org.emlab.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

class CompareModelTest {
    private final GmmSimplexLab lab = new GmmSimplexLab();
    private final ParamValues a = lab.defaults().with("n", "500");

    @Test
    void itOpensOnThePapersContrast() {
        CompareModel m = new CompareModel(lab, a);
        assertEquals("weights", m.paramProperty().get());
        assertTrue(m.validProperty().get(), m.errorProperty().get());
        assertEquals("A: weights π = 0.5, 0.3, 0.2\nB: weights π = 1/3 each", m.previewProperty().get());
        ComparisonLab c = m.build();
        assertTrue(c.followsSuggestion());
        assertEquals(java.util.List.of("weights"), a.differences(c.paramsB(a)));
        assertFalse(m.parameters().contains("seed"), "the seed keeps the data the same");
    }

    @Test
    void choosingAnotherParameterPrefillsAsValueAndRequiresADifference() {
        CompareModel m = new CompareModel(lab, a);
        m.paramProperty().set("init");
        assertEquals("simplex", m.valueProperty().get());
        assertFalse(m.validProperty().get());
        assertTrue(m.errorProperty().get().startsWith("B must differ from A"), m.errorProperty().get());
        m.valueProperty().set("lloyd");
        assertTrue(m.validProperty().get());
        ComparisonLab c = m.build();
        assertFalse(c.followsSuggestion());
        assertEquals("lloyd", c.paramsB(a).getString("init"));
    }

    @Test
    void anInvalidBIsExplained() {
        CompareModel m = new CompareModel(lab, a);
        m.valueProperty().set("0.5,0.5");
        assertFalse(m.validProperty().get());
        assertTrue(m.errorProperty().get().startsWith("B: weights has 2 entries"), m.errorProperty().get());
        m.paramProperty().set("n");
        m.valueProperty().set("5");
        assertTrue(m.errorProperty().get().startsWith("B: n must be an integer in [10,"), m.errorProperty().get());
        m.useSuggestion();
        assertTrue(m.validProperty().get());
    }

    @Test
    void fromAComparisonItComparesTheBaseLab() {
        CompareModel m = new CompareModel(ComparisonLab.suggested(lab, a), a);
        assertEquals(lab.id(), m.lab().id());
        assertFalse(m.lab() instanceof ComparisonLab);
    }
}
