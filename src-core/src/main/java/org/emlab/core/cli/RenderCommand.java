package org.emlab.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureComposer;
import org.emlab.core.figure.render.FigureFormat;
import org.emlab.core.figure.render.FigureWriter;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.figure.render.PanelSelection;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.trajectory.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emlab render LAB ... --out FILE}: runs T iterations headless, recording the history as
 * the window does, builds the lab's figure and writes the chosen panels as PNG, SVG or PDF: the
 * figure the window shows after T iterations, composed for a slide or a paper. Needs no display.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Run a lab headless and write its figure (chosen panels) as PNG, SVG or PDF.")
final class RenderCommand implements Callable<Integer> {
    @Mixin
    RunSpec spec;

    @Option(names = "--iterations", paramLabel = "T", description = "iterations to run before drawing (default: the "
            + "horizon where the window stops playing: the preset's, else the lab's, or earlier once converged)")
    Integer iterationsOption;

    @Option(names = "--panels", paramLabel = "LIST", description = "comma-separated panel ids, or geometry, curves, insets, "
            + "all (default " + PanelSelection.DEFAULT + ")")
    String panels = PanelSelection.DEFAULT;

    @Option(names = "--format", paramLabel = "png|svg|pdf", description = "file format (default: from the --out extension)")
    String format;

    @Option(names = "--scale", paramLabel = "S", description = "PNG pixels per point: 1, 2, 4 ... (default ${DEFAULT-VALUE})")
    double scale = 1;

    @Option(names = "--size", paramLabel = "SIZE", description = "16:9, 4:3, column (3.5 in), double (7 in) or WxH in "
            + "points (default ${DEFAULT-VALUE})")
    String size = "16:9";

    @Option(names = "--theme", paramLabel = "light|projector", description = "colours (default ${DEFAULT-VALUE})")
    String theme = "light";

    @Option(names = "--font-scale", paramLabel = "F", description = "text size factor (default: the size's own, e.g. 1.4 "
            + "for 16:9 slides, 0.72 for a column)")
    Double fontScale;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "auto, feature, grid, row or column (default ${DEFAULT-VALUE})")
    String layout = "auto";

    @Option(names = "--title", paramLabel = "TEXT", description = "a title line above the panels")
    String title = "";

    @Option(names = "--view", paramLabel = "NAME=VALUE", description = "a view setting of the lab, e.g. --view projection=x1–x3")
    List<String> views = List.of();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the figure file (.png, .svg or .pdf)")
    Path out;

    @Override
    public Integer call() throws IOException {
        FigureFormat f = format != null ? FigureFormat.parse(format) : FigureFormat.ofFile(out);
        if (f == null) {
            throw new ValidationException("format", "give --format png|svg|pdf, or an --out file ending in .png, .svg or "
                    + ".pdf (got " + out.getFileName() + ")");
        }
        PageSize page = PageSize.parse(size);
        Theme t;
        try {
            t = Theme.named(theme);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("theme", e.getMessage());
        }
        ExportSpec es = new ExportSpec(page, t, fontScale == null ? page.defaultFontScale() : fontScale,
                FigureComposer.Layout.parse(layout), scale, title);
        if (f == FigureFormat.PNG) {
            es.checkRaster(); // before the run: a size that cannot be drawn is refused at once
        }
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        org.emlab.core.lab.Horizon horizon = spec.horizon(iterationsOption, lab, p, RunCommand.MAX_ITERATIONS);
        Map<String, String> view = view(lab, p);
        LabRun run = lab.start(p, spec.userData(lab));
        History h = HeadlessRun.run(run, horizon);
        Figure fig = HeadlessRun.figure(run, h, view);
        List<Panel> chosen = PanelSelection.select(fig, panels);
        FigureWriter.write(out, f, chosen, es);
        return 0;
    }

    /** The lab's default view, then {@code --view NAME=VALUE}, each checked against the lab's choices. */
    private Map<String, String> view(Lab lab, ParamValues p) {
        Map<String, String> v = new LinkedHashMap<>(HeadlessRun.defaultView(lab, p));
        for (String s : views) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--view", "--view expects NAME=VALUE (got \"" + s + "\")");
            }
            String name = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip().replace("-x", "–x");
            Lab.ViewOption option = null;
            for (Lab.ViewOption o : lab.viewOptions(p)) {
                if (o.name().equals(name)) {
                    option = o;
                }
            }
            if (option == null) {
                throw new ValidationException("--view", "lab " + lab.id() + " has no view setting \"" + name + "\" for these "
                        + "parameters" + (lab.viewOptions(p).isEmpty() ? "" : "; settings: "
                        + String.join(", ", lab.viewOptions(p).stream().map(Lab.ViewOption::name).toList())));
            }
            if (!option.choices().contains(value)) {
                throw new ValidationException("--view", name + " must be one of " + String.join(", ", option.choices())
                        + " (got \"" + s.substring(eq + 1).strip() + "\")");
            }
            v.put(name, value);
        }
        return v;
    }
}
