package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SpecialFunctions#erfc} against mpmath: the {x, erfc(x)} pairs below were printed by
 * {@code src-core/src/test/resources/reference/erfc_mpmath.py} (mpmath 1.3 at 50 digits, evaluated at
 * the double nearest to each x). They span −6 … 27.5, with points on both sides of Cody's interval
 * ends 0.46875 and 4, and reach through the subnormal range into underflow.
 */
class SpecialFunctionsTest {
    private static final double[][] MPMATH = {
        {-6, 1.999999999999999978480263},
        {-5, 1.999999999998462540205572},
        {-4.5, 1.999999999803383955845711},
        {-4.001, 1.999999984709217826751268},
        {-4, 1.999999984582742099719981},
        {-3.999, 1.999999984455250509005008},
        {-3, 1.999977909503001414558627},
        {-2, 1.995322265018952734162069},
        {-1.5, 1.966105146475310727066976},
        {-1, 1.842700792949714869341221},
        {-0.75, 1.711155633653515131598938},
        {-0.5, 1.520499877813046537682747},
        {-0.46875, 1.492613473217937991588176},
        {-0.3, 1.328626759459127416189618},
        {-0.1, 1.112462916018284898404712},
        {-1e-3, 1.001128378790969236403438},
        {-1e-10, 1.000000000112837916709551},
        {0, 1.0},
        {1e-300, 1.0},
        {1e-17, 9.999999999999999887162083e-1},
        {1e-10, 9.999999998871620832904487e-1},
        {1e-3, 9.988716212090307635965624e-1},
        {0.1, 8.875370839817151015952877e-1},
        {0.25, 7.236736098317630670149317e-1},
        {0.4, 5.716076449533315235458904e-1},
        {0.45, 5.245182802130763144492579e-1},
        {0.46, 5.153446099983203267242124e-1},
        {0.468, 5.080661103953598594845472e-1},
        {0.46874999999999994, 5.073865267820620586934437e-1},
        {0.46875, 5.073865267820620084118239e-1},
        {0.46875000000000006, 5.073865267820619581302041e-1},
        {0.4688, 5.073412381867207444465471e-1},
        {0.47, 5.062549491139178875897814e-1},
        {0.475, 5.017419462882124558669365e-1},
        {0.49, 4.883317388114769086711153e-1},
        {0.5, 4.795001221869534623172533e-1},
        {0.75, 2.888443663464848684010622e-1},
        {1, 1.572992070502851306587794e-1},
        {1.5, 3.389485352468927293302374e-2},
        {2, 4.677734981047265837930744e-3},
        {2.5, 4.069520174449589395642157e-4},
        {3, 2.209049699858544137277613e-5},
        {3.5, 7.430983723414127455236838e-7},
        {3.9, 3.479224859723176712886915e-8},
        {3.99, 1.673921136452081405727527e-8},
        {3.999, 1.55447494909949915327816e-8},
        {3.9999999999999996, 1.541725790028007524364969e-8},
        {4, 1.541725790028001885215967e-8},
        {4.000000000000001, 1.541725790027990606917964e-8},
        {4.001, 1.529078217324873151904419e-8},
        {4.01, 1.419693942137105117302647e-8},
        {4.1, 6.700027654084918441694095e-9},
        {4.5, 1.96616044154288747627916e-10},
        {5, 1.537459794428034850188343e-12},
        {6, 2.151973671249891311659335e-17},
        {7, 4.18382560777941439861401e-23},
        {8, 1.122429717298292707996789e-29},
        {10, 2.088487583762544757000786e-45},
        {12, 1.356261169205904212780306e-64},
        {15, 7.212994172451206666565067e-100},
        {18, 6.082369231816399307668467e-143},
        {20, 5.395865611607900928934999e-176},
        {22, 1.621905860933472513052035e-212},
        {24, 1.648982583151933514218512e-252},
        {25, 8.300172571196522752044013e-274},
        {26, 5.663192408856142846475728e-296},
        {26.5, 2.210907664263734275929239e-307},
        {26.55, 3147765296381828L * Double.MIN_VALUE}, // 1.555202694113550649772974e-308
        {26.6, 220317400674725L * Double.MIN_VALUE}, // 1.088512588544226533171756e-309
        {26.8, 5029619400L * Double.MIN_VALUE}, // 2.484962157250835578302751e-314
        {27, 105999L * Double.MIN_VALUE}, // 5.237048923789255685016068e-319
        {27.2, 2L * Double.MIN_VALUE}, // 1.018904914270315539514234e-323
        {27.25, 0}, // 6.682983668375116746155531e-325
        {27.3, 0}, // 4.361512551339108465124861e-326
        {27.5, 0}, // 7.526685450446576390019421e-331
    };

    @Test
    void erfcHasRelativeErrorBelow1e15UpTo26() {
        int checked = 0;
        for (double[] p : MPMATH) {
            if (p[0] <= 26) {
                double rel = Math.abs(SpecialFunctions.erfc(p[0]) - p[1]) / p[1];
                assertTrue(rel <= 1e-15, "x = " + p[0] + ": relative error " + rel);
                checked++;
            }
        }
        assertTrue(checked >= 60);
    }

    /** Beyond 26.55 erfc is subnormal: within a few units of the smallest subnormal, and 0 once below half of it. */
    @Test
    void erfcUnderflowsGraduallyToZero() {
        for (double[] p : MPMATH) {
            if (p[0] > 26) {
                double got = SpecialFunctions.erfc(p[0]);
                double tol = Math.max(1e-15 * p[1], 3 * Double.MIN_VALUE);
                assertEquals(p[1], got, tol, "x = " + p[0]);
            }
        }
        assertEquals(Double.MIN_VALUE * 2, SpecialFunctions.erfc(27.2), 0.0); // 1.0189e-323 rounds to 2 units
        assertEquals(0.0, SpecialFunctions.erfc(27.25), 0.0); // 6.68e-325 < 2^-1075
        assertEquals(0.0, SpecialFunctions.erfc(40), 0.0);
        assertEquals(0.0, SpecialFunctions.erfc(1e300), 0.0);
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY), 0.0);
    }

    @Test
    void erfcOfLimitsAndNaN() {
        assertEquals(2.0, SpecialFunctions.erfc(-7), 0.0); // 2 − 4.2e-23 rounds to 2
        assertEquals(2.0, SpecialFunctions.erfc(-1e300), 0.0);
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(1.0, SpecialFunctions.erfc(0.0), 0.0);
        assertEquals(1.0, SpecialFunctions.erfc(-0.0), 0.0);
        assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
    }
}
