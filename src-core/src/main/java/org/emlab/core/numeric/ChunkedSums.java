package org.emlab.core.numeric;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Deterministic parallel sums over samples. The rows {@code [0, n)} are cut into fixed chunks of
 * {@link #CHUNK} rows, independent of the number of threads; each chunk accumulates into its own
 * slice of a reusable partials buffer, and the slices are then added in chunk order. The result is
 * therefore bit-for-bit the same whether one thread or many ran the chunks, and equal to a serial
 * sum up to the (fixed) summation order.
 *
 * <p>Below {@link #PARALLEL_THRESHOLD} rows everything runs on the calling thread.
 *
 * <p>Cancellation: between chunks the calling thread's {@link Cancellation} flag is checked; once it
 * is raised the remaining chunks are skipped and {@link #sum} throws
 * {@link Cancellation.CancelledException} on the calling thread (the output is then undefined).
 */
public final class ChunkedSums {
    /** Rows per chunk. */
    public static final int CHUNK = 4096;
    /** Below this many rows the work stays on the calling thread. */
    public static final int PARALLEL_THRESHOLD = 32_768;

    /** Accumulates rows {@code [from, to)} into {@code acc[offset .. offset + width)}. */
    @FunctionalInterface
    public interface Kernel {
        void accumulate(int from, int to, double[] acc, int offset);
    }

    private final int n;
    private final int width;
    private final int chunks;
    private final double[] partials;
    private boolean parallel;

    /** Buffers for sums of {@code width} doubles over {@code n} rows. */
    public ChunkedSums(int n, int width) {
        this.n = n;
        this.width = width;
        this.chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        this.partials = new double[chunks * width];
        this.parallel = n >= PARALLEL_THRESHOLD && Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Forces serial (false) or allows parallel (true) execution; the result is identical either way. */
    public ChunkedSums parallel(boolean p) {
        this.parallel = p && n >= CHUNK * 2;
        return this;
    }

    /** True when chunks may run on several threads. */
    public boolean isParallel() {
        return parallel;
    }

    /** Threads that may work on one sum. */
    public int threads() {
        return parallel ? Math.max(2, ForkJoinPool.getCommonPoolParallelism() + 1) : 1;
    }

    /** Runs {@code kernel} over every chunk and writes the ordered total into {@code out[0..width)}. */
    public void sum(Kernel kernel, double[] out) {
        java.util.Arrays.fill(partials, 0.0);
        java.util.function.BooleanSupplier cancelled = Cancellation.current();
        if (parallel && chunks > 1) {
            ForkJoinPool.commonPool().invoke(new Task(kernel, 0, chunks, cancelled));
            Cancellation.checkpoint();
        } else {
            for (int c = 0; c < chunks; c++) {
                if (cancelled.getAsBoolean()) {
                    throw new Cancellation.CancelledException();
                }
                runChunk(kernel, c);
            }
        }
        for (int w = 0; w < width; w++) {
            out[w] = 0.0;
        }
        for (int c = 0; c < chunks; c++) {
            int off = c * width;
            for (int w = 0; w < width; w++) {
                out[w] += partials[off + w];
            }
        }
    }

    private void runChunk(Kernel kernel, int c) {
        int from = c * CHUNK;
        int to = Math.min(n, from + CHUNK);
        kernel.accumulate(from, to, partials, c * width);
    }

    private final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Kernel kernel;
        private final int lo;
        private final int hi;
        private final transient java.util.function.BooleanSupplier cancelled;

        Task(Kernel kernel, int lo, int hi, java.util.function.BooleanSupplier cancelled) {
            this.kernel = kernel;
            this.lo = lo;
            this.hi = hi;
            this.cancelled = cancelled;
        }

        @Override
        protected void compute() {
            if (hi - lo <= 2) {
                for (int c = lo; c < hi; c++) {
                    if (cancelled.getAsBoolean()) {
                        return; // the calling thread throws after invoke
                    }
                    runChunk(kernel, c);
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Task(kernel, lo, mid, cancelled), new Task(kernel, mid, hi, cancelled));
        }
    }
}
