package org.emlab.core.text;

/**
 * A piece of user input (a cell, a parameter's text, a file name) made safe to show in a one-line
 * message: control characters, NUL, line breaks and invisible direction marks are shown escaped
 * ({@code \0}, {@code \n}, {@code \t}, or a backslash, u and four hex digits), and anything longer than
 * {@link #MAX} characters is cut with "…". File content is never shown beyond the offending piece.
 */
public final class Snippet {
    /** Most characters of input shown in a message. */
    public static final int MAX = 40;

    private Snippet() {
    }

    /** {@code s} escaped and cut to {@link #MAX} characters. */
    public static String of(String s) {
        return of(s, MAX);
    }

    /** {@code s} escaped and cut to {@code max} characters (of the input) with "…". */
    public static String of(String s, int max) {
        if (s == null) {
            return "";
        }
        boolean cut = s.length() > max;
        int end = cut && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        String head = cut ? s.substring(0, end) : s;
        StringBuilder b = new StringBuilder(head.length() + 8);
        for (int i = 0; i < head.length(); i++) {
            escape(head.charAt(i), b);
        }
        if (cut) {
            b.append('…');
        }
        return b.toString();
    }

    /** {@code "s"}: {@link #of} in double quotes. */
    public static String quoted(String s) {
        return "\"" + of(s) + "\"";
    }

    /** The whole of {@code s} with every unsafe character escaped (for texts we made, such as messages). */
    public static String escapeAll(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                escape(c, b);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** True when {@code s} holds a character that {@link #of} escapes. */
    public static boolean hasUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (unsafe(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Control characters (C0, DEL, C1), line and paragraph separators, and bidi/format marks. */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF';
    }

    private static void escape(char c, StringBuilder b) {
        if (!unsafe(c)) {
            b.append(c);
            return;
        }
        switch (c) {
            case '\0' -> b.append("\\0");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> b.append(String.format("\\u%04X", (int) c));
        }
    }
}
