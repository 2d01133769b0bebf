package org.emlab.core.bench;

import java.util.concurrent.TimeUnit;
import org.emlab.core.em.OverparamGradientEm;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
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
 * gmm-overparam's step kernel (issue 19; docs/labs/gmm-overparam.md, "Population update") at the lab's
 * defaults: the population rule (the per-component lattice, refined at the start; 24 441 points × 12
 * components) or a sample of N = 10⁴. {@code step}: one outer iteration from a fixed state (the factors
 * filled, up to 30 inner weight passes, the full pass, the mean step); {@code row}: the metrics and error
 * estimates a run computes at every iteration (its full pass for the next step and the check pass).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OverparamKernelBench {
    @Param({"true", "false"})
    public boolean population;

    private OverparamGradientEm em;
    private double[] state;
    private double[] row;

    @Setup(Level.Trial)
    public void setUp() {
        Lab lab = LabRegistry.get("gmm-overparam");
        ParamValues p = lab.defaults().with("population", Boolean.toString(population));
        em = (OverparamGradientEm) lab.start(p, null).engine();
        for (int t = 0; t < 5; t++) {
            em.step();
        }
        state = em.state();
        row = new double[em.columns().size()];
    }

    @Benchmark
    public double step() {
        em.restore(state, 5);
        em.step();
        return em.weights()[0];
    }

    @Benchmark
    public double row() {
        em.restore(state, 5);
        em.row(row);
        return row[0];
    }
}
