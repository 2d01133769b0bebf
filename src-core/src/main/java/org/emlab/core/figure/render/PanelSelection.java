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
 * {@code all}. The result keeps the figure's order and has no repeats.
 */
public final class PanelSelection {
    /** What {@code --panels} means when not given. */
    public static final String DEFAULT = "geometry,curves";

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
                default -> {
                    Panel p = f.panel(t);
                    if (p == null && t.equalsIgnoreCase("geometry")) {
                        chosen.addAll(f.panels(Panel.Kind.GEOMETRY));
                    } else if (p == null) {
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

    /** The ids of the figure's panels. */
    public static String ids(Figure f) {
        List<String> ids = new ArrayList<>();
        for (Panel p : f.panels()) {
            ids.add(p.id());
        }
        return String.join(", ", ids);
    }
}
