package org.emlab.core.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.numeric.GaussLegendre;
import org.emlab.core.numeric.LinearFit;
import org.junit.jupiter.api.Test;

/**
 * EM for the simplex-structured overspecified GMM (arXiv 2506.11850, docs/labs/gmm-simplex.md) against
 * independent oracles: hand computations, an independent quadrature, large-n Monte Carlo, and the
 * reference numbers of docs/labs/gmm-simplex.md#the-papers-claim-and-how-the-views-show-it.
 *
 * <p>Reference: src-core/src/test/resources/reference/simplex_kl_mpmath.py (KL at θ = r v₀).<br>
 * Reference: src-core/src/test/resources/reference/simplex_population_em.py (KL trajectories, contraction 0.93).
 */
class SimplexGmmEmTest {
    private static final double[] PI = {0.5, 0.3, 0.2};

    private static SimplexGmmEm sampleEngine(double[] pi, Dataset data, double[] theta0) {
        SimplexGeometry g = new SimplexGeometry(pi.length);
        return new SimplexGmmEm(g, pi, data, theta0, new SimplexPopulation(g, pi));
    }

    /**
     * k = 2, d = 1: R = −1, so the E-step is a logistic weight and the update is
     * θ⁺ = mean_i tanh(x_i θ + ν) x_i with ν = ½ log(π1/π2) (the tanh form of docs/labs/README.md#stable-primitives), written out here.
     */
    @Test
    void oneStepMatchesTheTanhFormForTwoComponents() {
        double[] x = {0.5, -1.2, 2.0};
        double theta = 0.4;
        double nu = 0.5 * Math.log(0.7 / 0.3);
        double expected = 0;
        for (double xi : x) {
            expected += Math.tanh(xi * theta + nu) * xi;
        }
        expected /= x.length;
        SimplexGmmEm em = sampleEngine(new double[] {0.7, 0.3}, Dataset.points(3, 1, x), new double[] {theta});
        em.step();
        assertEquals(expected, em.theta()[0], 1e-15);
        // ℓ(θ) at the start, by hand: mean_i log(0.7 N(x; θ, 1) + 0.3 N(x; −θ, 1))
        SimplexGmmEm fresh = sampleEngine(new double[] {0.7, 0.3}, Dataset.points(3, 1, x), new double[] {theta});
        double ll = 0;
        for (double xi : x) {
            ll += Math.log(0.7 * phi(xi - theta) + 0.3 * phi(xi + theta));
        }
        assertEquals(ll / 3, fresh.logLikelihood(), 1e-14);
    }

    /**
     * k = 3, d = 2: the means are θ rotated by multiples of ±120°. Responsibilities from explicit
     * densities, then θ⁺ = (1/N) Σ_i Σ_j w_ij Rot(−j·s·120°) x_i.
     */
    @Test
    void oneStepMatchesAHandComputationForThreeComponentsInThePlane() {
        double[] x = {0.3, -0.8, 1.1, 0.4, -0.6, -0.2, 0.0, 1.7};
        int n = 4;
        double[] theta = {0.7, 0.2};
        SimplexGeometry g = new SimplexGeometry(3);
        double[] r1 = new double[2];
        g.applyR(1, new double[] {1, 0}, r1);
        double s = r1[1] > 0 ? 1 : -1; // orientation of the basis: R is a rotation by s·120°
        assertEquals(Math.cos(2 * Math.PI / 3), r1[0], 1e-15);
        assertEquals(s * Math.sin(2 * Math.PI / 3), r1[1], 1e-15);
        double[] expected = new double[2];
        for (int i = 0; i < n; i++) {
            double[] dens = new double[3];
            double z = 0;
            for (int j = 0; j < 3; j++) {
                double a = s * 2 * Math.PI * j / 3;
                double mx = Math.cos(a) * theta[0] - Math.sin(a) * theta[1];
                double my = Math.sin(a) * theta[0] + Math.cos(a) * theta[1];
                dens[j] = PI[j] * Math.exp(-0.5 * ((x[2 * i] - mx) * (x[2 * i] - mx) + (x[2 * i + 1] - my) * (x[2 * i + 1] - my)));
                z += dens[j];
            }
            for (int j = 0; j < 3; j++) {
                double w = dens[j] / z;
                double a = -s * 2 * Math.PI * j / 3;
                expected[0] += w * (Math.cos(a) * x[2 * i] - Math.sin(a) * x[2 * i + 1]) / n;
                expected[1] += w * (Math.sin(a) * x[2 * i] + Math.cos(a) * x[2 * i + 1]) / n;
            }
        }
        SimplexGmmEm em = sampleEngine(PI, Dataset.points(n, 2, x), theta);
        em.step();
        assertEquals(expected[0], em.theta()[0], 1e-15);
        assertEquals(expected[1], em.theta()[1], 1e-15);
    }

    /** Oracle: 20 batches of 10^5 N(0, I) samples; the population map must lie within 4 standard errors. */
    @Test
    void populationStepMatchesLargeSampleMonteCarlo() {
        double[] theta = {0.8, 0.3};
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        double[] popNext = new double[2];
        pop.map(theta, popNext);
        int batches = 20;
        int n = 100_000;
        double[][] est = new double[batches][];
        RandomGenerator rng = Rng.of(12345);
        for (int b = 0; b < batches; b++) {
            Dataset data = Dataset.points(n, 2, Gaussians.standardNormal(rng, n, 2));
            SimplexGmmEm em = new SimplexGmmEm(g, PI, data, theta, pop);
            em.step();
            est[b] = em.theta();
        }
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (double[] e : est) {
                mean += e[c] / batches;
            }
            double var = 0;
            for (double[] e : est) {
                var += (e[c] - mean) * (e[c] - mean) / (batches - 1);
            }
            double se = Math.sqrt(var / batches);
            assertTrue(Math.abs(mean - popNext[c]) < 4 * se, "coordinate " + c + ": MC " + mean + " ± " + se
                    + " vs population " + popNext[c]);
        }
    }

    /** Oracle: docs/labs/gmm-simplex.md#open-questions (mpmath), KL at θ = r v₀ for k = 3, π = (.5,.3,.2). */
    @Test
    void klMatchesReferenceValuesWithoutCancellation() {
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        assertEquals(1.048390556e-1, pop.kl(g.simplexTheta(1.0, 2)), 1e-10);
        assertEquals(3.500974e-6, pop.kl(g.simplexTheta(0.01, 2)), 1e-12);
        assertEquals(3.500000000974e-12, pop.kl(g.simplexTheta(1e-5, 2)), 1e-21);
    }

    /** Oracle: the naive KL = ‖θ‖²/2 − E[log Σ π_j e^{<X, m_j>}] by 2-D composite Gauss–Legendre on [−10, 10]². */
    @Test
    void klMatchesAnIndependentQuadratureOfTheNaiveForm() {
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        double[] theta = {0.9, -0.5};
        double[][] m = new double[3][2];
        for (int j = 0; j < 3; j++) {
            g.applyR(j, theta, m[j]);
        }
        int panels = 40;
        double h = 20.0 / panels;
        double e = 0;
        for (int px = 0; px < panels; px++) {
            for (int ix = 0; ix < GaussLegendre.NODES_PER_PANEL; ix++) {
                double xv = -10 + (px + 0.5) * h + 0.5 * h * GaussLegendre.node(ix);
                double wx = 0.5 * h * GaussLegendre.weight(ix);
                for (int py = 0; py < panels; py++) {
                    for (int iy = 0; iy < GaussLegendre.NODES_PER_PANEL; iy++) {
                        double yv = -10 + (py + 0.5) * h + 0.5 * h * GaussLegendre.node(iy);
                        double wy = 0.5 * h * GaussLegendre.weight(iy);
                        double dens = Math.exp(-0.5 * (xv * xv + yv * yv)) / (2 * Math.PI);
                        double sum = 0;
                        for (int j = 0; j < 3; j++) {
                            sum += PI[j] * Math.exp(xv * m[j][0] + yv * m[j][1]);
                        }
                        e += wx * wy * dens * Math.log(sum);
                    }
                }
            }
        }
        double naive = 0.5 * (theta[0] * theta[0] + theta[1] * theta[1]) - e;
        assertEquals(naive, pop.kl(theta), 1e-10);
    }

    /**
     * Far from the truth the KL is large and finite: at θ = 30 v₀, compared with the naive form on a
     * 2-D Gauss–Legendre grid. The integrand is nearly piecewise linear with kinks, on which both rules
     * converge slowly (they differ by about 2e-4 relative), so the tolerance is display accuracy, 1e-3.
     */
    @Test
    void klStaysFiniteAndAccurateFarFromTheTruth() {
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        double[] theta = g.simplexTheta(30, 2);
        double kl = pop.kl(theta);
        assertTrue(Double.isFinite(kl) && kl > 100, "KL = " + kl);
        double[][] m = new double[3][2];
        for (int j = 0; j < 3; j++) {
            g.applyR(j, theta, m[j]);
        }
        int panels = 200;
        double h = 24.0 / panels;
        double e = 0;
        for (int px = 0; px < panels; px++) {
            for (int ix = 0; ix < GaussLegendre.NODES_PER_PANEL; ix++) {
                double xv = -12 + (px + 0.5) * h + 0.5 * h * GaussLegendre.node(ix);
                double wx = 0.5 * h * GaussLegendre.weight(ix);
                for (int py = 0; py < panels; py++) {
                    for (int iy = 0; iy < GaussLegendre.NODES_PER_PANEL; iy++) {
                        double yv = -12 + (py + 0.5) * h + 0.5 * h * GaussLegendre.node(iy);
                        double wy = 0.5 * h * GaussLegendre.weight(iy);
                        double dens = Math.exp(-0.5 * (xv * xv + yv * yv)) / (2 * Math.PI);
                        double best = Double.NEGATIVE_INFINITY;
                        double[] a = new double[3];
                        for (int j = 0; j < 3; j++) {
                            a[j] = Math.log(PI[j]) + xv * m[j][0] + yv * m[j][1];
                            best = Math.max(best, a[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < 3; j++) {
                            sum += Math.exp(a[j] - best);
                        }
                        e += wx * wy * dens * (best + Math.log(sum));
                    }
                }
            }
        }
        double reference = 0.5 * 900 - e;
        assertEquals(reference, kl, 1e-3 * reference);
    }

    /** Oracle: for uniform weights KL(θ) / (‖θ‖⁴ / (4(k−1))) → 1 as θ → 0 (docs/labs/gmm-simplex.md#population-update). */
    @Test
    void uniformWeightKlIsQuarticNearTheTruth() {
        for (int k = 2; k <= 4; k++) {
            double[] pi = new double[k];
            java.util.Arrays.fill(pi, 1.0 / k);
            SimplexGeometry g = new SimplexGeometry(k);
            SimplexPopulation pop = new SimplexPopulation(g, pi);
            double r = 0.01;
            double ratio = pop.kl(g.simplexTheta(r, k - 1)) / (Math.pow(r, 4) / (4 * (k - 1)));
            assertEquals(1.0, ratio, 2e-3, "k = " + k);
        }
    }

    /** Oracle: the Jacobian of the population map at 0 is I − AᵀA; for k = 3 it is (1 − |F_1|²) I = 0.93 I on S. */
    @Test
    void populationMapContractsByOneMinusDftNearTheTruth() {
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        double eps = 1e-4;
        double[] theta = {eps * 0.6, eps * 0.8};
        double[] next = new double[2];
        pop.map(theta, next);
        assertEquals(0.93 * theta[0], next[0], 1e-8 * eps);
        assertEquals(0.93 * theta[1], next[1], 1e-8 * eps);
    }

    /** Oracle: EM here is gradient ascent with unit step, θ⁺ − θ = ∇ℓ(θ) (docs/labs/gmm-simplex.md#sample-em-update), by central differences. */
    @Test
    void sampleEmStepEqualsAUnitGradientStep() {
        int n = 500;
        Dataset data = Dataset.points(n, 3, Gaussians.standardNormal(Rng.of(7), n, 3));
        double[] theta = {0.6, -0.4, 0.25};
        SimplexGmmEm em = sampleEngine(PI, data, theta);
        em.step();
        double[] next = em.theta();
        double h = 1e-5;
        for (int c = 0; c < 3; c++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[c] += h;
            minus[c] -= h;
            em.restore(plus, 0);
            double lp = em.logLikelihood();
            em.restore(minus, 0);
            double lm = em.logLikelihood();
            assertEquals((lp - lm) / (2 * h), next[c] - theta[c], 1e-7, "coordinate " + c);
        }
    }

    @Test
    void exactEmNeverDecreasesTheLogLikelihood() {
        int n = 3000;
        for (double[] pi : new double[][] {PI, {0.25, 0.25, 0.25, 0.25}, {0.4, 0.3, 0.2, 0.1}}) {
            int k = pi.length;
            int d = k;
            Dataset data = Dataset.points(n, d, Gaussians.standardNormal(Rng.of(k), n, d));
            SimplexGeometry g = new SimplexGeometry(k);
            double[] theta0 = g.simplexTheta(2.5, d);
            theta0[d - 1] = 0.7; // a part outside S too
            SimplexGmmEm em = new SimplexGmmEm(g, pi, data, theta0, new SimplexPopulation(g, pi));
            double prev = em.logLikelihood();
            for (int t = 0; t < 150; t++) {
                em.step();
                double ll = em.logLikelihood();
                assertTrue(ll >= prev - 1e-12 * (1 + Math.abs(prev)), "k=" + k + " t=" + t + ": " + prev + " -> " + ll);
                prev = ll;
            }
        }
    }

    @Test
    void halfStepsComposeToAFullStepBitForBit() {
        int n = 2000;
        Dataset data = Dataset.points(n, 2, Gaussians.standardNormal(Rng.of(3), n, 2));
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexGmmEm full = sampleEngine(PI, data, g.simplexTheta(1.2, 2));
        SimplexGmmEm half = sampleEngine(PI, data, g.simplexTheta(1.2, 2));
        double[] a = new double[full.columns().size()];
        double[] b = new double[a.length];
        for (int t = 0; t < 5; t++) {
            full.step();
            half.halfStep();
            assertEquals(StepEngine.Phase.AFTER_E, half.phase());
            half.halfStep();
            full.row(a);
            half.row(b);
            assertTrue(java.util.Arrays.equals(a, b), "iteration " + (t + 1));
        }
    }

    /**
     * Oracle: docs/labs/gmm-simplex.md#the-papers-claim-and-how-the-views-show-it: population EM, k = 3, π = (.5,.3,.2), θ₀ = 1.0·v₀: KL = 3.48e-2, 1.59e-3,
     * 3.44e-6, 2.42e-9 at t = 1, 10, 50, 100, and log KL falls with slope 2 log(1 − 0.07) = −0.14514.
     */
    @Test
    void populationKlDecaysExponentiallyForDftValidWeights() {
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, PI);
        SimplexGmmPopulationEm em = new SimplexGmmPopulationEm(g, PI, 2, g.simplexTheta(1.0, 2), pop);
        double[] row = new double[em.columns().size()];
        double[] t = new double[91];
        double[] logKl = new double[91];
        for (int it = 1; it <= 150; it++) {
            em.step();
            em.row(row);
            switch (it) {
                case 1 -> assertEquals(3.48e-2, row[0], 0.005 * 3.48e-2);
                case 10 -> assertEquals(1.59e-3, row[0], 0.005 * 1.59e-3);
                case 50 -> assertEquals(3.44e-6, row[0], 0.005 * 3.44e-6);
                case 100 -> assertEquals(2.42e-9, row[0], 0.005 * 2.42e-9);
                default -> {
                }
            }
            if (it >= 60) {
                t[it - 60] = it;
                logKl[it - 60] = Math.log(row[0]);
            }
        }
        assertEquals(2 * Math.log(0.93), LinearFit.fit(t, logKl).slope(), 1e-4);
    }

    /** Oracle: docs/labs/gmm-simplex.md#population-update, uniform weights: KL_t ≈ (k−1)/(16t²), log-log slope −2 (1.25e-7 at t = 1000 for k = 3). */
    @Test
    void populationKlDecaysOnlyPolynomiallyForUniformWeights() {
        double[] pi = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        SimplexGeometry g = new SimplexGeometry(3);
        SimplexPopulation pop = new SimplexPopulation(g, pi);
        SimplexGmmPopulationEm em = new SimplexGmmPopulationEm(g, pi, 2, g.simplexTheta(SimplexGeometry.lloydRadius(3), 2), pop);
        double[] row = new double[em.columns().size()];
        double[] lt = new double[9];
        double[] lk = new double[9];
        int idx = 0;
        for (int it = 1; it <= 1000; it++) {
            em.step();
            if (it % 100 == 0 && it >= 200) {
                em.row(row);
                lt[idx] = Math.log(it);
                lk[idx] = Math.log(row[0]);
                idx++;
            }
        }
        em.row(row);
        assertEquals(1.25e-7, row[0], 0.02 * 1.25e-7);
        double slope = LinearFit.fit(lt, lk).slope();
        assertEquals(-2.0, slope, 0.05);
        // the DFT-valid weights are far below after the same 1000 iterations' worth of contraction: after 150 already
        assertTrue(Math.exp(2 * Math.log(0.93) * 150) < row[0]);
    }

    private static double phi(double r) {
        return Math.exp(-0.5 * r * r) / Math.sqrt(2 * Math.PI);
    }

    /**
     * The fused, blocked, parallel sweep ({@link SoftmaxSweep}, n above the parallel threshold, with a
     * ragged last block) against the textbook step written out here: a_ij = log π_j + <x_i, R^jθ>,
     * softmax with Math.exp, S_j = Σ_i w_ij x_i row by row, θ⁺ = (1/N) Σ_j (R^j)ᵀ S_j. The fused form
     * sums in blocks with partial sums and uses its own exp (within 2 ulps), so they agree to
     * rounding: 1e-14 on the responsibilities, 1e-12 relative on θ⁺ and ℓ.
     */
    @Test
    void fusedParallelSweepEqualsTheTextbookStep() {
        int d = 4;
        int n = 3 * org.emlab.core.numeric.ChunkedSums.PARALLEL_THRESHOLD + 77;
        SimplexGeometry g = new SimplexGeometry(3);
        Dataset data = Dataset.points(n, d, Gaussians.standardNormal(Rng.of(7), n, d));
        double[] theta = {0.8, -0.3, 0.5, 0.2};
        SimplexGmmEm em = sampleEngine(PI, data, theta);
        double ll = em.logLikelihood();
        double[] resp = em.responsibilities();
        em.step();
        double[] next = em.theta();

        double[][] means = new double[3][d];
        for (int j = 0; j < 3; j++) {
            g.applyR(j, theta, means[j]);
        }
        double[] x = data.x();
        double[][] sj = new double[3][d];
        double lse = 0;
        double sq = 0;
        double[] a = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += x[i * d + c] * means[j][c];
                }
                a[j] = Math.log(PI[j]) + dot;
            }
            lse += org.emlab.core.numeric.Stable.softmaxInPlace(a, 0, 3);
            for (int j = 0; j < 3; j++) {
                assertEquals(a[j], resp[i * 3 + j], 1e-14, "w_" + i + j);
                for (int c = 0; c < d; c++) {
                    sj[j][c] += a[j] * x[i * d + c];
                }
            }
            for (int c = 0; c < d; c++) {
                sq += x[i * d + c] * x[i * d + c];
            }
        }
        double th2 = 0;
        for (double v : theta) {
            th2 += v * v;
        }
        double llRef = -0.5 * d * Math.log(2 * Math.PI) - 0.5 * sq / n - 0.5 * th2 + lse / n;
        assertEquals(llRef, ll, 1e-12 * Math.abs(llRef));
        double[] expected = new double[d];
        for (int j = 0; j < 3; j++) {
            g.addRTransposed(j, sj[j], 0, 1.0 / n, expected);
        }
        for (int c = 0; c < d; c++) {
            assertEquals(expected[c], next[c], 1e-12 * (1 + Math.abs(expected[c])), "θ⁺_" + c);
        }
    }
}
