package org.emlab.core.labs.mlr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

/**
 * The mlr lab's memory estimate covers what its largest run holds, counted by hand: at n = 10⁶,
 * d = 200, k = 16 the fused sweep's per-chunk normal equations (245 chunks of 4096 rows) are larger
 * than the design matrix.
 */
class MlrMemoryEstimateTest {
    @Test
    void theEstimateOfTheLargestRunCountsTheChunkPartials() {
        MlrLab lab = new MlrLab();
        ParamValues p = lab.defaults().with("n", "1000000").with("d", "200").with("k", "16");
        long n = 1_000_000;
        long data = 8 * n * 200 + 8 * n; // x and y as generated
        long design = 8 * n * 201 + 8 * n; // the engine's (1, x) rows and copy of y
        long responsibilities = 2 * 8 * n * 16;
        // per component p(p+1)/2 + p + 2 = 20 301 + 201 + 2 = 20 504 doubles (p = 201); 1 + 16 · 20 504 = 328 065,
        // padded to 328 072 + 8 per chunk
        long partials = 8L * 245 * 328_080;
        // a restart's engine lives next to the best one so far: two of everything but the data
        long counted = data + 2 * (design + responsibilities + partials);
        long estimate = lab.estimateBytes(p);
        assertTrue(estimate >= counted, "estimate " + estimate + " < " + counted);
        assertTrue(estimate < counted + (512L << 20), "estimate " + estimate + " vs " + counted);
    }
}
