package org.emlab.core.figure.render;

/**
 * Advance widths of the PDF standard fonts Helvetica and Helvetica-Bold for printable ASCII, in
 * 1/1000 em, from Adobe's Core 14 AFM files (the same widths as Arial and Liberation Sans, which
 * are metric-compatible). PDF viewers draw standard-font text with these widths, so text laid out
 * with them lands where the painter measured it.
 */
final class HelveticaMetrics {
    /** Widths of characters 32..126, Helvetica. */
    private static final short[] REGULAR = {
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};
    /** Widths of characters 32..126, Helvetica-Bold. */
    private static final short[] BOLD = {
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584};
    /** Width used for a character outside the table (never reached for PDF text runs). */
    private static final int FALLBACK = 556;

    private HelveticaMetrics() {
    }

    /** Advance width of {@code s} at {@code size} points. */
    static double width(String s, double size, boolean bold) {
        short[] t = bold ? BOLD : REGULAR;
        long units = 0;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i) - 32;
            units += c >= 0 && c < t.length ? t[c] : FALLBACK;
        }
        return units * size / 1000.0;
    }
}
