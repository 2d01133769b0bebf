package org.emlab.core.em;

import java.util.List;
import java.util.Locale;

/**
 * The stop rule of the floored exact EM engines ({@link GaussianMixtureEm}, {@link MixtureRegressionEm};
 * docs/labs/gmm.md and docs/labs/mlr.md, "Sample EM update"). Their M-step is the exact M-step of EM
 * constrained to the floor ({@code Σ_j ⪰ εI}, {@code σ_j² ≥ ε}: the scatter's eigenvalues clamped at ε
 * only where they fall below it), a generalised EM step that cannot lower ℓ in exact arithmetic. This
 * class remembers why a run had to stop early, and when:
 * <ul>
 *   <li>{@link #judge}: if the step nevertheless lowered ℓ by more than
 *       {@link #ACCEPT_TOLERANCE}{@code ·(1 + |ℓ|)} plus the engine's rounding slack (rounding, with covariances or least squares so
 *       ill-conditioned that ℓ is not resolved), the old parameters are put back and the run stops;</li>
 *   <li>{@link #stop}: the engine found the update undefined (a covariance or variance that is singular
 *       with the floor at 0) and stops with that reason.</li>
 * </ul>
 * Each stop adds one timeline event and is remembered by iteration, so scrubbing back and returning to
 * the live end keeps a stopped run finished with the same reason.
 */
final class FloorSafeguard {
    /** A step is accepted unless it lowers ℓ by more than this times {@code 1 + |ℓ|} (rounding). */
    static final double ACCEPT_TOLERANCE = 1e-13;

    private final String stallCause;
    private String reason = "";
    private String stoppedReason = "";
    private int stoppedAt = -1;

    /** @param stallCause why ℓ can fall in floating point ("rounding: ill-conditioned covariances") */
    FloorSafeguard(String stallCause) {
        this.stallCause = stallCause;
    }

    /**
     * Judges the M-step just applied: true when it is kept. Otherwise {@code revert} puts the old
     * parameters back, an event says so, and the run stops. {@code slack} widens the tolerance by the
     * engine's own bound on the rounding of ℓ (ill-conditioned covariances at the floor, see
     * {@link GaussianMixtureEm}).
     */
    boolean judge(double llOld, double llNew, double slack, Runnable revert, int iteration, List<String> events) {
        double tolerance = ACCEPT_TOLERANCE * (1 + Math.abs(llOld)) + slack;
        if (llNew >= llOld - tolerance) {
            return true;
        }
        revert.run();
        stop(iteration, String.format(Locale.ROOT, "the M-step lowered ℓ by %.3g (%s); parameters kept",
                llOld - llNew, stallCause), events);
        return false;
    }

    /** Stops the run at {@code iteration} with {@code why} (one event). */
    void stop(int iteration, String why, List<String> events) {
        reason = why;
        stoppedReason = why;
        stoppedAt = iteration;
        events.add("EM stopped: " + why);
    }

    /** True once the run has stopped. */
    boolean stopped() {
        return !reason.isEmpty();
    }

    /** Why the run stopped, or "" while it runs. */
    String reason() {
        return reason;
    }

    /** After a restore to {@code iteration}: stopped again only at the iteration where the run stopped. */
    void restored(int iteration) {
        reason = iteration == stoppedAt ? stoppedReason : "";
    }
}
