package org.emlab.app.compute;

import java.util.Arrays;

/** A bounded record of per-frame durations (ms) with percentile summaries. */
public final class FrameStats {
    /** Most frames kept. */
    public static final int CAPACITY = 1 << 16;
    private final double[] values = new double[CAPACITY];
    private int count;

    /** Records one frame. */
    public synchronized void record(double ms) {
        values[count % CAPACITY] = ms;
        count++;
    }

    /** The recorded frames, oldest first. */
    public synchronized double[] values() {
        int n = Math.min(count, CAPACITY);
        double[] out = new double[n];
        int start = count > CAPACITY ? count % CAPACITY : 0;
        for (int i = 0; i < n; i++) {
            out[i] = values[(start + i) % CAPACITY];
        }
        return out;
    }

    /** The q-quantile (0..1) of {@code v}, nearest rank; NaN when empty. */
    public static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
