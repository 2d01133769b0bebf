package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

class SizeGuardTest {
    private final GmmSimplexLab lab = new GmmSimplexLab();

    @Test
    void aRunTooLargeForTheHeapIsRefusedOnNWithTheLargestNThatFits() {
        ParamValues big = lab.defaults().with("d", "10").with("n", "10000000");
        long available = 400L << 20; // pretend 400 MB are free
        ValidationException e = assertThrows(ValidationException.class, () -> SizeGuard.check(lab, big, available));
        assertEquals("n", e.errors().get(0).field());
        assertTrue(e.getMessage().startsWith("this run needs about"), e.getMessage());
        Matcher m = Pattern.compile("the largest n that fits is (\\d+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        long fit = Long.parseLong(m.group(1));
        long budget = (long) (SizeGuard.USABLE_FRACTION * available);
        assertTrue(lab.estimateBytes(big.with("n", Long.toString(fit))) <= budget);
        // the suggestion is not needlessly small: 10 % more would not fit
        assertTrue(lab.estimateBytes(big.with("n", Long.toString(fit * 11 / 10))) > budget, "suggested " + fit);
        assertDoesNotThrow(() -> SizeGuard.check(lab, big.with("n", Long.toString(fit)), available));
    }

    @Test
    void populationRunsDoNotDependOnN() {
        ParamValues pop = lab.defaults().with("population", "true").with("n", "10000000").with("d", "200");
        assertDoesNotThrow(() -> SizeGuard.check(lab, pop, 400L << 20));
    }
}
