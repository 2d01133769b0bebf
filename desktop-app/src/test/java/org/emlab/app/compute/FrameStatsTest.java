package org.emlab.app.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Percentiles, the ring of kept frames, the overlay text and the --frame-stats file, on inputs worked out by hand. */
class FrameStatsTest {
    @TempDir
    Path dir;

    private static double[] oneTo(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n - i; // descending: the summary must sort
        }
        return v;
    }

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        FrameStats.Summary s = FrameStats.summarise(oneTo(100));
        // rank ⌈q·100⌉: median 50, p95 95, p99 99
        assertEquals(50, s.median());
        assertEquals(95, s.p95());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(100, s.frames());
        assertEquals("median=50.00 p95=95.00 p99=99.00 max=100.00 frames=100", s.line());
    }

    @Test
    void smallSamples() {
        // {1, 2, 3, 4}: median rank ⌈2⌉ = 2 → 2; p95 rank ⌈3.8⌉ = 4 → 4
        assertEquals(2, FrameStats.quantile(new double[] {4, 1, 3, 2}, 0.5));
        assertEquals(4, FrameStats.quantile(new double[] {4, 1, 3, 2}, 0.95));
        // ten values 10, 20, ..., 100 with one spike: p99 rank ⌈9.9⌉ = 10 is the spike
        double[] v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000};
        assertEquals(50, FrameStats.quantile(v, 0.5));
        assertEquals(1000, FrameStats.quantile(v, 0.99));
        assertEquals(7.5, FrameStats.summarise(new double[] {7.5}).p99());
        assertTrue(Double.isNaN(FrameStats.summarise(new double[0]).median()));
        assertEquals(0, FrameStats.summarise(new double[0]).frames());
    }

    @Test
    void keepsTheNewestFramesOldestFirstAndResets() {
        FrameStats f = new FrameStats();
        for (int i = 0; i < FrameStats.CAPACITY + 10; i++) {
            f.record(i, -i);
        }
        double[] iv = f.intervals();
        assertEquals(FrameStats.CAPACITY, iv.length);
        assertEquals(10, iv[0]);
        assertEquals(FrameStats.CAPACITY + 9, iv[iv.length - 1]);
        assertEquals(-10, f.work()[0]);
        assertEquals(FrameStats.CAPACITY + 10, f.count());
        f.reset();
        assertEquals(0, f.intervals().length);
        f.record(16, 1);
        assertArrayEquals(new double[] {16}, f.intervals());
    }

    @Test
    void recentFramesCoverTheSpan() {
        FrameStats f = new FrameStats();
        for (double v : new double[] {100, 400, 300, 200, 250}) {
            f.record(v, v / 100);
        }
        // from the newest back: 250, +200 = 450, +300 = 750, +400 = 1150 > 1000 stops
        double[][] r = f.recent(1000);
        assertArrayEquals(new double[] {300, 200, 250}, r[0]);
        assertArrayEquals(new double[] {3, 2, 2.5}, r[1]);
        // a single frame longer than the span is still reported
        assertArrayEquals(new double[] {250}, f.recent(10)[0]);
        assertEquals(0, new FrameStats().recent(1000)[0].length);
    }

    @Test
    void overlayText() {
        // four frames in 100 ms: 40 fps; intervals median (rank 2) 20, max 40; work median 1, max 3
        String t = FrameStats.overlayText(new double[] {10, 20, 30, 40}, new double[] {1, 3, 0.5, 1});
        assertEquals("40.0 fps · frame 20.0 ms (max 40.0) · work 1.0 ms (max 3.0)", t);
        assertTrue(FrameStats.overlayText(new double[0], new double[0]).startsWith("— fps"));
    }

    @Test
    void reportFileEndsWithTheSummaryLine() throws Exception {
        FrameStats f = new FrameStats();
        double[] iv = {16.5, 17, 16.25, 50};
        double[] wk = {0.5, 0.25, 1, 2};
        for (int i = 0; i < iv.length; i++) {
            f.record(iv[i], wk[i]);
        }
        Path file = dir.resolve("sub/frames.txt");
        f.write(file, "test");
        List<String> lines = Files.readAllLines(file);
        List<String> data = lines.stream().filter(l -> !l.startsWith("#") && !l.startsWith("interval")
                && !l.startsWith("median")).toList();
        assertEquals(List.of("16.500 0.500", "17.000 0.250", "16.250 1.000", "50.000 2.000"), data);
        assertTrue(lines.get(0).startsWith("# EM Lab frame statistics: test"));
        // sorted 16.25, 16.5, 17, 50: median rank 2 = 16.5; p95 and p99 rank 4 = 50
        assertEquals("median=16.50 p95=50.00 p99=50.00 max=50.00 frames=4", lines.get(lines.size() - 1));
        assertEquals("# work_ms: median=0.50 p95=2.00 p99=2.00 max=2.00 frames=4", lines.get(lines.size() - 2));
        // written through a temporary file that is gone afterwards
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void reportSummarisesTheFramesAfterTheStartUpSeparately() {
        // four slow start-up frames (2.4 s), then ten of 16 ms: the steady line leaves the first 2 s out
        double[] iv = new double[14];
        double[] wk = new double[14];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = i < 4 ? 600 : 16;
        }
        List<String> lines = List.of(FrameStats.report(iv, wk, "", 0).split("\n"));
        assertEquals("# interval_ms after the first 2000 ms (the start-up's class loading, compilation and first styling "
                + "left out): median=16.00 p95=16.00 p99=16.00 max=16.00 frames=10", lines.get(lines.size() - 2));
        assertEquals("median=16.00 p95=600.00 p99=600.00 max=600.00 frames=14", lines.get(lines.size() - 1));
    }
}
