package org.emlab.core.view;

import org.emlab.core.numeric.LinearFit;

/**
 * What a curve's tail honestly says, for the note printed beside it: a fitted rate only when a
 * straight line fits the tail well (the window and R² are printed with it), "levelled off at v since
 * t" when the curve has stopped moving (a statistical floor, or a stuck run), and "≈ 0 (below the
 * ... floor ε)" when the value is below what the computation can resolve. Every lab's curve notes
 * go through it, so a caption never contradicts its curve.
 *
 * <p>Rules, each with a named threshold:
 * <ul>
 *   <li><b>below the floor</b>: the last value is at most the numerical floor ε (or not positive);</li>
 *   <li><b>levelled off</b>: over the last {@link #LEVEL_WINDOW} iterations the value changed by less
 *       than {@link #LEVEL_CHANGE} relative to itself; {@code since} is the first iteration from which
 *       it stays within that band;</li>
 *   <li><b>rate</b>: the least-squares line of log y against t (geometric) or log t (power) over the
 *       tail window above the fit floor has R² ≥ {@link #MIN_R2} over at least {@link #MIN_POINTS}
 *       points; otherwise "no single rate" with the window and R².</li>
 * </ul>
 */
public final class RateCaption {
    /** Least R² for a fitted rate to be printed as the curve's rate. */
    public static final double MIN_R2 = 0.98;
    /** Fewest points a rate is fitted on. */
    public static final int MIN_POINTS = 5;
    /** Iterations over which a curve must stay flat to count as levelled off. */
    public static final int LEVEL_WINDOW = 15;
    /** Relative change below which a curve counts as flat. */
    public static final double LEVEL_CHANGE = 1e-4;

    private RateCaption() {
    }

    /** How the tail behaves. */
    public enum Shape { RATE, NO_CLEAR_RATE, TOO_SHORT }

    /**
     * The verdict on a curve.
     *
     * @param shape      whether a rate fits
     * @param tail       the fitted tail (its window), or null when too short
     * @param r2         R² of the fit (NaN when too short)
     * @param levelled   true when the curve has stopped moving
     * @param level      the value it levelled off at (NaN when not levelled)
     * @param since      the iteration from which it stays at that level (NaN when not levelled)
     * @param belowFloor true when the last value is below the numerical floor
     */
    public record Verdict(Shape shape, RateFit.Tail tail, double r2, boolean levelled, double level, double since,
                          boolean belowFloor) {
        /** True when a rate may be printed. */
        public boolean showsRate() {
            return shape == Shape.RATE;
        }

        /** The fitted slope (NaN without a fit). */
        public double slope() {
            return tail == null ? Double.NaN : tail.fit().slope();
        }

        /**
         * The note for the rate: "fitted over t ∈ [a, b]: slope s (R² r)" or "no single rate over
         * t ∈ [a, b] (R² r)", with {@code what} naming the slope ("log-log slope", "slope per
         * iteration"); "" when the curve is too short to fit.
         */
        public String rateText(String what) {
            if (shape == Shape.TOO_SHORT) {
                return "";
            }
            String window = "t ∈ [" + CurvePanels.num(tail.fromX()) + ", " + CurvePanels.num(tail.toX()) + "]";
            if (shape == Shape.RATE) {
                return "fitted over " + window + ": " + what + " " + CurvePanels.num(tail.fit().slope()) + " (R² "
                        + r2Text(r2) + ")";
            }
            return "no single rate over " + window + " (R² " + r2Text(r2) + "): not a straight line on these axes";
        }

        /** "levelled off at v since t ≈ s", or "" when not levelled. */
        public String levelText() {
            return levelled ? "levelled off at " + CurvePanels.num(level) + " since t ≈ " + CurvePanels.num(since) : "";
        }
    }

    /** The verdict for a geometric rate (log y linear in t). */
    public static Verdict geometric(double[] t, double[] y, double fraction, double fitFloor, double numericalFloor) {
        return judge(t, y, fraction, fitFloor, numericalFloor, false);
    }

    /** The verdict for a power law (log y linear in log t). */
    public static Verdict power(double[] t, double[] y, double fraction, double fitFloor, double numericalFloor) {
        return judge(t, y, fraction, fitFloor, numericalFloor, true);
    }

    /**
     * The notes a curve panel prints for {@code v}, in order: "≈ 0 (below the … floor ε)" when the
     * last value is below the numerical floor; the rate (or "no single rate …"); and where the curve
     * levelled off, followed by {@code levelMeaning} (for example "the statistical floor of this
     * sample" or "stuck").
     *
     * @param slopeWhat  how the slope reads, e.g. "log-log slope" or "slope per iteration"
     * @param floorWhat  the numerical floor's name ("quadrature", "rounding")
     * @param floor      the numerical floor ε
     */
    public static java.util.List<String> notes(Verdict v, String slopeWhat, String levelMeaning, String floorWhat,
                                               double floor) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (v.belowFloor()) {
            out.add("now " + belowFloorText(floorWhat, floor));
        }
        String rate = v.rateText(slopeWhat);
        if (!rate.isEmpty()) {
            out.add(rate);
        }
        if (v.levelled()) {
            out.add(v.levelText() + (levelMeaning == null || levelMeaning.isEmpty() ? "" : ": " + levelMeaning));
        }
        return out;
    }

    /** Relative change of ℓ per iteration below which exact EM counts as at a fixed point. */
    public static final double LOGLIK_CONVERGED = 1e-10;
    /** ... and below which a change is rounding (a few ulps of ℓ). */
    public static final double LOGLIK_ROUNDING = 1e-14;

    /**
     * What a log-likelihood curve says of an exact EM run: "ℓ at a fixed point since t ≈ s (changes below
     * 1e−10·|ℓ| per iteration)", "ℓ still rising: +Δ in the last iteration", or a change at rounding
     * ("ℓ changes only at rounding (below 1e−14·|ℓ|)"); "" for fewer than two points.
     */
    public static String loglikNote(double[] t, double[] ll) {
        int n = Math.min(t.length, ll.length);
        int last = n - 1;
        while (last >= 0 && !Double.isFinite(ll[last])) {
            last--;
        }
        if (last < 1) {
            return "";
        }
        double scale = Math.max(1, Math.abs(ll[last]));
        double step = ll[last] - ll[last - 1];
        if (Math.abs(step) > LOGLIK_CONVERGED * scale) {
            return "ℓ still " + (step > 0 ? "rising" : "falling") + ": " + (step > 0 ? "+" : "−")
                    + CurvePanels.num(Math.abs(step)) + " in the last iteration";
        }
        int first = last;
        while (first > 0 && Double.isFinite(ll[first - 1])
                && Math.abs(ll[first] - ll[first - 1]) <= LOGLIK_CONVERGED * scale) {
            first--;
        }
        if (Math.abs(step) <= LOGLIK_ROUNDING * scale && first == last - 1) {
            return "ℓ changes only at rounding (below 1e−14·|ℓ| per iteration)";
        }
        return "ℓ at a fixed point since t ≈ " + CurvePanels.num(t[first]) + " (changes below 1e−10·|ℓ| per iteration)";
    }

    /** "≈ 0 (below the {@code what} floor ε)". */
    public static String belowFloorText(String what, double floor) {
        return "≈ 0 (below the " + what + " floor " + CurvePanels.num(floor) + ")";
    }

    private static Verdict judge(double[] t, double[] y, double fraction, double fitFloor, double numericalFloor,
                                 boolean power) {
        int n = Math.min(t.length, y.length);
        int last = n - 1;
        while (last >= 0 && !Double.isFinite(y[last])) {
            last--;
        }
        boolean below = last >= 0 && !(y[last] > numericalFloor);
        // levelled off: the last LEVEL_WINDOW iterations within LEVEL_CHANGE of the last value
        boolean levelled = false;
        double level = Double.NaN;
        double since = Double.NaN;
        if (last >= 0 && !below && y[last] > 0) {
            double v = y[last];
            int first = last;
            while (first > 0 && Double.isFinite(y[first - 1]) && Math.abs(y[first - 1] - v) <= LEVEL_CHANGE * Math.abs(v)) {
                first--;
            }
            if (t[last] - t[first] >= LEVEL_WINDOW) {
                levelled = true;
                level = v;
                since = t[first];
            }
        }
        // the rate: fitted above the fit floor and, for a levelled curve, before it levelled off
        double floor = Math.max(fitFloor, numericalFloor);
        double[] tt = t;
        double[] yy = y;
        if (levelled) {
            int cut = 0;
            while (cut < n && t[cut] < since) {
                cut++;
            }
            tt = java.util.Arrays.copyOf(t, cut);
            yy = java.util.Arrays.copyOf(y, cut);
        }
        RateFit.Tail tail = power ? RateFit.power(tt, yy, fraction, floor) : RateFit.geometric(tt, yy, fraction, floor);
        if (!tail.valid() || tail.fit().points() < MIN_POINTS) {
            return new Verdict(Shape.TOO_SHORT, null, Double.NaN, levelled, level, since, below);
        }
        double r2 = rSquared(tt, yy, tail, power);
        Shape shape = r2 >= MIN_R2 ? Shape.RATE : Shape.NO_CLEAR_RATE;
        return new Verdict(shape, tail, r2, levelled, level, since, below);
    }

    /** R² of the tail's line over the points it was fitted on. */
    static double rSquared(double[] t, double[] y, RateFit.Tail tail, boolean power) {
        LinearFit f = tail.fit();
        double sy = 0;
        int m = 0;
        int n = Math.min(t.length, y.length);
        for (int i = 0; i < n; i++) {
            if (inTail(t[i], y[i], tail)) {
                sy += Math.log(y[i]);
                m++;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        double mean = sy / m;
        double ss = 0;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            if (inTail(t[i], y[i], tail)) {
                double ly = Math.log(y[i]);
                double x = power ? Math.log(t[i]) : t[i];
                ss += (ly - mean) * (ly - mean);
                rss += (ly - f.at(x)) * (ly - f.at(x));
            }
        }
        return ss == 0 ? Double.NaN : 1 - rss / ss;
    }

    private static boolean inTail(double t, double y, RateFit.Tail tail) {
        return t >= tail.fromX() && t <= tail.toX() && y > 0 && Double.isFinite(y) && t > 0;
    }

    private static String r2Text(double r2) {
        if (!Double.isFinite(r2)) {
            return "–";
        }
        if (r2 > 0.9999) {
            return ">0.9999";
        }
        return String.format(java.util.Locale.ROOT, "%.4f", r2);
    }
}
