package org.emlab.core.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkedSumsTest {
    /** Values spread over many orders of magnitude, so any change of summation order changes the bits. */
    private static double[] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(-8, 9));
        }
        return v;
    }

    /** acc[w] += v_i^(w+1) for w < width (a kernel whose sums depend on the order). */
    private static ChunkedSums.Kernel powers(double[] v, int width) {
        return (from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                double p = v[i];
                for (int w = 0; w < width; w++) {
                    acc[off + w] += p;
                    p *= v[i];
                }
            }
        };
    }

    /** The straightforward reference: chunk by chunk, each from zero, then the chunk totals in order. */
    private static double[] reference(double[] v, int width) {
        return reference(v, width, ChunkedSums.CHUNK);
    }

    /** {@link #reference(double[], int)} with chunks of {@code chunk} rows. */
    private static double[] reference(double[] v, int width, int chunk) {
        int n = v.length;
        double[] out = new double[width];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            double[] part = new double[width];
            powers(v, width).accumulate(from, to, part, 0);
            for (int w = 0; w < width; w++) {
                out[w] += part[w];
            }
        }
        return out;
    }

    @Test
    void parallelSerialAndReferenceAgreeBitForBit() {
        int n = 3 * ChunkedSums.PARALLEL_THRESHOLD + 1234; // a ragged last chunk
        for (int width : new int[] {1, 3, 7, 8, 9, 17}) {
            double[] v = data(n, width);
            double[] expected = reference(v, width);
            double[] par = new double[width];
            double[] ser = new double[width];
            ChunkedSums p = new ChunkedSums(n, width).parallel(true);
            ChunkedSums s = new ChunkedSums(n, width).parallel(false);
            for (int rep = 0; rep < 3; rep++) { // buffers are reused: repeated sums must not accumulate
                p.sum(powers(v, width), par);
                s.sum(powers(v, width), ser);
                assertArrayEquals(expected, par, 0.0, "parallel, width " + width);
                assertArrayEquals(expected, ser, 0.0, "serial, width " + width);
            }
            assertEquals(1, s.lastThreads());
            assertTrue(p.lastThreads() >= 1 && p.lastThreads() <= p.threads(), "threads " + p.lastThreads());
        }
    }

    /**
     * {@link ChunkedSums#allowHelpersWhen}: while the condition is false a parallel sum stays on the calling
     * thread, with the same bits; once it holds, helpers may join; cleared, the default returns (issue 19).
     */
    @Test
    void helpersOnlyWhileAllowedWithTheSameBits() {
        int n = 3 * ChunkedSums.PARALLEL_THRESHOLD + 1234;
        double[] v = data(n, 5);
        double[] expected = reference(v, 3);
        ChunkedSums p = new ChunkedSums(n, 3).parallel(true);
        double[] out = new double[3];
        boolean[] allowed = {false};
        Thread caller = Thread.currentThread();
        ChunkedSums.allowHelpersWhen(() -> allowed[0]);
        try {
            p.sum((from, to, acc, off) -> {
                assertSame(caller, Thread.currentThread());
                powers(v, 3).accumulate(from, to, acc, off);
            }, out);
            assertArrayEquals(expected, out, 0.0);
            assertEquals(1, p.lastThreads());
            allowed[0] = true;
            p.sum(powers(v, 3), out);
            assertArrayEquals(expected, out, 0.0);
        } finally {
            ChunkedSums.allowHelpersWhen(null);
        }
        p.sum(powers(v, 3), out);
        assertArrayEquals(expected, out, 0.0);
    }

    /**
     * Helpers linger after a pass and join the next one any caller posts: four callers, each running many
     * short sums back to back with kernels of their own (different data and widths), all get the serial bits,
     * every time, however the lingering helpers land between them.
     */
    @Test
    void lingeringHelpersJoinOtherCallersPassesWithTheSameBits() throws Exception {
        int n = 2 * ChunkedSums.PARALLEL_THRESHOLD + 77;
        int callers = 4;
        Thread[] threads = new Thread[callers];
        Throwable[] failures = new Throwable[callers];
        for (int t = 0; t < callers; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                try {
                    int width = 2 + id;
                    double[] v = data(n, 100 + id);
                    double[] expected = reference(v, width);
                    ChunkedSums p = new ChunkedSums(n, width).parallel(true);
                    double[] out = new double[width];
                    for (int rep = 0; rep < 150; rep++) {
                        p.sum(powers(v, width), out);
                        assertArrayEquals(expected, out, 0.0, "caller " + id + ", sum " + rep);
                    }
                } catch (Throwable e) {
                    failures[id] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Throwable f : failures) {
            if (f != null) {
                throw new AssertionError(f);
            }
        }
    }

    @Test
    void smallSumsStayOnTheCallingThread() {
        ChunkedSums s = new ChunkedSums(ChunkedSums.PARALLEL_THRESHOLD - 1, 2);
        assertTrue(!s.isParallel());
        assertEquals(1, s.threads());
        ChunkedSums.resetThreadsSeen();
        assertEquals(0, ChunkedSums.threadsSeen());
        double[] out = new double[2];
        Thread caller = Thread.currentThread();
        s.sum((from, to, acc, off) -> {
            assertSame(caller, Thread.currentThread());
            acc[off] += to - from;
            acc[off + 1] += 1;
        }, out);
        assertEquals(ChunkedSums.PARALLEL_THRESHOLD - 1, out[0]);
        assertEquals(8, out[1]); // 32767 rows in chunks of 4096
        assertEquals(1, ChunkedSums.threadsSeen());
    }

    /**
     * Chunks of a length of the caller's (gmm-overparam's factored passes take two): the chunk-by-chunk reference of
     * that length, bit for bit, on one thread and on several (a ragged last chunk); shorter than the default refused.
     */
    @Test
    void longerChunksAgreeWithTheirReferenceOnOneThreadAndSeveral() {
        int n = 24_441;
        int chunk = (n + 1) / 2;
        double[] v = data(n, 11);
        double[] expected = reference(v, 5, chunk);
        double[] par = new double[5];
        double[] ser = new double[5];
        ChunkedSums p = new ChunkedSums(n, 5, chunk).parallel(true);
        assertTrue(p.isParallel(), "two chunks of more than the default length may run in parallel");
        p.sum(powers(v, 5), par);
        new ChunkedSums(n, 5, chunk).parallel(false).sum(powers(v, 5), ser);
        assertArrayEquals(expected, par, 0.0);
        assertArrayEquals(expected, ser, 0.0);
        assertTrue(!java.util.Arrays.equals(expected, reference(v, 5)), "the chunk length sets the order of the sums");
        assertThrows(IllegalArgumentException.class, () -> new ChunkedSums(n, 5, ChunkedSums.CHUNK - 1));
    }

    @Test
    void everyRowIsVisitedExactlyOnce() {
        int n = 5 * ChunkedSums.CHUNK + 17;
        int[] visits = new int[n];
        double[] out = new double[1];
        new ChunkedSums(n, 1).parallel(true).sum((from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                visits[i]++;
            }
            acc[off] += to - from;
        }, out);
        assertEquals(n, out[0]);
        for (int i = 0; i < n; i++) {
            assertEquals(1, visits[i], "row " + i);
        }
    }

    @Test
    void aFailingChunkIsRethrownAndTheSumsStayUsable() {
        int n = 8 * ChunkedSums.CHUNK;
        ChunkedSums s = new ChunkedSums(n, 1).parallel(true);
        double[] out = new double[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sum((from, to, acc, off) -> {
            if (from == 5 * ChunkedSums.CHUNK) {
                throw new IllegalArgumentException("chunk 5");
            }
            acc[off] += 1;
        }, out));
        assertEquals("chunk 5", e.getMessage());
        s.sum((from, to, acc, off) -> acc[off] += 1, out);
        assertEquals(8, out[0]);
    }
}
