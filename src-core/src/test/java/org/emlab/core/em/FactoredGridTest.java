package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.data.Rng;
import org.emlab.core.labs.overparam.GmmOverparamLab;
import org.emlab.core.model.PopulationRule;
import org.emlab.core.model.UnitGaussianMixture;
import org.emlab.core.model.WeightedPoints;
import org.junit.jupiter.api.Test;

/**
 * The factored KL pass of the lattice rules ({@link FactoredSweep#klChunk} on a {@link FactoredGrid},
 * docs/labs/gmm-overparam.md, issue 19) against
 * the sums written out point by point ({@link OverparamKernelEqualityTest#checkReference}): {@code Σ w f} and
 * {@code Σ w |f|} with {@code f = log p* − log p_t}, each by {@code Math.exp} and {@code Math.log} at the point. Agreement to 1e-12 relative to the sum of the terms' sizes, on the default rule and its shifted
 * check, with a pruned component, in d = 3, and where every product of a run's and a column's factor underflows
 * (the points then summed directly); grids without runs (a sample, d = 1) are not factored.
 */
class FactoredGridTest {
    private static final double TOLERANCE = 1e-12;

    private static final UnitGaussianMixture TRIANGLE = UnitGaussianMixture.polygon(2, new double[] {0.5, 0.3, 0.2}, 6);

    @Test
    void theDefaultRuleAndItsCheckAreFactoredAndAgreePointByPoint() {
        int n = 12;
        PopulationRule rule = GmmOverparamLab.populationRule(TRIANGLE, Double.NaN, n);
        double[] mu = GmmOverparamLab.initialMeans(TRIANGLE, n, 0);
        double[] pi = uniform(n);
        for (WeightedPoints grid : new WeightedPoints[] {rule.points(), rule.check()}) {
            FactoredGrid f = FactoredGrid.of(grid);
            assertNotNull(f);
            assertTrue(f.runs() + f.columns() < grid.size() / 20, f.runs() + " runs, " + f.columns() + " columns, "
                    + grid.size() + " points");
            compare(grid, TRIANGLE, pi, mu, "default");
        }
        pi[4] = 0; // pruned: not among the live components
        renormalise(pi);
        compare(rule.points(), TRIANGLE, pi, mu, "pruned");
    }

    @Test
    void aLatticeInThreeDimensionsAgrees() {
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(3, new double[] {0.4, 0.35, 0.25}, 5);
        WeightedPoints grid = truth.lattice(new double[] {0.5, 0.45, 0.7}, 8.5, true);
        assertNotNull(FactoredGrid.of(grid));
        compare(grid, truth, new double[] {0.1, 0.2, 0.3, 0.4}, GmmOverparamLab.initialMeans(truth, 4, 3), "d = 3");
    }

    /**
     * Means at (40, 0) and (0, 40): near the origin one component has the best first coordinate and the other the
     * best second, so each product of a run's and a column's factor is about e^−800 = 0 and the point is summed
     * directly (without that, log 0 would make every sum infinite).
     */
    @Test
    void pointsWhoseProductsUnderflowAreSummedDirectly() {
        UnitGaussianMixture one = UnitGaussianMixture.polygon(2, new double[] {1}, 6);
        WeightedPoints grid = one.lattice(new double[] {0.4, 0.4}, 8.5, false);
        assertNotNull(FactoredGrid.of(grid));
        compare(grid, one, new double[] {0.5, 0.5}, new double[] {40, 0, 0, 40}, "far apart");
    }

    /**
     * The step's passes ({@link FactoredSweep}) need every run's points in consecutive columns: on the default rule,
     * its check and a d = 3 lattice, the k-th point of every run lies in column {@code runColumn + k} (its last
     * coordinate is that column's), and the runs cover the points in order.
     */
    @Test
    void latticeRunsAreSlicesOfTheirColumns() {
        PopulationRule rule = GmmOverparamLab.populationRule(TRIANGLE, Double.NaN, 12);
        UnitGaussianMixture truth = UnitGaussianMixture.polygon(3, new double[] {0.4, 0.35, 0.25}, 5);
        for (WeightedPoints grid : new WeightedPoints[] {rule.points(), rule.check(),
                truth.lattice(new double[] {0.5, 0.45, 0.7}, 8.5, true)}) {
            FactoredGrid f = FactoredGrid.of(grid);
            assertTrue(f.contiguous());
            int d = grid.d();
            assertEquals(0, f.runStart(0));
            assertEquals(grid.size(), f.runStart(f.runs()));
            for (int r = 0; r < f.runs(); r++) {
                for (int p = f.runStart(r); p < f.runStart(r + 1); p++) {
                    int k = f.runColumn(r) + p - f.runStart(r);
                    assertTrue(k < f.columns());
                    assertEquals(grid.x()[p * d + d - 1], f.last(k), 0.0, "point " + p + " of run " + r);
                    for (int c = 0; c < d - 1; c++) {
                        assertEquals(grid.x()[p * d + c], f.lead(r, c), 0.0, "point " + p + " of run " + r);
                    }
                }
            }
        }
    }

    /**
     * Runs whose last coordinates do not chain (0 → 1 in some, 0 → 2 in others) are found, runs and columns, but
     * are not slices of the columns: the engine keeps its per-point passes there.
     */
    @Test
    void runsThatDoNotChainAreNotContiguous() {
        double[] x = new double[2000 * 2];
        int p = 0;
        for (int r = 0; r < 40; r++) {
            for (int k = 0; k < 50; k++, p++) {
                x[2 * p] = r;
                x[2 * p + 1] = r % 2 == 0 ? k : 2 * k; // runs 0, 2: 0, 1, 2, …; runs 1, 3: 0, 2, 4, …
            }
        }
        FactoredGrid f = FactoredGrid.of(WeightedPoints.uniform(2, 2000, x));
        assertNotNull(f);
        assertTrue(!f.contiguous());
    }

    @Test
    void aSampleAndOneDimensionAreNotFactored() {
        assertNull(FactoredGrid.of(WeightedPoints.uniform(2, 5000, TRIANGLE.sample(5000, Rng.stream(1, Rng.DATA)).x())));
        UnitGaussianMixture line = UnitGaussianMixture.line(1, new double[] {0.5, 0.5}, 4);
        assertNull(FactoredGrid.of(line.lattice(new double[] {0.2}, 8.5, false)));
    }

    private static void compare(WeightedPoints grid, UnitGaussianMixture truth, double[] pi, double[] mu, String where) {
        int d = grid.d();
        int n = pi.length;
        int size = grid.size();
        double[] x = grid.x();
        // lt − lse = log p* − log p_t with lse without its 2π terms (as the engine stores it)
        double[] lt = new double[size];
        for (int p = 0; p < size; p++) {
            lt[p] = truth.logDensity(x, p * d) + 0.5 * d * Math.log(2 * Math.PI);
        }
        // the reference, point by point (the kernel equality test's): rows of sums and of the terms' sizes
        double[][] reference = OverparamKernelEqualityTest.checkReference(grid, truth, pi, mu, false);
        double[] want = {reference[0][0], reference[0][1]};
        double[] sizes = {reference[1][0], reference[1][1]};
        // the factored KL pass, in chunks of 4096 points as the engine runs it; a point below the threshold in
        // log space, written out here
        int[] live = new int[n];
        double[] lw = new double[n];
        int nl = 0;
        for (int i = 0; i < n; i++) {
            if (pi[i] > 0) {
                lw[nl] = pi[i];
                live[nl++] = i;
            }
        }
        FactoredGrid f = FactoredGrid.of(grid);
        FactoredSweep sweep = new FactoredSweep(f, grid, n, lt);
        sweep.prepare(nl, live, mu);
        FactoredSweep.LogDensity direct = p -> OverparamKernelEqualityTest.scores(x, p, d, pi, mu, new double[n]);
        double[] got = new double[2];
        for (int from = 0; from < size; from += 4096) {
            sweep.klChunk(from, Math.min(size, from + 4096), lw, got, 0, false, direct);
        }
        assertEquals(want[0], got[0], TOLERANCE * sizes[0], "Σ w f, " + where);
        assertEquals(want[1], got[1], TOLERANCE * sizes[1], "Σ w |f|, " + where);
    }

    private static double[] uniform(int n) {
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        return pi;
    }

    private static void renormalise(double[] pi) {
        double s = 0;
        for (double v : pi) {
            s += v;
        }
        for (int i = 0; i < pi.length; i++) {
            pi[i] /= s;
        }
    }
}
