package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick positions and labels for linear and log10 axes. */
public final class Ticks {
    private Ticks() {
    }

    /** A tick: position (in data units) and label (empty for minor ticks). */
    public record Tick(double value, String label, boolean major) {
    }

    /** "Nice" linear ticks (steps of 1, 2 or 5 × 10^k), about {@code target} of them. */
    public static List<Tick> linear(double lo, double hi, int target) {
        return linear(lo, hi, target, false);
    }

    /** Linear ticks; with {@code integer}, the step is at least 1 and every tick a whole number. */
    public static List<Tick> linear(double lo, double hi, int target, boolean integer) {
        List<Tick> out = new ArrayList<>();
        if (!(hi > lo)) {
            out.add(new Tick(lo, format(lo, 1), true));
            return out;
        }
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        if (integer) {
            step = Math.max(1.0, Math.rint(step));
        }
        double start = Math.ceil(lo / step - 1e-9) * step;
        for (double v = start; v <= hi + step * 1e-9; v += step) {
            double val = Math.abs(v) < step * 1e-9 ? 0.0 : v;
            out.add(new Tick(val, format(val, step), true));
            if (out.size() > 100) {
                break;
            }
        }
        return out;
    }

    /** Decade ticks {@code 10^k} (every few decades over long spans) with minor ticks at 2..9 × 10^k over short spans. */
    public static List<Tick> log(double lo, double hi) {
        List<Tick> out = new ArrayList<>();
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        int kLo = (int) Math.ceil(a - 1e-9);
        int kHi = (int) Math.floor(b + 1e-9);
        int span = Math.max(1, kHi - kLo);
        int every = span <= 7 ? 1 : span <= 14 ? 2 : span <= 35 ? 5 : span <= 70 ? 10 : span <= 150 ? 25 : 50;
        boolean minors = b - a <= 6;
        for (int k = (int) Math.floor(a) - 1; k <= (int) Math.ceil(b); k++) {
            double v = Math.pow(10, k);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && Math.floorMod(k, every) == 0) {
                out.add(new Tick(v, power10(k), true));
            }
            if (minors) {
                for (int m = 2; m <= 9; m++) {
                    double w = m * v;
                    if (w >= lo && w <= hi) {
                        out.add(new Tick(w, "", false));
                    }
                }
            }
        }
        if (out.stream().noneMatch(Tick::major)) {
            // less than one decade: label a few linear-looking values
            for (Tick t : linear(lo, hi, 3)) {
                if (t.value() > 0) {
                    out.add(new Tick(t.value(), t.label(), true));
                }
            }
        }
        return out;
    }

    /**
     * Log ticks for an axis with room for at most {@code maxMajors} labels: decades {@code 10^k} for
     * k a multiple of the smallest of 1, 2, 5, 10, 25, 50, 100, 250, ... that keeps the labelled
     * decades within {@code maxMajors}; minor ticks at 2..9 × 10^k when the span is at most 6
     * decades and every decade is labelled, else at the unlabelled decades (when there are at most
     * 100 of them). Under one decade, a few linear values are labelled instead (1, 2 or 5 × 10^k steps).
     */
    public static List<Tick> log(double lo, double hi, int maxMajors) {
        List<Tick> out = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
            return out;
        }
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        int kLo = (int) Math.ceil(a - 1e-9);
        int kHi = (int) Math.floor(b + 1e-9);
        int cap = Math.max(2, maxMajors);
        long every = 1;
        for (long scale = 1; scale <= 1_000_000_000L; scale *= 10) {
            long[] candidates = scale == 1 ? new long[] {1, 2, 5} : new long[] {scale, scale * 5 / 2, scale * 5};
            boolean found = false;
            for (long c : candidates) {
                every = c;
                if (Math.floorDiv(kHi, c) - Math.floorDiv(kLo - 1, c) <= cap) {
                    found = true;
                    break;
                }
            }
            if (found) {
                break;
            }
        }
        long labelled = Math.floorDiv(kHi, every) - Math.floorDiv(kLo - 1, every);
        boolean fine = every == 1 && b - a <= 6;
        for (int k = kLo - 1; k <= kHi + 1; k++) {
            double v = Math.pow(10, k);
            boolean inside = v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
            if (inside && Math.floorMod(k, every) == 0) {
                out.add(new Tick(v, power10(k), true));
            } else if (inside && !fine && every > 1 && kHi - kLo <= 100) {
                out.add(new Tick(v, "", false));
            }
            if (fine) {
                for (int m = 2; m <= 9; m++) {
                    double w = m * v;
                    if (w >= lo && w <= hi) {
                        out.add(new Tick(w, "", false));
                    }
                }
            }
        }
        if (labelled < 2) {
            // less than about a decade: label a few linear-looking values as well
            for (Tick t : linear(lo, hi, 3)) {
                if (t.value() > 0 && out.stream().noneMatch(x -> x.major() && Math.abs(x.value() - t.value()) <= 1e-9 * t.value())) {
                    out.add(new Tick(t.value(), t.label(), true));
                }
            }
            out.sort(java.util.Comparator.comparingDouble(Tick::value));
        }
        return out;
    }

    /** {@code 10⁻³} with Unicode superscripts. */
    public static String power10(int k) {
        if (k == 0) {
            return "1";
        }
        if (k == 1) {
            return "10";
        }
        return "10" + superscript(k);
    }

    /** Superscript digits and minus. */
    public static String superscript(int k) {
        String digits = Integer.toString(k);
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(switch (c) {
                case '-' -> '⁻';
                case '0' -> '⁰';
                case '1' -> '¹';
                case '2' -> '²';
                case '3' -> '³';
                case '4' -> '⁴';
                case '5' -> '⁵';
                case '6' -> '⁶';
                case '7' -> '⁷';
                case '8' -> '⁸';
                default -> '⁹';
            });
        }
        return sb.toString();
    }

    /** A tick label with as many decimals as the step needs. */
    static String format(double v, double step) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-4)) {
            return String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e-0", "e-").replace('-', '−');
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + Math.min(decimals, 8) + "f", v);
        return s.replace('-', '−');
    }
}
