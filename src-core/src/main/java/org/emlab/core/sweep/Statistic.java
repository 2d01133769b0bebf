package org.emlab.core.sweep;

import org.emlab.core.param.ValidationException;

/**
 * What one sweep trial measures, from the run's trajectory (the columns a lab names through
 * {@code Lab.errorColumn()}, {@code Lab.klColumn()} and {@code Lab.stuck(...)}).
 */
public enum Statistic {
    /** The lab's error-to-truth column at the horizon (or where the engine finished). */
    FINAL_ERROR("final_error", "final error"),
    /** The first iteration whose error-to-truth is at most ε ({@code +∞} when the horizon comes first). */
    ITERATIONS_TO_EPS("iterations_to_eps", "iterations to ε"),
    /** The lab's KL(truth ‖ fit) column at the horizon. */
    FINAL_KL("final_kl", "final KL"),
    /** 1 when the lab's stuck predicate holds at the horizon, else 0; a point reports the fraction of stuck runs. */
    STUCK("stuck", "stuck fraction");

    private final String id;
    private final String label;

    Statistic(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name used by the CLI, presets and CSV headers. */
    public String id() {
        return id;
    }

    /** Human label for plots. */
    public String label() {
        return label;
    }

    /** True when a point aggregates its trials as a fraction (mean of 0/1) rather than a median. */
    public boolean fraction() {
        return this == STUCK;
    }

    /** The statistic called {@code text}, or a validation error listing the valid names. */
    public static Statistic parse(String text) {
        for (Statistic s : values()) {
            if (s.id.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new ValidationException("stat", "stat must be one of final_error, iterations_to_eps, final_kl, stuck (got "
                + org.emlab.core.text.Snippet.quoted(text == null ? "" : text) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
