package org.emlab.app.layout;

/**
 * How the window shares its room between the views, as plain numbers (tested without a Stage). The
 * lab's key chart, the one its paper's claim lives in, gets the most room in the curve column; the
 * other curves share what is left, and scroll when they would be shorter than
 * {@link #MIN_OTHER_HEIGHT}. The parameter column collapses by itself on narrow windows.
 */
public final class ViewLayout {
    /** Share of the curve column's height the key chart takes when other curves are shown. */
    public static final double KEY_SHARE = 0.62;
    /** The key chart is never shorter than this (px), room permitting. */
    public static final double MIN_KEY_HEIGHT = 280;
    /** Height below which the other curves scroll instead of shrinking further (px). */
    public static final double MIN_OTHER_HEIGHT = 150;
    /** Narrowest curve column (px): below this, legends and tick labels no longer fit. */
    public static final double MIN_CURVE_WIDTH = 330;
    /** Share of the view area's width the curve column takes. */
    public static final double CURVE_SHARE = 0.44;
    /** Widest curve column (px); the geometry gets the rest. */
    public static final double MAX_CURVE_WIDTH = 760;
    /** Windows narrower than this (a 1280 × 720 or 1024 × 768 projector) show the parameter column collapsed (px). */
    public static final double COLLAPSE_BELOW = 1400;

    private ViewLayout() {
    }

    /** Height of the key chart in a curve column of height {@code h} showing {@code others} more curves. */
    public static double keyHeight(double h, int others) {
        if (others <= 0) {
            return h;
        }
        return Math.min(h, Math.max(MIN_KEY_HEIGHT, KEY_SHARE * h));
    }

    /** Height of each other curve: an equal share of what the key chart leaves, but at least {@link #MIN_OTHER_HEIGHT}. */
    public static double otherHeight(double h, int others) {
        if (others <= 0) {
            return 0;
        }
        return Math.max(MIN_OTHER_HEIGHT, (h - keyHeight(h, others)) / others);
    }

    /** Width of the curve column in a view area of width {@code w}. */
    public static double curveWidth(double w) {
        return Math.max(Math.min(MIN_CURVE_WIDTH, w / 2), Math.min(MAX_CURVE_WIDTH, CURVE_SHARE * w));
    }

    /** True when a window of width {@code w} should show the parameter column, unless the user chose otherwise. */
    public static boolean parametersShown(double w) {
        return w >= COLLAPSE_BELOW;
    }
}
