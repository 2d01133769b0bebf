package org.emlab.core.sweep;

import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.NumberSyntax;
import org.emlab.core.text.Snippet;

/**
 * The values of the (first) varied parameter whose points enter the slope fit: {@code FROM:TO}, both
 * ends included ({@code 1024:} or {@code :4096} leave one end open). Points outside still appear in the
 * table, the CSV and the plot.
 *
 * @param from lowest value fitted ({@code -∞} for none)
 * @param to   highest value fitted ({@code +∞} for none)
 */
public record FitWindow(double from, double to) {
    /** Every point. */
    public static final FitWindow ALL = new FitWindow(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public FitWindow {
        if (Double.isNaN(from) || Double.isNaN(to) || from > to) {
            throw new ValidationException("fit", "the fit window must be FROM:TO with FROM <= TO (got " + ParamSpec.fmt(from)
                    + ":" + ParamSpec.fmt(to) + ")");
        }
    }

    /** Parses {@code FROM:TO}, {@code FROM:} or {@code :TO}; null or blank is {@link #ALL}. */
    public static FitWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        String s = text.strip();
        int c = s.indexOf(':');
        if (c < 0 || s.indexOf(':', c + 1) >= 0) {
            throw new ValidationException("fit", "--fit expects FROM:TO, FROM: or :TO (got " + Snippet.quoted(s) + ")");
        }
        return new FitWindow(end(s.substring(0, c), Double.NEGATIVE_INFINITY, s), end(s.substring(c + 1),
                Double.POSITIVE_INFINITY, s));
    }

    private static double end(String t, double open, String whole) {
        if (t.isBlank()) {
            return open;
        }
        try {
            return NumberSyntax.parseFinite(t.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException("fit", "--fit expects FROM:TO; " + Snippet.quoted(t.strip()) + " is not a finite "
                    + "number in " + NumberSyntax.DESCRIPTION + " (in " + Snippet.quoted(whole) + ")");
        }
    }

    /** True when {@code x} is fitted. */
    public boolean contains(double x) {
        return x >= from && x <= to;
    }

    /** True when every point is fitted. */
    public boolean all() {
        return from == Double.NEGATIVE_INFINITY && to == Double.POSITIVE_INFINITY;
    }

    /** {@code FROM:TO} as {@link #parse} reads it ("" for {@link #ALL}). */
    public String format() {
        if (all()) {
            return "";
        }
        return (Double.isInfinite(from) ? "" : ParamSpec.fmtExact(from)) + ":" + (Double.isInfinite(to) ? ""
                : ParamSpec.fmtExact(to));
    }
}
