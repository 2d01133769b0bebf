package org.emlab.core.compare;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;

/**
 * Combines the figures of runs A and B into one:
 * <ul>
 *   <li>GEOMETRY: A's panels, then B's (ids suffixed {@link #B_SUFFIX}), titled "A: …" and "B: …",
 *       for the window to show side by side;</li>
 *   <li>CURVE: each of A's panels with B's panel of the same id overlaid: A's layers in the first
 *       palette colour, B's in the second with a dashed style (solid → dashed, dashed → dash-dot,
 *       dotted stays dotted), the measured curve of each named after the difference
 *       ("A: π₀ = 0.5" / "B: π₀ = 0.7"), other layers prefixed "A: " / "B: " unless both runs
 *       have them (then listed once, unprefixed: see {@link #sharedRoles}), one shared
 *       iteration marker; notes prefixed likewise. B's panels without an A counterpart follow;</li>
 *   <li>INSET: A's, then B's (suffixed, titled "B: …").</li>
 * </ul>
 * Every array is shared with the input figures, which are themselves fresh or immutable.
 */
public final class ComparisonFigure {
    /** Suffix of B's panel ids. */
    public static final String B_SUFFIX = "-b";

    private ComparisonFigure() {
    }

    /** The combined figure. */
    public static Figure combine(Figure a, Figure b, String nameA, String nameB, String label) {
        List<Panel> out = new ArrayList<>();
        for (Panel p : a.panels(Panel.Kind.GEOMETRY)) {
            out.add(retitle(p, p.id(), nameA, p.notes()));
        }
        for (Panel p : b.panels(Panel.Kind.GEOMETRY)) {
            out.add(retitle(p, p.id() + B_SUFFIX, nameB, p.notes()));
        }
        Set<String> matched = new HashSet<>();
        for (Panel pa : a.panels(Panel.Kind.CURVE)) {
            Panel pb = b.panel(pa.id());
            if (pb != null && pb.kind() == Panel.Kind.CURVE) {
                matched.add(pa.id());
            } else {
                pb = null;
            }
            out.add(overlay(pa, pb, nameA, nameB));
        }
        for (Panel pb : b.panels(Panel.Kind.CURVE)) {
            if (!matched.contains(pb.id())) {
                out.add(new Panel(pb.id() + B_SUFFIX, "B: " + pb.title(), pb.kind(), pb.x(), pb.y(), pb.equalAspect(),
                        restyleAll(pb.layers(), true, nameB), prefixed(pb.notes(), "B: ")));
            }
        }
        for (Panel p : a.panels(Panel.Kind.INSET)) {
            out.add(p);
        }
        for (Panel p : b.panels(Panel.Kind.INSET)) {
            out.add(new Panel(p.id() + B_SUFFIX, "B: " + p.title(), p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(),
                    p.notes()));
        }
        return new Figure("A/B: " + label, out);
    }

    private static Panel retitle(Panel p, String id, String name, List<String> notes) {
        return new Panel(id, name, p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(), notes);
    }

    /** A's curve panel with B's layers overlaid (or A's alone, restyled, when B has none). */
    static Panel overlay(Panel pa, Panel pb, String nameA, String nameB) {
        List<Layer> layers = new ArrayList<>();
        Layer marker = null;
        for (Layer l : restyleAll(pa.layers(), false, nameA)) {
            if (isCursor(l)) {
                marker = l;
            } else {
                layers.add(l);
            }
        }
        List<String> notes = new ArrayList<>(prefixed(pa.notes(), "A: "));
        if (pb != null) {
            for (Layer l : restyleAll(pb.layers(), true, nameB)) {
                if (!isCursor(l)) {
                    layers.add(l);
                }
            }
            notes.addAll(prefixed(pb.notes(), "B: "));
        }
        if (marker != null) {
            layers.add(marker);
        }
        return new Panel(pa.id(), pa.title(), pa.kind(), pa.x(), pa.y(), pa.equalAspect(), sharedRoles(layers, nameA, nameB),
                notes);
    }

    /**
     * One legend entry per role: a secondary layer both runs have ("A: theory rate" and "B: theory
     * rate") is listed once, unprefixed, and B's copy goes unnamed (its colour and dash already say
     * which run it belongs to). The two measured curves keep their names "A: …" / "B: …". A copy that
     * draws nothing (every point hidden) does not count: the other run's copy then keeps its prefix.
     */
    static List<Layer> sharedRoles(List<Layer> layers, String nameA, String nameB) {
        Set<String> rolesA = new HashSet<>();
        Set<String> rolesB = new HashSet<>();
        for (Layer l : layers) {
            String n = name(l);
            if (Layer.drawsNothing(l)) {
                continue; // a copy that draws nothing shares no legend entry (B's own then keeps "B: ")
            }
            if (n != null && !n.equals(nameA) && n.startsWith("A: ")) {
                rolesA.add(n.substring(3));
            } else if (n != null && !n.equals(nameB) && n.startsWith("B: ")) {
                rolesB.add(n.substring(3));
            }
        }
        List<Layer> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            String n = name(l);
            if (n != null && !n.equals(nameA) && n.startsWith("A: ") && rolesB.contains(n.substring(3))) {
                out.add(named(l, n.substring(3)));
            } else if (n != null && !n.equals(nameB) && n.startsWith("B: ") && rolesA.contains(n.substring(3))) {
                out.add(named(l, null));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static String name(Layer l) {
        if (l instanceof Layer.Line ln) {
            return ln.name();
        } else if (l instanceof Layer.Points pt) {
            return pt.name();
        } else if (l instanceof Layer.Band bd) {
            return bd.name();
        }
        return null;
    }

    private static Layer named(Layer l, String name) {
        if (l instanceof Layer.Line ln) {
            return new Layer.Line(name, ln.ink(), ln.x(), ln.y());
        } else if (l instanceof Layer.Points pt) {
            return new Layer.Points(name, pt.ink(), pt.x(), pt.y(), pt.sizes(), pt.colors(), pt.alphas());
        } else if (l instanceof Layer.Band bd) {
            return new Layer.Band(name, bd.ink(), bd.x(), bd.lo(), bd.hi());
        }
        return l;
    }

    /** The iteration marker of {@code CurvePanels.cursor}: a two-point vertical line spanning ±∞. */
    static boolean isCursor(Layer l) {
        return l instanceof Layer.Line ln && ln.size() == 2 && Double.isInfinite(ln.y()[0]) && Double.isInfinite(ln.y()[1]);
    }

    private static List<Layer> restyleAll(List<Layer> in, boolean b, String name) {
        List<Layer> out = new ArrayList<>();
        String prefix = b ? "B: " : "A: ";
        boolean first = true;
        for (Layer l : in) {
            if (isCursor(l)) {
                out.add(l);
            } else if (l instanceof Layer.Line ln) {
                String n = first ? name : ln.name() == null ? null : prefix + ln.name();
                first = false;
                out.add(new Layer.Line(n, ComparisonLab.restyle(ln.ink(), b), ln.x(), ln.y()));
            } else if (l instanceof Layer.Points pt) {
                String n = first ? name : pt.name() == null ? null : prefix + pt.name();
                first = false;
                out.add(new Layer.Points(n, ComparisonLab.restyle(pt.ink(), b), pt.x(), pt.y(), pt.sizes(), pt.colors(),
                        pt.alphas()));
            } else if (l instanceof Layer.Band bd) {
                out.add(new Layer.Band(bd.name() == null ? null : prefix + bd.name(), ComparisonLab.restyle(bd.ink(), b),
                        bd.x(), bd.lo(), bd.hi()));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static List<String> prefixed(List<String> notes, String prefix) {
        List<String> out = new ArrayList<>();
        for (String s : notes) {
            out.add(prefix + s);
        }
        return out;
    }
}
