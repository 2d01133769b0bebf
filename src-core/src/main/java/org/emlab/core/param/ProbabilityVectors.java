package org.emlab.core.param;

import java.util.Locale;
import java.util.Optional;

/**
 * The only code that reads, checks, normalises and fills probability vectors (parameters with the
 * role {@link ParamRole.ProbabilityVector}, for example mixing weights π): the labs' validation and
 * repair (through {@link Roles}), the runs' exact renormalisation, and the window's weights editor
 * (normalise, uniform, the Σ readout) all call it, so they cannot disagree.
 *
 * <h2>The sum rule</h2>
 * A vector is accepted when the sum of its entries, added in order as doubles, is within
 * {@link #SUM_TOLERANCE} of 1; a run then divides every entry by that sum ({@link #normalised}).
 *
 * <h2>Filled vectors and their texts</h2>
 * {@link #uniform}, {@link #decreasing} and {@link #normalised(String)} compute each entry as one exact
 * double (for example {@code (k − j) / (k(k + 1)/2)}) and write it with {@link ParamSpec#fmtExact},
 * the shortest text that reads back to the same double. The parsed vector is therefore the computed
 * one, and its sum is within a few ulps of 1 (k additions of rounded terms: at most about
 * k·2⁻⁵³, far inside the tolerance). Only if that sum were ever outside the tolerance would the last
 * entry be replaced by 1 minus the sum of the others ({@link #closed}); for every k in [1, 20] the
 * entries stay as computed (the tests check that the lab accepts each fill). So k = 4 fills
 * (0.4, 0.3, 0.2, 0.1), docs/labs/gmm-simplex.md's example.
 */
public final class ProbabilityVectors {
    /** The entries must sum to 1 within this tolerance (they are then renormalised exactly). */
    public static final double SUM_TOLERANCE = 1e-6;
    /** Entries that differ from 1/k by less than this count as uniform ({@link #isUniform}). */
    public static final double UNIFORM_TOLERANCE = 1e-9;

    private ProbabilityVectors() {
    }

    // ---- reading --------------------------------------------------------------------------------

    /**
     * The numbers of {@code text} (separated as in {@link ParamSpec#parse}: commas, semicolons, white
     * space), or an empty optional when an entry is not a number or there is none. No range check: this
     * is the editor's lenient reading, for the Σ readout and the entry count while the user types.
     */
    public static Optional<double[]> read(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String[] parts = ParamSpec.entries(text);
        double[] out = new double[parts.length];
        int n = 0;
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            try {
                out[n++] = org.emlab.core.text.NumberSyntax.parse(p);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return n == 0 ? Optional.empty() : Optional.of(java.util.Arrays.copyOf(out, n));
    }

    /** The number of entries of {@code text}; 0 when it does not read as numbers. */
    public static int count(String text) {
        return read(text).map(w -> w.length).orElse(0);
    }

    // ---- checking -------------------------------------------------------------------------------

    /** The sum of the entries, added in order (the sum {@link #sumsToOne} and {@link #normalised} use). */
    public static double sum(double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        return sum;
    }

    /** True when the entries sum to 1 within {@link #SUM_TOLERANCE}. */
    public static boolean sumsToOne(double[] w) {
        return Math.abs(sum(w) - 1) <= SUM_TOLERANCE;
    }

    /** True when {@code w} has k entries, each within {@link #UNIFORM_TOLERANCE} of 1/k. */
    public static boolean isUniform(double[] w, int k) {
        boolean uniform = w.length == k;
        for (double v : w) {
            uniform &= Math.abs(v - 1.0 / k) < UNIFORM_TOLERANCE;
        }
        return uniform;
    }

    /** "name has 2 entries; k = 3 needs 3". */
    public static String lengthMessage(String name, int length, String sizedBy, int count) {
        return name + " has " + length + " entries; " + sizedBy + " = " + count + " needs " + count;
    }

    /** "name must sum to 1 (got 0.9)". */
    public static String sumMessage(String name, double[] w) {
        return name + " must sum to 1 (got " + ParamSpec.fmt(sum(w)) + ")";
    }

    /** The editor's readout: "Σ = 1 ✓" or "Σ = 0.9 ✗" (4 decimals); "" when the text does not read as numbers. */
    public static String sumText(String text) {
        Optional<double[]> w = read(text);
        if (w.isEmpty()) {
            return "";
        }
        double sum = sum(w.get());
        String num = String.format(Locale.ROOT, "%.4f", sum).replaceAll("0+$", "").replaceAll("\\.$", "");
        return "Σ = " + num + (Math.abs(sum - 1) <= SUM_TOLERANCE ? " ✓" : " ✗");
    }

    // ---- making ---------------------------------------------------------------------------------

    /** Every entry divided by the sum (the exact renormalisation a run applies to accepted weights). */
    public static double[] normalised(double[] w) {
        double sum = sum(w);
        double[] out = w.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] /= sum;
        }
        return out;
    }

    /** k equal entries 1/k (k ≥ 1). */
    public static double[] uniform(int k) {
        double[] out = new double[checked(k)];
        java.util.Arrays.fill(out, 1.0 / k);
        return closed(out);
    }

    /** π_j = (k − j) / (k(k + 1)/2), j = 0..k−1 (k ≥ 1): meets the DFT condition of docs/labs/gmm-simplex.md. */
    public static double[] decreasing(int k) {
        double total = checked(k) * (k + 1) / 2.0;
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            out[j] = (k - j) / total;
        }
        return closed(out);
    }

    /** The vector {@code fill} gives for k entries. */
    public static double[] fill(ParamRole.Fill fill, int k) {
        return switch (fill) {
            case DECREASING -> decreasing(k);
            case UNIFORM -> uniform(k);
        };
    }

    /**
     * {@code w} itself when its sum is within {@link #SUM_TOLERANCE} of 1; otherwise a copy whose last
     * entry is 1 minus the sum of the others (see the class comment: the fills never need it).
     */
    static double[] closed(double[] w) {
        if (w.length == 0 || sumsToOne(w)) {
            return w;
        }
        double[] out = w.clone();
        double others = 0;
        for (int j = 0; j < out.length - 1; j++) {
            others += out[j];
        }
        out[out.length - 1] = Math.max(0.0, 1.0 - others);
        return out;
    }

    private static int checked(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("a probability vector needs at least one entry (got " + k + ")");
        }
        return k;
    }

    // ---- texts ----------------------------------------------------------------------------------

    /** The text of a vector: each entry's {@link ParamSpec#fmtExact} text, comma-separated (what the lab parses back). */
    public static String text(double[] w) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < w.length; j++) {
            b.append(j == 0 ? "" : ",").append(ParamSpec.fmtExact(w[j]));
        }
        return b.toString();
    }

    /** The text of {@link #fill}. */
    public static String fillText(ParamRole.Fill fill, int k) {
        return text(fill(fill, k));
    }

    /**
     * The editor's "normalise": the entries of {@code text} divided by their sum, as text; {@code text}
     * unchanged when it does not read as numbers or its sum is not positive.
     */
    public static String normalise(String text) {
        Optional<double[]> w = read(text);
        if (w.isEmpty() || !(sum(w.get()) > 0)) {
            return text;
        }
        return text(closed(normalised(w.get())));
    }
}
