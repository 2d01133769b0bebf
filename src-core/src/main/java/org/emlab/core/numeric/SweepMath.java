package org.emlab.core.numeric;

/**
 * Scalar pieces of the hot sample sweeps, built on the JIT's {@code Math.exp} and {@code Math.log}
 * intrinsics (a few ns each) instead of {@code Math.expm1}/{@code Math.log1p}/{@code Math.tanh}
 * (pure-Java ports, 15–30 ns each on this project's machines), without giving up accuracy:
 * <ul>
 *   <li>{@link #tanhAbs}: {@code tanh a = (1 − e)/(1 + e)} with {@code e = exp(−2a)}, and below
 *       {@link #TANH_SERIES_BELOW} the odd Taylor series, so the relative error stays near 1e-15 for
 *       every {@code a ≥ 0} (the quotient alone would lose relative accuracy as {@code a → 0});</li>
 *   <li>a sum of logarithms of factors in [1, 2] (for example {@code log cosh a = a + log(1 + e) − log 2},
 *       or the log-normaliser of a softmax shifted by its maximum, whose terms sum to a value in
 *       [1, k]) is taken as the log of running products, one {@code Math.log} per {@link #LOG_BATCH}
 *       factors (the kernels inline the three lines: a product, a counter, a sum). A product of 64
 *       factors in [1, 1000] stays below 1e192 (no overflow), and its rounding (at most 64 half-ulps, relative) is an
 *       absolute error of about 1e-16 per factor on the sum, as with one log per factor.</li>
 * </ul>
 */
public final class SweepMath {
    /** Below this argument {@link #tanhAbs} uses the Taylor series (degree 9, next term below 1e-15 relative). */
    public static final double TANH_SERIES_BELOW = 0.05;
    /** Factors multiplied before one logarithm is taken (64 factors of at most 1000 multiply to at most 1e192). */
    public static final int LOG_BATCH = 64;
    /** {@code log 2}. */
    public static final double LOG_2 = Math.log(2.0);

    private static final double T3 = -1.0 / 3;
    private static final double T5 = 2.0 / 15;
    private static final double T7 = -17.0 / 315;
    private static final double T9 = 62.0 / 2835;

    private SweepMath() {
    }

    /**
     * {@code tanh(a)} for {@code a ≥ 0}, given {@code e = exp(−2a)} (which the caller also needs for
     * log cosh). Relative error about 1e-15.
     */
    public static double tanhAbs(double a, double e) {
        if (a < TANH_SERIES_BELOW) {
            double a2 = a * a;
            return a + a * a2 * (T3 + a2 * (T5 + a2 * (T7 + a2 * T9)));
        }
        return (1 - e) / (1 + e);
    }

    // ---- exp over a block of arguments, in loops the JIT vectorises ----

    /**
     * Arguments of {@link #expBlock} must lie in {@code [EXP_FLUSH, 0]}; at exactly {@code EXP_FLUSH}
     * ({@code −1023 log 2}) the result is exactly 0 (the scale factor {@code 2^−1023} is built with a
     * zero exponent field). Callers map every argument below {@link #EXP_NORMAL_BELOW} to this value,
     * flushing results that would be subnormal to 0.
     */
    public static final double EXP_FLUSH = -1023 * Math.log(2.0);
    /** Below this argument {@code e^u} is below the smallest normal double (about {@code e^−708.4}). */
    public static final double EXP_NORMAL_BELOW = -708.0;

    private static final double INV_LN2 = 1.4426950408889634;
    /** {@code log 2} split so that {@code k · LN2_HI} is exact for |k| &lt; 2^11 (Cody–Waite). */
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double E2 = 1.0 / 2;
    private static final double E3 = 1.0 / 6;
    private static final double E4 = 1.0 / 24;
    private static final double E5 = 1.0 / 120;
    private static final double E6 = 1.0 / 720;
    private static final double E7 = 1.0 / 5040;
    private static final double E8 = 1.0 / 40320;
    private static final double E9 = 1.0 / 362880;
    private static final double E10 = 1.0 / 3628800;
    private static final double E11 = 1.0 / 39916800;
    private static final double E12 = 1.0 / 479001600;

    /**
     * {@code a[i] ← exp(a[i])} for {@code i < len}, every argument in
     * {@code [EXP_FLUSH, 0]}. {@code u = k log 2 + r} with {@code k = rint(u / log 2)} and
     * {@code |r| ≤ log 2 / 2} (Cody–Waite), {@code e^r} by its Taylor polynomial of degree 12 in
     * Estrin's form (truncation below 2e-16 relative), then the factor {@code 2^k} from its bits.
     * Relative error below 4e-16 (about 2 ulps; {@code Math.exp} has 1). Written as loops without calls
     * or branches (the polynomial in four, {@link #stagedPolynomial}), which the JIT compiles to SIMD
     * code, against 5–9 ns per value for {@code Math.exp} in a sweep.
     *
     * @param k scratch of at least {@code len} doubles (another array than {@code a})
     */
    public static void expBlock(double[] a, int len, double[] k) {
        // indices start at 0 in both arrays: C2 (JDK 17) vectorises these loops only then
        for (int i = 0; i < len; i++) {
            k[i] = Math.rint(a[i] * INV_LN2);
        }
        stagedPolynomial(a, len, k, true);
        for (int i = 0; i < len; i++) {
            a[i] *= Double.longBitsToDouble(((long) k[i] + 1023) << 52);
        }
    }

    /**
     * Below this argument {@link #expBlockSubnormal} gives exactly 0 (after the clamp, {@code e^−760}
     * rounds to 0).
     */
    public static final double EXP_SUBNORMAL_LOWEST = -760;

    /**
     * {@code a[i] ← exp(a[i])} for {@code a[i] ≤ 0} (or −∞): {@link #expBlock}'s reduction and polynomial
     * (relative error below 4e-16 for normal results), with the factor {@code 2^k} applied as
     * {@code (p · 2^(k + 128)) · 2^−128}: the first product is exact (after the clamp {@code k ≥ −1096}, so
     * {@code p · 2^(k + 128)} is a normal double), and the second rounds once, only when the result is below
     * the smallest normal double: results there are subnormal, rounded once as {@code Math.scalb(p, k)} and
     * {@code Math.exp} round them, rather than flushed; below {@link #EXP_SUBNORMAL_LOWEST}, 0. (It was
     * {@code 2^max(k, −1022) · 2^(k − max(k, −1022))}: two conversions to {@code long} per value, the slowest
     * loop of the function, and a second rounding for about one subnormal result in a thousand.) For callers
     * whose decisions hang on underflow (a GMM component collapses when all its responsibilities underflow).
     *
     * @param k scratch of at least {@code len} doubles (another array than {@code a})
     */
    public static void expBlockSubnormal(double[] a, int len, double[] k) {
        for (int i = 0; i < len; i++) {
            double v = Math.max(a[i], EXP_SUBNORMAL_LOWEST);
            a[i] = v;
            k[i] = Math.rint(v * INV_LN2);
        }
        subnormalTail(a, len, k);
    }

    /**
     * {@code a[i] ← exp(a[i] − shift[i])} for {@code a[i] − shift[i] ≤ 0} (or −∞): bit for bit
     * {@code a[i] -= shift[i]} followed by {@link #expBlockSubnormal(double[], int, double[])}, with the
     * subtraction in the reduction's loop instead of a loop of its own (a block's Gaussian factors, each
     * exponent less the largest at its point).
     *
     * @param k scratch of at least {@code len} doubles (another array than {@code a} and {@code shift})
     */
    public static void expBlockSubnormal(double[] a, double[] shift, int len, double[] k) {
        for (int i = 0; i < len; i++) {
            double v = Math.max(a[i] - shift[i], EXP_SUBNORMAL_LOWEST);
            a[i] = v;
            k[i] = Math.rint(v * INV_LN2);
        }
        subnormalTail(a, len, k);
    }

    /** {@link #expBlockSubnormal}'s polynomial and scale, after its reduction put the clamped arguments in a and k. */
    private static void subnormalTail(double[] a, int len, double[] k) {
        stagedPolynomial(a, len, k, true);
        for (int i = 0; i < len; i++) {
            a[i] = (a[i] * Double.longBitsToDouble(((long) k[i] + (1023 + SUBNORMAL_BIAS)) << 52)) * TWO_TO_MINUS_BIAS;
        }
    }

    /** {@link #expBlockSubnormal} scales by {@code 2^(k + SUBNORMAL_BIAS)}, a normal double for every k it meets. */
    private static final int SUBNORMAL_BIAS = 128;
    /** {@code 2^−SUBNORMAL_BIAS}. */
    private static final double TWO_TO_MINUS_BIAS = 0x1p-128;

    /** Per-thread scratch of {@link #stagedPolynomial}: r, r² and the inner terms, grown to the longest block. */
    private static final ThreadLocal<double[][]> STAGES = ThreadLocal.withInitial(() -> new double[3][256]);

    /**
     * {@code a[i] ← head + r²(1/2! + r/3!) + r⁴(…)} with {@code r = (a[i] − k[i]·LN2_HI) − k[i]·LN2_LO}:
     * the Taylor polynomial of {@code e^r} of degree 12 in Estrin's form after its first terms
     * {@code head} ({@code 1 + r} for e^r with {@code plusOne}, {@code r} for e^r − 1), that is
     * {@code (head + r²(E2 + rE3)) + r⁴((E4 + rE5) + r²(E6 + rE7) + r⁴((E8 + rE9) + r²(E10 + rE11) + r⁴E12))},
     * evaluated in four loops over the block, innermost bracket first, with the same operations in the
     * same order per value as that one expression. JDK 17's C2 does not vectorise the expression in one
     * loop (its body is too large to unroll) but does each of these loops (issue 19, second wave: about
     * 1 ns instead of 3 per value in blocks of 256).
     */
    private static void stagedPolynomial(double[] a, int len, double[] k, boolean plusOne) {
        double[][] st = STAGES.get();
        if (st[0].length < len) {
            st = new double[3][len];
            STAGES.set(st);
        }
        stagedPolynomial(a, len, k, plusOne, st[0], st[1], st[2]);
    }

    /** {@link #stagedPolynomial(double[], int, double[], boolean)} with the caller's scratch for r, r² and the inner terms. */
    private static void stagedPolynomial(double[] a, int len, double[] k, boolean plusOne, double[] r, double[] r2,
                                         double[] c) {
        for (int i = 0; i < len; i++) {
            double kf = k[i];
            double ri = (a[i] - kf * LN2_HI) - kf * LN2_LO;
            r[i] = ri;
            r2[i] = ri * ri;
        }
        innerTerms(len, r, r2, c);
        if (plusOne) {
            for (int i = 0; i < len; i++) {
                double ri = r[i];
                double q2 = r2[i];
                double q4 = q2 * q2;
                a[i] = ((1 + ri) + q2 * (E2 + ri * E3)) + q4 * c[i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                double ri = r[i];
                double q2 = r2[i];
                double q4 = q2 * q2;
                a[i] = (ri + q2 * (E2 + ri * E3)) + q4 * c[i];
            }
        }
    }

    /** {@code c ← (E4 + rE5) + r²(E6 + rE7) + r⁴((E8 + rE9) + r²(E10 + rE11) + r⁴E12)}, in two loops. */
    private static void innerTerms(int len, double[] r, double[] r2, double[] c) {
        for (int i = 0; i < len; i++) {
            double ri = r[i];
            double q2 = r2[i];
            double q4 = q2 * q2;
            c[i] = ((E8 + ri * E9) + q2 * (E10 + ri * E11)) + q4 * E12;
        }
        for (int i = 0; i < len; i++) {
            double ri = r[i];
            double q2 = r2[i];
            double q4 = q2 * q2;
            c[i] = ((E4 + ri * E5) + q2 * (E6 + ri * E7)) + q4 * c[i];
        }
    }

    /**
     * {@code a[i] ← exp(a[i]) − 1} for {@code i < len}, every argument in {@code [EXP_FLUSH, 0]}, accurate
     * to a few ulps relative to the result even where it is tiny (no cancellation near 0). As
     * {@link #expBlock}, with {@code e^r − 1 = p(r)} the polynomial without its leading 1, and
     * {@code e^u − 1 = (2^k − 1) + 2^k p(r)}: at {@code k = 0} that is {@code p(r)} exactly, elsewhere one
     * rounding of a sum whose terms are at most 2.5 times the result in size (k ≤ −1). Branch-free, so tanh and log cosh
     * can be formed from it for a whole block of rows ({@code tanh|a| = −m/(2 + m)},
     * {@code 1 + e^{−2|a|} = 2 + m} with {@code m = e^{−2|a|} − 1}) without choosing between formulas per
     * row (issue 19: {@link #tanhAbs}'s choice mispredicted on data where {@code |a|} is near 0.05).
     *
     * @param k scratch of at least {@code len} doubles (another array than {@code a})
     */
    public static void expm1Block(double[] a, int len, double[] k) {
        for (int i = 0; i < len; i++) {
            k[i] = Math.rint(a[i] * INV_LN2);
        }
        stagedPolynomial(a, len, k, false);
        expm1Scale(a, len, k);
    }

    /** {@code a[i] ← (2^k − 1) + 2^k a[i]}: e^u − 1 from e^r − 1 and {@code k = k[i]}. */
    private static void expm1Scale(double[] a, int len, double[] k) {
        for (int i = 0; i < len; i++) {
            double scale = Double.longBitsToDouble(((long) k[i] + 1023) << 52);
            a[i] = (scale - 1) + scale * a[i];
        }
    }

    /**
     * {@link #expm1Block(double[], int, double[])} bit for bit, with the polynomial evaluated in four loops
     * over the block instead of one: the same operations in the same order per value
     * ({@code c = (E8 + rE9) + r²(E10 + rE11) + r⁴E12}, {@code b = (E4 + rE5) + r²(E6 + rE7) + r⁴c},
     * {@code p = (r + r²(E2 + rE3)) + r⁴b}). JDK 17's C2 does not vectorise the one-loop polynomial (its body is
     * too large), but does each of these (issue 19, second wave: about 1 ns instead of 3 per value at
     * {@code len = 256}; short blocks gain less).
     *
     * @param k  scratch of at least {@code len} doubles
     * @param r  scratch of at least {@code len} doubles
     * @param r2 scratch of at least {@code len} doubles
     * @param c  scratch of at least {@code len} doubles (all distinct from {@code a} and each other)
     */
    public static void expm1Block(double[] a, int len, double[] k, double[] r, double[] r2, double[] c) {
        for (int i = 0; i < len; i++) {
            k[i] = Math.rint(a[i] * INV_LN2);
        }
        stagedPolynomial(a, len, k, false, r, r2, c);
        expm1Scale(a, len, k);
    }

    // ---- sine and cosine over a block of arguments, in loops the JIT vectorises ----

    /** Largest |x| {@link #sinCosBlock} takes: its two-part reduction by π/2 stays exact in its first part below 2^20 multiples. */
    public static final double SINCOS_LIMIT = 1e5;
    private static final double INV_PIO2 = 6.36619772367581382433e-01;
    /** fdlibm's π/2 in two parts: the first 33 bits ({@code k · PIO2_1} exact for |k| &lt; 2^20), and the rest. */
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    /** fdlibm's {@code __kernel_sin} coefficients on [−π/4, π/4] (error of the polynomial below 2^−58). */
    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;
    /** fdlibm's {@code __kernel_cos} coefficients on [−π/4, π/4] (error of the polynomial below 2^−58). */
    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    /**
     * {@code s[i] = sin x[i]} and {@code c[i] = cos x[i]} for {@code i < len}, every {@code |x[i]| ≤ SINCOS_LIMIT}
     * (other values give a wrong number, no exception). fdlibm's method ({@code k_sin.c}, {@code k_cos.c}, the
     * medium range of {@code e_rem_pio2.c}): {@code x = kπ/2 + r} with {@code k = rint(2x/π)} and
     * {@code r = (x − k·PIO2_1) − k·PIO2_1T} (the first product and difference exact, the second off by less than
     * 1e-21 for these k), then fdlibm's polynomials for sin r and cos r on |r| ≤ π/4 (cos in its
     * {@code w + ((1 − w) − z/2 + z²R)} form), and the quadrant {@code k mod 4} chosen by arithmetic (a multiply by 0
     * or 1 and a sign: exact). Within 1 ulp of 1 absolute of {@code Math.sin}/{@code Math.cos} everywhere in the
     * range, and within 1 ulp relative where |x| ≤ π/4 ({@code SweepMathTest}); sin(−0) is +0. Five loops without
     * calls or branches, each small enough for C2 (JDK 17) to compile to SIMD code: about 3 ns a sine and cosine here,
     * against about 15 ns for {@code Math.sin} and {@code Math.cos}, a call per value.
     *
     * @param k scratch of at least {@code len} doubles (distinct from the others)
     */
    public static void sinCosBlock(double[] x, int len, double[] s, double[] c, double[] k) {
        for (int i = 0; i < len; i++) {
            double ki = Math.rint(x[i] * INV_PIO2);
            k[i] = ki;
            c[i] = (x[i] - ki * PIO2_1) - ki * PIO2_1T; // r, for the two polynomials
        }
        for (int i = 0; i < len; i++) {
            double r = c[i];
            double z = r * r;
            s[i] = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
        }
        for (int i = 0; i < len; i++) {
            double r = c[i];
            double z = r * r;
            double hz = 0.5 * z;
            double w = 1.0 - hz;
            c[i] = w + (((1.0 - w) - hz) + z * (z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))));
        }
        // the quadrant q = k mod 4 (k − 4 floor(k/4), floor(k/4) = rint((k − 1.5)/4) for whole k), whether sine and
        // cosine swap (q odd) and their signs (sin: − for q ∈ {2, 3}; cos: − for q ∈ {1, 2})
        for (int i = 0; i < len; i++) {
            double ki = k[i];
            double q = ki - 4 * Math.rint((ki - 1.5) * 0.25);
            k[i] = q;
        }
        for (int i = 0; i < len; i++) {
            double q = k[i];
            double half = Math.rint((q - 0.5) * 0.5);
            double swap = q - 2 * half;
            double qc = q + 1 - 4 * Math.rint((q - 0.5) * 0.25);
            double signCos = 1 - 2 * Math.rint((qc - 0.5) * 0.5);
            double sr = s[i];
            double cr = c[i];
            s[i] = (1 - 2 * half) * (swap * cr + (1 - swap) * sr);
            c[i] = signCos * (swap * sr + (1 - swap) * cr);
        }
    }

    /** fdlibm's {@code log}: ln 2 split so that {@code k · LN2_HI_LOG} is exact for |k| &lt; 2^11. */
    private static final double LN2_HI_LOG = 6.93147180369123816490e-01;
    private static final double LN2_LO_LOG = 1.90821492927058770002e-10;
    /** fdlibm's minimax coefficients of {@code R(z)} ({@code e_log.c}: |error| below 2^−58.45). */
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;

    /** Per-thread scratch of {@link #logBlock}: the exponents, s and R, grown to the longest block. */
    private static final ThreadLocal<double[][]> LOG_STAGES = ThreadLocal.withInitial(() -> new double[3][256]);

    /**
     * {@code a[i] ← log(a[i])} for {@code i < len}, every {@code a[i]} a positive normal double (at least about
     * 2.2e-308; callers take it of sums at least {@code 1e-250}; other values give a wrong number, no exception).
     * fdlibm's algorithm ({@code e_log.c}, which {@code StrictMath.log} also follows): {@code x = 2^k (1 + f)} with
     * {@code 1 + f ∈ [√2/2, √2)} from the bits, {@code s = f/(2 + f)}, {@code log(1 + f) = f − f²/2 + s(f²/2 +
     * R(s²))} with its minimax R of degree 14 (error below 2^−58.45), and {@code k log 2} in two parts. fdlibm
     * keeps this within 1 ulp; measured against {@code Math.log} over millions of values from 1e-250 to 1e250 and
     * next to 1, never more than 1 ulp apart ({@code SweepMathTest}). Written as four loops without calls or
     * branches, each small enough for C2 (JDK 17) to compile to SIMD code: about 1.9 ns per value in blocks of
     * 256 on this project's machine, against 5.5 ns for {@code Math.log} (issue 19).
     */
    public static void logBlock(double[] a, int len) {
        double[][] st = LOG_STAGES.get();
        if (st[0].length < len) {
            st = new double[3][len];
            LOG_STAGES.set(st);
        }
        final double[] k = st[0];
        final double[] s = st[1];
        final double[] r = st[2];
        for (int i = 0; i < len; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            long hi = bits >>> 32;
            long hx = hi & 0xfffffL;
            long j = (hx + 0x95f64L) & 0x100000L; // 1 when the mantissa is at least √2: then halve it, k + 1
            k[i] = (double) (((hi >>> 20) - 1023) + (j >>> 20));
            a[i] = Double.longBitsToDouble(((hx | (j ^ 0x3ff00000L)) << 32) | (bits & 0xffffffffL)) - 1.0;
        }
        for (int i = 0; i < len; i++) {
            double f = a[i];
            double si = f / (2.0 + f);
            s[i] = si;
            r[i] = si * si;
        }
        for (int i = 0; i < len; i++) {
            double z = r[i];
            double w = z * z;
            r[i] = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
        }
        for (int i = 0; i < len; i++) {
            double f = a[i];
            double hfsq = 0.5 * f * f;
            double dk = k[i];
            a[i] = dk * LN2_HI_LOG - ((hfsq - (s[i] * (hfsq + r[i]) + dk * LN2_LO_LOG)) - f);
        }
    }

    /**
     * {@code Σ a[from .. to)} with four running sums (element {@code i} into sum {@code (i − from) mod 4},
     * a ragged end into the first), added as {@code (s0 + s1) + (s2 + s3)}: a fixed order, so the same
     * array gives the same bits on every thread count, and four independent additions per step. Shared
     * by the sweeps' lane and block reductions.
     */
    public static double sum(double[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
