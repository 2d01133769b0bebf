package org.emlab.core.text;

/**
 * Text made safe to draw into a figure (PNG, SVG, PDF, the window): every character that XML 1.0
 * does not allow ({@code #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}: C0
 * controls, lone surrogates, U+FFFE and U+FFFF) is dropped, and so are DEL and the C1 controls;
 * tabs and line breaks (including U+2028 and U+2029) become spaces, since a figure's text is
 * drawn on one line. A {@code --title}, a CSV header or a preset's text with a stray control
 * character therefore gives a well-formed SVG and a valid PDF instead of a broken file.
 */
public final class DrawnText {
    private DrawnText() {
    }

    /** {@code s} with the characters above dropped or turned into spaces; "" for null. */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            String replacement = replacement(cp, s, i);
            if (replacement != null && b == null) {
                b = new StringBuilder(n).append(s, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.appendCodePoint(cp);
                }
            }
            i += len;
        }
        return b == null ? s : b.toString();
    }

    /** True when {@link #clean} would change {@code s}. */
    public static boolean needsCleaning(String s) {
        return s != null && !clean(s).equals(s);
    }

    /** null to keep the code point, "" to drop it, " " to replace it. */
    private static String replacement(int cp, String s, int at) {
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
            return " ";
        }
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) {
            return "";
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            return ""; // a lone surrogate (a valid pair arrives here as one supplementary code point)
        }
        return null;
    }
}
