package org.emlab.core.lab;

import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;

/**
 * A lab: the unit a user chooses. It has a fixed id (the public contract of MODELS.md's lab
 * catalogue), a title, the paper's claim in one sentence, typed parameters with one validation
 * function shared by the window and the CLI, and a factory for runs (data generator, step
 * engine, metrics and views).
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

    /** Parameters in display order; {@code seed} is always among them. */
    List<ParamSpec> parameters();

    /** Every parameter at its default. */
    default ParamValues defaults() {
        return ParamValues.defaults(parameters());
    }

    /**
     * Cross-field validation (single-field ranges are checked when a value is set). Throws a
     * {@link org.emlab.core.param.ValidationException} naming the field, the value and the rule,
     * e.g. "d must be at least k - 1 = 3 (got 2)".
     */
    default void validate(ParamValues p) {
    }

    /** True when the lab can run on the user's own data ({@code --data FILE}). */
    default boolean acceptsUserData() {
        return false;
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
     * Makes dependent parameters consistent after others changed, without touching what the user
     * chose on purpose: for example a weights vector whose length no longer matches k is replaced by
     * a default of the right length. The default changes nothing. Used by the fuzz tests and presets.
     */
    default ParamValues repair(ParamValues p) {
        return p;
    }

    /**
     * Bytes a run with these parameters allocates (data, work buffers, population grids, history),
     * or 0 when unknown. {@link SizeGuard} uses it to refuse a run that would not fit the heap, and to
     * suggest the largest {@code n} that does.
     */
    default long estimateBytes(ParamValues p) {
        return 0;
    }

    /** The view settings this lab offers for these parameters (e.g. the projection when d &gt; 2); none by default. */
    default List<ViewOption> viewOptions(ParamValues p) {
        return List.of();
    }

    /** A selectable view setting, e.g. the projection plane when d &gt; 2. */
    record ViewOption(String name, String label, List<String> choices, String defaultChoice) {
    }
}
