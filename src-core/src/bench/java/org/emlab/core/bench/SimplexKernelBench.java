package org.emlab.core.bench;

import java.util.concurrent.TimeUnit;
import org.emlab.core.data.Dataset;
import org.emlab.core.data.Gaussians;
import org.emlab.core.data.Rng;
import org.emlab.core.em.SimplexGmmEm;
import org.emlab.core.em.SimplexPopulation;
import org.emlab.core.model.SimplexGeometry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Kernels of the simplex GMM lab (arXiv 2506.11850): the E-step sweep (responsibilities, ℓ and the
 * M-step sums in one pass), the M-step, the full step, and the population map and KL on their
 * quadrature grids. Fixed seed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimplexKernelBench {
    @Param({"10000", "100000", "1000000"})
    public int n;

    @Param({"2", "10"})
    public int d;

    @Param({"3", "4"})
    public int k;

    private SimplexGmmEm em;
    private SimplexPopulation pop;
    private double[] theta;
    private double[] popTheta;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        double[] pi = new double[k];
        double total = k * (k + 1) / 2.0;
        for (int j = 0; j < k; j++) {
            pi[j] = (k - j) / total;
        }
        SimplexGeometry g = new SimplexGeometry(k);
        pop = new SimplexPopulation(g, pi);
        Dataset data = Dataset.points(n, d, Gaussians.standardNormal(Rng.of(42), n, d));
        theta = g.simplexTheta(1.0, d);
        popTheta = g.simplexTheta(1.0, d);
        out = new double[d];
        em = new SimplexGmmEm(g, pi, data, theta, pop);
    }

    @Benchmark
    public double eStep() {
        em.restore(theta, 0);
        em.eStep();
        return em.logLikelihood();
    }

    @Benchmark
    public double fullStep() {
        em.restore(theta, 0);
        em.step();
        return em.theta()[0];
    }

    @Benchmark
    public double populationMap() {
        pop.map(popTheta, out);
        return out[0];
    }

    @Benchmark
    public double populationKl() {
        return pop.kl(popTheta);
    }
}
