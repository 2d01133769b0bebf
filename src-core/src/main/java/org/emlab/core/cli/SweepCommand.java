package org.emlab.core.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emlab.core.api.SweepPlan;
import org.emlab.core.figure.Theme;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.Digests;
import org.emlab.core.io.Failure;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.OutputTargets;
import org.emlab.core.io.WriterOutputStream;
import org.emlab.core.lab.Lab;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ValidationException;
import org.emlab.core.preset.Preset;
import org.emlab.core.sweep.SweepCsv;
import org.emlab.core.sweep.SweepFigure;
import org.emlab.core.sweep.SweepMetadata;
import org.emlab.core.sweep.SweepReport;
import org.emlab.core.sweep.SweepResult;
import org.emlab.core.sweep.SweepRunner;
import org.emlab.core.sweep.SweepSpec;
import org.emlab.core.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emlab sweep LAB --vary NAME=FROM:TO[:log][:POINTS] [--vary ...] --trials R --iterations T
 * --stat STAT[,STAT...] [--eps E] [--fit FROM:TO] [--set ...] [--seed S] [--population] [--threads N]
 * [--preset NAME|FILE] [--spec FILE.json] --out SWEEP.csv [--plot SWEEP.png]}: a Monte Carlo sweep on all
 * cores. One or two varied parameters (two make a grid), any number of statistics measured in the same
 * run. It writes a tidy CSV (one row per trial: the varied values, trial, seed, each statistic) with its
 * metadata sidecar, and prints the per-point medians, the fitted log-log slope with a bootstrap interval
 * over seeds, and the theory's slope when the lab knows one. A preset (with or without a sweep block)
 * or a spec file gives the defaults and the other options override them. Progress (runs done, ETA) goes
 * to stderr when it is a terminal.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = {"Monte Carlo sweep: vary one or two parameters, run R "
        + "trials per point, record any set of statistics per run, write SWEEP.csv (one row per trial) and SWEEP.meta.json, "
        + "and print the fitted log-log slopes with bootstrap intervals over seeds.",
    "Statistics: final_error, final_kl, final_loglik, final:COLUMN, stuck, iterations_to_eps[:E], "
        + "iterations_to_final[:TOL] (first t with |theta_t - theta_T| <= TOL*err(theta_T), default 0.1), "
        + "iterations_to_floor[:C] (first t with error <= C x the lab's floor, default 2); a prefix such as iid_ reads the "
        + "prefixed columns (mlr-clustered's i.i.d. EM: iid_final_error, iid_iterations_to_final).",
    "Examples:",
    "  ./emlab sweep --preset gmm-simplex-sweep-kl-vs-n --out kl.csv --plot kl.png",
    "  ./emlab sweep mlr-clustered --set n=8 --vary m=256:16384:log:5 --iterations 30 "
        + "--stat iterations_to_final,iid_iterations_to_final --out claim001.csv",
    "  ./emlab sweep --spec grid.json --out grid.csv"})
final class SweepCommand implements Callable<Integer> {
    /** Default trials per point. */
    static final int DEFAULT_TRIALS = SweepPlan.DEFAULT_TRIALS;
    /** Default horizon. */
    static final int DEFAULT_ITERATIONS = SweepPlan.DEFAULT_ITERATIONS;
    /** Size of the {@code --plot} PNG. */
    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 600;

    @Spec
    CommandSpec command;

    @Mixin
    RunSpec spec;

    @Option(names = "--vary", paramLabel = "NAME=FROM:TO[:log][:POINTS]",
            description = "a varied parameter and its range, e.g. n=2000:512000:log:5 (default 5 points); give it twice "
                    + "for a grid (slopes are fitted against the first, one per value of the second)")
    List<String> vary = new ArrayList<>();

    @Option(names = "--spec", paramLabel = "FILE.json", description = "a sweep spec file: lab or preset, params, vary, "
            + "trials, iterations, stats, eps, fit, title (docs/explore-and-verify.md); options given here override it")
    Path specFile;

    @Option(names = "--replay", paramLabel = "SWEEP.meta.json", description = "run again the sweep a metadata file records "
            + "and check its CSV is byte for byte the same; with --out, also write it there")
    Path replay;

    @Option(names = "--trials", paramLabel = "R", description = "independent runs per point (default " + DEFAULT_TRIALS + ")")
    Integer trials;

    @Option(names = "--iterations", paramLabel = "T", description = "horizon: iterations per run (default "
            + DEFAULT_ITERATIONS + ", or the preset's)")
    Integer iterations;

    @Option(names = "--stat", paramLabel = "STAT[,STAT...]", split = ",",
            description = "the statistics every run records (repeatable or comma-separated), see above")
    List<String> stats = new ArrayList<>();

    @Option(names = "--eps", paramLabel = "E", description = "ε for iterations_to_eps: first iteration with error <= E")
    Double eps;

    @Option(names = "--fit", paramLabel = "FROM:TO", description = "fit the slopes only over these values of the (first) "
            + "varied parameter (FROM: or :TO leave an end open)")
    String fit;

    @Option(names = "--title", paramLabel = "TEXT", description = "the title of the plot and the report (default: the "
            + "preset's, else what is swept and the fixed parameters that differ from the lab's defaults)")
    String title;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores); "
            + "the result does not depend on it")
    Integer threads;

    @Option(names = "--out", paramLabel = "SWEEP.csv",
            description = "tidy CSV: the varied values, trial, seed and each statistic, one row per trial; - writes "
                    + "standard output (the report then goes to stderr)")
    Path out;

    @Option(names = "--plot", paramLabel = "SWEEP.png", description = "also write the log-log plot as a PNG")
    Path plot;

    @Option(names = "--meta", paramLabel = "FILE", description = "write the metadata there (default: SWEEP.meta.json beside "
            + "a regular --out file)")
    Path meta;

    @Option(names = "--no-meta", description = "write no metadata sidecar")
    boolean noMeta;

    @Option(names = "--progress", negatable = true, description = "show runs done and the time left on stderr (default: "
            + "when stderr is a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        if (spec.data != null) {
            throw new ValidationException("--data", "sweep takes no --data: every run generates its own sample (labs that "
                    + "fit a file take it as a parameter: --set data=FILE)");
        }
        String expected = null;
        SweepPlan plan;
        Map<String, Path> inputs = new LinkedHashMap<>(spec.inputs());
        if (replay != null) {
            if (spec.anyGiven() || specFile != null || !vary.isEmpty() || !stats.isEmpty() || trials != null
                    || iterations != null || eps != null || fit != null || title != null) {
                throw new ValidationException("--replay", "--replay takes the whole sweep from the metadata; give only "
                        + "--out, --plot, --meta and --threads");
            }
            SweepPlan.Recorded rec = SweepPlan.replay(replay);
            plan = rec.plan();
            expected = rec.sha256();
            inputs.put("the --replay metadata", replay);
            if (out == null) {
                if (expected == null) {
                    throw new ValidationException("--replay", "the metadata " + IoReasons.show(replay) + " records no "
                            + "checksum of its CSV; give --out to write the replayed sweep");
                }
                return verify(plan.spec(), expected);
            }
        } else {
            plan = plan();
            inputs.putAll(specInputs());
        }
        if (out == null) {
            throw new ValidationException("--out", "--out SWEEP.csv is required (--out - writes standard output)");
        }
        SweepSpec s = plan.spec();
        int n = threads();
        Path metaFile = metaFile();
        OutputTargets.checkDistinct(OutputTargets.of("--out", out, "--plot", plot, "--meta", metaFile), inputs);
        SweepResult result = run(s, n);
        String[] sha = new String[1];
        long[] bytes = new long[1];
        AtomicFiles.write(out, stdout(), os -> {
            Digests.Counting c = new Digests.Counting(os);
            SweepCsv.write(c, result);
            c.flush();
            sha[0] = c.sha256();
            bytes[0] = c.bytes();
        });
        if (plot != null) {
            SweepReport.writePng(plot, SweepFigure.panel(result, SweepSummary.of(result)), PLOT_WIDTH, PLOT_HEIGHT, Theme.LIGHT);
        }
        if (metaFile != null) {
            Map<String, RunMetadata.OutputFile> outs = SweepMetadata.outputs();
            outs.put("sweep", new RunMetadata.OutputFile(out.toString(), sha[0], bytes[0]));
            if (plot != null) {
                outs.put("plot", new RunMetadata.OutputFile(plot.toString(), null, -1));
            }
            SweepMetadata.write(metaFile, result, args(), outs, started, (System.nanoTime() - t0) / 1e9);
        }
        // the report goes to stdout, unless the CSV does
        PrintWriter o = AtomicFiles.isStdout(out) ? command.commandLine().getErr() : command.commandLine().getOut();
        o.print(SweepReport.text(result));
        o.flush();
        if (expected != null && !expected.equals(sha[0])) {
            throw new Failure("the replayed sweep's CSV differs from the recorded one (sha256 " + sha[0].substring(0, 16)
                    + "… instead of " + expected.substring(0, 16) + "…)");
        }
        return 0;
    }

    /** The sweep from --spec or --preset (or the lab), with this command's options over it. */
    private SweepPlan plan() {
        SweepPlan plan;
        if (specFile != null) {
            if (spec.presetName != null) {
                throw new ValidationException("--spec", "give --spec or --preset, not both (a spec file may name its preset)");
            }
            plan = SweepPlan.read(specFile);
            if (spec.labId != null && !spec.labId.equals(plan.lab().id())) {
                throw new ValidationException("--spec", "the spec " + IoReasons.show(specFile) + " is for lab "
                        + plan.lab().id() + ", not " + spec.labId);
            }
        } else if (spec.presetName != null) {
            Lab lab = spec.lab(); // checks a LAB given with the preset
            Preset p = spec.preset();
            plan = SweepPlan.of(p);
            if (plan.lab() != lab && !plan.lab().id().equals(lab.id())) {
                throw new ValidationException("preset", "preset " + p.name() + " is for lab " + p.lab());
            }
        } else {
            plan = SweepPlan.of(spec.lab());
        }
        plan = plan.withBase(spec.params(plan.lab(), plan.base()));
        return plan.override(vary, trials, iterations, stats, eps, fit, title);
    }

    /** The --spec file, as an input no output may replace. */
    private Map<String, Path> specInputs() {
        Map<String, Path> m = new LinkedHashMap<>();
        if (specFile != null) {
            m.put("the --spec file", specFile);
        }
        return m;
    }

    private int threads() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 1024) {
            throw new ValidationException("threads", "--threads must be in [1, 1024] (got " + n + ")");
        }
        return n;
    }

    private SweepResult run(SweepSpec s, int n) {
        boolean show = progress != null ? progress : Terminal.stderr();
        if (!show) {
            return SweepRunner.run(s, n, SweepRunner.SILENT, () -> false);
        }
        SweepProgress p = new SweepProgress(command.commandLine().getErr(), System::nanoTime);
        try {
            return SweepRunner.run(s, n, p, () -> false);
        } finally {
            p.end();
        }
    }

    /** --replay without --out: the sweep again, its CSV's checksum compared with the recorded one. */
    private int verify(SweepSpec s, String expected) throws IOException {
        SweepResult r = run(s, threads());
        Digests.Counting c = new Digests.Counting(OutputStream.nullOutputStream());
        SweepCsv.write(c, r);
        c.flush();
        if (!expected.equals(c.sha256())) {
            throw new Failure("the replayed sweep's CSV differs from the recorded one (sha256 " + c.sha256().substring(0, 16)
                    + "… instead of " + expected.substring(0, 16) + "…)");
        }
        PrintWriter err = command.commandLine().getErr();
        err.println("emlab: replayed the sweep: " + r.points() * r.trials() + " runs, byte for byte the recorded CSV (sha256 "
                + expected.substring(0, 16) + "…)");
        err.flush();
        return 0;
    }

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
}
