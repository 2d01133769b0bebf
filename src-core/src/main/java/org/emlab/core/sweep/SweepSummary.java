package org.emlab.core.sweep;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.emlab.core.numeric.LinearFit;

/**
 * Per-point summaries of a {@link SweepResult} and the log-log slope.
 *
 * <p>Each point reports the median and the 10 % and 90 % quantiles of its completed trials
 * (linear interpolation between order statistics, R's type 7; {@code +∞} values — ε not reached —
 * sort last), or for {@link Statistic#STUCK} the fraction of stuck runs (with the band collapsed
 * onto it). The fitted slope is the ordinary least-squares slope of {@code log(median)} against
 * {@code log(value)} over the points where both are positive and finite, with its standard error;
 * the theory slope is the lab's {@code theorySlope}, when it has one.
 *
 * @param median  per point: median (or stuck fraction); NaN when no trial completed
 * @param q10     per point: 10 % quantile
 * @param q90     per point: 90 % quantile
 * @param count   per point: completed trials
 * @param fit     log-log fit of the medians (invalid with fewer than two usable points, or for fractions)
 * @param theory  the lab's predicted slope, if any
 */
public record SweepSummary(double[] median, double[] q10, double[] q90, int[] count, LinearFit fit, OptionalDouble theory) {
    /** Lower quantile of the band. */
    public static final double LOW = 0.10;
    /** Upper quantile of the band. */
    public static final double HIGH = 0.90;

    /** Summarises {@code r}. */
    public static SweepSummary of(SweepResult r) {
        int points = r.points();
        double[] med = new double[points];
        double[] lo = new double[points];
        double[] hi = new double[points];
        int[] count = new int[points];
        boolean fraction = r.spec().stat().fraction();
        for (int i = 0; i < points; i++) {
            double[] v = completed(r.stat()[i]);
            count[i] = v.length;
            if (v.length == 0) {
                med[i] = lo[i] = hi[i] = Double.NaN;
            } else if (fraction) {
                double s = 0;
                for (double x : v) {
                    s += x;
                }
                med[i] = lo[i] = hi[i] = s / v.length;
            } else {
                Arrays.sort(v);
                med[i] = quantile(v, 0.5);
                lo[i] = quantile(v, LOW);
                hi[i] = quantile(v, HIGH);
            }
        }
        LinearFit fit = fraction ? new LinearFit(Double.NaN, Double.NaN, Double.NaN, 0) : logLogFit(r.values(), med);
        SweepSpec s = r.spec();
        OptionalDouble theory = fraction ? OptionalDouble.empty()
                : s.lab().theorySlope(s.range().param(), s.stat().id(), s.base());
        return new SweepSummary(med, lo, hi, count, fit, theory);
    }

    private static double[] completed(double[] v) {
        int m = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m++;
            }
        }
        double[] out = new double[m];
        int w = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                out[w++] = x;
            }
        }
        return out;
    }

    /** Quantile {@code q} of sorted values (type 7); {@code +∞} entries propagate. */
    public static double quantile(double[] sorted, double q) {
        int m = sorted.length;
        if (m == 0) {
            return Double.NaN;
        }
        double h = (m - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(m - 1, lo + 1);
        double frac = h - lo;
        if (frac == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        if (Double.isInfinite(sorted[hi])) {
            return sorted[hi];
        }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /** OLS of log y against log x over the pairs with both positive and finite. */
    public static LinearFit logLogFit(double[] x, double[] y) {
        double[] lx = new double[x.length];
        double[] ly = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean ok = x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]);
            lx[i] = ok ? Math.log(x[i]) : Double.NaN;
            ly[i] = ok ? Math.log(y[i]) : Double.NaN;
        }
        return LinearFit.fit(lx, ly);
    }

    /** True when the fitted slope exists. */
    public boolean hasSlope() {
        return fit.valid();
    }
}
