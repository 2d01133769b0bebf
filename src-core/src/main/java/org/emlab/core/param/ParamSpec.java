package org.emlab.core.param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.emlab.core.text.NumberSyntax;
import org.emlab.core.text.Snippet;

/**
 * A typed lab parameter: name (the public contract of docs/labs/README.md), label, type,
 * default, allowed range, unit, group and tooltip. {@link #parse(String)} turns text into a
 * checked value, or throws a {@link ValidationException} whose message names the field, the value
 * and the allowed range. The UI and the CLI both go through it.
 *
 * @param name       public name, as used by {@code --set name=value}, presets and sessions
 * @param label      short human label (may contain Unicode, e.g. "π₀")
 * @param type       how the text is parsed
 * @param defaultValue the default, already typed (Integer, Long, Double, Boolean, String or double[])
 * @param min        smallest allowed number (for VECTOR: for each entry)
 * @param max        largest allowed number (for VECTOR: for each entry)
 * @param minOpen    true when {@code min} itself is not allowed
 * @param unit       unit text, or "" when dimensionless
 * @param group      UI group: "Truth", "Model", "Initialisation", "Run" or "Data"
 * @param tooltip    what the parameter means in the theory
 * @param choices    allowed words for CHOICE
 * @param autoAllowed for REAL: the word {@code auto} is accepted (stored as NaN; the lab derives the value)
 * @param maxLength  for VECTOR: maximum number of entries
 * @param role       what the parameter is for ({@link ParamRole}); {@link ParamRole#PLAIN} when nothing more
 */
public record ParamSpec(String name, String label, ParamType type, Object defaultValue, double min, double max,
                        boolean minOpen, String unit, String group, String tooltip, List<String> choices,
                        boolean autoAllowed, int maxLength, ParamRole role) {

    /** Groups, in display order. */
    public static final List<String> GROUPS = List.of("Data", "Truth", "Model", "Initialisation", "Run");

    public ParamSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        choices = choices == null ? List.of() : List.copyOf(choices);
        unit = unit == null ? "" : unit;
        tooltip = tooltip == null ? "" : tooltip;
        label = label == null ? name : label;
        role = role == null ? ParamRole.PLAIN : role;
        if (role instanceof ParamRole.ProbabilityVector && type != ParamType.VECTOR) {
            throw new IllegalArgumentException(name + ": a probability vector must be of type VECTOR");
        }
        if (role instanceof ParamRole.Seed && type != ParamType.LONG) {
            throw new IllegalArgumentException(name + ": a seed must be of type LONG");
        }
    }

    // ---- factories ---------------------------------------------------------------------------

    public static ParamSpec integer(String name, String label, int def, int min, int max, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.INT, def, min, max, false, "", group, tooltip, null, false, 0,
                ParamRole.PLAIN);
    }

    public static ParamSpec seed(long def) {
        return new ParamSpec("seed", "seed", ParamType.LONG, def, 0, Long.MAX_VALUE, false, "", "Run",
                "seed of the random generator: the same seed gives the same data and the same run", null, false, 0,
                new ParamRole.Seed());
    }

    public static ParamSpec real(String name, String label, double def, double min, double max, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.REAL, def, min, max, false, "", group, tooltip, null, false, 0,
                ParamRole.PLAIN);
    }

    /** A real parameter whose lower bound is excluded (for example σ &gt; 0). */
    public static ParamSpec positive(String name, String label, double def, double max, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.REAL, def, 0.0, max, true, "", group, tooltip, null, false, 0,
                ParamRole.PLAIN);
    }

    public static ParamSpec bool(String name, String label, boolean def, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.BOOL, def, 0, 1, false, "", group, tooltip, null, false, 0,
                ParamRole.PLAIN);
    }

    public static ParamSpec choice(String name, String label, String def, List<String> choices, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.CHOICE, def, 0, 0, false, "", group, tooltip, choices, false, 0,
                ParamRole.PLAIN);
    }

    public static ParamSpec vector(String name, String label, double[] def, double min, double max, int maxLength,
                                   String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.VECTOR, def.clone(), min, max, false, "", group, tooltip, null, false,
                maxLength, ParamRole.PLAIN);
    }

    /**
     * A probability vector: entries in [0, 1], as many as the INT parameter {@code sizedBy} says, summing to
     * 1 within {@link ProbabilityVectors#SUM_TOLERANCE} (checked by {@link Roles#validate}); when
     * {@code sizedBy} changes, {@link Roles#repair} refills it with {@code fill}.
     */
    public static ParamSpec probabilities(String name, String label, double[] def, int maxLength, String sizedBy,
                                          ParamRole.Fill fill, String group, String tooltip) {
        return vector(name, label, def, 0.0, 1.0, maxLength, group, tooltip)
                .withRole(new ParamRole.ProbabilityVector(sizedBy, fill));
    }

    public static ParamSpec text(String name, String label, String def, String group, String tooltip) {
        return new ParamSpec(name, label, ParamType.TEXT, def, 0, 0, false, "", group, tooltip, null, false, 0,
                ParamRole.PLAIN);
    }

    /** This spec with {@code auto} accepted (REAL only). */
    public ParamSpec withAuto() {
        return new ParamSpec(name, label, type, defaultValue, min, max, minOpen, unit, group, tooltip, choices, true,
                maxLength, role);
    }

    /** This spec with a unit. */
    public ParamSpec withUnit(String u) {
        return new ParamSpec(name, label, type, defaultValue, min, max, minOpen, u, group, tooltip, choices, autoAllowed,
                maxLength, role);
    }

    /** This spec with a role ({@link ParamRole}). */
    public ParamSpec withRole(ParamRole r) {
        return new ParamSpec(name, label, type, defaultValue, min, max, minOpen, unit, group, tooltip, choices, autoAllowed,
                maxLength, r);
    }

    /** This spec with another default. */
    public ParamSpec withDefault(Object def) {
        return new ParamSpec(name, label, type, def, min, max, minOpen, unit, group, tooltip, choices, autoAllowed,
                maxLength, role);
    }

    // ---- parsing and checking ----------------------------------------------------------------

    /**
     * Parses and range-checks {@code text}. Numbers are read in the one syntax of {@link NumberSyntax}
     * (decimal or scientific; no hexadecimal, suffixes, NaN or infinities), the same as CSV cells.
     */
    public Object parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw fail(name + " is empty; expected " + expectation());
        }
        switch (type) {
            case INT: {
                long v;
                try {
                    v = NumberSyntax.parseWhole(s);
                } catch (NumberFormatException e) {
                    throw fail(name + " must be an integer in " + range() + " (got " + Snippet.quoted(s) + ")");
                }
                if (v < min || v > max) {
                    throw fail(name + " must be an integer in " + range() + " (got " + Snippet.of(s) + ")");
                }
                return (int) v;
            }
            case LONG: {
                long v;
                try {
                    if (!NumberSyntax.isInteger(s)) {
                        throw new NumberFormatException(s);
                    }
                    v = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw fail(name + " must be a whole number in " + range() + " (got " + Snippet.quoted(s) + ")");
                }
                if (v < min) {
                    throw fail(name + " must be a whole number in " + range() + " (got " + Snippet.of(s) + ")");
                }
                return v;
            }
            case REAL: {
                if (autoAllowed && s.equalsIgnoreCase("auto")) {
                    return Double.NaN;
                }
                double v = parseReal(s);
                checkReal(v, s);
                return v;
            }
            case BOOL: {
                String l = s.toLowerCase(Locale.ROOT);
                if (l.equals("true") || l.equals("yes") || l.equals("1") || l.equals("on")) {
                    return Boolean.TRUE;
                }
                if (l.equals("false") || l.equals("no") || l.equals("0") || l.equals("off")) {
                    return Boolean.FALSE;
                }
                throw fail(name + " must be true or false (got " + Snippet.quoted(s) + ")");
            }
            case CHOICE: {
                for (String c : choices) {
                    if (c.equalsIgnoreCase(s)) {
                        return c;
                    }
                }
                throw fail(name + " must be one of " + String.join(", ", choices) + " (got " + Snippet.quoted(s) + ")");
            }
            case VECTOR: {
                String[] parts = entries(s);
                List<Double> vals = new ArrayList<>();
                for (String p : parts) {
                    if (p.isEmpty()) {
                        continue;
                    }
                    double v;
                    try {
                        v = NumberSyntax.parse(p);
                    } catch (NumberFormatException e) {
                        throw fail(name + " must be a comma-separated list of numbers in " + NumberSyntax.DESCRIPTION
                                + " (got " + Snippet.quoted(p) + ")");
                    }
                    if (!Double.isFinite(v)) {
                        throw fail(name + " entries must be finite numbers (got " + Snippet.of(p) + ")");
                    }
                    if (v < min || v > max) {
                        throw fail(name + " entries must be in " + range() + " (got " + Snippet.of(p) + ")");
                    }
                    vals.add(v);
                }
                if (vals.isEmpty()) {
                    throw fail(name + " is empty; expected " + expectation());
                }
                if (maxLength > 0 && vals.size() > maxLength) {
                    throw fail(name + " has " + vals.size() + " entries; at most " + maxLength + " are allowed");
                }
                double[] out = new double[vals.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = vals.get(i);
                }
                return out;
            }
            case TEXT:
            default:
                if (Snippet.hasUnsafe(s)) {
                    throw fail(name + " must not contain control characters (got " + Snippet.quoted(s) + ")");
                }
                return s;
        }
    }

    /** Checks an already typed value (from a preset or session) and returns it normalised. */
    public Object check(Object value) {
        return parse(format(value));
    }

    /** The canonical text of a typed value: what {@link #parse} reads back to the same value. */
    public String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof double[] arr) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < arr.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(fmtExact(arr[i]));
            }
            return sb.toString();
        }
        if (value instanceof Double dv) {
            if (dv.isNaN() && autoAllowed) {
                return "auto";
            }
            return fmtExact(dv);
        }
        return String.valueOf(value);
    }

    /** The allowed range, e.g. {@code [2, 16]} or {@code (0, 1e6]}. */
    public String range() {
        if (type == ParamType.CHOICE) {
            return "{" + String.join(", ", choices) + "}";
        }
        if (type == ParamType.BOOL) {
            return "{true, false}";
        }
        if (type == ParamType.TEXT) {
            return "text";
        }
        if (type == ParamType.LONG) {
            return "[" + fmt(min) + ", " + Long.MAX_VALUE + "]";
        }
        return (minOpen ? "(" : "[") + fmtBound(min) + ", " + fmtBound(max) + "]" + (autoAllowed ? " or auto" : "");
    }

    private String expectation() {
        return switch (type) {
            case INT -> "an integer in " + range();
            case LONG -> "a whole number";
            case REAL -> "a number in " + range();
            case BOOL -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case VECTOR -> "comma-separated numbers in " + range();
            case TEXT -> "text";
        };
    }

    private void checkReal(double v, String s) {
        if (!Double.isFinite(v)) {
            throw fail(name + " must be a finite number in " + range() + " (got " + Snippet.of(s) + ")");
        }
        boolean below = minOpen ? v <= min : v < min;
        if (below || v > max) {
            String what = minOpen && min == 0.0 ? name + " must be > 0 and <= " + fmtBound(max) : name + " must be in " + range();
            throw fail(what + " (got " + Snippet.of(s) + ")");
        }
    }

    private double parseReal(String s) {
        NumberSyntax.Problem problem = NumberSyntax.problem(s);
        if (problem == NumberSyntax.Problem.MISSING || problem == NumberSyntax.Problem.NOT_FINITE) {
            throw fail(name + " must be a finite number in " + range() + " (got " + Snippet.quoted(s) + ")");
        }
        try {
            return NumberSyntax.parse(s);
        } catch (NumberFormatException e) {
            throw fail(name + " must be a number in " + range() + ", in " + NumberSyntax.DESCRIPTION + " (got "
                    + Snippet.quoted(s) + ")");
        }
    }

    /** The entries of a vector's text: separated by commas, semicolons or white space. */
    static String[] entries(String s) {
        return s.strip().split("[,;\\s]+");
    }

    private ValidationException fail(String msg) {
        return new ValidationException(name, msg);
    }

    /** Compact number text for messages. */
    public static String fmt(double v) {
        return org.emlab.core.text.Numbers.plain(v);
    }

    /**
     * A range end: the compact {@link #fmt} text when it reads back to {@code v}, else the exact text
     * (so that {@code 0.999999999} is not shown as {@code 1}).
     */
    public static String fmtBound(double v) {
        return org.emlab.core.text.Numbers.bound(v);
    }

    /** Shortest text that reads back to exactly {@code v}. */
    public static String fmtExact(double v) {
        return org.emlab.core.text.Numbers.exact(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && p.type == type && p.min == min && p.max == max
                && Objects.deepEquals(p.defaultValue, defaultValue);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return name + " " + type + " default " + format(defaultValue) + " in " + range()
                + (defaultValue instanceof double[] a ? " " + Arrays.toString(a) : "");
    }
}
