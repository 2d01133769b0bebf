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
 *
 * <h2>Exact state</h2>
 * {@link #state()} at an iteration boundary holds everything the continuation depends on, so that
 * {@code restore(state, t)} followed by {@code row()} gives the recorded row bit for bit and
 * further steps reproduce the original future bit for bit. The timeline scrubber, "continue from
 * here", reset and A/B comparison rely on it (checked for every lab by {@code LabContractTest}).
 *
 * <h2>Half-steps (EM engines)</h2>
 * An EM engine returns true from {@link #hasHalfSteps()} and splits {@link #step()} into an
 * E-step and an M-step, so a lecturer can show them apart:
 * <ol>
 *   <li>{@link #halfStep()} from {@link Phase#BEFORE_E} runs the E-step only: the
 *       responsibilities at the current parameters θ_t are recomputed; the parameters (and so
 *       every parameter column of {@link #row(double[])}) are unchanged; {@link #phase()} becomes
 *       {@link Phase#AFTER_E}; {@link #iteration()} is unchanged; {@link #caption()} says
 *       "E-step: …".</li>
 *   <li>{@link #halfStep()} from {@link Phase#AFTER_E} runs the M-step from those
 *       responsibilities: θ_{t+1}, iteration t+1, phase {@link Phase#BEFORE_E}, caption
 *       "M-step: …".</li>
 *   <li>E then M equals {@link #step()} bit for bit (rows and state), and {@link #step()} in
 *       {@link Phase#AFTER_E} completes the pending M-step.</li>
 * </ol>
 * Display pattern (follow {@code SimplexGmmEm.shownResponsibilities()}): the engine keeps the
 * responsibilities of its latest E-step in a buffer the figure builder reads, separate from the
 * one a later sweep writes. Between E and M the geometry therefore shows the <em>new</em>
 * responsibilities (point colours) with the <em>old</em> parameters (means, lines); after the
 * M-step it shows the new parameters with the colours that produced them, until the next E-step.
 * After {@link #restore} there is no E-step to show (the accessor returns null and the data are
 * drawn uncoloured). The window prints {@link #caption()} in its caption line.
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
     * as in the lab catalogue of docs/labs.
     */
    List<String> columns();

    /** Number of leading metric columns in {@link #columns()}. */
    int metricCount();

    /** Completed iterations ({@code 0} before the first step). */
    int iteration();

    /** One full iteration (completes a pending half-step first). */
    void step();

    /**
     * The arrays holding x that a sample step streams through, in the order it reads them, when it reads a
     * copy of x in another layout than its dataset's row-major array (for example in tiles), or null: what
     * {@code ./emlab bench} times one read of as the step's floor. The caller must not modify them.
     */
    default double[][] streamedData() {
        return null;
    }

    /** True when the algorithm is EM with separately observable E and M half-steps. */
    default boolean hasHalfSteps() {
        return false;
    }

    /** Where the engine is between half-steps. */
    default Phase phase() {
        return Phase.BEFORE_E;
    }

    /**
     * The names of the two half-steps, which also begin their captions: "E-step" (new
     * responsibilities, parameters unchanged) and "M-step" for exact EM. Other algorithms name
     * theirs (gradient EM: "weight step", which moves the weights, then "mean step").
     */
    default List<String> halfStepNames() {
        return List.of("E-step", "M-step");
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
     * to the {@link org.emlab.core.trajectory.History} as events; {@link #restore} discards pending ones.
     */
    default List<String> drainEvents() {
        return List.of();
    }

    /**
     * True when what a run shows at an iteration follows from its recorded history, its state and its last step
     * alone: {@link #restore} to the state before a step, then {@link #step()}, and the figure built from the
     * history so far is the one the run showed after that step (display buffers such as the responsibilities of the
     * last E-step are the step's). An animation then draws a frame that way instead of stepping a run from the start
     * ({@code headless.Animation}). False for an engine that keeps display records of its own across steps (the
     * recursive estimator's trace and recent samples, an A/B pair's histories).
     */
    default boolean restoresDisplay() {
        return true;
    }

    /** True when further steps would change nothing or are impossible (horizon reached, rounding floor). */
    default boolean finished() {
        return false;
    }

    /**
     * Why the engine is {@link #finished()}, in one line without a final period, e.g. "component 2
     * collapsed onto 3 points: its covariance is singular (π = 0.02)"; "" while it is not finished. The
     * run loop shows it in the window's status line, {@code ./emlab run} prints it on stderr when the run
     * ends before its horizon, and the engine also reports it as a timeline event.
     */
    default String finishedReason() {
        return "";
    }
}
