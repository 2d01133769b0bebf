package org.emlab.core.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emlab.core.api.EmLab;
import org.emlab.core.api.Experiment;
import org.emlab.core.api.RowObserver;
import org.emlab.core.api.RunInfo;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;
import org.emlab.core.io.Digests;
import org.emlab.core.io.Failure;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.OutputTargets;
import org.emlab.core.io.WriterOutputStream;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.output.DataCsv;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.FiniteRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emlab run LAB ... [--data FILE] --out TRAJ.csv [--data-out DATA.csv]}: runs T iterations
 * headless and writes the trajectory (row {@code iter = 0} holds the initial parameters) and the
 * exact sample (for a streaming lab, the samples it consumed, in order). With {@code --data} (labs that accept user data) the run fits the columns picked
 * from that file instead of generated data. {@code --out -} writes the trajectory to standard output
 * (and nothing else goes there). A thin layer over {@link Experiment#stream}, the Java API's run.
 *
 * <p>Beside a regular output file goes its metadata, {@code TRAJ.meta.json} ({@link RunMetadata}):
 * version and commit, lab, every parameter, seed, horizon, iterations done, why it stopped, timings,
 * the command line and the output's SHA-256. {@code ./emlab run --replay TRAJ.meta.json [--out OTHER.csv]}
 * runs it again and checks the trajectory is byte for byte the one recorded.
 * A run whose engine stops before its horizon for a reason (a collapse, ill-conditioning) still exits 0
 * and writes only data rows; the reason goes to stderr as one line ({@link #stopLine}).
 *
 * <p>Before anything is written: the outputs must differ from the inputs and from each other
 * ({@link OutputTargets}), and the size of a regular output file is estimated ({@link OutputSize}):
 * past {@link OutputSize#WARN_BYTES} a warning goes to stderr, past {@link OutputSize#LIMIT_BYTES}
 * the run is refused unless {@code --large-output} is given. While writing, a row with a NaN or an
 * infinity stops the run ({@link FiniteRows}); the target then keeps its old content.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {"Run a lab headless and write its trajectory (and "
        + "its data) as CSV, with a metadata sidecar TRAJ.meta.json that --replay reproduces.",
    "Examples:",
    "  ./emlab run gmm-simplex --iterations 200 --out t.csv        (also writes t.meta.json)",
    "  ./emlab run gmm-simplex --iterations 5 --out - | python3 -c 'import sys,csv; print(list(csv.reader(sys.stdin)))'",
    "  ./emlab run --replay t.meta.json                           (checks the run is reproduced bit for bit)",
    "  ./emlab run --replay t.meta.json --out again.csv"})
final class RunCommand implements Callable<Integer> {
    /** Most iterations one CLI run may ask for. */
    static final int MAX_ITERATIONS = 100_000_000;

    @Spec
    CommandSpec command;

    @Mixin
    RunSpec spec;

    @Option(names = "--iterations", paramLabel = "T", description = "run exactly T iterations (default: the horizon where the window stops "
            + "playing: the preset's iterations, else the lab's, or earlier once converged to rounding)")
    Integer iterationsOption;

    @Option(names = "--out", paramLabel = "TRAJ.csv", description = "trajectory CSV: iter, metrics, parameters; - writes "
            + "standard output (a pipe or a device such as /dev/stdout is written through)")
    Path out;

    @Option(names = "--data-out", paramLabel = "DATA.csv", description = "the exact sample the run used")
    Path dataOut;

    @Option(names = "--meta", paramLabel = "FILE", description = "write the metadata there (default: TRAJ.meta.json beside "
            + "a regular --out file; none for standard output or a device unless --meta is given)")
    Path meta;

    @Option(names = "--no-meta", description = "write no metadata sidecar")
    boolean noMeta;

    @Option(names = "--replay", paramLabel = "RUN.meta.json", description = "run again what a metadata file records "
            + "(same lab, parameters, data, iterations) and check the trajectory is byte for byte the same; with --out, "
            + "also write it there")
    Path replay;

    @Option(names = "--large-output", description = "write an output file estimated above the size limit ("
            + OutputSize.LIMIT_TEXT + ") instead of refusing it")
    boolean largeOutput;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        if (replay != null) {
            return replay(t0, started);
        }
        if (out == null) {
            throw new ValidationException("--out", "--out TRAJ.csv is required (--out - writes standard output)");
        }
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        Horizon horizon = spec.horizon(iterationsOption, lab, p, MAX_ITERATIONS);
        Path metaFile = metaFile();
        OutputTargets.checkDistinct(OutputTargets.of("--out", out, "--data-out", dataOut, "--meta", metaFile), spec.inputs());
        Dataset user = spec.userData(lab);
        Experiment x = Experiment.of(lab, p).horizon(horizon, spec.horizonFrom(iterationsOption)).data(user, spec.dataFile)
                .preset(spec.presetName);
        Written w = execute(x, metaFile, started, t0);
        summary(w, metaFile, null);
        return 0;
    }

    /** The sidecar's path: --meta, else NAME.meta.json beside a regular --out, else none. */
    private Path metaFile() {
        if (noMeta) {
            if (meta != null) {
                throw new ValidationException("--meta", "--meta and --no-meta contradict each other; give one");
            }
            return null;
        }
        if (meta != null) {
            return meta;
        }
        return RunMetadata.wantsSidecar(out) ? RunMetadata.sidecarFor(out) : null;
    }

    /** What a run wrote. */
    private record Written(RunInfo info, String sha256, long bytes) {
    }

    /** Runs {@code x} into {@link #out} (and {@link #dataOut}), then writes the metadata to {@code metaFile} (if any). */
    private Written execute(Experiment x, Path metaFile, Instant started, long t0) throws IOException {
        PrintWriter err = command.commandLine().getErr();
        Lab lab = x.lab();
        Horizon horizon = x.horizon();
        int iterations = horizon.iterations();
        RunInfo[] info = new RunInfo[1];
        String[] sha = new String[1];
        long[] bytes = new long[1];
        Dataset[] data = new Dataset[1];
        long tw;
        try {
            AtomicFiles.write(out, stdout(), os -> {
                Digests.Counting counted = new Digests.Counting(os);
                CsvWriter w = new CsvWriter(counted);
                info[0] = x.stream(horizon, new RowObserver() {
                    @Override
                    public void started(LabRun r) throws IOException {
                        data[0] = r.data();
                        List<String> head = new ArrayList<>();
                        head.add("iter");
                        head.addAll(r.engine().columns());
                        if (dataOut != null && r.data() == null && !r.streamsSamples()) {
                            throw new ValidationException("--data-out", "--data-out needs a sample, and a population run "
                                    + "has none");
                        }
                        OutputSize.check("--out", out, OutputSize.trajectory(iterations, head.size() - 1), (iterations + 1L)
                                + " rows of " + head.size() + " numbers", largeOutput, err);
                        if (dataOut != null && r.data() != null) {
                            int width = DataCsv.header(r.data()).size();
                            OutputSize.check("--data-out", dataOut, OutputSize.table(r.data().n(), width), r.data().n()
                                    + " rows of " + width + " numbers", largeOutput, err);
                            checkFinite(r.data());
                        }
                        w.header(head);
                    }

                    @Override
                    public void row(int iteration, double[] row) throws IOException {
                        w.row(iteration, row);
                    }
                });
                counted.flush();
                sha[0] = counted.sha256();
                bytes[0] = counted.bytes();
            });
            tw = System.nanoTime();
        } catch (FiniteRows.NonFinite nf) {
            throw new Failure("run stopped: " + nf.getMessage() + "; nothing was written to " + shown(out) + hint(lab), nf);
        }
        RunInfo r = info[0];
        if (dataOut != null && data[0] != null) {
            DataCsv.write(dataOut, data[0]);
        } else if (dataOut != null) {
            DataCsv.writeStream(dataOut, r.run().streamedSamples(r.run().engine().iteration())); // the samples consumed
        }
        String stop = stopLine(lab.id(), r.run().engine(), iterations);
        if (stop != null) {
            err.println(stop);
            err.flush();
        }
        if (metaFile != null) {
            List<String> cols = new ArrayList<>();
            cols.add("iter");
            cols.addAll(r.run().engine().columns());
            RunMetadata m = new RunMetadata(lab.id(), x.parameters()).command(args()).preset(x.preset()).data(x.dataFile())
                    .horizon(horizon, x.horizonFrom()).stopped(r.iterations(), r.rows(), r.stop(), r.stopDetail())
                    .columns(cols).output("trajectory", out, sha[0], bytes[0]).started(started)
                    .seconds("setup", r.setupNanos() / 1e9).seconds("run", r.runNanos() / 1e9);
            if (dataOut != null) {
                m.output("data", dataOut, null, -1);
            }
            m.seconds("total", (System.nanoTime() - t0) / 1e9);
            m.write(metaFile);
        }
        return new Written(r, sha[0], bytes[0]);
    }

    /** {@code --replay}: the recorded run again, checked byte for byte against its recorded SHA-256. */
    private int replay(long t0, Instant started) throws IOException {
        if (spec.anyGiven() || iterationsOption != null) {
            throw new ValidationException("--replay", "--replay takes the lab, the parameters and the iterations from the "
                    + "metadata; give only --out, --data-out, --meta (and --data when the run read standard input)");
        }
        Path dataOverride = spec.data == null ? null : org.emlab.core.io.InputFiles.path(spec.data.strip(), "data",
                "the data file");
        RunMetadata recorded = RunMetadata.read(replay);
        Experiment x = EmLab.replay(replay, dataOverride);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("the --replay metadata", replay);
        if (x.dataFile() != null && x.dataFile().sha256() != null) {
            inputs.put("the data file of the run", Path.of(x.dataFile().file()));
        }
        String expected = recorded.outputs().containsKey("trajectory") ? recorded.outputs().get("trajectory").sha256() : null;
        if (out == null) {
            if (dataOut != null || meta != null) {
                throw new ValidationException("--replay", "--data-out and --meta need --out (without --out, --replay only "
                        + "checks the run)");
            }
            if (expected == null) {
                throw new ValidationException("--replay", "the metadata " + IoReasons.show(replay) + " records no trajectory "
                        + "checksum; give --out to write the replayed run");
            }
            Digests.Counting c = new Digests.Counting(OutputStream.nullOutputStream());
            CsvWriter w = new CsvWriter(c);
            RunInfo r = x.stream(x.horizon(), new RowObserver() {
                @Override
                public void started(LabRun run) throws IOException {
                    List<String> head = new ArrayList<>();
                    head.add("iter");
                    head.addAll(run.engine().columns());
                    w.header(head);
                }

                @Override
                public void row(int iteration, double[] row) throws IOException {
                    w.row(iteration, row);
                }
            });
            c.flush();
            check(recorded, expected, c.sha256(), r.rows());
            PrintWriter err = command.commandLine().getErr();
            err.println("emlab: replayed " + recorded.lab() + ": " + r.rows() + " rows, byte for byte the recorded trajectory "
                    + "(sha256 " + expected.substring(0, 16) + "…)");
            err.flush();
            return 0;
        }
        Path metaFile = metaFile();
        OutputTargets.checkDistinct(OutputTargets.of("--out", out, "--data-out", dataOut, "--meta", metaFile), inputs);
        Written w = execute(x, metaFile, started, t0);
        if (expected != null) {
            check(recorded, expected, w.sha256(), w.info().rows());
        }
        summary(w, metaFile, expected == null ? "no checksum recorded to compare with"
                : "byte for byte the recorded trajectory");
        return 0;
    }

    private void check(RunMetadata recorded, String expected, String actual, int rows) {
        if (!expected.equals(actual)) {
            throw new Failure("the replayed trajectory differs from the recorded one (" + rows + " rows, sha256 "
                    + actual.substring(0, 16) + "… instead of " + expected.substring(0, 16) + "…); it was recorded by EM Lab "
                    + versionOf(recorded) + ", this is " + org.emlab.core.io.BuildInfo.current().describe());
        }
    }

    private static String versionOf(RunMetadata m) {
        return m.build().describe();
    }

    /** One line on stderr when it is a terminal: what ran, where it stopped, what was written. */
    private void summary(Written w, Path metaFile, String replayNote) {
        if (!Terminal.stderr()) {
            return;
        }
        RunInfo r = w.info();
        PrintWriter err = command.commandLine().getErr();
        err.println("emlab: " + r.run().lab().id() + ": " + r.iterations() + " iteration" + (r.iterations() == 1 ? "" : "s")
                + ", stopped at " + r.stopDetail() + String.format(Locale.ROOT, " (%.2f s)", (r.setupNanos() + r.runNanos()) / 1e9)
                + "; wrote " + shown(out) + (dataOut != null ? ", " + IoReasons.show(dataOut) : "")
                + (metaFile != null ? ", " + IoReasons.show(metaFile) : "") + (replayNote != null ? "; " + replayNote : ""));
        err.flush();
    }

    private static String shown(Path p) {
        return AtomicFiles.isStdout(p) ? "standard output" : IoReasons.show(p);
    }

    private OutputStream stdout() {
        return new WriterOutputStream(command.commandLine().getOut());
    }

    private List<String> args() {
        try {
            return command.commandLine().getParseResult().originalArgs();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String hint(Lab lab) {
        return lab.acceptsUserData() ? " (the data's scale may be beyond what the engine handles: try rescaling the "
                + "columns)" : "";
    }

    /** The sample must be finite to be written (it always is when generated within the parameter ranges). */
    private void checkFinite(Dataset data) {
        int d = data.d();
        for (int i = 0; i < data.n(); i++) {
            for (int c = 0; c < d; c++) {
                if (!Double.isFinite(data.x()[i * d + c])) {
                    throw new Failure("the sample holds a value that is not finite (row " + (i + 1) + ", column x_" + (c + 1)
                            + "); nothing was written to " + IoReasons.show(dataOut));
                }
            }
            if (data.y() != null && !Double.isFinite(data.y()[i])) {
                throw new Failure("the sample holds a value that is not finite (row " + (i + 1) + ", column y); nothing "
                        + "was written to " + IoReasons.show(dataOut));
            }
        }
    }

    /**
     * The one stderr line of a run that stopped before its horizon for a reason
     * ({@link StepEngine#finishedReason()}), e.g. "emlab: gmm stopped at iteration 16 of 3000: component 2
     * collapsed onto 3 points (π = 0.02): its covariance is singular; …"; null otherwise. The exit code
     * stays 0 and the CSV holds only data rows.
     */
    static String stopLine(String labId, StepEngine e, int iterations) {
        String why = e.finished() ? e.finishedReason() : "";
        if (why == null || why.isEmpty() || e.iteration() >= iterations) {
            return null;
        }
        return "emlab: " + labId + " stopped at iteration " + e.iteration() + " of " + iterations + ": " + why;
    }
}
