package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ValidationException;

/**
 * Picks panels of a figure by a comma-separated list: panel ids ({@code kl}, {@code radius}, ...)
 * and the words {@code geometry}, {@code curves}, {@code insets} (every panel of that kind) and
 * {@code all}; or {@link #AUTO}, the panels that fit the page ({@link #fitting}). The result keeps
 * the figure's order and has no repeats.
 */
public final class PanelSelection {
    /** The geometry and every curve panel. */
    public static final String DEFAULT = "geometry,curves";
    /** The geometry and the curves that fit the page at a readable size, always with the key chart. */
    public static final String AUTO = "auto";

    private PanelSelection() {
    }

    /** The panels named by {@code spec}, in figure order. */
    public static List<Panel> select(Figure f, String spec) {
        Set<Panel> chosen = new LinkedHashSet<>();
        String s = spec == null || spec.isBlank() ? DEFAULT : spec;
        for (String raw : s.split(",")) {
            String t = raw.strip();
            if (t.isEmpty()) {
                continue;
            }
            switch (t.toLowerCase(Locale.ROOT)) {
                case "all" -> chosen.addAll(f.panels());
                case "curves" -> chosen.addAll(f.panels(Panel.Kind.CURVE));
                case "insets" -> chosen.addAll(f.panels(Panel.Kind.INSET));
                // "geometry" is every geometry panel (an A/B comparison's "geometry" and "geometry-b")
                case "geometry" -> chosen.addAll(f.panels(Panel.Kind.GEOMETRY));
                default -> {
                    Panel p = f.panel(t);
                    if (p == null) {
                        throw new ValidationException("panels", "no panel \"" + t + "\" in this figure; panels: "
                                + ids(f) + " (or geometry, curves, insets, all)");
                    } else {
                        chosen.add(p);
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new ValidationException("panels", "--panels chose no panel (got \"" + spec + "\"); panels: " + ids(f));
        }
        List<Panel> out = new ArrayList<>();
        for (Panel p : f.panels()) {
            if (chosen.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The panels named by {@code spec} ({@link #AUTO}: {@link #fitting} for this export's page and
     * text size), in figure order.
     */
    public static List<Panel> select(Figure f, String spec, String keyChart, ExportSpec es) {
        return select(f, spec, keyChart, es, false);
    }

    /**
     * {@link #select(Figure, String, String, ExportSpec)}; with {@code geometryFirst} (an animation, where
     * the geometry is what moves) {@link #AUTO} puts the geometry before the key chart.
     */
    public static List<Panel> select(Figure f, String spec, String keyChart, ExportSpec es, boolean geometryFirst) {
        if (spec != null && spec.strip().equalsIgnoreCase(AUTO)) {
            return fitting(f, keyChart, es, geometryFirst);
        }
        return select(f, spec);
    }

    /**
     * The geometry and curve panels that fit the page without being cramped
     * ({@link FigureComposer#cramped}), without losing a title, a legend entry, notes or an axis
     * label to the lack of room ({@link FigureComposer#losses}), with a plot of a readable height under
     * the legend and above the notes ({@link FigureComposer#squeezed}) and the key chart's plot the tallest of the
     * curves' ({@link #keyTallest}): all of them when they fit; else, in
     * this order of importance,
     * the key chart ({@code keyChart}, or the first curve panel when it is "" or absent), the geometry
     * panels (an A/B comparison's two geometries together), then the other curve panels, as many as fit;
     * at least the most important one.
     */
    public static List<Panel> fitting(Figure f, String keyChart, ExportSpec es) {
        return fitting(f, keyChart, es, false);
    }

    /**
     * {@link #fitting(Figure, String, ExportSpec)}; with {@code geometryFirst} the geometry panels come
     * before the key chart in the order of importance (an animation: the geometry is what moves).
     */
    public static List<Panel> fitting(Figure f, String keyChart, ExportSpec es, boolean geometryFirst) {
        List<Panel> candidates = new ArrayList<>();
        for (Panel p : f.panels()) {
            if (p.kind() != Panel.Kind.INSET) {
                candidates.add(p);
            }
        }
        if (candidates.isEmpty()) {
            return List.copyOf(f.panels());
        }
        Panel key = keyChart == null || keyChart.isEmpty() ? null : f.panel(keyChart);
        if (key == null || key.kind() != Panel.Kind.CURVE) {
            List<Panel> curves = f.panels(Panel.Kind.CURVE);
            key = curves.isEmpty() ? null : curves.get(0);
        }
        // groups by importance: the key chart; the geometry (an A/B comparison's two side by side, together);
        // each other curve panel
        List<List<Panel>> groups = new ArrayList<>();
        if (key != null) {
            groups.add(List.of(key));
        }
        List<Panel> geometry = f.panels(Panel.Kind.GEOMETRY);
        boolean pair = geometry.size() == 2 && geometry.get(1).id().equals(geometry.get(0).id() + "-b");
        int at = geometryFirst ? 0 : groups.size();
        if (pair) {
            groups.add(at, geometry);
        } else {
            for (int i = geometry.size() - 1; i >= 0; i--) {
                groups.add(at, List.of(geometry.get(i)));
            }
        }
        for (Panel p : f.panels(Panel.Kind.CURVE)) {
            if (p != key) {
                groups.add(List.of(p));
            }
        }
        FigureComposer composer = new FigureComposer(es.scaledTheme(), es.layout(), es.title());
        for (int n = groups.size(); n > 1; n--) {
            List<Panel> prefix = new ArrayList<>();
            for (List<Panel> g : groups.subList(0, n)) {
                prefix.addAll(g);
            }
            List<Panel> chosen = inFigureOrder(f, prefix);
            boolean cramped = false;
            for (FigureComposer.Placement pl : composer.layout(chosen, es.size().width(), es.size().height())) {
                cramped |= composer.cramped(pl);
            }
            if (cramped || !composer.losses(chosen, es.size().width(), es.size().height()).isEmpty()) {
                continue;
            }
            java.util.Map<String, Double> heights = composer.plotHeights(chosen, es.size().width(), es.size().height());
            if (composer.squeezed(heights).isEmpty() && keyTallest(heights, key, f)) {
                return chosen;
            }
        }
        return inFigureOrder(f, groups.get(0));
    }

    /**
     * True when the key chart's plot is at least as high as every other curve panel's: the curve that carries the
     * claim is never the smallest plot on the page (mlr-overspec at 1024 × 768 drew its error 105 px high beside a
     * KL plot of 175 px, its notes taking the difference).
     */
    private static boolean keyTallest(java.util.Map<String, Double> heights, Panel key, Figure f) {
        Double own = key == null ? null : heights.get(key.id());
        if (own == null) {
            return true;
        }
        for (Panel p : f.panels(Panel.Kind.CURVE)) {
            Double other = heights.get(p.id());
            if (p != key && other != null && other > own + 0.5) {
                return false;
            }
        }
        return true;
    }

    private static List<Panel> inFigureOrder(Figure f, List<Panel> chosen) {
        List<Panel> out = new ArrayList<>();
        for (Panel p : f.panels()) {
            if (chosen.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The ids of the figure's panels. */
    public static String ids(Figure f) {
        List<String> ids = new ArrayList<>();
        for (Panel p : f.panels()) {
            ids.add(p.id());
        }
        return String.join(", ", ids);
    }
}
