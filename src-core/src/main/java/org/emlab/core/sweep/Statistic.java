package org.emlab.core.sweep;

import org.emlab.core.param.ValidationException;

/**
 * The kinds of statistic one sweep trial can measure from its run's trajectory (the columns a lab names
 * through {@code Lab.errorColumn()}, {@code Lab.klColumn()}, {@code Lab.stuck(...)} and
 * {@code Lab.errorFloor(...)}). A {@link Measure} is a kind applied to a column, with its tolerance.
 */
public enum Statistic {
    /** The lab's error-to-truth column at the horizon (or where the engine finished). */
    FINAL_ERROR("final_error", "final error"),
    /** The first iteration whose error-to-truth is at most ε ({@code +∞} when the horizon comes first). */
    ITERATIONS_TO_EPS("iterations_to_eps", "iterations to ε"),
    /** The lab's KL(truth ‖ fit) column at the horizon. */
    FINAL_KL("final_kl", "final KL"),
    /** 1 when the lab's stuck predicate holds at the horizon, else 0; a point reports the fraction of stuck runs. */
    STUCK("stuck", "stuck fraction"),
    /** The {@code loglik} column at the horizon. */
    FINAL_LOGLIK("final_loglik", "final log-likelihood"),
    /**
     * The first iteration t at which the parameters are within a fraction (default 0.1) of the final error from
     * the final parameters: ‖θ_t − θ_T‖ ≤ tol · err(θ_T) ("iterations to statistical accuracy" in docs/labs/mlr-clustered.md#metrics,
     * with the run's last iterate θ_T standing for θ_∞).
     */
    ITERATIONS_TO_FINAL("iterations_to_final", "iterations to within tol·err of the final iterate"),
    /** The first iteration whose error is at most a factor (default 2) times the lab's statistical floor. */
    ITERATIONS_TO_FLOOR("iterations_to_floor", "iterations to c × the statistical floor"),
    /** Any column's value at the horizon ({@code final:COLUMN}). */
    FINAL("final", "final value");

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

    /** True for the statistics that count iterations. */
    public boolean counts() {
        return this == ITERATIONS_TO_EPS || this == ITERATIONS_TO_FINAL || this == ITERATIONS_TO_FLOOR;
    }

    /** Every name, for messages. */
    public static String names() {
        StringBuilder b = new StringBuilder();
        for (Statistic s : values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(s == FINAL ? "final:COLUMN" : s.id);
        }
        return b.toString();
    }

    /** The statistic called {@code text}, or a validation error listing the valid names. */
    public static Statistic parse(String text) {
        for (Statistic s : values()) {
            if (s != FINAL && s.id.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new ValidationException("stat", "stat must be one of " + names() + " (got "
                + org.emlab.core.text.Snippet.quoted(text == null ? "" : text) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
