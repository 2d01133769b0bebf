package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

class SweepRangeTest {
    private final ParamValues p = new GmmSimplexLab().defaults();

    @Test
    void logSpacedIntegerPointsAreTheExpectedPowers() {
        SweepRange r = SweepRange.parse("n=2000:512000:log:5");
        assertEquals("n", r.param());
        assertTrue(r.log());
        assertArrayEquals(new double[] {2000, 8000, 32000, 128000, 512000}, r.values(p.spec("n")));
        assertEquals("n=2000:512000:log:5", r.format());
    }

    @Test
    void linearRealPointsAndDefaults() {
        assertArrayEquals(new double[] {0.5, 1.0, 1.5, 2.0, 2.5}, SweepRange.parse("radius=0.5:2.5").values(p.spec("radius")),
                1e-15);
        assertEquals(SweepRange.DEFAULT_POINTS, SweepRange.parse("radius=0.5:2.5").points());
    }

    @Test
    void roundedDuplicatesAreDropped() {
        assertArrayEquals(new double[] {2, 3, 4}, SweepRange.parse("k=2:4:7").values(p.spec("k")));
    }

    @Test
    void badRangesAreRejectedNamingTheProblem() {
        assertThrows(ValidationException.class, () -> SweepRange.parse("n2000:5000"));
        assertThrows(ValidationException.class, () -> SweepRange.parse("n=2000"));
        assertThrows(ValidationException.class, () -> SweepRange.parse("n=a:5000"));
        assertThrows(ValidationException.class, () -> SweepRange.parse("n=0:5000:log"));
        assertThrows(ValidationException.class, () -> SweepRange.parse("n=10:5000:log:0"));
        assertThrows(ValidationException.class, () -> SweepRange.parse("n=10:5000:sometimes"));
        ValidationException range = assertThrows(ValidationException.class,
                () -> SweepRange.parse("n=2:5000:log:3").values(p.spec("n")));
        assertTrue(range.getMessage().startsWith("n must be an integer in [10,"), range.getMessage());
        ValidationException type = assertThrows(ValidationException.class,
                () -> SweepRange.parse("init=1:2").values(p.spec("init")));
        assertTrue(type.getMessage().contains("only numeric parameters"), type.getMessage());
        assertThrows(ValidationException.class, () -> SweepRange.parse("seed=1:9").values(p.spec("seed")));
    }
}
