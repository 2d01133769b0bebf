package org.emlab.core.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.emlab.core.sweep.SweepRunner;

/**
 * The progress of a CLI sweep on standard error: one line rewritten in place ("sweep: 12 of 40 runs,
 * 30 %, about 1 min 05 s left"), at most a few times a second, and a last line with the total time.
 * The ETA is the elapsed time per completed run times the runs left (runs go trial by trial, so every
 * stretch of work has the same mix of cheap and expensive points).
 */
final class SweepProgress implements SweepRunner.Listener {
    /** Least time between two updates. */
    static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final LongSupplier clock;
    private final long start;
    private long last;
    private int width;

    SweepProgress(PrintWriter err, LongSupplier clock) {
        this.err = err;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.last = start - INTERVAL_NANOS;
    }

    @Override
    public synchronized void finished(int index, int done, int total) {
        long now = clock.getAsLong();
        if (done < total && now - last < INTERVAL_NANOS) {
            return;
        }
        last = now;
        long elapsed = now - start;
        String line = String.format(Locale.ROOT, "sweep: %d of %d runs, %d %%", done, total, Math.round(100.0 * done / total));
        if (done < total) {
            long left = (long) ((double) elapsed / done * (total - done));
            line += ", about " + duration(left) + " left";
        } else {
            line += ", " + duration(elapsed);
        }
        print(line, done == total);
    }

    /** Ends the line (after a cancel or a failure part-way). */
    synchronized void end() {
        if (width > 0) {
            err.println();
            err.flush();
            width = 0;
        }
    }

    private void print(String line, boolean last) {
        StringBuilder b = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < width; i++) {
            b.append(' ');
        }
        width = last ? 0 : line.length();
        err.print(b);
        if (last) {
            err.println();
        }
        err.flush();
    }

    /** "42 s", "3 min 05 s", "1 h 02 min". */
    static String duration(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
