package org.emlab.core.numeric;

/**
 * Numerically stable scalar primitives shared by every lab (docs/labs/README.md#stable-primitives).
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
        int end = from + len;
        double m = Double.NEGATIVE_INFINITY;
        for (int j = from; j < end; j++) {
            if (a[j] > m) {
                m = a[j];
            }
        }
        if (m == Double.NEGATIVE_INFINITY) {
            for (int j = from; j < end; j++) {
                a[j] = 0.0;
            }
            return m;
        }
        double s = 0.0;
        for (int j = from; j < end; j++) {
            double e = Math.exp(a[j] - m);
            a[j] = e;
            s += e;
        }
        double inv = 1.0 / s;
        for (int j = from; j < end; j++) {
            a[j] *= inv;
        }
        return m + Math.log(s);
    }

    /** {@code log π} with {@code log 0 = -inf} made explicit (a masked component). */
    public static double logOrMask(double p) {
        return p > 0.0 ? Math.log(p) : Double.NEGATIVE_INFINITY;
    }

    /** Taylor degree of the series below: the first omitted term is below 1e-17 relative at |u| = 0.1. */
    private static final int EXP_SERIES_DEGREE = 15;

    /** {@code 1/k!} for {@code k = 0..15}. */
    private static final double[] INV_FACTORIAL = new double[EXP_SERIES_DEGREE + 1];

    static {
        INV_FACTORIAL[0] = 1.0;
        for (int k = 1; k <= EXP_SERIES_DEGREE; k++) {
            INV_FACTORIAL[k] = INV_FACTORIAL[k - 1] / k;
        }
    }

    /** {@code Σ_{k=from}^{15} u^k/k!} by Horner. */
    private static double expTail(double u, int from) {
        double r = 0.0;
        for (int k = EXP_SERIES_DEGREE; k >= from; k--) {
            r = r * u + INV_FACTORIAL[k];
        }
        double p = u * u;
        return from == 2 ? r * p : r * p * u;
    }

    /** {@code e^u - 1 - u}, accurate for small |u| (Taylor series below 0.1). */
    public static double expm1MinusX(double u) {
        if (Math.abs(u) < 0.1) {
            return expTail(u, 2);
        }
        return Math.expm1(u) - u;
    }

    /** {@code e^u - 1 - u - u²/2}, accurate for small |u| (Taylor series below 0.1). */
    public static double expm1MinusXMinusHalfX2(double u) {
        if (Math.abs(u) < 0.1) {
            return expTail(u, 3);
        }
        return Math.expm1(u) - u - 0.5 * u * u;
    }

    /** {@code (-1)^k / k} for the series of {@code log1p(s) - s}, k = 2..16. */
    private static final double[] LOG1P_SERIES = new double[17];

    static {
        for (int k = 2; k <= 16; k++) {
            LOG1P_SERIES[k] = (k % 2 == 0 ? -1.0 : 1.0) / k;
        }
    }

    /** {@code log1p(s) - s}, accurate for small |s| (alternating series to s^16 by Horner below 0.1). */
    public static double log1pMinusX(double s) {
        if (Math.abs(s) < 0.1) {
            double r = 0.0;
            for (int k = 16; k >= 2; k--) {
                r = r * s + LOG1P_SERIES[k];
            }
            return r * s * s;
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
