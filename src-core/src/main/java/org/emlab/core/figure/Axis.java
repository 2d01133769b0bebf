package org.emlab.core.figure;

/**
 * One axis of a panel: label, linear or log10 scale, a range ({@code NaN} ends are automatic,
 * fitted to the data), and whether ticks must fall on whole numbers (iterations, indices).
 */
public record Axis(String label, boolean log, double min, double max, boolean integer) {
    public Axis(String label, boolean log, double min, double max) {
        this(label, log, min, max, false);
    }

    /** The iteration axis: linear, automatic, whole-number ticks. */
    public static Axis iterations() {
        return new Axis("iteration", false, Double.NaN, Double.NaN, true);
    }

    /** A whole-number axis with a fixed range (e.g. component indices). */
    public static Axis integers(String label, double min, double max) {
        return new Axis(label, false, min, max, true);
    }

    /** A linear automatic axis. */
    public static Axis linear(String label) {
        return new Axis(label, false, Double.NaN, Double.NaN, false);
    }

    /** A log10 automatic axis. */
    public static Axis log(String label) {
        return new Axis(label, true, Double.NaN, Double.NaN, false);
    }

    /** A fixed linear range. */
    public static Axis fixed(String label, double min, double max) {
        return new Axis(label, false, min, max, false);
    }

    public Axis withLog(boolean l) {
        return new Axis(label, l, min, max, integer);
    }

    public Axis withRange(double lo, double hi) {
        return new Axis(label, log, lo, hi, integer);
    }

    /** True when both ends are given. */
    public boolean fixedRange() {
        return Double.isFinite(min) && Double.isFinite(max);
    }
}
