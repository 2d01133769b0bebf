package org.emlab.core.em;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The acceptance rule that keeps a floored EM monotone (shared by {@link GaussianMixtureEm} and
 * {@link MixtureRegressionEm}). MODELS.md's floored M-step ({@code Σ = S + εI}, {@code σ² = s² + ε})
 * maximises a smoothed objective, not ℓ, so it can lower ℓ. It is kept unless it lowers ℓ by more
 * than {@link #ACCEPT_TOLERANCE}{@code ·(1 + |ℓ|)}; then the exact M-step constrained to the floor
 * ({@code Σ ⪰ εI}, {@code σ² ≥ ε}), a generalised EM step that cannot lower ℓ, replaces it. If even
 * that falls beyond rounding (ill-conditioned covariances or least squares), the old parameters are
 * kept and the run stops ({@link #stalled()}).
 *
 * <p>Timeline events: the replacement is said once per stretch of consecutive safeguarded steps, the
 * stop once. The stop is remembered by iteration, so scrubbing back and returning to the live end
 * keeps a stopped run finished.
 */
final class FloorSafeguard {
    /** A textbook M-step is kept unless it lowers ℓ by more than this times {@code 1 + |ℓ|} (rounding). */
    static final double ACCEPT_TOLERANCE = 1e-13;

    /** What the last M-step was. */
    enum Outcome { TEXTBOOK, CONSTRAINED, STALLED }

    /**
     * The words of the events: the constraint ("Σ ⪰ εI"), the floor ("covariance floor") and why a
     * constrained step can still fall ("rounding: ill-conditioned covariances").
     */
    record Words(String constraint, String floor, String stallCause) {
    }

    private final Words words;
    private boolean lastConstrained;
    private boolean stalled;
    private int stalledAt = -1;

    FloorSafeguard(Words words) {
        this.words = words;
    }

    /**
     * Judges the textbook M-step just taken.
     *
     * @param llOld       ℓ before the step
     * @param llTextbook  ℓ after the textbook step (already applied)
     * @param constrained applies the constrained M-step and returns its ℓ
     * @param revert      puts the old parameters back (and re-evaluates)
     * @param iteration   the iteration the step produced
     * @param dropped     collapse events of this step (said when the textbook step is kept)
     * @param events      where the events go
     */
    Outcome judge(double llOld, double llTextbook, DoubleSupplier constrained, Runnable revert, int iteration,
                  List<String> dropped, List<String> events) {
        double tolerance = ACCEPT_TOLERANCE * (1 + Math.abs(llOld));
        if (llTextbook >= llOld - tolerance) {
            events.addAll(dropped);
            lastConstrained = false;
            return Outcome.TEXTBOOK;
        }
        double llConstrained = constrained.getAsDouble();
        if (!lastConstrained) { // once per stretch of consecutive safeguarded steps, not every iteration
            events.add(String.format(Locale.ROOT, "the textbook M-step%s would have lowered ℓ by %.3g: "
                    + "constrained M-step (%s) instead", dropped.isEmpty() ? " (" + words.floor() + ")" : " (with a drop)",
                    llOld - llTextbook, words.constraint()));
        }
        lastConstrained = true;
        if (llConstrained >= llOld - tolerance) {
            return Outcome.CONSTRAINED;
        }
        // impossible in exact arithmetic: ill-conditioning or the rounding of ℓ defeat the step
        events.add(String.format(Locale.ROOT, "the constrained M-step too lowered ℓ by %.3g (%s) — parameters kept, "
                + "EM stops here", llOld - llConstrained, words.stallCause()));
        revert.run();
        stalled = true;
        stalledAt = iteration;
        return Outcome.STALLED;
    }

    /** True once neither step could raise ℓ beyond its rounding: the run is finished. */
    boolean stalled() {
        return stalled;
    }

    /** After a restore to {@code iteration}: finished again only at the iteration where the run stopped. */
    void restored(int iteration) {
        stalled = iteration == stalledAt;
        lastConstrained = false; // its event is said again if the stretch resumes
    }
}
