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
