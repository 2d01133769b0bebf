package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The branch-free {@link SymmetricMlrKernel#gap} (issue 19) equals the branchy form it replaced bit for
 * bit, on both signs of q and ν, signed zeros, values where a = q + ν changes sign, and ν = 0
 * (docs/labs/mlr-overspec.md, "Sample EM update").
 */
class SymmetricMlrKernelTest {
    private static double branchy(double q, double a, double nu) {
        if (nu == 0) {
            return 0;
        }
        if ((a >= 0) == (q >= 0)) {
            return q >= 0 ? nu : -nu;
        }
        return Math.abs(a) - Math.abs(q);
    }

    @Test
    void gapEqualsTheBranchyFormBitForBit() {
        double[] qs = {0.0, -0.0, 1e-300, -1e-300, 0.1, -0.1, 0.29999999999999993, -0.3, -0.30000000000000004, 2.5, -2.5,
            1e5, -1e5, 7e300, -7e300};
        double[] nus = {0.0, 0.3, -0.3, 1e-17, -1e-17, 2.0, -2.0, 40, -40};
        java.util.random.RandomGenerator rng = org.emlab.core.data.Rng.of(19);
        for (int r = 0; r < 2000; r++) {
            double q = r < qs.length * nus.length ? qs[r % qs.length] : rng.nextGaussian() * Math.pow(10, rng.nextInt(-3, 4));
            double nu = r < qs.length * nus.length ? nus[r / qs.length] : rng.nextGaussian();
            double a = q + nu;
            double expected = branchy(q, a, nu);
            double got = SymmetricMlrKernel.gap(q, a, nu);
            // +0 and −0 add alike to a sum that is not −0; everything else must match bit for bit
            if (expected == 0 && got == 0) {
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got),
                    "q=" + q + " nu=" + nu + ": " + expected + " vs " + got);
        }
    }
}
