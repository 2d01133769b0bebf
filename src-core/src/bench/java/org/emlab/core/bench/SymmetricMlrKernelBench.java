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
 * The symmetric MLR sample step of mlr-overspec (issue 19; docs/labs/mlr-overspec.md, "Sample EM
 * update"): one fused pass over X and y (posteriors, ℓ and the M-step sums; parallel in fixed chunks)
 * and the solve, from a fixed state, on the lab's sample at its bench parameters. Compare with
 * {@code ./emlab bench --lab mlr-overspec --bandwidth}, which also measures the read floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SymmetricMlrKernelBench {
    @Param({"100000", "1000000"})
    public int n;

    @Param({"2", "10"})
    public int d;

    private StepEngine em;
    private double[] state;

    @Setup(Level.Trial)
    public void setUp() {
        Lab lab = LabRegistry.get("mlr-overspec");
        em = lab.start(lab.benchParams(lab.defaults(), n, d, 2), null).engine();
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
