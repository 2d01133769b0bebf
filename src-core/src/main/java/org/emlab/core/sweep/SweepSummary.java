package org.emlab.core.sweep;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.emlab.core.numeric.LinearFit;
import org.emlab.core.param.ParamValues;

/**
 * Per-point summaries of one statistic of a {@link SweepResult} along one series (the points sharing
 * the second varied parameter's value; the whole sweep when one parameter is varied), and its log-log
 * slope.
 *
 * <p>Each point reports the median and the 10 % and 90 % quantiles of its completed trials
 * (linear interpolation between order statistics, R's type 7; {@code +∞} values — a target not
 * reached — sort last), or for {@link Statistic#STUCK} the fraction of stuck runs (with the band
 * collapsed onto it). The fitted slope is the ordinary least-squares slope of {@code log(median)}
 * against {@code log(value)} over the points inside the fit window where both are positive and
 * finite; its uncertainty is a {@linkplain SlopeInterval bootstrap interval over seeds}. The theory
 * slope is the lab's {@code theorySlope}, when it has one.
 *
 * @param measure  which statistic of the spec
 * @param series   which series
 * @param x        per point of the series: the first varied parameter's value
 * @param median   per point: median (or stuck fraction); NaN when no trial completed
 * @param q10      per point: 10 % quantile
 * @param q90      per point: 90 % quantile
 * @param count    per point: completed trials
 * @param fitted   per point: inside the fit window
 * @param fit      log-log fit of the medians (invalid with fewer than two usable points, or for fractions)
 * @param interval the bootstrap interval of the slope
 * @param theory   the lab's predicted slope, if any
 */
public record SweepSummary(int measure, int series, double[] x, double[] median, double[] q10, double[] q90, int[] count,
                           boolean[] fitted, LinearFit fit, SlopeInterval interval, OptionalDouble theory) {
    /** Lower quantile of the band. */
    public static final double LOW = 0.10;
    /** Upper quantile of the band. */
    public static final double HIGH = 0.90;

    /** Summarises the first statistic of the first series (the whole of a one-parameter sweep). */
    public static SweepSummary of(SweepResult r) {
        return of(r, 0, 0);
    }

    /** Summarises statistic {@code measure} along series {@code series}. */
    public static SweepSummary of(SweepResult r, int measure, int series) {
        SweepSpec s = r.spec();
        int n = s.pointsPerSeries();
        double[] x = s.axis(0);
        double[] med = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int[] count = new int[n];
        boolean[] fitted = new boolean[n];
        double[][] values = new double[n][];
        Measure m = s.measures().get(measure);
        boolean fraction = m.stat().fraction();
        for (int i = 0; i < n; i++) {
            values[i] = r.stat(measure)[series * n + i];
            fitted[i] = s.fit().contains(x[i]);
            double[] v = completed(values[i]);
            count[i] = v.length;
            if (v.length == 0) {
                med[i] = lo[i] = hi[i] = Double.NaN;
            } else if (fraction) {
                double sum = 0;
                for (double d : v) {
                    sum += d;
                }
                med[i] = lo[i] = hi[i] = sum / v.length;
            } else {
                Arrays.sort(v);
                med[i] = quantile(v, 0.5);
                lo[i] = quantile(v, LOW);
                hi[i] = quantile(v, HIGH);
            }
        }
        LinearFit fit;
        SlopeInterval interval;
        OptionalDouble theory;
        if (fraction) {
            fit = new LinearFit(Double.NaN, Double.NaN, Double.NaN, 0);
            interval = SlopeInterval.none(r.trials());
            theory = OptionalDouble.empty();
        } else {
            double[] fx = new double[n];
            for (int i = 0; i < n; i++) {
                fx[i] = fitted[i] ? x[i] : Double.NaN;
            }
            fit = logLogFit(fx, med);
            interval = fit.valid() ? SlopeInterval.bootstrap(x, values, fitted, s.baseSeed()) : SlopeInterval.none(r.trials());
            ParamValues base = s.ranges().size() > 1 ? s.at(series * n) : s.base();
            theory = m.prefix().isEmpty() && m.stat() != Statistic.FINAL
                    ? s.lab().theorySlope(s.range().param(), m.stat().id(), base) : OptionalDouble.empty();
        }
        return new SweepSummary(measure, series, x, med, lo, hi, count, fitted, fit, interval, theory);
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
