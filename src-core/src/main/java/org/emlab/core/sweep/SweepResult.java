package org.emlab.core.sweep;

/**
 * The outcome of a sweep: every statistic of every (point, trial), stored by index. A value is
 * {@code NaN} when that trial did not run to the end (the sweep was cancelled), {@code +∞} for an
 * iteration count whose target was not reached within the horizon.
 *
 * @param spec      what was swept
 * @param seeds     the seed of each trial
 * @param stats     {@code stats[measure][point][trial]}
 * @param completed number of trials that ran to the end
 * @param cancelled true when the sweep was cancelled before every trial completed
 */
public record SweepResult(SweepSpec spec, long[] seeds, double[][][] stats, int completed, boolean cancelled) {

    /** A one-statistic result ({@code values} are the spec's, and ignored). */
    public SweepResult(SweepSpec spec, double[] values, long[] seeds, double[][] stat, int completed, boolean cancelled) {
        this(spec, seeds, new double[][][] {stat}, completed, cancelled);
    }

    /** The first varied parameter's value at each point. */
    public double[] values() {
        return spec.values();
    }

    /** The first statistic: {@code stat()[point][trial]}. */
    public double[][] stat() {
        return stats[0];
    }

    /** Statistic {@code measure}: {@code [point][trial]}. */
    public double[][] stat(int measure) {
        return stats[measure];
    }

    /** Number of points. */
    public int points() {
        return stats[0].length;
    }

    /** Trials per point. */
    public int trials() {
        return seeds.length;
    }

    /** True when (point, trial) ran to the end. */
    public boolean done(int point, int trial) {
        return !Double.isNaN(stats[0][point][trial]);
    }
}
