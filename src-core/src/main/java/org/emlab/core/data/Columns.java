package org.emlab.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.param.ValidationException;
import org.emlab.core.text.Snippet;

/**
 * Picks columns of a user's data set by name or by 1-based index, e.g. {@code eruptions,waiting},
 * {@code 1,2} or {@code 2, waiting}, and checks that the picked columns can be fitted: none is
 * constant, none is picked twice, and there are not more than the lab can use. Every problem is a
 * {@link ValidationException} on the parameter that named the columns.
 */
public final class Columns {
    /** The word for "every column" (or every column but the response). */
    public static final String ALL = "all";

    private Columns() {
    }

    /**
     * The 0-based indices of the columns named in {@code spec} (comma, semicolon or space separated;
     * a name is matched exactly first, then ignoring case; a whole number {@code c} is the c-th column).
     *
     * @param names the data set's column names
     * @param spec  the picked columns
     * @param field the parameter that holds {@code spec}, for messages
     */
    public static int[] resolve(List<String> names, String spec, String field) {
        List<String> tokens = tokens(spec, names);
        if (tokens.isEmpty()) {
            throw new ValidationException(field, field + " names no column; the data have: " + list(names));
        }
        int[] out = new int[tokens.size()];
        for (int t = 0; t < tokens.size(); t++) {
            out[t] = one(names, tokens.get(t), field);
            for (int u = 0; u < t; u++) {
                if (out[u] == out[t]) {
                    throw new ValidationException(field, field + " picks column " + (out[t] + 1) + " (\""
                            + names.get(out[t]) + "\") twice");
                }
            }
        }
        return out;
    }

    /** The 0-based index of one column named by {@code token}. */
    public static int one(List<String> names, String token, String field) {
        String s = token.strip();
        int exact = names.indexOf(s);
        if (exact >= 0) {
            return exact;
        }
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).equalsIgnoreCase(s)) {
                return c;
            }
        }
        if (s.matches("\\d+")) {
            long c;
            try {
                c = Long.parseLong(s);
            } catch (NumberFormatException e) {
                c = -1;
            }
            if (c >= 1 && c <= names.size()) {
                return (int) c - 1;
            }
            throw new ValidationException(field, field + ": there is no column " + Snippet.of(s) + "; the data have "
                    + names.size() + " columns (1 to " + names.size() + "): " + list(names));
        }
        throw new ValidationException(field, field + ": no column " + Snippet.quoted(s) + "; the data have: " + list(names));
    }

    /**
     * Splits a column list. Names that themselves contain a separator are recognised when they
     * match a column name exactly.
     */
    public static List<String> tokens(String spec, List<String> names) {
        List<String> out = new ArrayList<>();
        String s = spec.strip();
        while (!s.isEmpty()) {
            String match = null;
            for (String nm : names) {
                if (s.startsWith(nm) && (s.length() == nm.length() || isSeparator(s.charAt(nm.length())))
                        && (match == null || nm.length() > match.length())) {
                    match = nm;
                }
            }
            if (match == null) {
                int e = 0;
                while (e < s.length() && !isSeparator(s.charAt(e))) {
                    e++;
                }
                match = s.substring(0, e);
            }
            if (!match.isEmpty()) {
                out.add(match);
            }
            s = s.substring(match.length());
            int k = 0;
            while (k < s.length() && isSeparator(s.charAt(k))) {
                k++;
            }
            s = s.substring(k);
        }
        return out;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || Character.isWhitespace(c);
    }

    /** True when {@code spec} means every column. */
    public static boolean isAll(String spec) {
        String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals(ALL) || s.equals("auto");
    }

    /**
     * Rejects a constant column among {@code picked} of {@code data} (nothing can be fitted along it:
     * its variance is 0), and more than {@code max} columns.
     */
    public static void check(Dataset data, int[] picked, int max, String field, String labId) {
        if (picked.length > max) {
            throw new ValidationException(field, field + " picks " + picked.length + " columns; lab " + labId
                    + " uses at most " + max + " (pick fewer with --set " + field + "=...)");
        }
        for (int c : picked) {
            double first = data.x(0, c);
            boolean constant = true;
            for (int i = 1; i < data.n() && constant; i++) {
                constant = data.x(i, c) == first;
            }
            if (constant) {
                throw new ValidationException(field, "column " + (c + 1) + " (" + Snippet.quoted(data.xNames().get(c))
                        + ") is constant (every row is " + first + "): nothing can be fitted along it; leave it out of "
                        + field);
            }
        }
    }

    /** The picked columns of {@code data}'s x as a new n × picked.length matrix (row-major). */
    public static double[] gather(Dataset data, int[] picked) {
        int n = data.n();
        int d = picked.length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                x[i * d + c] = data.x(i, picked[c]);
            }
        }
        return x;
    }

    /** The names of the picked columns. */
    public static List<String> names(Dataset data, int[] picked) {
        List<String> out = new ArrayList<>();
        for (int c : picked) {
            out.add(data.xNames().get(c));
        }
        return out;
    }

    /** Columns listed in a message; more are counted. */
    static final int LISTED = 20;

    private static String list(List<String> names) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < Math.min(names.size(), LISTED); c++) {
            parts.add((c + 1) + " " + Snippet.of(names.get(c)));
        }
        String more = names.size() > LISTED ? " … and " + (names.size() - LISTED) + " more" : "";
        return String.join(", ", parts) + more;
    }
}
