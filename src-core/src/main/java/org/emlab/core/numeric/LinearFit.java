package org.emlab.core.numeric;

/**
 * Ordinary least-squares line {@code y = a + b x} with the standard error of the slope.
 * Used for fitted rates: the slope of {@code log KL} against {@code t} (geometric rate) or of
 * {@code log err} against {@code log t} / {@code log n} (power law).
 *
 * @param intercept      a
 * @param slope          b
 * @param slopeStdError  standard error of b ({@code NaN} with fewer than 3 points)
 * @param points         number of points used
 */
public record LinearFit(double intercept, double slope, double slopeStdError, int points) {

    /** Fits the finite pairs among {@code x[from..to)} and {@code y[from..to)}. */
    public static LinearFit fit(double[] x, double[] y, int from, int to) {
        int m = 0;
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                m++;
            }
        }
        if (m < 2) {
            return new LinearFit(Double.NaN, Double.NaN, Double.NaN, m);
        }
        double mx = sx / m;
        double my = sy / m;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                double dx = x[i] - mx;
                sxx += dx * dx;
                sxy += dx * (y[i] - my);
            }
        }
        if (sxx == 0) {
            return new LinearFit(Double.NaN, Double.NaN, Double.NaN, m);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double se = Double.NaN;
        if (m > 2) {
            double rss = 0;
            for (int i = from; i < to; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    double r = y[i] - a - b * x[i];
                    rss += r * r;
                }
            }
            se = Math.sqrt(rss / (m - 2) / sxx);
        }
        return new LinearFit(a, b, se, m);
    }

    /** Fits all finite pairs. */
    public static LinearFit fit(double[] x, double[] y) {
        return fit(x, y, 0, Math.min(x.length, y.length));
    }

    /** True when the fit has a finite slope. */
    public boolean valid() {
        return Double.isFinite(slope);
    }

    /** {@code a + b x}. */
    public double at(double x) {
        return intercept + slope * x;
    }
}
