package org.emlab.core.figure;

/**
 * How a layer is drawn, in semantic terms: a palette colour (resolved by the {@link Theme}), a dash
 * pattern, a line width in points, a marker and an opacity. No information is carried by colour
 * alone: components also differ by marker and dash.
 *
 * @param color   palette index {@code >= 0}, or {@link #FOREGROUND}, {@link #MUTED}, {@link #ACCENT}
 * @param dash    line pattern
 * @param width   line width in points (1 = hairline at 1x)
 * @param marker  marker shape for points, {@link Marker#NONE} for lines
 * @param size    marker diameter in points
 * @param opacity 0..1
 */
public record Ink(int color, Dash dash, double width, Marker marker, double size, double opacity) {
    public static final int FOREGROUND = -1;
    public static final int MUTED = -2;
    public static final int ACCENT = -3;

    /** Line patterns. */
    public enum Dash { SOLID, DASHED, DOTTED, DASH_DOT }

    /** Marker shapes. */
    public enum Marker { NONE, CIRCLE, SQUARE, TRIANGLE, DIAMOND, CROSS, PLUS }

    public static Ink line(int color) {
        return new Ink(color, Dash.SOLID, 2.0, Marker.NONE, 0, 1.0);
    }

    public static Ink dashed(int color) {
        return new Ink(color, Dash.DASHED, 1.5, Marker.NONE, 0, 1.0);
    }

    public static Ink dotted(int color) {
        return new Ink(color, Dash.DOTTED, 1.5, Marker.NONE, 0, 1.0);
    }

    public static Ink points(int color, Marker m, double size) {
        return new Ink(color, Dash.SOLID, 1.0, m, size, 1.0);
    }

    /** The component style: colour {@code j} plus a marker and dash that also tell components apart. */
    public static Ink component(int j) {
        Marker[] ms = {Marker.CIRCLE, Marker.SQUARE, Marker.TRIANGLE, Marker.DIAMOND, Marker.CROSS, Marker.PLUS};
        Dash[] ds = {Dash.SOLID, Dash.DASHED, Dash.DOTTED, Dash.DASH_DOT};
        return new Ink(j, ds[(j / Theme.PALETTE_SIZE) % ds.length], 2.0, ms[j % ms.length], 9, 1.0);
    }

    public Ink withWidth(double w) {
        return new Ink(color, dash, w, marker, size, opacity);
    }

    public Ink withOpacity(double o) {
        return new Ink(color, dash, width, marker, size, o);
    }

    public Ink withDash(Dash d) {
        return new Ink(color, d, width, marker, size, opacity);
    }

    public Ink withMarker(Marker m, double s) {
        return new Ink(color, dash, width, m, s, opacity);
    }

    public Ink withColor(int c) {
        return new Ink(c, dash, width, marker, size, opacity);
    }
}
