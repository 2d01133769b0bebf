package org.emlab.core.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.numeric.ChunkedSums;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emlab bench}: milliseconds per sample-EM iteration for each lab and size, with the
 * threads the engine actually used (the most threads that ran chunks of one {@link ChunkedSums} sum
 * during the timed iterations) and the effective read bandwidth (bytes of the data per iteration /
 * time), and the read floor measured beside it ({@code read_ms}: one pass over the step's own X on
 * as many threads, {@code step_over_read} the ratio). Data generation and warm-up iterations are excluded. With {@code --population}, also one
 * line per lab for its population EM step at the default (quadrature) settings. One result per line,
 * {@code key=value} pairs; {@code set="..."} lists parameters that differ from the lab's defaults
 * besides n, d and k (for example the node count of mlr-clustered, whose n is m × n per node); a lab
 * without a step of some size says why in {@code skipped="..."}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time each lab's sample-EM step per size: median, min and max ms per iteration, "
        + "threads, effective read bandwidth, and the time to read X once in the same run. Data generation and warm-up are excluded.")
final class BenchCommand implements Callable<Integer> {
    /** Fewest warm-up steps, taken on a run of its own before the timed run ({@link #warmUp}). */
    static final int WARM_UP = 3;
    /**
     * Warm-up also lasts at least this long (at most {@link #MAX_WARM_UP} steps): the JIT compiles a
     * kernel's loops with its optimising compiler only after many calls, and a kernel split into small
     * methods (the symmetric MLR pass) was still partly in the first compiler's code after 3 steps:
     * its median over 20 steps was 14 ms, over steps 150 on 9 ms.
     */
    static final long WARM_UP_NANOS = 1_000_000_000L;
    /** Most warm-up steps (a fast step at small n reaches the time only after thousands). */
    static final int MAX_WARM_UP = 2_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--lab", paramLabel = "ID", description = "lab to measure (repeatable; default: every lab with a sample-EM step)")
    List<String> labs = new ArrayList<>();

    @Option(names = "--n", split = ",", paramLabel = "N", description = "sample sizes (default ${DEFAULT-VALUE})")
    List<Double> ns = new ArrayList<>(List.of(1e4, 1e5, 1e6));

    @Option(names = "--d", split = ",", paramLabel = "D", description = "dimensions (default ${DEFAULT-VALUE})")
    List<Integer> ds = new ArrayList<>(List.of(2, 10));

    @Option(names = "--k", split = ",", paramLabel = "K", description = "components (default ${DEFAULT-VALUE})")
    List<Integer> ks = new ArrayList<>(List.of(2, 4));

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "fix another parameter")
    List<String> sets = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "T", description = "timed iterations per size (default ${DEFAULT-VALUE})")
    int iterations = 20;

    @Option(names = "--bandwidth", description = "also measure this machine's single-thread read bandwidth out of cache (a 1 GB array) and in cache (80 MB)")
    boolean bandwidth;

    @Option(names = "--population", description = "also time each lab's population EM step (quadrature) at its defaults")
    boolean population;

    @Option(names = "--sweep", paramLabel = "PRESET", description = "run this shipped sweep preset on every core "
            + "(repeatable) and report its wall time and runs per second; without --lab or --population only the sweeps run")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--sweep-trials", paramLabel = "R", description = "trials per point of the --sweep runs (default: the preset's)")
    Integer sweepTrials;

    /** Bytes summed by {@link #readBandwidth()}. */
    static final long BANDWIDTH_BYTES = 1L << 30;
    /** The in-cache read: 80 MB, the size of X at n = 10⁶, d = 10. */
    static final long IN_CACHE_BYTES = 80_000_000L;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (iterations < 1 || iterations > 10_000) {
            throw new ValidationException("iterations", "--iterations must be in [1, 10000] (got " + iterations + ")");
        }
        List<Lab> chosen = new ArrayList<>();
        if (labs.isEmpty()) {
            chosen.addAll(LabRegistry.all());
        } else {
            for (String id : labs) {
                chosen.add(LabRegistry.get(id));
            }
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--set", "--set expects NAME=VALUE (got \"" + s + "\")");
            }
            fixed.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        out.println("# EM Lab " + EmlabCli.version() + " bench: java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        if (bandwidth) {
            out.println(readBandwidth());
            out.flush();
        }
        if (sweepTrials != null && (sweepTrials < 1 || sweepTrials > 10_000)) {
            throw new ValidationException("sweep-trials", "--sweep-trials must be in [1, 10000] (got " + sweepTrials + ")");
        }
        List<org.emlab.core.sweep.SweepSpec> sweepSpecs = new ArrayList<>();
        for (String name : sweeps) {
            sweepSpecs.add(sweepSpec(name, sweepTrials)); // every name checked before anything runs
        }
        for (Lab lab : labs.isEmpty() && !sweeps.isEmpty() && !population ? List.<Lab>of() : chosen) {
            java.util.Set<String> reasons = new java.util.HashSet<>();
            for (double nd : ns) {
                int n = (int) Math.round(nd);
                if (n < 1 || nd > 5e7) {
                    throw new ValidationException("n", "--n values must be in [1, 5e7] (got " + nd + ")");
                }
                for (int d : ds) {
                    for (int k : lab.defaults().has("k") ? ks : List.of(ks.get(0))) {
                        String kText = lab.defaults().has("k") ? Integer.toString(k) : "-";
                        ParamValues p = lab.benchParams(lab.defaults(), n, d, k);
                        if (p == null) {
                            String why = lab.noBenchReason(n, d, k);
                            if (reasons.add(why)) {
                                out.println("lab=" + lab.id() + " mode=sample n=" + n + " d=" + d + " k=" + kText
                                        + " skipped=\"" + why + "\"");
                            }
                            continue;
                        }
                        try {
                            p = p.withAll(filter(fixed, p));
                            lab.validate(p);
                            org.emlab.core.lab.SizeGuard.check(lab, p);
                        } catch (ValidationException e) {
                            out.println("lab=" + lab.id() + " mode=sample n=" + n + " d=" + d + " k=" + kText
                                    + " skipped=\"" + e.getMessage() + "\"");
                            continue;
                        }
                        out.println(measure(lab, p, n, d, kText));
                        out.flush();
                    }
                }
            }
            if (population && lab.defaults().has("population")) {
                ParamValues p = lab.defaults().with("population", "true");
                try {
                    p = p.withAll(filter(fixed, p));
                    lab.validate(p);
                } catch (ValidationException e) {
                    out.println("lab=" + lab.id() + " mode=population skipped=\"" + e.getMessage() + "\"");
                    continue;
                }
                out.println(measurePopulation(lab, p));
                out.flush();
            }
        }
        for (int i = 0; i < sweepSpecs.size(); i++) {
            out.println(measureSweep(sweeps.get(i), sweepSpecs.get(i)));
            out.flush();
        }
        return 0;
    }

    /** The sweep of the shipped preset {@code name}, with {@code trials} per point when given. */
    static org.emlab.core.sweep.SweepSpec sweepSpec(String name, Integer trials) {
        org.emlab.core.sweep.SweepSpec s = org.emlab.core.sweep.SweepPresets.load(name).spec();
        if (trials == null) {
            return s;
        }
        return new org.emlab.core.sweep.SweepSpec(s.lab(), s.base(), s.ranges(), trials, s.iterations(), s.measures(),
                s.fit(), s.title());
    }

    /**
     * {@code sweep=NAME lab=ID runs=R iterations=T threads=N wall_s=… runs_per_s=…}: the sweep run as
     * {@code ./emlab sweep} runs it (every core, issue 19), without writing its CSV.
     */
    static String measureSweep(String name, org.emlab.core.sweep.SweepSpec s) {
        int threads = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        org.emlab.core.sweep.SweepResult r = org.emlab.core.sweep.SweepRunner.run(s, threads,
                org.emlab.core.sweep.SweepRunner.SILENT, () -> false);
        double wall = (System.nanoTime() - t0) / 1e9;
        int runs = s.points() * s.trials();
        return String.format(Locale.ROOT, "sweep=%s lab=%s runs=%d iterations=%d threads=%d wall_s=%.2f runs_per_s=%.3f "
                        + "completed=%d", name, s.lab().id(), runs, s.iterations(), threads, wall, runs / wall,
                r.completed());
    }

    /**
     * Single-thread read bandwidth, out of cache and in cache: the median of 5 sums over a 1 GB array of
     * doubles (larger than any cache: memory) and of 9 sums over an 80 MB array (the size of X at
     * n = 10⁶, d = 10; it stays in a large L3 after the first pass), each after one warm-up sum. The
     * floors a memory-bound EM sweep over X can reach on one core.
     */
    static String readBandwidth() {
        return readBandwidth("memory", BANDWIDTH_BYTES, 5) + System.lineSeparator()
                + readBandwidth("cache", IN_CACHE_BYTES, 9);
    }

    private static String readBandwidth(String where, long bytes, int repeats) {
        int len = (int) (bytes / 8);
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = i & 1023;
        }
        double[] ms = new double[repeats];
        double sink = 0;
        for (int r = -1; r < ms.length; r++) {
            long t0 = System.nanoTime();
            sink += sum(a, 0, len);
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        double median = ms[repeats / 2];
        return String.format(Locale.ROOT, "read_bandwidth where=%s bytes=%d median_ms=%.2f single_thread_GBps=%.2f "
                + "checksum=%.0f", where, bytes, median, bytes / (median * 1e6), sink);
    }

    private static Map<String, String> filter(Map<String, String> fixed, ParamValues p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            if (p.has(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Times {@link #iterations} steps (the code warmed up by {@link #warmUp}); returns the sorted times (ms) and the threads seen. */
    private double[] time(StepEngine e, int[] threads) {
        ChunkedSums.resetThreadsSeen();
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            e.step();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        threads[0] = Math.max(1, ChunkedSums.threadsSeen());
        double[] row = new double[e.columns().size()];
        e.row(row); // keep the work observable
        Arrays.sort(ms);
        return ms;
    }

    /**
     * Steps a run of its own, thrown away after: {@link #WARM_UP} steps, and more until
     * {@link #WARM_UP_NANOS} have passed (at most {@link #MAX_WARM_UP}). The timed run then starts
     * fresh: a run warmed for seconds may have converged, and some steps cost less then. With
     * {@code rows}, each warm-up step is followed by its row, as in {@link #measurePopulation} (a row's
     * code, such as gmm-overparam's check on a second rule, is compiled then too; without it the first of
     * 30 timed rows ran interpreted and the row median read 3.9 against 0.35 ms).
     */
    static void warmUp(Lab lab, ParamValues p, boolean rows) {
        StepEngine e = lab.start(p, null).engine();
        double[] row = new double[e.columns().size()];
        long start = System.nanoTime();
        for (int i = 0; i < MAX_WARM_UP && (i < WARM_UP || System.nanoTime() - start < WARM_UP_NANOS); i++) {
            e.step();
            if (rows) {
                e.row(row);
            }
        }
    }

    private static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }

    private String measure(Lab lab, ParamValues p, int n, int d, String k) {
        warmUp(lab, p, false);
        LabRun run = lab.start(p, null);
        int[] threads = new int[1];
        double[] ms = time(run.engine(), threads);
        double median = median(ms);
        Dataset data = run.data();
        long bytes = data == null ? 0 : data.bytes();
        double[][] streamed = run.engine().streamedData();
        double read = data == null ? Double.NaN : readOnce(new double[][] {data.x()}, threads[0]);
        if (data != null && streamed != null) {
            // the step reads its own copy of x: the floor is the faster of the two reads of the same values
            // (a layout that reads slower, such as many small arrays scattered by the collector, must not
            // flatter step_over_read)
            read = Math.min(read, readOnce(streamed, threads[0]));
        }
        return String.format(Locale.ROOT,
                "lab=%s mode=sample n=%d d=%d k=%s median_ms=%.3f min_ms=%.3f max_ms=%.3f threads=%d bytes=%d "
                        + "bandwidth_GBps=%.2f read_ms=%.3f step_over_read=%.1f%s",
                lab.id(), n, d, k, median, ms[0], ms[ms.length - 1], threads[0], bytes, bytes / (median * 1e6),
                read, median / read, changed(lab, p, n));
    }

    /**
     * The read floor of a step, measured in the same run: the median time (ms) of 5 sums over the step's
     * own X (n × d doubles; y and the rest are not counted; when the engine streams a copy of X in another layout,
     * {@link StepEngine#streamedData()}, the faster of the reads of that copy and of the dataset's x), after one
     * warm-up sum, on as many threads as the step used (contiguous parts; whole arrays when X is many arrays). Whether that is a cache or a memory bandwidth depends on the
     * data's size and this machine's caches; {@code --bandwidth} measures both.
     */
    static double readOnce(double[][] arrays, int threads) {
        double[] ms = new double[5];
        double sink = 0;
        ExecutorService pool = threads > 1
                ? Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "emlab-bench-read");
                    t.setDaemon(true);
                    return t;
                }) : null;
        int parts = pool == null ? 1 : threads;
        try {
            for (int r = -1; r < ms.length; r++) {
                long t0 = System.nanoTime();
                double s = 0;
                List<Future<Double>> fs = new ArrayList<>();
                for (int part = 1; part < parts; part++) {
                    int p = part;
                    fs.add(pool.submit(() -> sumPart(arrays, p, parts)));
                }
                s += sumPart(arrays, 0, parts);
                for (Future<Double> f : fs) {
                    try {
                        s += f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Double.NaN;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
                sink += s;
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Arrays.sort(ms);
        checksum += sink; // keeps the sums observable
        return ms[2];
    }

    /**
     * Part {@code part} of {@code parts} contiguous parts of the read: of the one array's elements, or of the
     * list of arrays (whole arrays, in order) when there are several (x held in tiles).
     */
    private static double sumPart(double[][] arrays, int part, int parts) {
        if (arrays.length == 1) {
            double[] a = arrays[0];
            return sum(a, (int) ((long) a.length * part / parts), (int) ((long) a.length * (part + 1) / parts));
        }
        double s = 0;
        int to = (int) ((long) arrays.length * (part + 1) / parts);
        for (int i = (int) ((long) arrays.length * part / parts); i < to; i++) {
            s += sum(arrays[i], 0, arrays[i].length);
        }
        return s;
    }

    /** The sums of the read measurements, kept so that the JIT cannot drop them. */
    private static volatile double checksum;

    /** Σ a[from, to) with four running sums (as the kernels read their rows). */
    /**
     * The read floor's own sum (the same order as {@code SweepMath.sum}, kept apart on purpose: a read
     * measured through the kernels' already-compiled sum took under 0.5 µs for the 8 KB of a tiny
     * bench and printed as {@code read_ms=0.000}).
     */
    private static double sum(double[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The population step at the lab's defaults, and {@code row_median_ms}: the median time of a step's
     * row (metrics and error estimates, which a run computes at every iteration) over the same iterations.
     */
    private String measurePopulation(Lab lab, ParamValues p) {
        warmUp(lab, p, true);
        LabRun run = lab.start(p, null);
        StepEngine e = run.engine();
        ChunkedSums.resetThreadsSeen();
        double[] ms = new double[iterations];
        double[] rows = new double[iterations];
        double[] row = new double[e.columns().size()];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            e.step();
            long t1 = System.nanoTime();
            e.row(row);
            rows[i] = (System.nanoTime() - t1) / 1e6;
            ms[i] = (t1 - t0) / 1e6;
        }
        int threads = Math.max(1, ChunkedSums.threadsSeen());
        Arrays.sort(ms);
        Arrays.sort(rows);
        return String.format(Locale.ROOT, "lab=%s mode=population median_ms=%.3f min_ms=%.3f max_ms=%.3f threads=%d "
                        + "row_median_ms=%.3f%s", lab.id(), median(ms), ms[0], ms[ms.length - 1], threads, median(rows),
                changed(lab, p, -1));
    }

    /**
     * {@code  set="a=1,b=2"}: the parameters whose values differ from the lab's defaults, except d, k,
     * population and seed, and except n when it equals the size printed ({@code n < 0}: print n too).
     */
    private static String changed(Lab lab, ParamValues p, int n) {
        ParamValues def = lab.defaults();
        List<String> diff = new ArrayList<>();
        for (var spec : lab.parameters()) {
            String name = spec.name();
            if (List.of("d", "k", "population", "seed").contains(name)) {
                continue;
            }
            String v = p.text(name);
            if (name.equals("n") && n >= 0 && v.equals(Integer.toString(n))) {
                continue;
            }
            if (!v.equals(def.text(name))) {
                diff.add(name + "=" + v);
            }
        }
        return diff.isEmpty() ? "" : " set=\"" + String.join(",", diff) + "\"";
    }
}
