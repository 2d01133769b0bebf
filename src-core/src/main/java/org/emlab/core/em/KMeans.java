package org.emlab.core.em;

import java.util.random.RandomGenerator;

/**
 * Lloyd's algorithm with k-means++ seeding (Arthur &amp; Vassilvitskii 2007), used to initialise
 * mixtures. Deterministic given the generator.
 */
public final class KMeans {
    /** Default cap on Lloyd iterations (it stops earlier when no label changes). */
    public static final int DEFAULT_ITERATIONS = 50;

    private KMeans() {
    }

    /** k-means++ seeds: k centres chosen from the rows of {@code x} (n × d, row-major). */
    public static double[] plusPlus(double[] x, int n, int d, int k, RandomGenerator rng) {
        double[] centres = new double[k * d];
        int first = rng.nextInt(n);
        System.arraycopy(x, first * d, centres, 0, d);
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            dist[i] = sq(x, i * d, centres, 0, d);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : dist) {
                total += v;
            }
            int pick;
            if (total <= 0) {
                pick = rng.nextInt(n);
            } else {
                double u = rng.nextDouble() * total;
                double acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += dist[i];
                    if (acc >= u) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, pick * d, centres, j * d, d);
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], sq(x, i * d, centres, j * d, d));
            }
        }
        return centres;
    }

    /**
     * Greedy k-means++ (Arthur &amp; Vassilvitskii 2007, §6; the variant scikit-learn uses): each centre
     * after the first is the best of {@code 2 + ⌊log k⌋} candidates drawn with probability ∝ D(x)², the one
     * that leaves the smallest total squared distance. Deterministic given the generator.
     */
    public static double[] greedyPlusPlus(double[] x, int n, int d, int k, RandomGenerator rng) {
        int trials = 2 + (int) Math.log(k);
        double[] centres = new double[k * d];
        int first = rng.nextInt(n);
        System.arraycopy(x, first * d, centres, 0, d);
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            dist[i] = sq(x, i * d, centres, 0, d);
        }
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : dist) {
                total += v;
            }
            int pick = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int trial = 0; trial < trials; trial++) {
                int c;
                if (total <= 0) {
                    c = rng.nextInt(n);
                } else {
                    double u = rng.nextDouble() * total;
                    double acc = 0;
                    c = n - 1;
                    for (int i = 0; i < n; i++) {
                        acc += dist[i];
                        if (acc >= u) {
                            c = i;
                            break;
                        }
                    }
                }
                double potential = 0;
                for (int i = 0; i < n; i++) {
                    candidate[i] = Math.min(dist[i], sq(x, i * d, x, c * d, d));
                    potential += candidate[i];
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    pick = c;
                    System.arraycopy(candidate, 0, best, 0, n);
                }
            }
            System.arraycopy(x, pick * d, centres, j * d, d);
            System.arraycopy(best, 0, dist, 0, n);
        }
        return centres;
    }

    /** Lloyd iterations from {@code centres} (updated in place); empty clusters keep their centre. Returns the labels. */
    public static int[] lloyd(double[] x, int n, int d, int k, double[] centres, int iterations) {
        int[] label = new int[n];
        double[] sum = new double[k * d];
        int[] count = new int[k];
        for (int it = 0; it < iterations; it++) {
            boolean changed = it == 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = sq(x, i * d, centres, j * d, d);
                    if (dd < bestD) {
                        bestD = dd;
                        best = j;
                    }
                }
                if (label[i] != best) {
                    changed = true;
                    label[i] = best;
                }
            }
            if (!changed) {
                break;
            }
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                int j = label[i];
                count[j]++;
                for (int c = 0; c < d; c++) {
                    sum[j * d + c] += x[i * d + c];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] > 0) {
                    for (int c = 0; c < d; c++) {
                        centres[j * d + c] = sum[j * d + c] / count[j];
                    }
                }
            }
        }
        return label;
    }

    private static double sq(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double t = a[ao + c] - b[bo + c];
            s += t * t;
        }
        return s;
    }
}
