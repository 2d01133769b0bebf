package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.Numbers;
import org.emlab.core.trajectory.History;

/**
 * Helpers the labs' {@link Manipulation}s share: handle ids, labels with subscripts, the shown
 * projection, vectors as parameter text and reading the start from a history.
 */
public final class ManipulationSupport {
    /** Prefix of the id of a handle that sits at the start (history entry 0) while a later entry is shown. */
    public static final String START = "start-";

    /** Adds to {@code out} the handles of history row {@code row}, as {@code target} (the start or the shown iterate). */
    @FunctionalInterface
    public interface RowHandles {
        void add(List<Handle> out, int row, Handle.Target target);
    }

    /**
     * One panel's handles: the start's (row 0, once the shown iterate has moved past it) and then the
     * shown iterate's (the cursor, clamped to the history), as {@code rows} draws a row's handles.
     */
    public static Map<String, List<Handle>> startAndCurrent(String panel, History h, int cursor, RowHandles rows) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Handle> out = new ArrayList<>();
        if (row > 0) {
            rows.add(out, 0, Handle.Target.START);
        }
        rows.add(out, row, Handle.Target.CURRENT);
        return Map.of(panel, out);
    }

    private ManipulationSupport() {
    }

    /** {@code j} in subscript digits (2 → "₂"). */
    public static String sub(int j) {
        String s = Integer.toString(j);
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c == '-' ? '₋' : (char) ('₀' + (c - '0')));
        }
        return b.toString();
    }

    /** The id without the {@link #START} prefix. */
    public static String base(String handleId) {
        return handleId.startsWith(START) ? handleId.substring(START.length()) : handleId;
    }

    /** True when the handle sits at the start. */
    public static boolean atStart(String handleId) {
        return handleId.startsWith(START);
    }

    /** The trailing whole number of an id such as {@code mu-3}, or throws naming the id. */
    public static int index(String handleId) {
        String b = base(handleId);
        int dash = b.lastIndexOf('-');
        try {
            return Integer.parseInt(b.substring(dash + 1));
        } catch (RuntimeException e) {
            throw unknown(handleId);
        }
    }

    /** The exception for a handle id the lab does not have. */
    public static ValidationException unknown(String handleId) {
        return new ValidationException("handle", "no handle " + handleId + " in this view");
    }

    /** A number for tooltips and messages. */
    public static String num(double v) {
        return Numbers.compact(v);
    }

    /** "(a, b, …)" for tooltips. */
    public static String vector(double[] v, int from, int len) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < len; i++) {
            b.append(i == 0 ? "" : ", ").append(num(v[from + i]));
        }
        return b.append(')').toString();
    }

    /** Exact text of a vector, what a vector parameter reads back bit for bit. */
    public static String text(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(Numbers.exact(v[i]));
        }
        return b.toString();
    }

    /** Exact text of a number. */
    public static String text(double v) {
        return Numbers.exact(v);
    }

    /**
     * The coordinates shown by a projection choice {@code x<a>–x<b>} (1-based in the text) of a
     * {@code d}-dimensional vector: {0, 1} by default or when the choice does not fit.
     */
    public static int[] projection(String choice, int d) {
        int a = 0;
        int b = Math.min(1, d - 1);
        if (choice != null && choice.startsWith("x") && choice.contains("–")) {
            String[] parts = choice.substring(1).split("–x");
            try {
                a = Integer.parseInt(parts[0]) - 1;
                b = Integer.parseInt(parts[1]) - 1;
            } catch (RuntimeException e) {
                a = 0;
                b = Math.min(1, d - 1);
            }
        }
        if (a < 0 || b < 0 || a >= d || b >= d || (a == b && d > 1)) {
            a = 0;
            b = Math.min(1, d - 1);
        }
        return new int[] {a, b};
    }

    /** How many columns of {@code h} start with {@code prefix}. */
    public static int count(History h, String prefix) {
        int n = 0;
        for (String c : h.columns()) {
            if (c.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** Columns {@code first .. first + len} of entry {@code i}, copied. */
    public static double[] slice(History h, int i, String first, int len) {
        int c = h.column(first);
        return java.util.Arrays.copyOfRange(h.row(i), c, c + len);
    }

    /** The row of entry {@code cursor}, clamped to the history. */
    public static double[] row(History h, int cursor) {
        return h.row(Math.max(0, Math.min(cursor, h.size() - 1)));
    }

    /** {@code v} clamped to {@code [lo, hi]}. */
    public static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** An unmodifiable list of the non-null handles. */
    public static List<org.emlab.core.figure.Handle> list(List<org.emlab.core.figure.Handle> hs) {
        return List.copyOf(hs);
    }
}
