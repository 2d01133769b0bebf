package org.emlab.core.numeric;

/**
 * Numerically stable scalar primitives shared by every lab (MODELS.md §0.1).
 *
 * <p>All functions are pure and allocation-free. They never form {@code exp(x)} for a large
 * {@code x}, never evaluate {@code log 0} inside arithmetic, and keep full relative accuracy
 * near zero where the naive form cancels.
 */
public final class Stable {
    private static final double LOG_2 = Math.log(2.0);
    /** {@code ½ log(2π)}. */
    public static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

    private Stable() {
    }

    /** {@code log cosh(x) = |x| + log1p(exp(-2|x|)) - log 2}; exact for every finite x. */
    public static double logCosh(double x) {
        double a = Math.abs(x);
        return a + Math.log1p(Math.exp(-2.0 * a)) - LOG_2;
    }

    /** {@code log(e^a + e^b) = max(a,b) + log1p(exp(-|a-b|))}, with {@code -inf} handled. */
    public static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /**
     * {@code log Σ_j exp(a_j)} over {@code a[from..from+len)}, shifted by the maximum. Entries equal to
     * {@code -inf} (masked components) contribute nothing; an all-masked row returns {@code -inf}.
     */
    public static double logSumExp(double[] a, int from, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = from, end = from + len; j < end; j++) {
            if (a[j] > m) {
                m = a[j];
            }
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0.0;
        for (int j = from, end = from + len; j < end; j++) {
            s += Math.exp(a[j] - m);
        }
        return m + Math.log(s);
    }

    /** {@link #logSumExp(double[], int, int)} over the whole array. */
    public static double logSumExp(double[] a) {
        return logSumExp(a, 0, a.length);
    }

    /**
     * Replaces {@code a[from..from+len)} by the softmax responsibilities
     * {@code w_j = exp(a_j - logsumexp(a))} and returns the log-normaliser.
     */
    public static double softmaxInPlace(double[] a, int from, int len) {
        double lse = logSumExp(a, from, len);
        for (int j = from, end = from + len; j < end; j++) {
            a[j] = a[j] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(a[j] - lse);
        }
        return lse;
    }

    /** {@code log π} with {@code log 0 = -inf} made explicit (a masked component). */
    public static double logOrMask(double p) {
        return p > 0.0 ? Math.log(p) : Double.NEGATIVE_INFINITY;
    }

    /** {@code e^u - 1 - u}, accurate for small |u| (Taylor to u^8 below 0.1). */
    public static double expm1MinusX(double u) {
        if (Math.abs(u) < 0.1) {
            // u²/2! + u³/3! + ... + u⁸/8!
            double u2 = u * u;
            return u2 * (1.0 / 2 + u * (1.0 / 6 + u * (1.0 / 24 + u * (1.0 / 120
                    + u * (1.0 / 720 + u * (1.0 / 5040 + u * (1.0 / 40320)))))));
        }
        return Math.expm1(u) - u;
    }

    /** {@code e^u - 1 - u - u²/2}, accurate for small |u| (Taylor to u^9 below 0.1). */
    public static double expm1MinusXMinusHalfX2(double u) {
        if (Math.abs(u) < 0.1) {
            double u3 = u * u * u;
            return u3 * (1.0 / 6 + u * (1.0 / 24 + u * (1.0 / 120 + u * (1.0 / 720
                    + u * (1.0 / 5040 + u * (1.0 / 40320 + u * (1.0 / 362880)))))));
        }
        return Math.expm1(u) - u - 0.5 * u * u;
    }

    /** {@code log1p(s) - s}, accurate for small |s| (alternating series below 0.1). */
    public static double log1pMinusX(double s) {
        if (Math.abs(s) < 0.1) {
            // -s²/2 + s³/3 - s⁴/4 + ... (to s^16: |s|^17/17 < 1e-18 relative)
            double term = s * s;
            double sum = 0.0;
            double sign = -1.0;
            for (int k = 2; k <= 16; k++) {
                sum += sign * term / k;
                term *= s;
                sign = -sign;
            }
            return sum;
        }
        return Math.log1p(s) - s;
    }

    /** {@code atanh(x)} for |x| &lt; 1: {@code ½ log((1+x)/(1-x))} via log1p. */
    public static double atanh(double x) {
        return 0.5 * (Math.log1p(x) - Math.log1p(-x));
    }

    /** True if every entry is finite. */
    public static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
