package org.emlab.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.anim.AnimationFormat;
import org.emlab.core.figure.anim.FrameFolder;
import org.emlab.core.figure.anim.FrameSchedule;
import org.emlab.core.figure.anim.FrameSink;
import org.emlab.core.figure.anim.GifWriter;
import org.emlab.core.figure.anim.Mp4Writer;
import org.emlab.core.figure.render.DrawingWarmUp;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.headless.Animation;
import org.emlab.core.headless.FigureRun;
import org.emlab.core.io.OutputException;
import org.emlab.core.io.OutputTargets;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.LaunchTrace;
import org.emlab.core.text.Snippet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emlab animate LAB ... --out FILE}: the run as an animation for a slide, with the panels,
 * size, theme and A/B options of {@code render}: an H.264 MP4, a looping GIF, or a folder of numbered
 * PNGs with a LaTeX {@code \animategraphics} snippet (see {@link Animation}). Progress goes to stderr
 * when it is a terminal. No external program is needed.
 *
 * <p>Hook for a metadata sidecar: {@link #animated} receives what was written; it does nothing here.
 */
@Command(name = "animate", mixinStandardHelpOptions = true, description = "Run a lab headless and write the run as an "
        + "animation: .mp4 (H.264), .gif (looping) or a folder/ of numbered PNGs with a LaTeX \\animategraphics snippet.")
final class AnimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    RunSpec spec;

    @Mixin
    FigureOptions figure;

    @Option(names = "--from", paramLabel = "T0", description = "first iteration shown (default: 0)")
    Integer from;

    @Option(names = "--to", paramLabel = "T1", description = "last iteration shown; the run stops there (default: the "
            + "horizon where the window stops playing: the preset's, else the lab's, or earlier once converged)")
    Integer to;

    @Option(names = "--fps", paramLabel = "F", description = "frames a second, 1 to 60 (GIF: at most 50) (default "
            + "${DEFAULT-VALUE})")
    int fps = Animation.Settings.DEFAULT_FPS;

    @Option(names = "--duration", paramLabel = "S", description = "seconds; the animation lasts this long, at most fps × "
            + "duration frames: a frame that shows the same iteration as the one before is held longer instead of repeated "
            + "(GIF delays, MP4 timestamps) (default ${DEFAULT-VALUE})")
    double duration = Animation.Settings.DEFAULT_DURATION;

    @Option(names = "--hold", paramLabel = "S", description = "seconds the last frame stays at the end, within the "
            + "duration (default ${DEFAULT-VALUE})")
    double hold = Animation.Settings.DEFAULT_HOLD;

    @Option(names = "--spacing", paramLabel = "log|linear", description = "how frames are spaced in iterations: log gives "
            + "the fast early iterations more frames (default ${DEFAULT-VALUE})")
    String spacing = "log";

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.mp4, FILE.gif, or a folder (a path "
            + "ending in / or an existing folder) for frame-0001.png … and frames.tex")
    String out;

    /** What an animation wrote, for a metadata sidecar (see {@link #animated}). */
    record Animated(Path target, AnimationFormat format, FigureRun run, Animation.Plan plan) {
    }

    @Override
    public Integer call() throws IOException {
        Path target;
        try {
            target = Path.of(out.strip());
        } catch (InvalidPathException e) {
            throw new ValidationException("--out", "--out " + Snippet.quoted(out) + " is not a path");
        }
        AnimationFormat format = AnimationFormat.of(out, Files.isDirectory(target));
        if (format == null) {
            throw new ValidationException("--out", "--out must end in .mp4 or .gif, or name a folder (end it with /) for "
                    + "PNG frames (got " + Snippet.quoted(out) + ")");
        }
        if (format == AnimationFormat.GIF && fps > GifWriter.MAX_FPS) {
            throw new ValidationException("--fps", "a GIF shows at most " + GifWriter.MAX_FPS + " frames a second (delays "
                    + "of 2/100 s); give --fps " + GifWriter.MAX_FPS + " or less, or write an .mp4");
        }
        Animation.Settings settings = new Animation.Settings(from, to, fps, duration, FrameSchedule.Spacing.parse(spacing),
                hold);
        ExportSpec es = figure.exportSpec().checkRaster();
        format.checkMemory(settings.frames(), es.size().pixelWidth(es.scale()), es.size().pixelHeight(es.scale()));
        if (format == AnimationFormat.FRAMES) {
            try {
                FrameFolder.check(target);
            } catch (OutputException e) {
                throw new ValidationException("--out", e.getMessage());
            }
        } else {
            OutputTargets.checkDistinct(OutputTargets.of("--out", target), spec.inputs());
            try {
                org.emlab.core.io.AtomicFiles.plan(target);
            } catch (OutputException e) {
                throw new ValidationException("--out", e.getMessage());
            }
        }
        LaunchTrace.mark("animate: options read");
        DrawingWarmUp.start(); // while the data is made and EM runs
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        Integer horizonIterations = to;
        FigureRun req = new FigureRun(lab, p, spec.userData(lab), figure.contrast(spec.preset(), lab),
                figure.view(lab, p), spec.horizon(horizonIterations, lab, p, RunCommand.MAX_ITERATIONS)).validated();
        PrintWriter err = command.commandLine().getErr();
        Animation.Progress progress = System.console() != null ? new TerminalProgress(err) : Animation.Progress.none();
        Animation.Plan plan = Animation.plan(req, es, f -> figure.selectForAnimation(f, lab, es), figure.axisScales(), settings,
                () -> false, progress);
        FrameSink sink = switch (format) {
            case MP4 -> new Mp4Writer(target, fps);
            case GIF -> new GifWriter(target, fps, themeColours(es.scaledTheme()));
            case FRAMES -> new FrameFolder(target, texPath(out), fps, es.scale(), caption(lab, req));
        };
        LaunchTrace.mark("animate: run and frames planned");
        Animation.render(plan, sink, () -> false, progress);
        LaunchTrace.mark("animate: " + target.getFileName() + " written");
        if (progress instanceof TerminalProgress t) {
            t.done();
        }
        if (sink instanceof FrameFolder folder && folder.leftOverNote() != null) {
            err.println("animate: note: " + folder.leftOverNote());
            err.flush();
        }
        animated(new Animated(target, format, req, plan));
        return 0;
    }

    /** Called once the animation is written; the place for a metadata sidecar (none is written yet). */
    void animated(Animated what) {
        // intentionally empty: the metadata sidecar is another change's
    }

    /** The theme's colours, which the GIF palette keeps exactly. */
    static int[] themeColours(Theme t) {
        int[] c = new int[5 + t.palette().length];
        c[0] = t.background();
        c[1] = t.foreground();
        c[2] = t.grid();
        c[3] = t.muted();
        c[4] = t.accent();
        System.arraycopy(t.palette(), 0, c, 5, t.palette().length);
        return c;
    }

    /** The folder as {@code frames.tex} names it: as given, with forward slashes and a trailing slash. */
    static String texPath(String given) {
        String s = given.strip().replace('\\', '/');
        return s.endsWith("/") ? s : s + "/";
    }

    private static String caption(Lab lab, FigureRun req) {
        return lab.id() + (req.compared() ? ", A/B: " + ((org.emlab.core.compare.ComparisonLab) req.shownLab())
                .names(req.params()).label() : "");
    }

    /** One line on the terminal, rewritten as the frames are drawn. */
    static final class TerminalProgress implements Animation.Progress {
        private final PrintWriter err;
        private String shown = "";

        TerminalProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(String phase, int done, int total) {
            String line = String.format(Locale.ROOT, "animate: %s %d/%d", phase, done, total);
            if (!line.equals(shown)) {
                err.print("\r" + line + " ".repeat(Math.max(0, shown.length() - line.length())));
                err.flush();
                shown = line;
            }
        }

        void done() {
            if (!shown.isEmpty()) {
                err.print("\r" + " ".repeat(shown.length()) + "\r");
                err.flush();
            }
        }
    }
}
