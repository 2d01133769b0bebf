package org.emlab.core.sweep;

/**
 * The outcome of a sweep: the statistic of every (point, trial), stored by index. A value is
 * {@code NaN} when that trial did not run to the end (the sweep was cancelled), {@code +∞} for
 * {@link Statistic#ITERATIONS_TO_EPS} when ε was not reached within the horizon.
 *
 * @param spec      what was swept
 * @param values    the varied parameter at each point
 * @param seeds     the seed of each trial
 * @param stat      {@code stat[point][trial]}
 * @param completed number of trials that ran to the end
 * @param cancelled true when the sweep was cancelled before every trial completed
 */
public record SweepResult(SweepSpec spec, double[] values, long[] seeds, double[][] stat, int completed, boolean cancelled) {

    /** Number of points. */
    public int points() {
        return values.length;
    }

    /** Trials per point. */
    public int trials() {
        return seeds.length;
    }

    /** True when (point, trial) ran to the end. */
    public boolean done(int point, int trial) {
        return !Double.isNaN(stat[point][trial]);
    }
}
