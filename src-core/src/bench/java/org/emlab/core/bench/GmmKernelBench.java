package org.emlab.core.bench;

import java.util.concurrent.TimeUnit;
import org.emlab.core.em.GaussianMixtureEm;
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
 * The gmm lab's sample step with full and diagonal covariances (issue 19; docs/labs/gmm.md, "Sample EM
 * update"), d = 10, k = 4, on the lab's sample at its bench parameters, from a fixed state after three
 * iterations. {@code eStep}: one fused sweep (responsibilities, ℓ and every M-step sum; parallel in fixed
 * chunks); {@code step}: a whole iteration from a restored state, i.e. that sweep, the M-step and the sweep
 * at the new parameters (which a run reuses as the next E-step, so a running iteration costs about one
 * sweep: compare {@code ./emlab bench --lab gmm --d 10 --k 4 --set covariance=full}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GmmKernelBench {
    @Param({"100000", "1000000"})
    public int n;

    @Param({"full", "diag"})
    public String covariance;

    private GaussianMixtureEm em;
    private double[] state;

    @Setup(Level.Trial)
    public void setUp() {
        Lab lab = LabRegistry.get("gmm");
        ParamValues p = lab.benchParams(lab.defaults(), n, 10, 4).with("covariance", covariance);
        em = (GaussianMixtureEm) lab.start(p, null).engine();
        for (int t = 0; t < 3; t++) {
            em.step();
        }
        state = em.state();
    }

    @Benchmark
    public double eStep() {
        em.restore(state, 3);
        em.eStep();
        return em.logLikelihood();
    }

    @Benchmark
    public double step() {
        em.restore(state, 3);
        em.step();
        return em.state()[0];
    }
}
