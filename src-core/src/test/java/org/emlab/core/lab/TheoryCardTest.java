package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;

class TheoryCardTest {

    @Test
    void everyLabShipsACardWithEveryItem() {
        Set<String> paperLabs = Set.of("mlr-overspec", "mlr-clustered", "gmm-simplex", "mlr-recursive", "gmm-overparam");
        for (Lab lab : LabRegistry.all()) {
            TheoryCard c = TheoryCard.of(lab.id());
            assertFalse(c.claim().isBlank(), lab.id() + " claim");
            assertFalse(c.paper().isBlank(), lab.id() + " paper");
            assertFalse(c.formula().isBlank(), lab.id() + " formula");
            assertTrue(c.views().size() >= 2, lab.id() + " views: " + c.views());
            assertFalse(c.lookFor().isBlank(), lab.id() + " what to look for");
            assertEquals(paperLabs.contains(lab.id()), !c.arxivId().isEmpty(), lab.id() + " arXiv id in " + c.paper());
            assertFalse(c.text().contains("**"), "no Markdown marks in the shown text");
        }
    }

    @Test
    void itemsContinueOverLinesAndNestedViewsAreOneLineEach() {
        String md = """
                # x
                ## Theory card
                - **Claim:** first sentence,
                  still the claim. Second sentence.
                - **Paper:** A & B, "Title", arXiv 1234.56789.
                - **Key formula:** KL_t ≈ c/t²
                - **What the views show:**
                  - geometry: the data
                    and the means;
                  - kl: KL on a *log* axis.
                - **What to look for:** the `slope`.
                ## Model
                - **Claim:** not this one
                """;
        TheoryCard c = TheoryCard.parse("x", md);
        assertEquals("first sentence, still the claim. Second sentence.", c.claim());
        assertEquals("1234.56789", c.arxivId());
        assertEquals("KL_t ≈ c/t²", c.formula());
        assertEquals(List.of("geometry: the data and the means", "kl: KL on a log axis"), c.views());
        assertEquals("the slope.", c.lookFor());
    }

    @Test
    void anUnknownLabGetsACardSayingSo() {
        TheoryCard c = TheoryCard.of("no-such-lab");
        assertTrue(c.claim().contains("no-such-lab"));
        assertTrue(c.views().isEmpty());
    }
}
