package org.emlab.core.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The one place numbers become text, in the few forms the app needs:
 * <ul>
 *   <li>{@link #compact}: for people (panel notes, captions, legends): 4 significant digits,
 *       trailing zeros dropped, powers of ten as {@code 3.5e−6}, the minus sign U+2212;</li>
 *   <li>{@link #plain}: for one-line messages in ASCII: up to 6 significant digits;</li>
 *   <li>{@link #exact}: the shortest text that reads back to the same double (CSV, sessions,
 *       presets, parameter fields);</li>
 *   <li>{@link #bound}: a range end in a message: {@link #plain} when it reads back exactly, else
 *       {@link #exact} (so that 0.999999999 is not shown as 1).</li>
 * </ul>
 * Tick labels have their own rule ({@code Ticks.label}: as many places as the tick step needs).
 */
public final class Numbers {
    private Numbers() {
    }

    /** A compact number with 4 significant digits: "−0.1451", "0.5", "3.5e−6", "22910". */
    public static String compact(double v) {
        return compact(v, 4);
    }

    /** A compact number with {@code digits} significant digits (whole numbers above that keep every digit). */
    public static String compact(double v, int digits) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String s;
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
            String[] parts = s.split("e");
            String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            s = mant + "e" + Integer.parseInt(parts[1]);
        } else if (a >= Math.pow(10, digits) && v == Math.rint(v)) {
            s = Long.toString((long) v); // a whole number (an iteration) with more digits: all of them
        } else {
            s = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return s.replace('-', '−');
    }

    /** Up to 6 significant digits in ASCII, for one-line messages: "1e-06", "0.25", "200". */
    public static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String g = String.format(Locale.ROOT, "%.6g", v);
        if (g.contains("e") || g.contains("E")) {
            return g.replaceAll("\\.?0+e", "e").replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
        }
        return g.replaceAll("\\.?0+$", "");
    }

    /** The shortest text that reads back to exactly {@code v}; whole numbers without a decimal point. */
    public static String exact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A range end: {@link #plain} when it reads back to {@code v}, else {@link #exact}. */
    public static String bound(double v) {
        String s = plain(v);
        try {
            if (Double.parseDouble(s) == v) {
                return s;
            }
        } catch (NumberFormatException e) {
            // fall through to the exact text
        }
        return exact(v);
    }
}
