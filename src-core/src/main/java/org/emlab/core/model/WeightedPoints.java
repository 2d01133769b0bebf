package org.emlab.core.model;

/**
 * A discrete measure {@code Σ_p w_p δ(x_p)} that stands for an expectation: a quadrature rule for a
 * population ({@code E_{p*}[f] ≈ Σ_p w_p f(x_p)}), a fixed Monte Carlo proxy, or a sample with
 * weights {@code 1/N} (the empirical mean). Engines written against it run the population and the
 * sample versions of an update with the same code. Arrays are shared: never modify them.
 *
 * @param d      dimension
 * @param size   number of points
 * @param x      row-major {@code size × d}
 * @param w      weights (summing to 1)
 */
public record WeightedPoints(int d, int size, double[] x, double[] w) {

    public WeightedPoints {
        if (x.length != (long) size * d || w.length != size) {
            throw new IllegalArgumentException("need " + (long) size * d + " coordinates and " + size + " weights");
        }
    }

    /** Equal weights {@code 1/n} (an empirical measure). */
    public static WeightedPoints uniform(int d, int n, double[] x) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return new WeightedPoints(d, n, x, w);
    }

    /** Weight of point p. */
    public double weight(int p) {
        return w[p];
    }
}
