package org.emlab.core.numeric;

import java.util.function.DoubleUnaryOperator;

/**
 * Composite Gauss–Legendre quadrature (docs/labs/README.md#quadrature-rules): {@code [a, b]} split into equal
 * panels, each integrated with the 16-point Legendre rule.
 *
 * <p>The 16 nodes are Newton-polished roots of {@code P_16} and the weights are
 * {@code 2 / ((1 - x²) P_16'(x)²)}, accurate to a few ulps.
 */
public final class GaussLegendre {
    /** Nodes per panel. */
    public static final int NODES_PER_PANEL = 16;
    private static final double[] X = new double[NODES_PER_PANEL];
    private static final double[] W = new double[NODES_PER_PANEL];

    static {
        int n = NODES_PER_PANEL;
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0.0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1.0;
                double p1 = x;
                for (int j = 2; j <= n; j++) {
                    double p2 = ((2.0 * j - 1.0) * x * p1 - (j - 1.0) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1.0);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-17) {
                    break;
                }
            }
            X[i] = x;
            W[i] = 2.0 / ((1.0 - x * x) * dp * dp);
        }
    }

    private GaussLegendre() {
    }

    /** Node {@code i} of the 16-point rule on {@code [-1, 1]}. */
    public static double node(int i) {
        return X[i];
    }

    /** Weight {@code i} of the 16-point rule on {@code [-1, 1]} (the weights sum to 2). */
    public static double weight(int i) {
        return W[i];
    }

    /** {@code ∫_a^b f} with {@code panels} equal panels of 16 nodes each. */
    public static double integrate(DoubleUnaryOperator f, double a, double b, int panels) {
        double h = (b - a) / panels;
        double sum = 0.0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * h;
            double half = 0.5 * h;
            double s = 0.0;
            for (int i = 0; i < NODES_PER_PANEL; i++) {
                s += W[i] * f.applyAsDouble(mid + half * X[i]);
            }
            sum += half * s;
        }
        return sum;
    }

    /** Number of panels of width at most {@code h} covering a length {@code len}. */
    public static int panelsFor(double len, double h) {
        return Math.max(1, (int) Math.ceil(len / h - 1e-12));
    }
}
