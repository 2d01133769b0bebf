package org.emlab.app.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A bounded record of frames, two numbers per frame: the <em>interval</em> (milliseconds since the
 * previous {@code AnimationTimer} pulse, the frame duration the user sees: it includes layout, CSS,
 * chart rendering and everything else the FX thread did in between) and the <em>work</em>
 * (milliseconds the pulse handler itself took: taking the newest snapshot and copying its arrays
 * into the views). Keeps the newest {@link #CAPACITY} frames. Written from the FX thread, read from
 * any thread.
 *
 * <p>Summaries use nearest-rank percentiles: the q-quantile of m sorted values is the value of rank
 * ⌈q·m⌉ (1-based), so the median of {1, 2, 3, 4} is 2 and the p99 of 1..100 is 99.
 */
public final class FrameStats {
    /** Most frames kept (about 18 minutes at 60 frames per second). */
    public static final int CAPACITY = 1 << 16;
    private final double[] intervals = new double[CAPACITY];
    private final double[] work = new double[CAPACITY];
    private long count;

    /** A percentile summary of one column. */
    public record Summary(double median, double p95, double p99, double max, int frames) {
        /** {@code median=16.67 p95=17.10 p99=21.30 max=40.02 frames=600} (milliseconds, two decimals). */
        public String line() {
            return String.format(Locale.ROOT, "median=%.2f p95=%.2f p99=%.2f max=%.2f frames=%d", median, p95, p99, max,
                    frames);
        }
    }

    /** Records one frame: the interval since the previous pulse and the handler's own time (ms). */
    public synchronized void record(double intervalMs, double workMs) {
        int i = (int) (count % CAPACITY);
        intervals[i] = intervalMs;
        work[i] = workMs;
        count++;
    }

    /** Forgets every frame recorded so far (a measurement starts here). */
    public synchronized void reset() {
        count = 0;
    }

    /** Frames recorded since the start or the last {@link #reset()}, including those no longer kept. */
    public synchronized long count() {
        return count;
    }

    /** The kept intervals, oldest first. */
    public synchronized double[] intervals() {
        return newest(intervals, (int) Math.min(count, CAPACITY));
    }

    /** The kept handler times, oldest first. */
    public synchronized double[] work() {
        return newest(work, (int) Math.min(count, CAPACITY));
    }

    /**
     * The newest frames whose intervals add up to at most {@code spanMs} (at least one frame when
     * any): {@code {intervals, work}}, oldest first. The overlay summarises the last second with it.
     */
    public synchronized double[][] recent(double spanMs) {
        int kept = (int) Math.min(count, CAPACITY);
        int m = 0;
        double sum = 0;
        while (m < kept) {
            double v = intervals[(int) ((count - 1 - m) % CAPACITY)];
            if (m > 0 && sum + v > spanMs) {
                break;
            }
            sum += v;
            m++;
        }
        return new double[][] {newest(intervals, m), newest(work, m)};
    }

    private double[] newest(double[] column, int m) {
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = column[(int) ((count - m + i) % CAPACITY)];
        }
        return out;
    }

    /** The q-quantile (0 &lt; q ≤ 1) of {@code v}, nearest rank; NaN when empty. */
    public static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return rank(s, q);
    }

    private static double rank(double[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /** Median, p95, p99 and max of {@code v} (NaN when empty). */
    public static Summary summarise(double[] v) {
        if (v.length == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return new Summary(rank(s, 0.5), rank(s, 0.95), rank(s, 0.99), s[s.length - 1], s.length);
    }

    /**
     * The text of the performance overlay for frames with these intervals and handler times (ms, oldest first):
     * {@code "58.8 fps · frame 16.7 ms (max 21.0) · work 0.4 ms (max 1.2)"}: frame and work are medians.
     */
    public static String overlayText(double[] intervals, double[] work) {
        if (intervals.length == 0) {
            return "— fps · frame — ms · work — ms";
        }
        double total = 0;
        for (double v : intervals) {
            total += v;
        }
        FrameStats.Summary f = FrameStats.summarise(intervals);
        FrameStats.Summary w = FrameStats.summarise(work);
        return String.format(Locale.ROOT, "%.1f fps · frame %.1f ms (max %.1f) · work %.1f ms (max %.1f)",
                total > 0 ? intervals.length * 1000.0 / total : 0.0, f.median(), f.max(), w.median(), w.max());
    }

    /**
     * The frame-statistics file of {@code --frame-stats}: comment lines ({@code #}) saying what was
     * measured, one line per frame ({@code interval_ms work_ms}), a comment with the summary of the
     * handler times, a comment with the summary of the intervals after the first {@link #WARM_UP_MS}
     * (the start-up's class loading, JIT compilation and first CSS pass make the first frames slow), and
     * last the summary of all the intervals, {@code median=… p95=… p99=… max=… frames=…}.
     */
    public static String report(double[] intervals, double[] work, String context, long dropped) {
        StringBuilder sb = new StringBuilder();
        sb.append("# EM Lab frame statistics").append(context.isEmpty() ? "" : ": " + context).append('\n');
        sb.append("# one line per AnimationTimer pulse: interval_ms = time since the previous pulse (the frame duration:\n");
        sb.append("# layout, CSS, chart and canvas rendering included); work_ms = the pulse handler's own time\n");
        sb.append("# (taking the newest snapshot and copying its arrays into the views)\n");
        if (dropped > 0) {
            sb.append("# the oldest ").append(dropped).append(" frames were not kept\n");
        }
        sb.append("interval_ms work_ms\n");
        for (int i = 0; i < intervals.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.3f %.3f%n", intervals[i], work[i]));
        }
        sb.append("# work_ms: ").append(summarise(work).line()).append('\n');
        double[] steady = after(intervals, WARM_UP_MS);
        if (steady.length > 0) {
            sb.append("# interval_ms after the first ").append((int) WARM_UP_MS).append(" ms (the start-up's class loading, "
                    + "compilation and first styling left out): ").append(summarise(steady).line()).append('\n');
        }
        sb.append(summarise(intervals).line()).append('\n');
        return sb.toString();
    }

    /** The start-up span that {@link #report}'s "after the first …" line leaves out. */
    public static final double WARM_UP_MS = 2000;

    /** The intervals of the frames that end after the first {@code spanMs} of the recording. */
    static double[] after(double[] intervals, double spanMs) {
        double t = 0;
        int from = intervals.length;
        for (int i = 0; i < intervals.length; i++) {
            t += intervals[i];
            if (t > spanMs) {
                from = i + 1;
                break;
            }
        }
        return java.util.Arrays.copyOfRange(intervals, Math.min(from, intervals.length), intervals.length);
    }

    /** Writes {@link #report} of the kept frames to {@code file} atomically (a temporary file, then a move). */
    public void write(Path file, String context) throws IOException {
        double[] iv;
        double[] wk;
        long dropped;
        synchronized (this) {
            iv = intervals();
            wk = work();
            dropped = count - iv.length;
        }
        writeAtomically(file, report(iv, wk, context, dropped));
    }

    /**
     * Writes {@code text} to {@code file} by the rules of every write ({@link org.emlab.core.io.AtomicFiles}:
     * atomically beside it, a pipe or a device written through, never replaced).
     */
    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.exists(dir)) {
            Files.createDirectories(dir);
        }
        org.emlab.core.io.AtomicFiles.writeString(file, text);
    }
}
