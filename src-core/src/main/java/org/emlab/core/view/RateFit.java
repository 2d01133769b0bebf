package org.emlab.core.view;

import org.emlab.core.numeric.LinearFit;

/**
 * Fitted convergence rates of a curve's tail, as shown next to the measured curves.
 *
 * <ul>
 *   <li>{@link #geometric}: the slope of {@code log y} against {@code t} (a straight line on a
 *       semi-log plot; {@code y_t ∝ ρ^t} with {@code ρ = e^slope});</li>
 *   <li>{@link #power}: the slope of {@code log y} against {@code log t} (a straight line on a
 *       log-log plot; {@code y_t ∝ t^slope}).</li>
 * </ul>
 * Both use the last {@code fraction} of the points whose value is above {@code floor} (so a
 * rounding or statistical floor does not flatten the estimate).
 */
public final class RateFit {
    private RateFit() {
    }

    /** The fitted line and the x range it covers. */
    public record Tail(LinearFit fit, double fromX, double toX) {
        public boolean valid() {
            return fit.valid() && fit.points() >= 3;
        }
    }

    /** {@code log y = a + b t} over the tail. */
    public static Tail geometric(double[] t, double[] y, double fraction, double floor) {
        return fit(t, y, fraction, floor, false);
    }

    /** {@code log y = a + b log t} over the tail (t ≥ 1 only). */
    public static Tail power(double[] t, double[] y, double fraction, double floor) {
        return fit(t, y, fraction, floor, true);
    }

    private static Tail fit(double[] t, double[] y, double fraction, double floor, boolean logX) {
        int n = Math.min(t.length, y.length);
        int last = n - 1;
        while (last >= 0 && !(y[last] > floor && Double.isFinite(y[last]))) {
            last--;
        }
        if (last < 2) {
            return new Tail(new LinearFit(Double.NaN, Double.NaN, Double.NaN, 0), Double.NaN, Double.NaN);
        }
        double tEnd = t[last];
        double tStart = logX ? Math.max(1.0, Math.pow(tEnd, 1.0 - fraction)) : tEnd - fraction * (tEnd - t[0]);
        int first = last;
        while (first > 0 && t[first - 1] >= tStart && y[first - 1] > floor) {
            first--;
        }
        int m = last - first + 1;
        double[] xs = new double[m];
        double[] ys = new double[m];
        for (int i = 0; i < m; i++) {
            double ti = t[first + i];
            xs[i] = logX ? (ti >= 1 ? Math.log(ti) : Double.NaN) : ti;
            ys[i] = Math.log(y[first + i]);
        }
        return new Tail(LinearFit.fit(xs, ys), t[first], tEnd);
    }
}
