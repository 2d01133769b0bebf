package org.emlab.core.em;

import java.util.ArrayList;
import java.util.List;

/**
 * The E/M half-step bookkeeping every EM engine shares (the contract is in {@link StepEngine}): the
 * iteration counter, the phase, the caption of the last half-step and the pending timeline events.
 * {@link #step()} completes a pending M-step or runs E then M, so a full step equals the two
 * half-steps bit for bit; a subclass implements {@link #eStep()} and {@link #mStep()} (each sets
 * {@link #phase}, {@link #caption} and, in the M-step, advances {@link #t}).
 */
public abstract class HalfStepEngine implements StepEngine {
    /** Completed iterations. */
    protected int t;
    /** Where the engine is between half-steps. */
    protected Phase phase = Phase.BEFORE_E;
    /** What the last half-step did (formatted when read, {@link StepCaption}). */
    protected final StepCaption caption = new StepCaption("initialised");
    /** Timeline events since the last {@link #drainEvents()}. */
    protected final List<String> events = new ArrayList<>();

    /** E-step: the responsibilities (posteriors) at the current parameters; the parameters do not change. */
    public abstract void eStep();

    /** M-step: the parameters from the responsibilities of the E-step; iteration t + 1. */
    public abstract void mStep();

    @Override
    public int iteration() {
        return t;
    }

    @Override
    public boolean hasHalfSteps() {
        return true;
    }

    @Override
    public Phase phase() {
        return phase;
    }

    @Override
    public void step() {
        if (phase == Phase.BEFORE_E) {
            eStep();
        }
        mStep();
    }

    @Override
    public void halfStep() {
        if (phase == Phase.BEFORE_E) {
            eStep();
        } else {
            mStep();
        }
    }

    @Override
    public String caption() {
        return caption.text();
    }

    @Override
    public List<String> drainEvents() {
        if (events.isEmpty()) {
            return List.of();
        }
        List<String> out = List.copyOf(events);
        events.clear();
        return out;
    }

    /**
     * Adds a timeline event at the current iteration that the engine did not raise itself (for example
     * which of several restarts won); before the first step it also becomes the caption.
     */
    public void note(String event) {
        events.add(event);
        if (t == 0 && phase == Phase.BEFORE_E) {
            caption.set("initialised; " + event);
        }
    }

    /** The bookkeeping of a {@link #restore}: iteration, phase before E, no pending events, caption. */
    protected void restored(int iteration) {
        t = iteration;
        phase = Phase.BEFORE_E;
        events.clear();
        caption.set("at iteration " + iteration);
    }
}
