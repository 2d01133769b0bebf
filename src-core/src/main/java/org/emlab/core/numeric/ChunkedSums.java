package org.emlab.core.numeric;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deterministic parallel sums over samples. The rows {@code [0, n)} are cut into fixed chunks of
 * {@link #CHUNK} rows, independent of the number of threads; each chunk accumulates into its own
 * slice of a reusable partials buffer (padded to whole cache lines), and the slices are then added in chunk order. The result is
 * therefore bit-for-bit the same whether one thread or many ran the chunks, and equal to a serial
 * sum up to the (fixed) summation order.
 *
 * <p>Below {@link #PARALLEL_THRESHOLD} rows everything runs on the calling thread. Above it the
 * calling thread and up to {@code ForkJoinPool.getCommonPoolParallelism()} helpers from the common
 * pool claim chunks from a shared counter: the caller always works, so a busy pool only costs
 * speed, never progress, and the caller then waits only for chunks a helper is still running. A helper
 * stays for up to a millisecond after a pass, spinning, and joins the next pass any caller posts
 * ({@link Helper}): a step made of many short passes keeps its helper instead of waking a parked thread
 * for each. Each
 * sum records how many threads actually ran chunks ({@link #lastThreads()}, and per calling thread
 * {@link #threadsSeen()} for benchmarks).
 *
 * <p>Cancellation: between chunks the calling thread's {@link Cancellation} flag is checked (helpers
 * check the caller's flag); once it is raised the remaining chunks are skipped and {@link #sum}
 * throws {@link Cancellation.CancelledException} on the calling thread (the output is then undefined).
 */
public final class ChunkedSums {
    /** Rows per chunk. */
    public static final int CHUNK = 4096;
    /** Below this many rows the work stays on the calling thread. */
    public static final int PARALLEL_THRESHOLD = 32_768;
    /** Busy-wait rounds before the caller yields its core while helpers finish their chunks. */
    private static final int SPINS_BEFORE_YIELD = 64;
    /**
     * Doubles per 64-byte cache line. Chunk slices are padded to whole lines plus one, so threads
     * accumulating into neighbouring chunks never write to the same line (no false sharing).
     */
    private static final int DOUBLES_PER_LINE = 8;
    /** Most threads whose participation a sum records (a bit each). */
    private static final int MAX_TRACKED_THREADS = 63;
    /** How long a helper spins for the next pass after finishing one ({@link Helper}). */
    private static final long LINGER_NANOS = 1_000_000L;
    /** The latest parallel pass, for lingering helpers (cleared by its caller when it is done). */
    private static final AtomicReference<Pass> POSTED = new AtomicReference<>();
    /** Helpers spinning for a pass right now. */
    private static final AtomicInteger LINGERING = new AtomicInteger();

    /**
     * Per thread: whether a sum may use helper threads now (null: always). A sweep sets it on its worker
     * threads ({@link #allowHelpersWhen}), so that runs that already occupy every core do not also queue
     * helper tasks for one another.
     */
    private static final ThreadLocal<java.util.function.BooleanSupplier> HELPERS_ALLOWED = new ThreadLocal<>();

    /** The largest {@link #lastThreads()} of any sum run by the current thread since {@link #resetThreadsSeen()}. */
    private static final ThreadLocal<int[]> SEEN = ThreadLocal.withInitial(() -> new int[1]);

    /** Accumulates rows {@code [from, to)} into {@code acc[offset .. offset + width)}. */
    @FunctionalInterface
    public interface Kernel {
        void accumulate(int from, int to, double[] acc, int offset);
    }

    private final int n;
    private final int width;
    private final int chunk;
    private final int chunks;
    private final int stride; // doubles per chunk slice: width rounded up to whole cache lines, plus one line
    private final double[] partials;
    private boolean parallel;
    private int lastThreads = 1;

    /** Buffers for sums of {@code width} doubles over {@code n} rows, in chunks of {@link #CHUNK} rows. */
    public ChunkedSums(int n, int width) {
        this(n, width, CHUNK);
    }

    /**
     * Buffers for sums of {@code width} doubles over {@code n} rows, in chunks of {@code chunk} rows (at least
     * {@link #CHUNK}): for kernels whose every chunk costs a fixed amount besides its rows, such as gmm-overparam's
     * factored passes (lanes per column of the lattice, zeroed and added up per chunk), fewer and longer chunks.
     * Parallel, as with the default, from {@link #PARALLEL_THRESHOLD} rows and two chunks.
     */
    public ChunkedSums(int n, int width, int chunk) {
        if (chunk < CHUNK) {
            throw new IllegalArgumentException("chunks of " + chunk + " rows; at least " + CHUNK);
        }
        this.n = n;
        this.width = width;
        this.chunk = chunk;
        this.chunks = Math.max(1, (n + chunk - 1) / chunk);
        this.stride = (width + DOUBLES_PER_LINE - 1) / DOUBLES_PER_LINE * DOUBLES_PER_LINE + DOUBLES_PER_LINE;
        this.partials = new double[chunks * stride];
        this.parallel = n >= PARALLEL_THRESHOLD && Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Bytes of the partials buffer of {@code new ChunkedSums(n, width)}: a padded slice per chunk of rows (memory estimates). */
    public static long partialsBytes(long n, long width) {
        long chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        long stride = (width + DOUBLES_PER_LINE - 1) / DOUBLES_PER_LINE * DOUBLES_PER_LINE + DOUBLES_PER_LINE;
        return 8L * chunks * stride;
    }

    /** Forces serial (false) or allows parallel (true) execution; the result is identical either way. */
    public ChunkedSums parallel(boolean p) {
        this.parallel = p && chunks >= 2 && n >= CHUNK * 2;
        return this;
    }

    /** True when chunks may run on several threads. */
    public boolean isParallel() {
        return parallel;
    }

    /** Threads that may work on one sum (the caller plus the common pool's workers). */
    public int threads() {
        return parallel ? Math.min(chunks, Math.max(2, ForkJoinPool.getCommonPoolParallelism() + 1)) : 1;
    }

    /** Threads that actually ran at least one chunk of the latest sum (1 when it ran serially). */
    public int lastThreads() {
        return lastThreads;
    }

    /** Forgets the threads recorded for the current thread's sums (see {@link #threadsSeen()}). */
    public static void resetThreadsSeen() {
        SEEN.get()[0] = 0;
    }

    /**
     * The most threads that ran chunks of any one sum called from the current thread since the last
     * {@link #resetThreadsSeen()}: what a benchmark reports as "threads". 0 when no sum ran.
     */
    public static int threadsSeen() {
        return SEEN.get()[0];
    }

    /**
     * For the sums run by the current thread from now on: use helper threads only while {@code allowed}
     * returns true (null: always, the default). The results are the same either way (fixed chunks); a
     * sweep whose workers already occupy every core passes "every run has been handed out", so that
     * only its last runs spread over the cores that have become idle (issue 19).
     */
    public static void allowHelpersWhen(java.util.function.BooleanSupplier allowed) {
        if (allowed == null) {
            HELPERS_ALLOWED.remove();
        } else {
            HELPERS_ALLOWED.set(allowed);
        }
    }

    /**
     * The column means of the row-major {@code n × d} array {@code x}, its columns summed over the fixed
     * chunks (the same bits on any number of threads) and divided by {@code n}.
     */
    public static double[] columnMeans(double[] x, int n, int d) {
        double[] m = new double[d];
        new ChunkedSums(n, d).sum((from, to, acc, off) -> {
            for (int i = from; i < to; i++) {
                for (int c = 0; c < d; c++) {
                    acc[off + c] += x[i * d + c];
                }
            }
        }, m);
        for (int c = 0; c < d; c++) {
            m[c] /= Math.max(1, n);
        }
        return m;
    }

    /** Runs {@code kernel} over every chunk and writes the ordered total into {@code out[0..width)}. */
    public void sum(Kernel kernel, double[] out) {
        java.util.Arrays.fill(partials, 0.0);
        java.util.function.BooleanSupplier cancelled = Cancellation.current();
        int used = 1;
        java.util.function.BooleanSupplier allowed = parallel && chunks > 1 ? HELPERS_ALLOWED.get() : null;
        if (parallel && chunks > 1 && (allowed == null || allowed.getAsBoolean())) {
            used = runParallel(kernel, cancelled);
        } else {
            for (int c = 0; c < chunks; c++) {
                if (cancelled.getAsBoolean()) {
                    throw new Cancellation.CancelledException();
                }
                runChunk(kernel, c);
            }
        }
        lastThreads = used;
        int[] seen = SEEN.get();
        seen[0] = Math.max(seen[0], used);
        for (int w = 0; w < width; w++) {
            out[w] = 0.0;
        }
        for (int c = 0; c < chunks; c++) {
            int off = c * stride;
            for (int w = 0; w < width; w++) {
                out[w] += partials[off + w];
            }
        }
    }

    private void runChunk(Kernel kernel, int c) {
        int from = c * chunk;
        int to = Math.min(n, from + chunk);
        kernel.accumulate(from, to, partials, c * stride);
    }

    /**
     * Caller and helpers claim chunks until none is left; returns the number of threads that ran one.
     * The pass is posted for helpers that linger from earlier passes ({@link Helper}); only the helpers
     * missing beyond those are started in the common pool.
     */
    private int runParallel(Kernel kernel, java.util.function.BooleanSupplier cancelled) {
        Pass pass = new Pass(kernel, cancelled);
        int helpers = Math.min(Math.min(threads() - 1, chunks - 1), MAX_TRACKED_THREADS - 1);
        POSTED.set(pass);
        for (int h = 1 + Math.min(LINGERING.get(), helpers); h <= helpers; h++) {
            ForkJoinPool.commonPool().execute(new Helper(pass));
        }
        pass.work(0);
        POSTED.compareAndSet(pass, null);
        int spins = 0;
        while (pass.done.get() < chunks) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable error = pass.error;
        if (error == null && cancelled.getAsBoolean()) {
            throw new Cancellation.CancelledException();
        }
        if (error instanceof RuntimeException re) {
            throw re;
        } else if (error instanceof Error e) {
            throw e;
        } else if (error != null) {
            throw new IllegalStateException(error);
        }
        return Long.bitCount(pass.ran);
    }

    /**
     * A helper in the common pool: works on its pass, then lingers for up to {@link #LINGER_NANOS},
     * spinning, for the next pass any caller posts ({@link #POSTED}), and works on that one too. A step
     * made of many short passes (gmm-overparam's 31 weight passes of about 0.1 ms) then keeps its helper
     * instead of waking a parked pool thread for every pass, which took about as long as the pass itself
     * (issue 19). A helper never waits for a pass to finish: the caller runs every chunk nobody claimed, so
     * a helper that left early, or never came, costs speed only.
     */
    private static final class Helper implements Runnable {
        private Pass pass;

        Helper(Pass first) {
            this.pass = first;
        }

        @Override
        public void run() {
            while (pass != null) {
                pass.work(pass.joinBit());
                pass = nextPass(pass);
            }
        }

        /** The next posted pass with unclaimed chunks, or null when none came within the linger time. */
        private static Pass nextPass(Pass last) {
            LINGERING.incrementAndGet();
            try {
                long deadline = System.nanoTime() + LINGER_NANOS;
                for (int spins = 1; ; spins++) {
                    Pass p = POSTED.get();
                    if (p != null && p != last && p.unclaimed()) {
                        return p;
                    }
                    if ((spins & 63) == 0 && System.nanoTime() - deadline > 0) {
                        return null;
                    }
                    Thread.onSpinWait();
                }
            } finally {
                LINGERING.decrementAndGet();
            }
        }
    }

    /** One parallel sum: the chunk counter, the completion counter and the first failure. */
    private final class Pass {
        final Kernel kernel;
        final java.util.function.BooleanSupplier cancelled;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger bits = new AtomicInteger(1); // the next helper's bit in ran
        volatile Throwable error;
        volatile long ran; // bit h: worker h ran at least one chunk (0 = the caller)

        Pass(Kernel kernel, java.util.function.BooleanSupplier cancelled) {
            this.kernel = kernel;
            this.cancelled = cancelled;
        }

        /** A bit of {@link #ran} for a helper joining this pass (the last one shared beyond 62 helpers). */
        int joinBit() {
            return Math.min(bits.getAndIncrement(), MAX_TRACKED_THREADS - 1);
        }

        /** True while some chunk is not yet claimed. */
        boolean unclaimed() {
            return next.get() < chunks;
        }

        void work(int bit) {
            int c;
            boolean any = false;
            while ((c = next.getAndIncrement()) < chunks) {
                if (!any) {
                    any = true;
                    synchronized (this) {
                        ran |= 1L << bit;
                    }
                }
                try {
                    if (error == null && !cancelled.getAsBoolean()) {
                        runChunk(kernel, c);
                    }
                } catch (Throwable e) {
                    synchronized (this) {
                        if (error == null) {
                            error = e;
                        }
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }
}
