package org.emlab.core.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.Ink;
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
 *       ("A: π₀ = 0.5" / "B: π₀ = 0.7"; "A: k = 3 · BIC" when the panel has other measured curves),
 *       other layers prefixed "A: " / "B: " unless both runs draw the same reference line (then listed
 *       once, unprefixed: see {@link #sharedRoles}), one shared iteration marker; notes prefixed
 *       likewise. Reference lines keep their black or grey ink, B's in another dash
 *       ({@link #referenceStyle}); a palette family (π1 … πk in their components' colours) keeps its
 *       colours and tells the runs apart by the dash ({@link #familyStyle}). B's panels without an A
 *       counterpart follow;</li>
 *   <li>INSET: A's, then B's (suffixed, titled "B: …"; A's titled "A: …" when B has the same one).</li>
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
                        restyleAll(pb.title(), pb.layers(), true, nameB, new HashSet<>()), prefixed(pb.notes(), "B: ")));
            }
        }
        for (Panel p : a.panels(Panel.Kind.INSET)) {
            // A's inset is named as B's twin is ("A: |F_l|² of the weights" beside "B: …"), on the same scale
            Panel twin = b.panel(p.id());
            out.add(twin == null || twin.kind() != Panel.Kind.INSET ? p : onCommonScale(p, twin, "A: " + p.title(), p.id()));
        }
        for (Panel p : b.panels(Panel.Kind.INSET)) {
            Panel twin = a.panel(p.id());
            out.add(twin != null && twin.kind() == Panel.Kind.INSET ? onCommonScale(p, twin, "B: " + p.title(), p.id() + B_SUFFIX)
                    : new Panel(p.id() + B_SUFFIX, "B: " + p.title(), p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(),
                    p.notes()));
        }
        return new Figure("A/B: " + label, out);
    }

    /**
     * {@code p} retitled, and, when it and its twin both have a fixed linear value axis from 0 (gmm-simplex's |F_l|²
     * bars, scaled to each run's largest bar), on the larger of the two ranges, so that bars of A and B compare by
     * height (0–0.10 beside 0–0.04 made bars 7 times apart look alike); the panel's labels, placed at shares of its
     * own range, keep their shares.
     */
    private static Panel onCommonScale(Panel p, Panel twin, String title, String id) {
        org.emlab.core.figure.Axis y = p.y();
        org.emlab.core.figure.Axis ty = twin.y();
        boolean fixedFromZero = y != null && ty != null && !y.log() && !ty.log() && y.min() == 0 && ty.min() == 0
                && Double.isFinite(y.max()) && Double.isFinite(ty.max()) && y.max() > 0 && ty.max() > 0;
        if (!fixedFromZero || ty.max() <= y.max()) {
            return new Panel(id, title, p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(), p.notes());
        }
        double stretch = ty.max() / y.max();
        List<Layer> layers = new ArrayList<>();
        for (Layer l : p.layers()) {
            layers.add(l instanceof Layer.Label lb ? new Layer.Label(lb.name(), lb.x(), lb.y() * stretch, lb.text(), lb.ink(),
                    lb.anchor()) : l);
        }
        return new Panel(id, title, p.kind(), p.x(), y.withRange(0, ty.max()), p.equalAspect(), layers, p.notes());
    }

    private static Panel retitle(Panel p, String id, String name, List<String> notes) {
        return new Panel(id, name, p.kind(), p.x(), p.y(), p.equalAspect(), p.layers(), notes);
    }

    /** A's curve panel with B's layers overlaid (or A's alone, restyled, when B has none). */
    static Panel overlay(Panel pa, Panel pb, String nameA, String nameB) {
        List<Layer> layers = new ArrayList<>();
        Set<Layer> measured = Collections.newSetFromMap(new IdentityHashMap<>());
        Layer marker = null;
        for (Layer l : restyleAll(pa.title(), pa.layers(), false, nameA, measured)) {
            if (isCursor(l)) {
                marker = l;
            } else {
                layers.add(l);
            }
        }
        List<String> notes = new ArrayList<>(prefixed(pa.notes(), "A: "));
        if (pb != null) {
            for (Layer l : restyleAll(pb.title(), pb.layers(), true, nameB, measured)) {
                if (!isCursor(l)) {
                    layers.add(l);
                }
            }
            notes.addAll(prefixed(pb.notes(), "B: "));
        }
        if (marker != null) {
            layers.add(marker);
        }
        return new Panel(pa.id(), pa.title(), pa.kind(), pa.x(), pa.y(), pa.equalAspect(),
                sharedRoles(layers, nameA, nameB, measured), notes);
    }

    /**
     * One legend entry per reference line both runs draw alike: when A's "A: theory rate" and B's "B: theory rate"
     * are the same line (equal coordinates), it is listed once, unprefixed, and B's copy is left out; when they
     * differ (each run's own statistical floor), both stay, each named for its run and drawn in its run's dash
     * ({@link #referenceStyle}). The measured curves ({@code measured}) are never merged: B's AIC or π2 is not A's.
     * A copy that draws nothing (every point hidden) does not count: the other run's copy keeps its prefix.
     */
    static List<Layer> sharedRoles(List<Layer> layers, String nameA, String nameB) {
        return sharedRoles(layers, nameA, nameB, Set.of());
    }

    private static List<Layer> sharedRoles(List<Layer> layers, String nameA, String nameB, Set<Layer> measured) {
        java.util.Map<String, Layer> rolesA = new java.util.HashMap<>();
        for (Layer l : layers) {
            String n = name(l);
            if (n != null && !measured.contains(l) && !Layer.drawsNothing(l) && !n.equals(nameA) && n.startsWith("A: ")) {
                rolesA.putIfAbsent(n.substring(3), l);
            }
        }
        Set<Layer> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> merged = new HashSet<>();
        for (Layer l : layers) {
            String n = name(l);
            if (n == null || measured.contains(l) || Layer.drawsNothing(l) || n.equals(nameB) || !n.startsWith("B: ")) {
                continue;
            }
            Layer twin = rolesA.get(n.substring(3));
            if (twin != null && sameData(twin, l)) {
                dropped.add(l);
                merged.add(n.substring(3));
            }
        }
        List<Layer> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            String n = name(l);
            if (dropped.contains(l)) {
                continue;
            }
            if (n != null && !measured.contains(l) && n.startsWith("A: ") && merged.contains(n.substring(3))) {
                out.add(named(l, n.substring(3)));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** True when two layers of the same kind draw the same coordinates. */
    private static boolean sameData(Layer a, Layer b) {
        if (a instanceof Layer.Line la && b instanceof Layer.Line lb) {
            return java.util.Arrays.equals(la.x(), lb.x()) && java.util.Arrays.equals(la.y(), lb.y());
        } else if (a instanceof Layer.Points pa && b instanceof Layer.Points pb) {
            return java.util.Arrays.equals(pa.x(), pb.x()) && java.util.Arrays.equals(pa.y(), pb.y());
        } else if (a instanceof Layer.Band ba && b instanceof Layer.Band bb) {
            return java.util.Arrays.equals(ba.x(), bb.x()) && java.util.Arrays.equals(ba.lo(), bb.lo())
                    && java.util.Arrays.equals(ba.hi(), bb.hi());
        }
        return false;
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

    /**
     * One run's layers of a curve panel, restyled and renamed for the overlay. The first line (or points) is the
     * panel's measured curve and takes the run's name ({@code name}, "A: k = 3"); when the panel has other
     * <em>measured</em> curves (named, in a palette colour: BIC beside AIC, π1 … πk, structured and i.i.d. EM) and
     * its title does not already name the first alone, the first keeps its own name after the run's
     * ("A: k = 3 · BIC"), so that every measured curve is named in the legend. Other named layers are prefixed
     * "A: " / "B: ". Colours: the run's ({@link ComparisonLab#restyle}), except in a <em>palette family</em> (two
     * or more curves drawn with the same dash in different palette colours, which the run's colour alone would
     * make alike: weights, noise levels, coordinates), whose curves keep their colours and tell the runs apart by
     * the dash ({@link #familyStyle}). Reference lines keep their foreground or muted ink ({@link #referenceStyle}).
     */
    private static List<Layer> restyleAll(String title, List<Layer> in, boolean b, String name, Set<Layer> measuredOut) {
        String prefix = b ? "B: " : "A: ";
        List<Layer> measured = new ArrayList<>();
        for (Layer l : in) {
            if (!isCursor(l) && isMeasured(l)) {
                measured.add(l);
            }
        }
        // a palette family: lines in palette colours (named or not: gmm-overparam's weights name the first alone)
        // that share a dash and differ in colour
        List<Layer> coloured = new ArrayList<>();
        for (Layer l : in) {
            if (l instanceof Layer.Line && !isCursor(l) && ink(l).color() >= 0) {
                coloured.add(l);
            }
        }
        boolean palette = false;
        for (Layer p : coloured) {
            for (Layer q : coloured) {
                palette |= ink(p).dash() == ink(q).dash() && ink(p).color() != ink(q).color();
            }
        }
        List<Layer> out = new ArrayList<>();
        boolean first = true;
        for (Layer l : in) {
            if (isCursor(l) || !(l instanceof Layer.Line || l instanceof Layer.Points || l instanceof Layer.Band)) {
                out.add(l);
                continue;
            }
            String own = name(l);
            String n;
            if (first && (l instanceof Layer.Line || l instanceof Layer.Points)) {
                n = own != null && measured.size() > 1 && !titleNamesOnly(title, own, measured) ? name + " · " + own : name;
                first = false;
            } else {
                n = own == null ? null : prefix + own;
            }
            Ink ink = ink(l).color() < 0 ? referenceStyle(ink(l), b)
                    : palette ? familyStyle(ink(l), b) : ComparisonLab.restyle(ink(l), b);
            Layer r = restyled(l, n, ink);
            if (isMeasured(l)) {
                measuredOut.add(r);
            }
            out.add(r);
        }
        return out;
    }

    /** A named layer in a palette colour (not a reference line, which is drawn in the foreground or muted ink). */
    private static boolean isMeasured(Layer l) {
        return (l instanceof Layer.Line || l instanceof Layer.Points) && name(l) != null && ink(l).color() >= 0;
    }

    /** True when the panel's title names the first curve's quantity and none of the other measured curves'. */
    private static boolean titleNamesOnly(String title, String own, List<Layer> measured) {
        if (title == null || !title.contains(own)) {
            return false;
        }
        for (Layer l : measured) {
            String n = name(l);
            if (!n.equals(own) && title.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A reference line (a theory rate, a floor, a bound, the targets: drawn in the foreground or muted ink, never in
     * a run's colour, so that it is not taken for a run's data) in run {@code b}: A's unchanged; B's in the same ink
     * with another dash (dotted → dash-dot, dashed → solid, solid → dashed, dash-dot → dotted), so that the eight
     * styles of A's and B's dotted and dashed lines in black and grey differ.
     */
    static Ink referenceStyle(Ink ink, boolean b) {
        if (!b) {
            return ink;
        }
        return ink.withDash(switch (ink.dash()) {
            case DOTTED -> Ink.Dash.DASH_DOT;
            case DASHED -> Ink.Dash.SOLID;
            case SOLID -> Ink.Dash.DASHED;
            case DASH_DOT -> Ink.Dash.DOTTED;
        });
    }

    /**
     * A palette family's curve in run {@code b}: A's unchanged; B's in the same colour with the next dash
     * (solid → dash-dot, dashed and others → dotted), so that A's solid and dashed members stay distinct from B's.
     */
    static Ink familyStyle(Ink ink, boolean b) {
        if (!b) {
            return ink;
        }
        return ink.withDash(ink.dash() == Ink.Dash.SOLID ? Ink.Dash.DASH_DOT : Ink.Dash.DOTTED);
    }

    private static Ink ink(Layer l) {
        if (l instanceof Layer.Line ln) {
            return ln.ink();
        } else if (l instanceof Layer.Points pt) {
            return pt.ink();
        }
        return ((Layer.Band) l).ink();
    }

    private static Layer restyled(Layer l, String name, Ink ink) {
        if (l instanceof Layer.Line ln) {
            return new Layer.Line(name, ink, ln.x(), ln.y());
        } else if (l instanceof Layer.Points pt) {
            return new Layer.Points(name, ink, pt.x(), pt.y(), pt.sizes(), pt.colors(), pt.alphas());
        }
        Layer.Band bd = (Layer.Band) l;
        return new Layer.Band(name, ink, bd.x(), bd.lo(), bd.hi());
    }

    private static List<String> prefixed(List<String> notes, String prefix) {
        List<String> out = new ArrayList<>();
        for (String s : notes) {
            out.add(prefix + s);
        }
        return out;
    }
}
