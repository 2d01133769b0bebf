package org.emlab.core.labs.gmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

/**
 * The gmm lab's memory estimate covers what a large run holds, counted by hand here: at n = 10⁶,
 * d = 200, k = 20 with full covariances the per-chunk partial sums (245 chunks of 4096 rows, each
 * slice padded to whole cache lines plus one) are as large as the data themselves.
 */
class GmmMemoryEstimateTest {
    @Test
    void theEstimateOfTheLargestFullRunCountsTheChunkPartials() {
        GmmLab lab = new GmmLab();
        ParamValues p = lab.defaults().with("n", "1000000").with("d", "200").with("k", "20").with("covariance", "full");
        long n = 1_000_000;
        long data = 2 * 8 * n * 200; // drawn, then kept
        long responsibilities = 2 * 8 * n * 20;
        // the two-pass covariance sums: k·d² = 800 000 doubles a chunk, padded to 800 008
        long covariancePartials = 8L * 245 * 800_008;
        // the fused sweep: k + k·d + k·d(d+1)/2 + 1 = 406 021 doubles, padded to 406 024 + 8
        long fusedPartials = 8L * 245 * 406_032;
        // a restart's engine lives next to the best one so far: two of everything but the data
        long counted = data + 2 * (responsibilities + covariancePartials + fusedPartials);
        long estimate = lab.estimateBytes(p);
        assertTrue(estimate >= counted, "estimate " + estimate + " < " + counted);
        // and not wildly more (the history budget and small buffers on top)
        assertTrue(estimate < counted + (512L << 20), "estimate " + estimate + " vs " + counted);
    }

    @Test
    void aSphericalRunNeedsNoScatterTrianglesInItsFusedSums() {
        GmmLab lab = new GmmLab();
        ParamValues full = lab.defaults().with("n", "1000000").with("d", "200").with("k", "20").with("covariance", "full");
        ParamValues spherical = full.with("covariance", "spherical");
        // the fused full sweep's triangles: 245 chunks × 20 · 20 100 doubles ≈ 788 MB more, for each of two engines
        assertTrue(lab.estimateBytes(full) - lab.estimateBytes(spherical) > 1400L << 20);
    }
}
