package org.emlab.core.sweep;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.emlab.core.numeric.LinearFit;

/**
 * A bootstrap interval over seeds for a fitted log-log slope: the trials (seeds) of a series are
 * resampled with replacement, the same resampled seeds at every point (which keeps the common random
 * numbers paired), the per-point medians recomputed and the slope refitted, {@code resamples} times
 * with a seeded generator; the interval is the percentile interval of those slopes. Unlike the
 * regression's standard error over the medians, it includes the scatter between seeds.
 *
 * @param lo        lower end ({@code (1 − level)/2} quantile), NaN when not available
 * @param hi        upper end
 * @param level     coverage, e.g. 0.95
 * @param resamples resamples whose slope could be fitted
 * @param seed      the generator's seed
 * @param trials    trials resampled per point
 */
public record SlopeInterval(double lo, double hi, double level, int resamples, long seed, int trials) {
    /** Resamples asked for. */
    public static final int RESAMPLES = 2000;
    /** Coverage. */
    public static final double LEVEL = 0.95;
    /** Most (points × trials × resamples) work before fewer resamples are taken. */
    static final long MAX_WORK = 400_000_000L;

    /** No interval (fewer than two fitted points, or a fraction). */
    public static SlopeInterval none(int trials) {
        return new SlopeInterval(Double.NaN, Double.NaN, LEVEL, 0, 0, trials);
    }

    /** True when there is an interval. */
    public boolean valid() {
        return Double.isFinite(lo) && Double.isFinite(hi);
    }

    /**
     * The interval for the slope of log(median) against log(x) over the points with {@code fitted[i]}.
     *
     * @param x      the varied value of each point
     * @param values {@code values[point][trial]} (NaN: not run)
     * @param fitted which points enter the fit
     * @param seed   the generator's seed
     */
    public static SlopeInterval bootstrap(double[] x, double[][] values, boolean[] fitted, long seed) {
        int points = x.length;
        int trials = values.length == 0 ? 0 : values[0].length;
        if (trials < 2) {
            return none(trials); // one seed per point: no scatter between seeds to resample
        }
        long work = (long) points * trials * (long) Math.max(1, 32 - Integer.numberOfLeadingZeros(trials));
        int b = (int) Math.max(200, Math.min(RESAMPLES, MAX_WORK / Math.max(1, work)));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] slopes = new double[b];
        int ok = 0;
        int[] pick = new int[trials];
        double[] buf = new double[trials];
        double[] lx = new double[points];
        double[] ly = new double[points];
        for (int s = 0; s < b; s++) {
            for (int r = 0; r < trials; r++) {
                pick[r] = rng.nextInt(trials);
            }
            for (int i = 0; i < points; i++) {
                lx[i] = Double.NaN;
                ly[i] = Double.NaN;
                if (!fitted[i] || !(x[i] > 0)) {
                    continue;
                }
                int m = 0;
                for (int r = 0; r < trials; r++) {
                    double v = values[i][pick[r]];
                    if (!Double.isNaN(v)) {
                        buf[m++] = v;
                    }
                }
                if (m == 0) {
                    continue;
                }
                Arrays.sort(buf, 0, m);
                double med = SweepSummary.quantile(Arrays.copyOf(buf, m), 0.5);
                if (med > 0 && Double.isFinite(med)) {
                    lx[i] = Math.log(x[i]);
                    ly[i] = Math.log(med);
                }
            }
            LinearFit f = LinearFit.fit(lx, ly);
            if (f.valid()) {
                slopes[ok++] = f.slope();
            }
        }
        if (ok < b / 2) {
            return none(trials);
        }
        double[] sorted = Arrays.copyOf(slopes, ok);
        Arrays.sort(sorted);
        double tail = (1 - LEVEL) / 2;
        return new SlopeInterval(SweepSummary.quantile(sorted, tail), SweepSummary.quantile(sorted, 1 - tail), LEVEL, ok, seed,
                trials);
    }

    /** "95 % bootstrap interval over seeds [-0.57, -0.46] (2000 resamples of the 8 trials, seed 1)". */
    public String describe() {
        if (!valid()) {
            return trials < 2 ? "no bootstrap interval (one trial per point: no scatter between seeds to resample)"
                    : "no bootstrap interval (too few fitted points)";
        }
        return String.format(java.util.Locale.ROOT, "%d %% bootstrap interval over seeds [%.4f, %.4f] (%d resamples of the "
                + "%d trials, seeded %d)", Math.round(level * 100), lo, hi, resamples, trials, seed);
    }
}
