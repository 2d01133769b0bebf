package org.emlab.core.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place that reads, checks, normalises and fills probability vectors. */
class ProbabilityVectorsTest {
    private static final ParamSpec K = ParamSpec.integer("k", "k", 3, 1, 20, "Model", "components");
    private static final ParamSpec W = ParamSpec.probabilities("weights", "π", new double[] {0.5, 0.3, 0.2}, 20, "k",
            ParamRole.Fill.DECREASING, "Model", "weights");

    @Test
    void everyFillForKFromOneToTwentyReadsBackExactlyAndPassesTheSumRule() {
        for (int k = 1; k <= 20; k++) {
            for (ParamRole.Fill fill : ParamRole.Fill.values()) {
                double[] w = ProbabilityVectors.fill(fill, k);
                String text = ProbabilityVectors.fillText(fill, k);
                double[] parsed = (double[]) W.parse(text);
                assertArrayEquals(w, parsed, fill + " k = " + k);
                assertEquals(k, parsed.length);
                assertTrue(ProbabilityVectors.sumsToOne(parsed), fill + " k = " + k + ": sum " + ProbabilityVectors.sum(parsed));
                ParamValues p = ParamValues.defaults(List.of(K, W)).with("k", Integer.toString(k)).with("weights", text);
                Roles.check(p);
            }
        }
    }

    @Test
    void decreasingWeightsFallLinearlyAndUniformWeightsAreEqual() {
        assertEquals("0.4,0.3,0.2,0.1", ProbabilityVectors.fillText(ParamRole.Fill.DECREASING, 4));
        assertEquals("1", ProbabilityVectors.fillText(ParamRole.Fill.DECREASING, 1));
        assertEquals("0.25,0.25,0.25,0.25", ProbabilityVectors.fillText(ParamRole.Fill.UNIFORM, 4));
        assertTrue(ProbabilityVectors.isUniform(ProbabilityVectors.uniform(7), 7));
        assertFalse(ProbabilityVectors.isUniform(ProbabilityVectors.decreasing(7), 7));
        assertFalse(ProbabilityVectors.isUniform(ProbabilityVectors.uniform(7), 6));
    }

    @Test
    void aSumOutsideTheToleranceIsClosedOnTheLastEntry() {
        assertArrayEquals(new double[] {0.5, 0.5}, ProbabilityVectors.closed(new double[] {0.5, 0.4}));
        double[] near = {0.5, 0.5 + 1e-7};
        assertArrayEquals(near, ProbabilityVectors.closed(near), "within the tolerance: left as it is");
    }

    /** Moved from the window's former WeightsAssist test: same assertions. */
    @Test
    void weightsHelpersNormaliseAndReportTheSum() {
        assertEquals("0.5,0.25,0.25", ProbabilityVectors.normalise("2,1,1"));
        assertEquals("Σ = 0.9 ✗", ProbabilityVectors.sumText("0.5,0.3,0.1"));
        assertEquals("Σ = 1 ✓", ProbabilityVectors.sumText("0.5,0.3,0.2"));
        assertEquals(3, ProbabilityVectors.count(ProbabilityVectors.fillText(ParamRole.Fill.UNIFORM, 3)));
    }

    @Test
    void unreadableTextHasNoEntriesAndIsLeftAloneByNormalise() {
        assertEquals(0, ProbabilityVectors.count("0.5,x"));
        assertEquals(0, ProbabilityVectors.count("  "));
        assertEquals("", ProbabilityVectors.sumText("abc"));
        assertEquals("0.5,x", ProbabilityVectors.normalise("0.5,x"));
        assertEquals("0,0", ProbabilityVectors.normalise("0,0"));
        assertEquals(3, ProbabilityVectors.count("0.2; 0.3 0.5"));
    }

    @Test
    void normalisingDividesEveryEntryByTheSumInOrder() {
        double[] w = {0.5, 0.3, 0.1};
        double sum = 0.5 + 0.3 + 0.1;
        assertArrayEquals(new double[] {0.5 / sum, 0.3 / sum, 0.1 / sum}, ProbabilityVectors.normalised(w));
        assertArrayEquals(new double[] {0.5, 0.3, 0.1}, w, "the input is not changed");
    }
}
