package org.emlab.core.bench;

import java.util.concurrent.TimeUnit;
import org.emlab.core.em.StepEngine;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
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
 * The general k-component MLR sample step of the mlr lab (issue 19; docs/labs/mlr.md, "Sample EM
 * update"): one fused pass over X̃ and y (responsibilities, ℓ, X̃ᵀW_jX̃, X̃ᵀW_j r_j, Σ w r², N_j; parallel
 * in fixed chunks), the k solves and σ² by the shifted form (or its second pass), from a fixed state,
 * on the lab's sample at its bench parameters (intercept, per-component σ). Compare with
 * {@code ./emlab bench --lab mlr --n 1e6 --d 10 --k 4}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MixtureRegressionKernelBench {
    @Param({"100000", "1000000"})
    public int n;

    @Param({"10"})
    public int d;

    @Param({"4"})
    public int k;

    private StepEngine em;
    private double[] state;

    @Setup(Level.Trial)
    public void setUp() {
        Lab lab = LabRegistry.get("mlr");
        em = lab.start(lab.benchParams(lab.defaults(), n, d, k), null).engine();
        for (int t = 0; t < 3; t++) {
            em.step();
        }
        state = em.state();
    }

    @Benchmark
    public double fullStep() {
        em.restore(state, 3);
        em.step();
        return em.state()[0];
    }
}
