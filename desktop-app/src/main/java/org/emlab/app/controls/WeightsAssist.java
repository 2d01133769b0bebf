package org.emlab.app.controls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emlab.core.param.ParamSpec;

/**
 * Text helpers of the weights editor: normalise, uniform, the sum readout, and a default vector
 * when the number of components changes ({@code π_j ∝ k − j}, which meets the DFT condition and
 * gives (.4,.3,.2,.1) for k = 4, MODELS.md's example).
 */
public final class WeightsAssist {
    private WeightsAssist() {
    }

    static List<Double> parse(String text) {
        List<Double> out = new ArrayList<>();
        for (String p : text.split("[,;\\s]+")) {
            if (p.isEmpty()) {
                continue;
            }
            try {
                out.add(Double.parseDouble(p));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return out;
    }

    /** Number of entries (0 when unparsable). */
    public static int count(String text) {
        return parse(text).size();
    }

    /** The same weights divided by their sum (unchanged when the sum is not positive). */
    public static String normalise(String text) {
        List<Double> w = parse(text);
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        if (w.isEmpty() || !(sum > 0)) {
            return text;
        }
        List<String> out = new ArrayList<>();
        for (double v : w) {
            out.add(short6(v / sum));
        }
        return String.join(",", out);
    }

    /** k equal weights. */
    public static String uniform(int k) {
        int m = Math.max(1, k);
        List<String> out = new ArrayList<>();
        double v = 1.0 / m;
        for (int j = 0; j < m; j++) {
            out.add(ParamSpec.fmtExact(v));
        }
        return String.join(",", out);
    }

    /** {@code π_j ∝ k − j}, normalised. */
    public static String decreasing(int k) {
        double total = k * (k + 1) / 2.0;
        List<String> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(short6((k - j) / total));
        }
        return String.join(",", out);
    }

    /** "Σ = 1 ✓" or "Σ = 0.9 ✗". */
    public static String sumText(String text) {
        List<Double> w = parse(text);
        if (w.isEmpty()) {
            return "";
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        boolean ok = Math.abs(sum - 1) <= 1e-6;
        String num = String.format(Locale.ROOT, "%.4f", sum).replaceAll("0+$", "").replaceAll("\\.$", "");
        return "Σ = " + num + (ok ? " ✓" : " ✗");
    }

    private static String short6(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
