package org.emlab.core.model;

import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.numeric.GaussHermite;
import org.emlab.core.numeric.Stable;

/**
 * A Gaussian mixture with identity covariances, {@code p*(x) = Σ_k π*_k N(x; μ*_k, I_d)}: the truth
 * of setting 004 (docs/labs/gmm-overparam.md#model). Immutable.
 *
 * <p>Layouts: a regular m-gon in the first two coordinates whose adjacent centres are {@code Δ}
 * apart (radius {@code Δ / (2 sin(π/m))}; for m = 3 this is the lab documentation's triangle
 * {@code (Δ/√3)(cos 2πk/3, sin 2πk/3)}, for m = 5 the pentagon of radius 5.104 at Δ = 6), or
 * equally spaced points on the first axis, {@code Δ} apart and centred at 0.
 *
 * @param m       number of components
 * @param d       dimension
 * @param weights π* (sums to 1)
 * @param means   μ*, row-major m × d
 */
public record UnitGaussianMixture(int m, int d, double[] weights, double[] means) {
    /** {@code ½ log 2π}. */
    private static final double HALF_LOG_2PI = Stable.HALF_LOG_2PI;

    public UnitGaussianMixture {
        weights = weights.clone();
        means = means.clone();
        if (weights.length != m || means.length != m * d) {
            throw new IllegalArgumentException("need " + m + " weights and " + m * d + " mean coordinates");
        }
    }

    /** Centres on a regular m-gon (first two coordinates), adjacent centres {@code separation} apart. */
    public static UnitGaussianMixture polygon(int d, double[] weights, double separation) {
        int m = weights.length;
        if (d < 2 && m > 2) {
            throw new IllegalArgumentException("a polygon of " + m + " centres needs d >= 2");
        }
        double[] mu = new double[m * d];
        if (m == 1) {
            return new UnitGaussianMixture(m, d, weights, mu);
        }
        double radius = polygonRadius(m, separation);
        for (int k = 0; k < m; k++) {
            double a = 2 * Math.PI * (k + 1) / m;
            if (d == 1) {
                mu[k] = k == 0 ? -radius : radius;
            } else {
                mu[k * d] = radius * Math.cos(a);
                mu[k * d + 1] = radius * Math.sin(a);
            }
        }
        return new UnitGaussianMixture(m, d, weights, mu);
    }

    /** The circumradius {@code Δ / (2 sin(π/m))} of a regular m-gon with side Δ. */
    public static double polygonRadius(int m, double separation) {
        return separation / (2 * Math.sin(Math.PI / m));
    }

    /** Centres on the first axis at {@code (k − (m−1)/2) Δ}. */
    public static UnitGaussianMixture line(int d, double[] weights, double separation) {
        int m = weights.length;
        double[] mu = new double[m * d];
        for (int k = 0; k < m; k++) {
            mu[k * d] = (k - 0.5 * (m - 1)) * separation;
        }
        return new UnitGaussianMixture(m, d, weights, mu);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    /** Coordinate c of centre k. */
    public double mean(int k, int c) {
        return means[k * d + c];
    }

    /** {@code log p*(x)} for the point at {@code x[off .. off+d)}. */
    public double logDensity(double[] x, int off) {
        double[] a = new double[m];
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double t = x[off + c] - means[k * d + c];
                s += t * t;
            }
            a[k] = Stable.logOrMask(weights[k]) - 0.5 * s;
        }
        return Stable.logSumExp(a) - d * HALF_LOG_2PI;
    }

    /**
     * The population as weighted points: per true component, the tensor Gauss–Hermite rule with
     * {@code nodes} points per axis shifted to μ*_k, with weights {@code π*_k w_z}, so that
     * {@code E_{p*}[f] ≈ Σ_p w_p f(x_p)} (docs/labs/gmm-overparam.md#population-update).
     */
    public WeightedPoints quadrature(int nodes) {
        GaussHermite.TensorGrid g = GaussHermite.of(nodes).tensor(d);
        int q = g.size();
        double[] x = new double[m * q * d];
        double[] w = new double[m * q];
        double[] z = g.points();
        double[] gw = g.weights();
        for (int k = 0; k < m; k++) {
            for (int p = 0; p < q; p++) {
                int row = k * q + p;
                for (int c = 0; c < d; c++) {
                    x[row * d + c] = means[k * d + c] + z[p * d + c];
                }
                w[row] = weights[k] * gw[p];
            }
        }
        return new WeightedPoints(d, m * q, x, w);
    }

    /**
     * The population as weighted points on a per-component lattice (the tensor trapezoid rule of
     * docs/labs/gmm-overparam.md, "Population update"): for every true component with
     * {@code π*_k > 0}, the nodes {@code μ*_k + z} with {@code z_c = h_c (j_c + s_c)}, {@code j ∈ Z^d},
     * {@code ‖z‖ ≤ radius}, and the weights {@code π*_k Π_c h_c φ(z_c)}, renormalised so that each
     * component's weights sum to {@code π*_k} exactly. {@code s_c = ½} when {@code shifted} (the
     * half-shifted copy whose difference estimates the rule's error), else 0.
     *
     * <p>Why a lattice and not Gauss–Hermite: the integrands (log-sum-exp and softmax of the model's
     * components) are analytic only in a strip of half-width about π/‖μ_i − μ_j‖, where the trapezoid
     * rule's error falls like exp(−2π·width/h) while Gauss–Hermite needs about (log(1/ε)/width)²/2
     * nodes per axis, most of them out in the tails.
     *
     * @param h       spacing per axis (d entries)
     * @param radius  truncation radius of z (8: the Gaussian mass outside is below 2e-14 in d ≤ 3)
     * @param shifted true for the half-shifted copy
     */
    public WeightedPoints lattice(double[] h, double radius, boolean shifted) {
        double[] base = latticeNodes(h, radius, shifted);
        int q = base.length / (d + 1);
        int live = 0;
        for (double w : weights) {
            if (w > 0) {
                live++;
            }
        }
        double[] x = new double[live * q * d];
        double[] w = new double[live * q];
        int row = 0;
        for (int k = 0; k < m; k++) {
            if (!(weights[k] > 0)) {
                continue;
            }
            for (int p = 0; p < q; p++, row++) {
                int bo = p * (d + 1);
                for (int c = 0; c < d; c++) {
                    x[row * d + c] = means[k * d + c] + base[bo + c];
                }
                w[row] = weights[k] * base[bo + d];
            }
        }
        return new WeightedPoints(d, row, x, w);
    }

    /** Number of lattice points per true component of {@link #lattice}. */
    public static int latticeSize(double[] h, double radius, boolean shifted) {
        return (int) latticeNodes(h, radius, shifted, true)[0];
    }

    /** The nodes z and weights of one component, {@code (z_1..z_d, w)} per node, weights summing to 1. */
    private static double[] latticeNodes(double[] h, double radius, boolean shifted) {
        return latticeNodes(h, radius, shifted, false);
    }

    private static double[] latticeNodes(double[] h, double radius, boolean shifted, boolean countOnly) {
        int d = h.length;
        double s = shifted ? 0.5 : 0.0;
        int[] lo = new int[d];
        int[] hi = new int[d];
        for (int c = 0; c < d; c++) {
            lo[c] = (int) Math.ceil(-radius / h[c] - s);
            hi[c] = (int) Math.floor(radius / h[c] - s);
        }
        double r2 = radius * radius;
        int count = 0;
        double[] out = countOnly ? null : new double[16 * (d + 1)];
        int[] j = lo.clone();
        double[] z = new double[d];
        double total = 0;
        double cell = 1;
        for (int c = 0; c < d; c++) {
            cell *= h[c];
        }
        cell /= Math.pow(2 * Math.PI, 0.5 * d);
        while (true) {
            double q = 0;
            for (int c = 0; c < d; c++) {
                z[c] = h[c] * (j[c] + s);
                q += z[c] * z[c];
            }
            if (q <= r2) {
                if (!countOnly) {
                    if ((count + 1) * (d + 1) > out.length) {
                        out = java.util.Arrays.copyOf(out, 2 * out.length);
                    }
                    int o = count * (d + 1);
                    System.arraycopy(z, 0, out, o, d);
                    double w = cell * Math.exp(-0.5 * q);
                    out[o + d] = w;
                    total += w;
                }
                count++;
            }
            int c = d - 1;
            while (c >= 0 && j[c] == hi[c]) {
                j[c] = lo[c];
                c--;
            }
            if (c < 0) {
                break;
            }
            j[c]++;
        }
        if (countOnly) {
            return new double[] {count};
        }
        out = java.util.Arrays.copyOf(out, count * (d + 1));
        for (int p = 0; p < count; p++) {
            out[p * (d + 1) + d] /= total;
        }
        return out;
    }

    /** A fixed Monte Carlo sample of {@code count} points from p*, each with weight 1/count. */
    public WeightedPoints monteCarlo(int count, RandomGenerator rng) {
        Dataset s = sample(count, rng);
        return WeightedPoints.uniform(s.d(), s.n(), s.x());
    }

    /** {@code count} draws from p* with their true components as labels. */
    public Dataset sample(int count, RandomGenerator rng) {
        double[] x = new double[count * d];
        int[] label = new int[count];
        for (int i = 0; i < count; i++) {
            int k = Gaussians.categorical(rng, weights);
            label[i] = k;
            for (int c = 0; c < d; c++) {
                x[i * d + c] = means[k * d + c] + rng.nextGaussian();
            }
        }
        return new Dataset(count, d, x, null, null, label, null, null);
    }

    /** {@code E_{p*}[log p*]} over weighted points (the negative entropy, up to the points' accuracy). */
    public double expectedLogDensity(WeightedPoints pts) {
        double s = 0;
        for (int p = 0; p < pts.size(); p++) {
            s += pts.weight(p) * logDensity(pts.x(), p * d);
        }
        return s;
    }
}
