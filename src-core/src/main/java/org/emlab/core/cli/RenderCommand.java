package org.emlab.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.render.DrawingWarmUp;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureFormat;
import org.emlab.core.figure.render.FigureWriter;
import org.emlab.core.headless.FigureRun;
import org.emlab.core.headless.SeedFigure;
import org.emlab.core.io.OutputTargets;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.LaunchTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emlab render LAB ... --out FILE}: runs to the horizon headless, recording the history as
 * the window does, builds the lab's figure and writes the chosen panels as PNG, SVG or PDF: the
 * figure the window shows there, composed for a slide or a paper. A preset with a comparison (or
 * {@code --compare NAME=VALUE}) draws both runs, as the window's A/B comparison does;
 * {@code --seeds} draws the median over seeds with a 10–90 % band. Needs no display.
 *
 * <p>Hook for a metadata sidecar: {@link #rendered} receives what was drawn, after the file is
 * written; it does nothing here.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Run a lab headless and write its figure "
        + "(chosen panels) as PNG, SVG or PDF; both runs of an A/B comparison; the median over seeds.")
final class RenderCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    RunSpec spec;

    @Mixin
    FigureOptions figure;

    @Option(names = "--iterations", paramLabel = "T", description = "iterations to run before drawing (default: the "
            + "horizon where the window stops playing: the preset's, else the lab's, or earlier once converged)")
    Integer iterationsOption;

    @Option(names = "--format", paramLabel = "png|svg|pdf", description = "file format (default: from the --out extension)")
    String format;

    @Option(names = "--seeds", paramLabel = "N|A:B", description = "draw the median over N seeds (from the run's seed on) "
            + "or over seeds A to B, with a band from the 10 %% to the 90 %% quantile of the seeds, and the spread of the "
            + "fitted slopes over the seeds; the geometry shows the first seed")
    String seeds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the figure file (.png, .svg or .pdf)")
    Path out;

    /** What a render drew, for a metadata sidecar (see {@link #rendered}). */
    record Rendered(Path file, FigureFormat format, FigureRun run, List<Long> seeds, List<String> panels, ExportSpec spec) {
    }

    @Override
    public Integer call() throws IOException {
        FigureFormat f = format != null ? FigureFormat.parse(format) : FigureFormat.ofFile(out);
        FigureFormat named = FigureFormat.ofFile(out);
        if (format != null && f != null && named != null && named != f) {
            // a PDF in fig.png opens as nothing in a PNG viewer: the two must agree when both are given
            throw new ValidationException("format", "--format " + format.strip() + " does not match --out "
                    + out.getFileName() + "; give an --out ending in ." + f.extension()
                    + ", or leave --format out");
        }
        if (f == null) {
            throw new ValidationException("format", "give --format png|svg|pdf, or an --out file ending in .png, .svg or "
                    + ".pdf (got " + out.getFileName() + ")");
        }
        ExportSpec es = figure.exportSpec();
        if (f == FigureFormat.PNG) {
            es.checkRaster(); // before the run: a size that cannot be drawn is refused at once
        }
        OutputTargets.checkDistinct(OutputTargets.of("--out", out), spec.inputs());
        LaunchTrace.mark("render: options read");
        DrawingWarmUp.start(); // while the data is made and EM runs
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        FigureRun req = new FigureRun(lab, p, spec.userData(lab), figure.contrast(spec.preset(), lab),
                figure.view(lab, p), spec.horizon(iterationsOption, lab, p, RunCommand.MAX_ITERATIONS)).validated();
        List<Long> seedList = seeds == null ? null : SeedFigure.parseSeeds(seeds, p.getLong("seed"));
        Figure fig = seedList == null ? req.figure(() -> false) : SeedFigure.of(req, seedList, () -> false, n -> { });
        fig = figure.axisScales().apply(fig);
        LaunchTrace.mark("render: data made, run and figure built");
        List<Panel> chosen = figure.select(fig, lab, es);
        figure.warnIfCramped(chosen, es, spec, command.commandLine().getErr());
        FigureWriter.write(out, f, chosen, es);
        LaunchTrace.mark("render: " + out.getFileName() + " written");
        rendered(new Rendered(out, f, req, seedList, chosen.stream().map(Panel::id).toList(), es));
        return 0;
    }

    /** Called once the file is written; the place for a metadata sidecar (none is written yet). */
    void rendered(Rendered what) {
        // intentionally empty: the metadata sidecar is another change's
    }
}
