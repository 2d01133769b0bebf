package org.emlab.core.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureComposer;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.figure.render.PanelSelection;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.preset.Preset;
import org.emlab.core.run.HeadlessRun;
import org.emlab.core.text.Snippet;
import org.emlab.core.view.AxisScales;
import picocli.CommandLine.Option;

/**
 * The options of {@code render} and {@code animate} that say how the figure looks: panels, page
 * size, scale, theme, font scale, layout, title, view settings, axis scales, and which runs are
 * drawn (an A/B comparison: a preset's own, or {@code --compare NAME=VALUE}; {@code --no-compare}).
 */
final class FigureOptions {
    /** What {@code --view} takes, for the help and for messages. */
    static final String VIEW_SETTINGS = "projection=xA–xB: the plane the geometry shows, for gmm, gmm-simplex and "
            + "gmm-overparam when d > 2 (e.g. projection=x1-x3)";

    @Option(names = "--panels", paramLabel = "LIST", description = "comma-separated panel ids, or geometry, curves, insets, "
            + "all, or auto: the lab's key chart and the geometry (for animate: the geometry first), then the other "
            + "curves, as many as fit the page at a readable size (default ${DEFAULT-VALUE})")
    String panels = PanelSelection.AUTO;

    @Option(names = "--scale", paramLabel = "S", description = "pixels per point of PNGs and frames: 1, 2, 4 ... "
            + "(default ${DEFAULT-VALUE})")
    double scale = 1;

    @Option(names = "--size", paramLabel = "SIZE", description = "16:9, 4:3, column (3.5 in), double (7 in) or WxH in "
            + "points (default ${DEFAULT-VALUE})")
    String size = "16:9";

    @Option(names = "--theme", paramLabel = "light|projector", description = "colours (default ${DEFAULT-VALUE})")
    String theme = "light";

    @Option(names = "--font-scale", paramLabel = "F", description = "text size factor (default: the size's own, e.g. 1.4 "
            + "for 16:9 slides, 0.72 for a column)")
    Double fontScale;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "auto, feature, grid, row or column (default "
            + "${DEFAULT-VALUE})")
    String layout = "auto";

    @Option(names = "--title", paramLabel = "TEXT", description = "a title line above the panels")
    String title = "";

    @Option(names = "--view", paramLabel = "NAME=VALUE", description = "a view setting of the lab: " + VIEW_SETTINGS)
    List<String> views = List.of();

    @Option(names = "--axes", paramLabel = "ID=SCALE", description = "log or linear axes of a curve panel (ID, or curves "
            + "for all): " + AxisScales.SCALES + ", e.g. --axes kl=loglog (repeatable; the lab's own scales otherwise)")
    List<String> axes = List.of();

    @Option(names = "--compare", paramLabel = "NAME=VALUE", description = "draw an A/B comparison: run B is run A with "
            + "parameter NAME set to VALUE (same seed and data), its geometry beside A's and its curves overlaid "
            + "(a preset with a comparison draws it by default)")
    String compare;

    @Option(names = "--no-compare", description = "draw run A only, even for a preset with a comparison")
    boolean noCompare;

    /** The export settings (page, theme, font scale, layout, scale, title), validated. */
    ExportSpec exportSpec() {
        PageSize page = PageSize.parse(size);
        Theme t;
        try {
            t = Theme.named(theme);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("theme", e.getMessage());
        }
        return new ExportSpec(page, t, fontScale == null ? page.defaultFontScale() : fontScale,
                FigureComposer.Layout.parse(layout), scale, title);
    }

    /** The axis scales asked for (checked against the figure when applied). */
    AxisScales axisScales() {
        return AxisScales.parse(axes);
    }

    /** B's change: {@code --compare}, else the preset's comparison unless {@code --no-compare}; null for one run. */
    Lab.Contrast contrast(Preset preset, Lab lab) {
        if (compare != null && noCompare) {
            throw new ValidationException("--compare", "give --compare or --no-compare, not both");
        }
        if (compare != null) {
            int eq = compare.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--compare", "--compare expects NAME=VALUE, such as pi0=0.7 (got "
                        + Snippet.quoted(compare) + ")");
            }
            String name = compare.substring(0, eq).strip();
            if (!lab.defaults().has(name)) {
                throw new ValidationException("--compare", "lab " + lab.id() + " has no parameter " + Snippet.quoted(name)
                        + " to compare (./emlab labs lists them)");
            }
            return new Lab.Contrast(name, compare.substring(eq + 1).strip(), "");
        }
        if (noCompare || preset == null || preset.compare() == null) {
            return null;
        }
        return new Lab.Contrast(preset.compare().param(), preset.compare().value(), "");
    }

    /** The chosen panels of {@code f}: {@code --panels}, where {@code auto} fits the page. */
    List<Panel> select(Figure f, Lab lab, ExportSpec es) {
        return PanelSelection.select(f, panels, lab.keyChart(), es, false);
    }

    /** The chosen panels of an animation's figure: {@code auto} puts the geometry (what moves) first. */
    List<Panel> selectForAnimation(Figure f, Lab lab, ExportSpec es) {
        return PanelSelection.select(f, panels, lab.keyChart(), es, true);
    }

    /**
     * One warning line on {@code err} when the chosen panels cannot show everything on this page (a title,
     * a legend entry, notes or an axis label cut for lack of room); the figure is still written.
     */
    void warnIfCramped(List<Panel> chosen, ExportSpec es, RunSpec run, java.io.PrintWriter err) {
        FigureComposer c = new FigureComposer(es.scaledTheme(), es.layout(), es.title());
        Map<String, List<String>> lost = c.losses(chosen, es.size().width(), es.size().height());
        if (lost.isEmpty()) {
            return;
        }
        List<String> parts = new java.util.ArrayList<>();
        for (Map.Entry<String, List<String>> e : lost.entrySet()) {
            parts.add(e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
        }
        err.println("emlab: warning: the page is too small for these panels: " + String.join("; ", parts)
                + "; --panels auto chooses what fits, or give a larger --size or a smaller --font-scale");
        err.flush();
    }

    /** The lab's default view, then {@code --view NAME=VALUE}, each checked against the lab's choices. */
    Map<String, String> view(Lab lab, ParamValues p) {
        Map<String, String> v = new LinkedHashMap<>(HeadlessRun.defaultView(lab, p));
        List<Lab.ViewOption> options = lab.viewOptions(p);
        for (String s : views) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--view", "--view expects NAME=VALUE, " + VIEW_SETTINGS + " (got "
                        + Snippet.quoted(s) + ")");
            }
            String name = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip().replace("-x", "–x");
            Lab.ViewOption option = null;
            for (Lab.ViewOption o : options) {
                if (o.name().equals(name)) {
                    option = o;
                }
            }
            if (option == null) {
                StringBuilder why = new StringBuilder("lab " + lab.id() + " has no view setting " + Snippet.quoted(name));
                if (options.isEmpty()) {
                    why.append(" and none for these parameters; view settings: ").append(VIEW_SETTINGS);
                } else {
                    why.append("; its view settings: ");
                    for (int i = 0; i < options.size(); i++) {
                        why.append(i == 0 ? "" : "; ").append(options.get(i).name()).append('=')
                                .append(String.join("|", options.get(i).choices()));
                    }
                }
                why.append(" (log or linear axes: --axes ID=").append(AxisScales.SCALES.replace(", ", "|")
                        .replace(" or ", "|")).append(')');
                throw new ValidationException("--view", why.toString());
            }
            if (!option.choices().contains(value)) {
                throw new ValidationException("--view", name + " must be one of " + String.join(", ", option.choices())
                        + " (got " + Snippet.quoted(s.substring(eq + 1).strip()) + ")");
            }
            v.put(name, value);
        }
        return v;
    }
}
