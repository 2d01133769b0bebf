package org.emlab.core.figure;

/**
 * A point of a geometry panel that the window lets the user drag (issue 14, docs/explore-and-verify.md,
 * "Direct manipulation"): an initial mean, the end of an initial regression line, the current iterate.
 * Handles are listed by the {@link Panel} they belong to; they are never painted into exported
 * figures (the window draws them over its canvas).
 *
 * @param id     stable within its panel (for example {@code start-mu-2}); the lab maps a drop of this id
 * @param x      position in the panel's data coordinates
 * @param y      position in the panel's data coordinates
 * @param kind   what moves under the pointer, and so what the window previews while dragging
 * @param label  what the handle is, for menus, tooltips and the undo entry (for example "μ₂")
 * @param target whether a drop changes the start (a restart from new parameters) or the current iterate
 *               (the engine is moved and keeps going from there)
 * @param pivotX for {@link Kind#LINE}: the point the line turns about while its handle is dragged
 *               (the line through the pivot and the pointer is previewed); NaN otherwise
 * @param pivotY see {@code pivotX}
 * @param info   the values shown when the pointer hovers the handle, one per line (may be "")
 */
public record Handle(String id, double x, double y, Kind kind, String label, Target target, double pivotX, double pivotY,
                     String info) {

    /** What a drag of the handle moves. */
    public enum Kind {
        /** A point (a mean, an estimate in a plane): previewed as a marker at the pointer. */
        POINT,
        /** A point of a line that turns about {@code (pivotX, pivotY)}: previewed as the line through both. */
        LINE
    }

    /** What a drop changes. */
    public enum Target {
        /** The run's start: the lab turns the drop into new parameters and the run restarts from them. */
        START,
        /** The current iterate: the lab turns the drop into a new engine state and the run goes on from it. */
        CURRENT
    }

    public Handle {
        info = info == null ? "" : info;
    }

    /** A point handle. */
    public static Handle point(String id, double x, double y, String label, Target target, String info) {
        return new Handle(id, x, y, Kind.POINT, label, target, Double.NaN, Double.NaN, info);
    }

    /** A handle on a line that turns about {@code (px, py)}. */
    public static Handle line(String id, double x, double y, double px, double py, String label, Target target, String info) {
        return new Handle(id, x, y, Kind.LINE, label, target, px, py, info);
    }

    /** True when the drop moves the start. */
    public boolean movesStart() {
        return target == Target.START;
    }
}
