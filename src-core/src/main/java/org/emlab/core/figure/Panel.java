package org.emlab.core.figure;

import java.util.List;

/**
 * One chart: a title, two axes, its layers in drawing order and short notes (for example the
 * fitted rate, "fitted slope −0.145 (theory −0.145)"). The window draws GEOMETRY panels in the
 * centre, CURVE panels stacked on the right and INSET panels (small lab widgets such as the DFT
 * bars) in the parameter column; exports compose any subset.
 *
 * @param id          stable id, unique within a figure (e.g. "geometry", "kl")
 * @param title       shown above the plot
 * @param kind        where the window puts it
 * @param x           horizontal axis
 * @param y           vertical axis
 * @param equalAspect true when one unit is the same length on both axes (geometry)
 * @param layers      drawn in order
 * @param notes       one-line annotations shown in the plot's corner
 * @param handles     the points the window lets the user drag (never painted into exports); empty by default
 */
public record Panel(String id, String title, Kind kind, Axis x, Axis y, boolean equalAspect, List<Layer> layers,
                    List<String> notes, List<Handle> handles) {

    /** Where a panel belongs in the window. */
    public enum Kind { GEOMETRY, CURVE, INSET }

    public Panel {
        layers = List.copyOf(layers);
        notes = notes == null ? List.of() : List.copyOf(notes);
        handles = handles == null ? List.of() : List.copyOf(handles);
    }

    /** A panel without handles. */
    public Panel(String id, String title, Kind kind, Axis x, Axis y, boolean equalAspect, List<Layer> layers,
                 List<String> notes) {
        this(id, title, kind, x, y, equalAspect, layers, notes, List.of());
    }

    /** This panel with its axes replaced (for example a log/linear toggle). */
    public Panel withAxes(Axis nx, Axis ny) {
        return new Panel(id, title, kind, nx, ny, equalAspect, layers, notes, handles);
    }

    /** This panel with its draggable handles replaced. */
    public Panel withHandles(List<Handle> h) {
        return new Panel(id, title, kind, x, y, equalAspect, layers, notes, h);
    }

    /**
     * What a curve panel says in its empty plot when it shows iteration 0 on a log x axis: its measured
     * curves (palette colours, not the black or grey reference lines) have no point past x = 0, and a layer
     * sits at x ≤ 0 (the cursor at the iteration shown, or the curve's own point at 0). That is the
     * first frame of an animation and the window before the first step, where a plot with only its
     * reference lines would look broken. Null otherwise.
     */
    public String offLogAxisNotice() {
        if (kind != Kind.CURVE || !x.log()) {
            return null;
        }
        boolean measured = false;
        boolean atZero = false;
        for (Layer l : layers) {
            if (!(l instanceof Layer.Line ln)) {
                continue;
            }
            boolean reference = ln.ink().color() < 0;
            measured |= !reference;
            for (int i = 0; i < ln.size(); i++) {
                double xi = ln.x()[i];
                atZero |= xi <= 0;
                if (!reference && xi > 0) {
                    return null; // measured past 0: an empty plot, if it is one, has another reason (log y of ℓ < 0)
                }
            }
        }
        String name = x.label() == null || x.label().isBlank() ? "x" : x.label();
        return measured && atZero ? name + " 0 is not on a log axis: the curve starts at " + name + " 1" : null;
    }

    /** The handle with this id, or null. */
    public Handle handle(String handleId) {
        for (Handle h : handles) {
            if (h.id().equals(handleId)) {
                return h;
            }
        }
        return null;
    }
}
