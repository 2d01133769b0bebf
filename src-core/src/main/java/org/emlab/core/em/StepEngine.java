package org.emlab.core.em;

import java.util.List;

/**
 * An algorithm as a step engine: it is initialised by its constructor, advances one iteration at a
 * time with {@link #step()}, and exposes its state as one trajectory row. Sample (finite-n) and
 * population (infinite-n) versions implement the same interface. Convergence is a separate policy
 * ({@link #finished()} only says that stepping further is pointless or impossible).
 *
 * <p>An engine is single-threaded: it is owned by exactly one compute thread, and nothing else
 * reads its buffers. Readers get copies through {@link #row(double[])} and {@link #state()}.
 */
public interface StepEngine {

    /** The half-step position of an EM engine. */
    enum Phase {
        /** Between iterations: the next half-step is an E-step. */
        BEFORE_E,
        /** The E-step of iteration t+1 has run (responsibilities are new, parameters old). */
        AFTER_E
    }

    /**
     * Names of the trajectory columns that follow {@code iter}: metrics first (e.g. {@code kl},
     * {@code loglik}), then every parameter flattened ({@code pi_1}, {@code mu_1_1}, ...), exactly
     * as in the lab catalogue of MODELS.md.
     */
    List<String> columns();

    /** Number of leading metric columns in {@link #columns()}. */
    int metricCount();

    /** Completed iterations ({@code 0} before the first step). */
    int iteration();

    /** One full iteration (completes a pending half-step first). */
    void step();

    /** True when the algorithm is EM with separately observable E and M half-steps. */
    default boolean hasHalfSteps() {
        return false;
    }

    /** Where the engine is between half-steps. */
    default Phase phase() {
        return Phase.BEFORE_E;
    }

    /** Runs the next half-step (E, or M when an E-step is pending). Engines without half-steps take a full step. */
    default void halfStep() {
        step();
    }

    /** Writes the current trajectory row (metrics then parameters, without {@code iter}) into {@code out}. */
    void row(double[] out);

    /** A copy of everything needed to continue the run from here. */
    double[] state();

    /** Restores a state from {@link #state()} recorded at {@code iteration}. */
    void restore(double[] state, int iteration);

    /** What the last step did, for the caption line ("M-step: means moved by 0.031"). */
    default String caption() {
        return "";
    }

    /**
     * The trajectory column that never decreases from one full iteration to the next (the
     * log-likelihood of an exact EM algorithm), or null when the algorithm makes no such promise
     * (gradient EM, online recursions). Tests check it with tolerance {@code 1e-12 (1 + |ℓ|)}.
     */
    default String monotoneColumn() {
        return null;
    }

    /**
     * Timeline events since the last call, e.g. "component 7 pruned", each belonging to the
     * current iteration. The run loop drains them whenever it records an iteration and adds them
     * to the {@link org.emlab.core.run.History} as events; {@link #restore} discards pending ones.
     */
    default List<String> drainEvents() {
        return List.of();
    }

    /** True when further steps would change nothing or are impossible (horizon reached, rounding floor). */
    default boolean finished() {
        return false;
    }
}
