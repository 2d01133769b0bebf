package org.emlab.core.figure.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one tick rule of every figure, on screen (the ChartFX curve charts, the painted geometry)
 * and in exports, and the one tick-label formatter.
 *
 * <p><b>Rule.</b> Two neighbouring major ticks are at least {@link #MIN_VERTICAL_GAP_EMS} text
 * sizes apart on a vertical axis; on a horizontal axis at least {@link #MIN_HORIZONTAL_GAP_EMS}
 * text sizes and never closer than half of each of their two labels plus {@link #LABEL_GAP_EMS}
 * (labels measured with {@link PanelLayout#textWidth}). Within that, the ticks are as dense as
 * possible:
 * <ul>
 *   <li>linear axes: the smallest step of 1, 2 or 5 × 10^k that keeps the gap (at least 1 on
 *       whole-number axes);</li>
 *   <li>log10 axes: decades 10^k for k a multiple of the smallest of 1, 2, 5, 10, 25, 50, 100,
 *       250, … that keeps the gap (or, when that labels a single decade, of the smallest whole
 *       number that labels two and keeps the gap); with fewer than two labelled decades, the
 *       labels of the 1-2-5 steps or mantissa sets that, together with the decades, give the most
 *       labels keeping the gap are added.
 *       Minor ticks at 2..9 × 10^k when every decade is labelled and a decade is at least
 *       {@link #MINOR_DECADE_EMS} text sizes long, else at the unlabelled decades.</li>
 * </ul>
 * Linear axes have no minor ticks.
 */
public final class Ticks {
    /** Smallest distance between two major ticks on a vertical axis, in tick-label text sizes. */
    public static final double MIN_VERTICAL_GAP_EMS = 2.5;
    /** Smallest distance between two major ticks on a horizontal axis, in tick-label text sizes. */
    public static final double MIN_HORIZONTAL_GAP_EMS = 4;
    /** Smallest blank between two horizontal tick labels, in text sizes. */
    public static final double LABEL_GAP_EMS = 1.2;
    /** Minor ticks 2..9 × 10^k are drawn when a decade is at least this many text sizes long. */
    public static final double MINOR_DECADE_EMS = 2;
    /** Labels of magnitude at least this read as a power of ten (2.5×10⁶). */
    public static final double SCIENTIFIC_ABOVE = 1e6;
    /** Labels of magnitude below this read as a power of ten (2.5×10⁻⁴). */
    public static final double SCIENTIFIC_BELOW = 1e-3;
    /** Most decades marked (as minor ticks) between labelled decades. */
    private static final int MAX_MARKED_DECADES = 100;
    /** Never more ticks than this on one axis (a guard against degenerate ranges). */
    private static final int MAX_TICKS = 400;

    private Ticks() {
    }

    /** A tick: position (in data units) and label (empty for minor ticks). */
    public record Tick(double value, String label, boolean major) {
    }

    /**
     * The ticks of an axis showing {@code [lo, hi]} over {@code length} pixels (or points) with
     * tick labels of size {@code fontSize}: the rule above.
     */
    public static List<Tick> forAxis(double lo, double hi, boolean log, boolean integer, double length,
                                     double fontSize, boolean horizontal) {
        Spacing s = new Spacing(lo, hi, log, length, fontSize, horizontal);
        return log ? logTicks(lo, hi, integer, s) : linearTicks(lo, hi, integer, s);
    }

    /** How far apart two ticks are on the axis, and whether that is far enough. */
    private record Spacing(double lo, double hi, boolean log, double length, double fontSize, boolean horizontal) {
        double px(double v) {
            double t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return t * length;
        }

        /** True when every two neighbouring major ticks (sorted by value) keep the gap. */
        boolean fits(List<Tick> ticks) {
            Tick prev = null;
            for (Tick t : ticks) {
                if (!t.major()) {
                    continue;
                }
                if (prev != null && Math.abs(px(t.value()) - px(prev.value())) < gap(prev, t)) {
                    return false;
                }
                prev = t;
            }
            return true;
        }

        /** The least {@link #gap} of any two labels (without measuring them). */
        double minGap() {
            return horizontal ? MIN_HORIZONTAL_GAP_EMS * fontSize : MIN_VERTICAL_GAP_EMS * fontSize;
        }

        double gap(Tick a, Tick b) {
            if (!horizontal) {
                return MIN_VERTICAL_GAP_EMS * fontSize;
            }
            double labels = (PanelLayout.textWidth(a.label(), fontSize) + PanelLayout.textWidth(b.label(), fontSize)) / 2;
            return Math.max(MIN_HORIZONTAL_GAP_EMS * fontSize, labels + LABEL_GAP_EMS * fontSize);
        }
    }

    private static List<Tick> linearTicks(double lo, double hi, boolean integer, Spacing s) {
        if (!(hi > lo) || !Double.isFinite(hi - lo)) {
            List<Tick> one = new ArrayList<>();
            if (Double.isFinite(lo)) {
                one.add(new Tick(lo, label(lo, lo == 0 ? 1 : Math.abs(lo) / 10), true));
            }
            return one;
        }
        double span = hi - lo;
        int k = (int) Math.floor(Math.log10(span / MAX_TICKS));
        List<Tick> out = List.of();
        for (int guard = 0; guard < 40; guard++, k++) {
            for (int m : new int[] {1, 2, 5}) {
                double step = m * Math.pow(10, k);
                if (integer && step < 1) {
                    continue;
                }
                if (tooDense(lo, hi, step, s) && step < span) {
                    continue; // fits() would refuse it at its first two ticks: no need to label hundreds of them
                }
                out = steps(lo, hi, step, false);
                if (s.fits(out) || step >= span) {
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * True when {@link #steps}{@code (lo, hi, step, false)} has at least two ticks and its first two are
     * closer than any label gap ({@link Spacing#minGap()}), so that {@link Spacing#fits} refuses it:
     * decided from the positions alone, before any label is formatted (the window lays out its charts at
     * every frame, and the finest candidate steps have hundreds of ticks).
     */
    /**
     * {@link #tooDense} for {@link #steps}{@code (lo, hi, step, true)} on a log axis ({@code lo > 0}): its first two
     * ticks, step·max(1, ⌈lo/step⌉) and the next, are neighbours among the decades too (a decade between two
     * multiples of a 1-2-5 step is itself a multiple), and on a log axis the first gap is the widest, so when it is
     * below every label gap {@link Spacing#fits} refuses the candidate with or without the decades. The finest
     * candidates have {@link #MAX_TICKS} ticks, each formatted: skipping them took most of the time of
     * choosing a figure's panels (issue 19).
     */
    private static boolean tooDensePositive(double lo, double hi, double step, Spacing s) {
        long first = Math.max(1, (long) Math.ceil(lo / step - 1e-9));
        double v0 = first * step;
        double v1 = (first + 1) * step;
        if (v1 > hi + step * 1e-9) {
            return false; // fewer than two ticks
        }
        return Math.abs(s.px(v1) - s.px(v0)) < s.minGap();
    }

    private static boolean tooDense(double lo, double hi, double step, Spacing s) {
        long first = (long) Math.ceil(lo / step - 1e-9);
        double v0 = first == 0 ? 0.0 : first * step;
        double v1 = first + 1 == 0 ? 0.0 : (first + 1) * step;
        if (v0 > hi + step * 1e-9 || v1 > hi + step * 1e-9) {
            return false; // fewer than two ticks
        }
        return Math.abs(s.px(v1) - s.px(v0)) < s.minGap();
    }

    /** Multiples of {@code step} in {@code [lo, hi]}, labelled; positive ones only with {@code positive}. */
    private static List<Tick> steps(double lo, double hi, double step, boolean positive) {
        List<Tick> out = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        for (long i = first; out.size() < MAX_TICKS; i++) {
            double v = i * step;
            if (v > hi + step * 1e-9) {
                break;
            }
            if (i == 0) {
                v = 0.0;
            }
            if (!positive || v > 0) {
                out.add(new Tick(v, label(v, step), true));
            }
        }
        return out;
    }

    private static List<Tick> logTicks(double lo, double hi, boolean integer, Spacing s) {
        List<Tick> out = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
            return out;
        }
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        int kLo = (int) Math.ceil(a - 1e-9);
        int kHi = (int) Math.floor(b + 1e-9);
        long every = 1;
        List<Tick> decades = decades(kLo, kHi, every);
        for (long scale = 1; scale <= 1_000_000_000L && !s.fits(decades); scale *= 10) {
            long[] candidates = scale == 1 ? new long[] {2, 5} : new long[] {scale, scale * 5 / 2, scale * 5};
            for (long c : candidates) {
                every = c;
                decades = decades(kLo, kHi, every);
                if (s.fits(decades)) {
                    break;
                }
            }
        }
        if (decades.size() < 2) {
            // the nice steps leave one labelled decade: the smallest whole step that labels two, if two fit
            for (long c = 2; c <= kHi - kLo; c++) {
                List<Tick> two = decades(kLo, kHi, c);
                if (two.size() >= 2 && s.fits(two)) {
                    every = c;
                    decades = two;
                    break;
                }
            }
        }
        out.addAll(decades);
        double decadeLength = s.length() / (b - a);
        if (every == 1 && decadeLength >= MINOR_DECADE_EMS * s.fontSize()) {
            for (int k = kLo - 1; k <= kHi; k++) {
                for (int m = 2; m <= 9; m++) {
                    double w = m * Math.pow(10, k);
                    if (w >= lo * (1 - 1e-9) && w <= hi * (1 + 1e-9)) {
                        out.add(new Tick(w, "", false));
                    }
                }
            }
        } else if (every > 1 && kHi - kLo <= MAX_MARKED_DECADES) {
            for (int k = kLo; k <= kHi; k++) {
                if (Math.floorMod(k, every) != 0) {
                    out.add(new Tick(Math.pow(10, k), "", false));
                }
            }
        }
        if (decades.size() < 2) {
            List<Tick> best = extraLogLabels(lo, hi, integer, decades, s);
            if (best != null) {
                out.removeIf(Tick::major);
                out.addAll(best);
                out.removeIf(t -> !t.major() && best.stream().anyMatch(m -> Math.abs(m.value() - t.value()) <= 1e-9 * t.value()));
            }
        }
        out.sort(Comparator.comparingDouble(Tick::value));
        return out;
    }

    /**
     * Labels for a log axis with fewer than two labelled decades: of the 1-2-5 steps (linear
     * values) and the mantissa sets {1..9}, {1, 2, 5}, {1, 3} × 10^k, each together with the
     * decades, the one with the most labels that keeps the gap (the first of equals); null when none
     * gives two labels.
     */
    private static List<Tick> extraLogLabels(double lo, double hi, boolean integer, List<Tick> decades, Spacing s) {
        List<List<Tick>> candidates = new ArrayList<>();
        int k0 = (int) Math.floor(Math.log10(lo)) - 1;
        for (int k = k0; k <= k0 + 5; k++) {
            for (int m : new int[] {1, 2, 5}) {
                double step = m * Math.pow(10, k);
                if ((!integer || step >= 1) && !tooDensePositive(lo, hi, step, s)) {
                    candidates.add(steps(lo, hi, step, true));
                }
            }
        }
        for (int[] set : new int[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1, 3}}) {
            List<Tick> c = new ArrayList<>();
            for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.floor(Math.log10(hi)) && c.size() < MAX_TICKS; k++) {
                double step = Math.pow(10, k);
                for (int m : set) {
                    double v = m * step;
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && (!integer || v >= 1)) {
                        c.add(new Tick(v, label(v, step), true));
                    }
                }
            }
            candidates.add(c);
        }
        List<Tick> best = null;
        // the decades among other labels are written as those are ("0.1" between "0.05" and "0.2", not "10⁻¹"; a
        // power of ten where the others are too)
        List<Tick> plainDecades = new ArrayList<>();
        for (Tick d : decades) {
            plainDecades.add(new Tick(d.value(), label(d.value(), d.value()), true));
        }
        for (List<Tick> c : candidates) {
            List<Tick> merged = new ArrayList<>(plainDecades);
            for (Tick t : c) {
                if (merged.stream().noneMatch(d -> Math.abs(d.value() - t.value()) <= 1e-9 * t.value())) {
                    merged.add(t);
                }
            }
            merged.sort(Comparator.comparingDouble(Tick::value));
            if (merged.size() >= 2 && s.fits(merged) && (best == null || merged.size() > best.size())) {
                best = merged;
            }
        }
        return best;
    }

    private static List<Tick> decades(int kLo, int kHi, long every) {
        List<Tick> out = new ArrayList<>();
        for (int k = kLo; k <= kHi; k++) {
            if (Math.floorMod(k, every) == 0) {
                out.add(new Tick(Math.pow(10, k), power10(k), true));
            }
        }
        return out;
    }

    /**
     * The log ticks {@link #forAxis} gives on the longest vertical axis that holds at most
     * {@code maxMajors} labels (an axis with room for that many labels).
     */
    public static List<Tick> log(double lo, double hi, int maxMajors) {
        double fontSize = 10;
        double decades = Math.max(1, Math.log10(hi / lo));
        double length = Math.max(2, maxMajors) * MIN_VERTICAL_GAP_EMS * fontSize * Math.min(decades, 1e4);
        List<Tick> out = forAxis(lo, hi, true, false, length, fontSize, false);
        for (int guard = 0; guard < 400 && out.stream().filter(Tick::major).count() > Math.max(2, maxMajors); guard++) {
            length *= 0.95;
            out = forAxis(lo, hi, true, false, length, fontSize, false);
        }
        return out;
    }

    /** {@code 10⁻³} with Unicode superscripts ({@code 1} and {@code 10} for k = 0 and 1). */
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

    /**
     * The tick label of {@code v} among ticks {@code step} apart: {@code 0}; plain decimals with as
     * many places as the step needs (whole numbers for steps of 1 and more); from
     * {@link #SCIENTIFIC_ABOVE} up and below {@link #SCIENTIFIC_BELOW} a power of ten
     * ({@code 2.5×10⁻⁴}, {@code 10⁶}) with as many mantissa places as the step needs. Minus signs
     * are U+2212.
     */
    public static String label(double v, double step) {
        // a figure's layout tries many tick sets, and so formats the same few values again and again
        LabelKey key = new LabelKey(v, step);
        String cached = LABELS.get(key);
        if (cached != null) {
            return cached;
        }
        String s = format(v, step);
        if (LABELS.size() >= MAX_CACHED_LABELS) {
            LABELS.clear();
        }
        LABELS.put(key, s);
        return s;
    }

    private record LabelKey(double v, double step) { }

    private static final int MAX_CACHED_LABELS = 4096;
    private static final ConcurrentHashMap<LabelKey, String> LABELS =
            new ConcurrentHashMap<>();

    /** {@code s} without its trailing zeros, and then without a trailing point ("2.50" → "2.5", "3.00" → "3"). */
    static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String format(double v, double step) {
        double a = Math.abs(v);
        double st = Math.abs(step) > 0 && Double.isFinite(step) ? Math.abs(step) : Math.max(a, 1);
        if (a < st * 1e-9 || a == 0) {
            return "0";
        }
        if (a >= SCIENTIFIC_ABOVE || a < SCIENTIFIC_BELOW) {
            int e = (int) Math.floor(Math.log10(a) + 1e-12);
            double m = v / Math.pow(10, e);
            int places = Math.max(0, Math.min(6, e - (int) Math.floor(Math.log10(st) + 1e-9)));
            String mant = String.format(Locale.ROOT, "%." + places + "f", m);
            if (mant.indexOf('.') >= 0) {
                mant = stripZeros(mant);
            }
            if (mant.equals("10") || mant.equals("-10")) {
                // the mantissa rounded up to ten: one power higher
                e += 1;
                mant = mant.startsWith("-") ? "-1" : "1";
            }
            String pow = "10" + superscript(e);
            String s = mant.equals("1") ? pow : mant.equals("-1") ? "-" + pow : mant + "×" + pow;
            return s.replace('-', '−');
        }
        int decimals = Math.max(0, Math.min(8, (int) Math.ceil(-Math.log10(st) - 1e-9)));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.replace('-', '−');
    }
}
