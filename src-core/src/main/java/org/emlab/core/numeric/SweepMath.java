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
}
