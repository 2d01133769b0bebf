package org.emlab.core.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.labs.simplex.GmmSimplexLab;

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

    static Stream<Lab> labs() {
        return LabRegistry.all().stream();
    }

    /**
     * Every lab estimates its memory (at least the history budget), the estimate grows with n, and a
     * sample run at the largest n of its range is refused, with a small pretend heap, on n with the
     * largest n that fits — which then passes the same check.
     */
    @ParameterizedTest
    @MethodSource("labs")
    void everyLabRefusesARunThatDoesNotFitWithTheLargestNThatFits(Lab lab) {
        ParamValues p = lab.defaults();
        assertTrue(lab.estimateBytes(p) >= History.MEMORY_BUDGET, lab.id() + " estimates " + lab.estimateBytes(p));
        if (p.has("population")) {
            p = p.with("population", "false");
        }
        if (!p.has("n")) {
            // online (mlr-recursive): the estimate does not depend on the samples consumed, but on d and the batch
            assertDoesNotThrow(() -> SizeGuard.check(lab, lab.defaults(), 400L << 20));
            return;
        }
        ParamValues big = p.with("n", Long.toString((long) p.spec("n").max()));
        ParamValues small = p.with("n", Long.toString((long) p.spec("n").min()));
        long need = lab.estimateBytes(big);
        assertTrue(need > lab.estimateBytes(small), lab.id() + ": the estimate must grow with n");
        // pretend the heap holds the n-independent part plus a quarter of what the largest n needs
        long fixed = lab.estimateBytes(small);
        long available = (long) ((fixed + (need - fixed) / 4) / SizeGuard.USABLE_FRACTION);
        ValidationException e = assertThrows(ValidationException.class, () -> SizeGuard.check(lab, big, available),
                lab.id());
        assertEquals("n", e.errors().get(0).field(), lab.id());
        Matcher m = Pattern.compile("the largest n that fits is (\\d+)").matcher(e.getMessage());
        assertTrue(m.find(), lab.id() + ": " + e.getMessage());
        long fit = Long.parseLong(m.group(1));
        assertTrue(fit >= p.spec("n").min() && fit < p.spec("n").max(), lab.id() + " suggests " + fit);
        assertDoesNotThrow(() -> SizeGuard.check(lab, big.with("n", Long.toString(fit)), available), lab.id());
    }
}
