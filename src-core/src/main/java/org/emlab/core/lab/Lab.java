package org.emlab.core.lab;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.emlab.core.data.Dataset;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;

/**
 * A lab: the unit a user chooses. It has a fixed id (the public contract of the lab documentation's lab
 * catalogue), a title, the paper's claim in one sentence, typed parameters with one validation
 * function shared by the window and the CLI, and a factory for runs (data generator, step
 * engine, metrics and views).
 *
 * <h2>What a lab provides</h2>
 * Required: {@link #id()}, {@link #title()}, {@link #claim()}, {@link #citation()},
 * {@link #parameters()} (with a {@code seed}, and a BOOL {@code population} in group "Truth" when
 * the lab has a population mode) and {@link #start(ParamValues, Dataset)}. The run's
 * {@link org.emlab.core.em.StepEngine} gives exact {@code state()}/{@code restore()} (the timeline
 * scrubber and "continue from here" rely on it) and, for EM, separately observable half-steps
 * (see the StepEngine Javadoc for the display pattern between E and M).
 *
 * <p>Optional, each with a default that switches the feature off:
 * <ul>
 *   <li>{@link #validate(ParamValues)}: cross-field rules (call {@link Roles#validate} there, so that every
 *       probability vector is checked; the default does only that);</li>
 *   <li>{@link #repair(ParamValues)}: dependent values made consistent (the default resizes probability
 *       vectors through {@link Roles#repair});</li>
 *   <li>{@link #viewOptions(ParamValues)}: view settings such as the projection plane;</li>
 *   <li>{@link #userData()}: runs on the user's own data, and what a table becomes;</li>
 *   <li>{@link #suggestedComparison(ParamValues)}: the paper's A/B contrast, offered first by
 *       "Compare with…" (e.g. {@code pi0} 0.5 → 0.7, uniform vs DFT-valid {@code weights});</li>
 *   <li>{@link #errorColumn()} and {@link #klColumn()}: the trajectory columns behind the sweep
 *       statistics {@code final_error} / {@code iterations_to_eps} and {@code final_kl};</li>
 *   <li>{@link #stuck(ParamValues, List, double[])} with {@link #stuckRule()}: when a run counts
 *       as stuck, for the sweep statistic {@code stuck};</li>
 *   <li>{@link #theorySlope(String, String, ParamValues)}: the log-log slope the theory predicts
 *       for a sweep, drawn and printed next to the fitted one.</li>
 * </ul>
 * The paper's sweep itself ships as a preset JSON under {@code assets/presets/<lab-id>/} with a
 * {@code "sweep"} block (see {@code org.emlab.core.sweep.SweepPresets}).
 */
public interface Lab {

    /** Fixed id, e.g. {@code gmm-simplex}. */
    String id();

    /** Human title. */
    String title();

    /** The paper's claim in one sentence, shown at the top of the parameter column. */
    String claim();

    /** The source, e.g. "Assylbekov, Legg &amp; Pak, arXiv 2506.11850". */
    String citation();

    /**
     * The theory card shown beside the geometry: the claim, the paper, the key formula, what the views
     * show and what to look for, read from {@code docs/labs/<id>.md}.
     */
    default TheoryCard theory() {
        return TheoryCard.of(id());
    }

    /**
     * The id of the curve panel the paper's claim lives in (for example {@code "kl"}): the window gives
     * it the most room, lecture mode keeps it, Z maximises it. "" (the default) names the first
     * curve panel.
     */
    default String keyChart() {
        return "";
    }

    /**
     * Where a run with parameters {@code p} stops by itself (the window stops playing there, and
     * {@code ./emlab run} without {@code --iterations} ends there). Default: {@link Horizon#standard()}.
     */
    default Horizon horizon(ParamValues p) {
        return Horizon.standard();
    }

    /** Parameters in display order; {@code seed} is always among them. */
    List<ParamSpec> parameters();

    /** Every parameter at its default. */
    default ParamValues defaults() {
        return ParamValues.defaults(parameters());
    }

    /**
     * Cross-field validation (single-field ranges are checked when a value is set). Throws a
     * {@link org.emlab.core.param.ValidationException} naming the field, the value and the rule,
     * e.g. "d must be at least k - 1 = 3 (got 2)". A lab that overrides it calls
     * {@link Roles#validate(ParamValues, List)} among its own rules; the default applies only those.
     */
    default void validate(ParamValues p) {
        Roles.check(p);
    }

    /**
     * What the lab makes of a table the user opens ({@code --data FILE}, File → Open data…): its
     * shape and the parameters that receive the source, the columns and k. Empty (the default) when
     * the lab runs only on data from its own truth.
     */
    default Optional<UserDataSpec> userData() {
        return Optional.empty();
    }

    /** True when the lab can run on the user's own data: it has a {@link #userData()} spec. */
    default boolean acceptsUserData() {
        return userData().isPresent();
    }

    /**
     * Creates a run: generates (or takes) the data with the run's seed and initialises the engine.
     * Validates first. May take a while for large n: call it off the UI thread.
     *
     * @param params   validated parameters
     * @param userData the user's data set, or null to generate from the lab's truth
     */
    LabRun start(ParamValues params, Dataset userData);

    /**
     * Parameters for a benchmark of the sample-EM step at size (n, d, k), or null when the lab has no
     * sample-EM step of that shape (for example an online algorithm). The default sets the parameters
     * called {@code n}, {@code d} and {@code k} where the lab has them (and turns population mode off).
     */
    default ParamValues benchParams(ParamValues base, int n, int d, int k) {
        ParamValues p = base;
        if (!p.has("n")) {
            return null;
        }
        p = p.with("n", Integer.toString(n));
        if (p.has("d")) {
            p = p.with("d", Integer.toString(d));
        }
        if (p.has("k")) {
            p = p.with("k", Integer.toString(k));
        }
        if (p.has("population")) {
            p = p.with("population", "false");
        }
        return p;
    }

    /**
     * Why {@link #benchParams} returns null for size (n, d, k): one phrase that {@code ./emlab bench}
     * prints instead of a time, e.g. "online estimator: no batch sample-EM step".
     */
    default String noBenchReason(int n, int d, int k) {
        return "no sample-EM step of this size";
    }

    /**
     * Makes dependent parameters consistent after others changed, without touching what the user
     * chose on purpose: for example a weights vector whose length no longer matches k is replaced by
     * its role's fill of the right length ({@link Roles#repair}, which is the default). Used by the fuzz
     * tests and benchmarks.
     */
    default ParamValues repair(ParamValues p) {
        return Roles.repair(p);
    }

    /**
     * Bytes a run with these parameters allocates (data, work buffers, population grids, history),
     * or 0 when unknown. {@link SizeGuard} uses it to refuse a run that would not fit the heap, and to
     * suggest the largest {@code n} that does.
     */
    default long estimateBytes(ParamValues p) {
        return 0;
    }

    /**
     * The parameters that have no effect with these values, each with the reason, e.g. {@code n}:
     * "not used in population mode". The window dims them (they stay editable). None by default.
     */
    default java.util.Map<String, String> unused(ParamValues p) {
        return java.util.Map.of();
    }

    /** The view settings this lab offers for these parameters (e.g. the projection when d &gt; 2); none by default. */
    default List<ViewOption> viewOptions(ParamValues p) {
        return List.of();
    }

    // ---- exploration hooks (A/B comparison, sweeps); every default switches the feature off ----

    /**
     * The paper's A/B contrast for a run with parameters {@code current}: which parameter B
     * changes, to what, and a one-line description, e.g. {@code ("pi0", "0.7", "balanced vs
     * unbalanced initial weights")}. "Compare with…" offers it first. The value may depend on
     * {@code current} (uniform weights need k entries). Default: none.
     */
    default Optional<Contrast> suggestedComparison(ParamValues current) {
        return Optional.empty();
    }

    /**
     * The trajectory column holding the distance to the truth (for example {@code error} or
     * {@code radius}), used by the sweep statistics {@code final_error} and
     * {@code iterations_to_eps}. Default: none (those statistics are then unavailable).
     */
    default Optional<String> errorColumn() {
        return Optional.empty();
    }

    /** The trajectory column holding KL(truth ‖ fit), for the sweep statistic {@code final_kl}. Default: none. */
    default Optional<String> klColumn() {
        return Optional.empty();
    }

    /**
     * True when a run with parameters {@code p} whose last trajectory row is {@code finalRow}
     * (named by {@code columns}) got stuck, e.g. in a spurious local optimum. Used by the sweep
     * statistic {@code stuck} (the fraction of stuck runs). Default: never stuck.
     */
    default boolean stuck(ParamValues p, List<String> columns, double[] finalRow) {
        return false;
    }

    /**
     * The statistical floor of the {@link #errorColumn()} for a run with parameters {@code p}: the accuracy
     * sample EM can reach, up to a constant (for example σ sqrt(d/(mn))), used by the sweep statistic
     * {@code iterations_to_floor}. Default: none.
     */
    default OptionalDouble errorFloor(ParamValues p) {
        return OptionalDouble.empty();
    }

    /** One sentence saying when {@link #stuck} is true, or "" when the lab defines no predicate. */
    default String stuckRule() {
        return "";
    }

    /**
     * The log-log slope the theory predicts for a sweep of statistic {@code stat} (a sweep
     * statistic id: {@code final_error}, {@code iterations_to_eps}, {@code final_kl}) against the
     * parameter {@code varied}, with the other parameters at {@code p}; empty when the theory says
     * nothing. Example: gmm-simplex, sample mode, {@code final_kl} against {@code n}: −1.
     */
    default OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        return OptionalDouble.empty();
    }

    /**
     * An A/B contrast: run B equals run A except that parameter {@code param} is {@code value}
     * (the text the CLI takes).
     *
     * @param param name of the parameter B changes
     * @param value B's value, as text
     * @param label what the contrast shows, one line (e.g. "DFT-valid vs uniform weights")
     */
    record Contrast(String param, String value, String label) {
    }

    /** A selectable view setting, e.g. the projection plane when d &gt; 2. */
    record ViewOption(String name, String label, List<String> choices, String defaultChoice) {
    }
}
