package org.emlab.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.emlab.core.figure.Theme;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.sweep.Statistic;
import org.emlab.core.sweep.SweepCsv;
import org.emlab.core.sweep.SweepFigure;
import org.emlab.core.sweep.SweepPresets;
import org.emlab.core.sweep.SweepRange;
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
 * {@code ./emlab sweep LAB --vary NAME=FROM:TO[:log][:POINTS] --trials R --iterations T --stat STAT
 * [--eps E] [--set ...] [--seed S] [--population] [--threads N] [--preset NAME] --out SWEEP.csv
 * [--plot SWEEP.png]}: a Monte Carlo sweep on all cores. It writes one CSV row per trial and
 * prints the per-point medians, the fitted log-log slope with its standard error, and the
 * theory's slope when the lab knows one. With {@code --preset}, the preset's sweep gives the
 * defaults and the other options override them.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Monte Carlo sweep: vary one parameter, run R trials per point, "
        + "write SWEEP.csv (one row per trial) and print the fitted log-log slope.")
final class SweepCommand implements Callable<Integer> {
    /** Default trials per point. */
    static final int DEFAULT_TRIALS = SweepPresets.DEFAULT_TRIALS;
    /** Default horizon. */
    static final int DEFAULT_ITERATIONS = 100;
    /** Size of the {@code --plot} PNG. */
    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 600;

    @Spec
    CommandSpec command;

    @Mixin
    RunSpec spec;

    @Option(names = "--vary", paramLabel = "NAME=FROM:TO[:log][:POINTS]",
            description = "the varied parameter and its range, e.g. n=2000:512000:log:5 (default 5 points)")
    String vary;

    @Option(names = "--trials", paramLabel = "R", description = "independent runs per point (default " + DEFAULT_TRIALS + ")")
    Integer trials;

    @Option(names = "--iterations", paramLabel = "T", description = "horizon: iterations per run (default "
            + DEFAULT_ITERATIONS + ")")
    Integer iterations;

    @Option(names = "--stat", paramLabel = "STAT",
            description = "final_error, iterations_to_eps (with --eps), final_kl or stuck")
    String stat;

    @Option(names = "--eps", paramLabel = "E", description = "ε for iterations_to_eps: first iteration with error <= E")
    Double eps;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores); "
            + "the result does not depend on it")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "SWEEP.csv",
            description = "CSV with the varied parameter, trial, seed and the statistic, one row per trial")
    Path out;

    @Option(names = "--plot", paramLabel = "SWEEP.png", description = "also write the log-log plot as a PNG")
    Path plot;

    @Override
    public Integer call() throws IOException {
        Lab lab = spec.lab();
        ParamValues base = lab.defaults();
        SweepPresets.SweepPreset p = null;
        if (spec.presetName != null) {
            // --preset (shared with run and render): a preset with a sweep block gives range, trials, horizon, statistic
            p = SweepPresets.load(spec.presetName);
            base = lab.defaults().withAll(new LinkedHashMap<>(p.params()));
        }
        base = spec.params(lab, base);
        if (vary == null && p == null) {
            throw new ValidationException("vary", "--vary NAME=FROM:TO[:log][:POINTS] is required (or --preset NAME)");
        }
        if (stat == null && p == null) {
            throw new ValidationException("stat", "--stat is required: final_error, iterations_to_eps, final_kl or stuck");
        }
        SweepRange range = vary != null ? SweepRange.parse(vary) : p.range();
        Statistic st = stat != null ? Statistic.parse(stat) : p.stat();
        int r = trials != null ? trials : p != null ? p.trials() : DEFAULT_TRIALS;
        int t = iterations != null ? iterations : p != null ? p.iterations() : DEFAULT_ITERATIONS;
        double e = eps != null ? eps : p != null ? p.eps() : Double.NaN;
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 1024) {
            throw new ValidationException("threads", "--threads must be in [1, 1024] (got " + n + ")");
        }
        org.emlab.core.io.OutputTargets.checkDistinct(org.emlab.core.io.OutputTargets.of("--out", out, "--plot", plot),
                spec.inputs());
        SweepSpec s = new SweepSpec(lab, base, range, r, t, st, e);
        SweepResult result = SweepRunner.run(s, n, SweepRunner.SILENT, () -> false);
        SweepSummary summary = SweepSummary.of(result);
        SweepCsv.write(out, result);
        if (plot != null) {
            SweepReport.writePng(plot, SweepFigure.panel(result, summary), PLOT_WIDTH, PLOT_HEIGHT, Theme.LIGHT);
        }
        PrintWriter o = command.commandLine().getOut();
        o.print(SweepReport.text(result, summary));
        o.flush();
        return 0;
    }
}
