package org.emlab.core.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing and range checks shared by the window and the CLI: every message names field, value and range. */
class ParamSpecTest {
    private static final ParamSpec K = ParamSpec.integer("k", "k", 3, 2, 16, "Model", "components");
    private static final ParamSpec SIGMA = ParamSpec.positive("sigma", "σ", 1.0, 1e6, "Truth", "noise");
    private static final ParamSpec W = ParamSpec.vector("weights", "π", new double[] {0.5, 0.5}, 0, 1, 4, "Model", "w");

    private static String message(ParamSpec s, String text) {
        return assertThrows(ValidationException.class, () -> s.parse(text)).getMessage();
    }

    @Test
    void integerFieldsRejectOutOfRangeAndNonNumbersNamingTheRange() {
        assertEquals(5, K.parse(" 5 "));
        assertEquals(100000, ParamSpec.integer("n", "n", 10, 1, 1_000_000, "Truth", "").parse("1e5"));
        assertEquals("k must be an integer in [2, 16] (got 40)", message(K, "40"));
        assertEquals("k must be an integer in [2, 16] (got \"abc\")", message(K, "abc"));
        assertEquals("k must be an integer in [2, 16] (got \"2.5\")", message(K, "2.5"));
        assertTrue(message(K, "").startsWith("k is empty"));
    }

    @Test
    void realFieldsRejectNanInfinityAndNonPositiveWhereTheLowerEndIsOpen() {
        assertEquals(0.25, SIGMA.parse("0.25"));
        assertEquals("sigma must be > 0 and <= 1000000 (got 0)", message(SIGMA, "0"));
        assertEquals("sigma must be > 0 and <= 1000000 (got -1)", message(SIGMA, "-1"));
        assertTrue(message(SIGMA, "NaN").contains("finite"));
        assertTrue(message(SIGMA, "Infinity").contains("finite"));
        ParamSpec r = ParamSpec.real("radius", "r", Double.NaN, 0, 50, "Init", "").withAuto();
        assertTrue(Double.isNaN((Double) r.parse("auto")));
        assertEquals("auto", r.format(Double.NaN));
    }

    @Test
    void vectorsParseCommaSeparatedAndCheckEveryEntry() {
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, (double[]) W.parse("0.5, 0.3,0.2"));
        assertEquals("weights entries must be in [0, 1] (got 1.5)", message(W, "0.5,1.5"));
        assertEquals("weights must be a comma-separated list of numbers in decimal or scientific notation such as 0.25, -3 "
                + "or 1e-3 (got \"x\")", message(W, "0.5,x"));
        assertEquals("weights has 5 entries; at most 4 are allowed", message(W, "0.2,0.2,0.2,0.2,0.2"));
    }

    @Test
    void formatReadsBackToTheSameValue() {
        for (ParamSpec s : List.of(K, SIGMA, W)) {
            Object v = s.defaultValue();
            Object back = s.parse(s.format(v));
            if (v instanceof double[] a) {
                assertArrayEquals(a, (double[]) back);
            } else {
                assertEquals(v, back);
            }
        }
        assertEquals(0.1 + 0.2, SIGMA.parse(SIGMA.format(0.1 + 0.2)));
    }

    @Test
    void valuesRejectUnknownNamesAndCollectEveryFieldError() {
        ParamValues p = ParamValues.defaults(List.of(K, SIGMA, W));
        ValidationException e = assertThrows(ValidationException.class, () -> p.with("kk", "3"));
        assertEquals("unknown parameter \"kk\"; this lab has: k, sigma, weights", e.getMessage());
        ValidationException all = assertThrows(ValidationException.class,
                () -> p.withAll(Map.of("k", "1", "sigma", "0")));
        assertEquals(2, all.errors().size());
        // vectors are copied in and out
        double[] w = p.getVector("weights");
        w[0] = 99;
        assertEquals(0.5, p.getVector("weights")[0]);
    }
}
