package org.emlab.core.text;

import java.util.Locale;

/**
 * The one number syntax of EM Lab, shared by {@code --set NAME=VALUE}, presets, sessions, the
 * window's fields, the CLI's numeric options and CSV cells: plain decimal or scientific notation,
 * {@code [+-]?(d+[.d*] | .d+)([eE][+-]?d+)?} with ASCII digits. Nothing else is a number: no
 * hexadecimal ({@code 0x1p-3}), no Java suffixes ({@code 1d}, {@code 2f}), no {@code NaN} or
 * {@code Infinity}, no digit grouping, no other scripts' digits. A value too large for a double
 * ({@code 1e999}) is well formed but not finite, and callers refuse it as such.
 */
public final class NumberSyntax {
    /** How the syntax is described in messages. */
    public static final String DESCRIPTION = "decimal or scientific notation such as 0.25, -3 or 1e-3";
    /** Largest whole number that a written decimal such as {@code 1e15} may stand for (exact in a double). */
    public static final double MAX_EXACT_WHOLE = 9e15;

    /** Why a text is not a finite number. */
    public enum Problem {
        /** Not in the syntax at all. */
        NOT_A_NUMBER,
        /** A spreadsheet's missing-value marker: NaN, NA, N/A, null. */
        MISSING,
        /** Infinity, or a number too large for a double. */
        NOT_FINITE
    }

    private NumberSyntax() {
    }

    /** True when {@code s} (already stripped) is a number in the syntax, with '.' as the decimal point. */
    public static boolean isDecimal(String s) {
        return isDecimal(s, '.');
    }

    /**
     * True when {@code s} (already stripped) is {@code [+-]?(d+[sep d*] | sep d+)([eE][+-]?d+)?}. With
     * {@code sep == ','} (a decimal comma) the separator is required, so that a plain integer is not
     * taken for a decimal-comma number.
     */
    public static boolean isDecimal(String s, char sep) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        boolean point = false;
        if (i < n && s.charAt(i) == sep) {
            point = true;
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && (fracDigits == 0 || !point)) {
            return false;
        }
        if (sep == ',' && !point) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** True when {@code s} is {@code [+-]?d+} (ASCII digits). */
    public static boolean isInteger(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The value of {@code text} (stripped first), which may be infinite when it is too large for a
     * double; throws {@link NumberFormatException} when the text is not in the syntax.
     */
    public static double parse(String text) {
        String s = text == null ? "" : text.strip();
        if (!isDecimal(s)) {
            throw new NumberFormatException("not a number: " + Snippet.of(s));
        }
        return Double.parseDouble(s);
    }

    /** The finite value of {@code text}, or throws {@link NumberFormatException} (bad syntax or not finite). */
    public static double parseFinite(String text) {
        double v = parse(text);
        if (!Double.isFinite(v)) {
            throw new NumberFormatException("not a finite number: " + Snippet.of(text.strip()));
        }
        return v;
    }

    /**
     * A whole number: {@code [+-]?d+}, or a decimal that stands exactly for a whole number no larger
     * than {@link #MAX_EXACT_WHOLE} in magnitude ({@code 1e5}, {@code 2.0}); throws
     * {@link NumberFormatException} otherwise (including values outside the long range).
     */
    public static long parseWhole(String text) {
        String s = text == null ? "" : text.strip();
        if (isInteger(s)) {
            return Long.parseLong(s); // ASCII digits only (checked): NumberFormatException when out of range
        }
        double d = parse(s);
        if (d != Math.rint(d) || Math.abs(d) > MAX_EXACT_WHOLE) {
            throw new NumberFormatException("not a whole number: " + Snippet.of(s));
        }
        return (long) d;
    }

    /** Why {@code text} (stripped) is not a finite number; null when it is one. */
    public static Problem problem(String text) {
        String s = text == null ? "" : text.strip();
        if (isDecimal(s)) {
            return Double.isFinite(Double.parseDouble(s)) ? null : Problem.NOT_FINITE;
        }
        String low = s.toLowerCase(Locale.ROOT);
        if (low.equals("nan") || low.equals("na") || low.equals("n/a") || low.equals("null")) {
            return Problem.MISSING;
        }
        if (low.matches("[+-]?(inf|infinity)")) {
            return Problem.NOT_FINITE;
        }
        return Problem.NOT_A_NUMBER;
    }
}
