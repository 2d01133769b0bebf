package org.emlab.app.sweep;

/**
 * Time left in a sweep, from the durations of the runs already completed at each point. Points
 * can differ a lot in cost (n = 1000 against n = 256000), so a plain "elapsed × remaining / done"
 * guesses far too low while the cheap points of the first trial complete. Here each remaining run
 * is expected to take the mean duration measured at its own point (or the overall mean while its
 * point has none yet), runs in progress are credited with the time they already ran, and the total
 * is shared among the worker threads. Thread-safe: the workers report, the UI asks.
 */
public final class EtaEstimator {
    private final int points;
    private final int total;
    private final int threads;
    private final long[] started;
    private final boolean[] finished;
    private final double[] sum;
    private final int[] count;

    /** For {@code points × trials} runs, indexed as in {@code SweepRunner} (point = index % points). */
    public EtaEstimator(int points, int trials, int threads) {
        this.points = points;
        this.total = points * trials;
        this.threads = Math.max(1, Math.min(threads, total));
        this.started = new long[total];
        this.finished = new boolean[total];
        this.sum = new double[points];
        this.count = new int[points];
        java.util.Arrays.fill(started, -1);
    }

    /** Run {@code index} started at {@code nanos}. */
    public synchronized void started(int index, long nanos) {
        started[index] = nanos;
    }

    /** Run {@code index} finished at {@code nanos}. */
    public synchronized void finished(int index, long nanos) {
        if (started[index] >= 0 && !finished[index]) {
            finished[index] = true;
            sum[index % points] += nanos - started[index];
            count[index % points]++;
        }
    }

    /** Estimated nanoseconds left at time {@code now}, or -1 before any run finished. */
    public synchronized long remaining(long now) {
        double all = 0;
        int n = 0;
        for (int p = 0; p < points; p++) {
            all += sum[p];
            n += count[p];
        }
        if (n == 0) {
            return -1;
        }
        double overall = all / n;
        double work = 0;
        for (int i = 0; i < total; i++) {
            if (finished[i]) {
                continue;
            }
            int p = i % points;
            double each = count[p] > 0 ? sum[p] / count[p] : overall;
            work += started[i] >= 0 ? Math.max(0, each - (now - started[i])) : each;
        }
        return (long) (work / threads);
    }
}
