package org.emlab.core.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Panel;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.Snippet;

/**
 * Log or linear axes chosen per curve panel, as {@code ./emlab render --axes ID=SCALE} and
 * {@code animate} take them (the window's log/linear toggles, headless): {@code ID} is a curve
 * panel's id ({@code kl}, {@code error}, …) or {@code curves} for every curve panel, and
 * {@code SCALE} is one of {@link Scale}: {@code loglog}, {@code logx}, {@code logy} or
 * {@code linear}. A later setting of the same panel wins. For example the uniform-weights KL of
 * gmm-simplex decays like 1/t², a straight line only on {@code --axes kl=loglog}.
 */
public final class AxisScales {
    /** The word that names every curve panel. */
    public static final String ALL = "curves";

    /** How a panel's two axes are scaled. */
    public enum Scale {
        LOGLOG(true, true), LOGX(true, false), LOGY(false, true), LINEAR(false, false);

        private final boolean logX;
        private final boolean logY;

        Scale(boolean logX, boolean logY) {
            this.logX = logX;
            this.logY = logY;
        }

        public boolean logX() {
            return logX;
        }

        public boolean logY() {
            return logY;
        }

        /** The name {@code --axes} takes. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The scale of a panel's axes. */
        public static Scale of(boolean logX, boolean logY) {
            return logX ? (logY ? LOGLOG : LOGX) : (logY ? LOGY : LINEAR);
        }
    }

    /** Every scale's name, for messages and help: "loglog, logx, logy or linear". */
    public static final String SCALES = "loglog, logx, logy or linear";

    private final Map<String, Scale> byPanel;

    private AxisScales(Map<String, Scale> byPanel) {
        this.byPanel = byPanel;
    }

    /** No change. */
    public static AxisScales none() {
        return new AxisScales(Map.of());
    }

    /** The settings {@code ID=SCALE}, in order (panel ids are checked against a figure in {@link #apply}). */
    public static AxisScales parse(List<String> settings) {
        Map<String, Scale> m = new LinkedHashMap<>();
        for (String s : settings == null ? List.<String>of() : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--axes", "--axes expects ID=SCALE, such as kl=loglog, with SCALE " + SCALES
                        + " (got " + Snippet.quoted(s) + ")");
            }
            String id = s.substring(0, eq).strip();
            String scale = s.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            Scale sc = null;
            for (Scale c : Scale.values()) {
                if (c.id().equals(scale)) {
                    sc = c;
                }
            }
            if (sc == null) {
                throw new ValidationException("--axes", "the scale of --axes " + Snippet.of(id) + " must be " + SCALES
                        + " (got " + Snippet.quoted(s.substring(eq + 1).strip()) + ")");
            }
            m.remove(id);
            m.put(id, sc);
        }
        return new AxisScales(m);
    }

    /** The scales of the curve panels of {@code f} as they are now, keyed by panel id (what the window shows). */
    public static AxisScales of(Figure f) {
        Map<String, Scale> m = new LinkedHashMap<>();
        if (f != null) {
            for (Panel p : f.panels(Panel.Kind.CURVE)) {
                m.put(p.id(), Scale.of(p.x().log(), p.y().log()));
            }
        }
        return new AxisScales(m);
    }

    /** True when nothing is changed. */
    public boolean isEmpty() {
        return byPanel.isEmpty();
    }

    /** The settings, panel id → scale, in order. */
    public Map<String, Scale> settings() {
        return Map.copyOf(byPanel);
    }

    /**
     * {@code f} with the chosen curve panels' axes set to their scales; refuses an id that is no curve
     * panel of {@code f}, listing the curve panels and the scales.
     */
    public Figure apply(Figure f) {
        return apply(f, true);
    }

    /** {@link #apply}, ignoring ids the figure lacks when {@code strict} is false (frames of an animation). */
    public Figure apply(Figure f, boolean strict) {
        if (byPanel.isEmpty()) {
            return f;
        }
        List<String> curves = new ArrayList<>();
        for (Panel p : f.panels(Panel.Kind.CURVE)) {
            curves.add(p.id());
        }
        if (strict) {
            for (String id : byPanel.keySet()) {
                if (!id.equals(ALL) && !curves.contains(id)) {
                    Panel p = f.panel(id);
                    throw new ValidationException("--axes", (p == null ? "no panel " + Snippet.quoted(id) + " in this figure"
                            : "panel " + Snippet.quoted(id) + " is not a curve panel (its axes are the data's)")
                            + "; curve panels: " + String.join(", ", curves) + " (or " + ALL + "), scales: " + SCALES);
                }
            }
        }
        List<Panel> out = new ArrayList<>();
        for (Panel p : f.panels()) {
            Scale s = p.kind() == Panel.Kind.CURVE ? byPanel.getOrDefault(p.id(), byPanel.get(ALL)) : null;
            if (p.kind() == Panel.Kind.CURVE && byPanel.containsKey(ALL) && byPanel.containsKey(p.id())) {
                // the later of "curves=…" and "ID=…" wins
                s = laterOf(p.id());
            }
            out.add(s == null ? p : p.withAxes(p.x().withLog(s.logX()), p.y().withLog(s.logY())));
        }
        return new Figure(f.title(), out);
    }

    private Scale laterOf(String id) {
        Scale last = null;
        for (Map.Entry<String, Scale> e : byPanel.entrySet()) {
            if (e.getKey().equals(id) || e.getKey().equals(ALL)) {
                last = e.getValue();
            }
        }
        return last;
    }
}
