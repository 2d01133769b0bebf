package org.emlab.core.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.emlab.core.data.Dataset;
import org.emlab.core.figure.Ink;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.lab.UserDataSpec;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.view.CurvePanels;

/**
 * An A/B comparison seen as a lab: its parameters are those of run A (the base lab's, edited in
 * the usual form), and every start creates a {@link PairedRun} of A and of B, where B equals A
 * except for one parameter. Both runs use the same seed, hence the same data whenever the changed
 * parameter does not enter the data generator (initial weights, the fitted model's weights,
 * number of components, variant); when it is {@code population}, the population side simply has
 * no sample.
 *
 * <p>Because it is a {@link Lab} whose runs are ordinary {@link LabRun}s, the compute thread runs
 * both engines in lockstep with every transport command (play, step, half-step, scrub, reset,
 * continue from here) and no change to the run loop. Its {@link #id()} is the base lab's.
 *
 * <p>A comparison either fixes B's value, or follows the base lab's
 * {@link Lab#suggestedComparison(ParamValues) suggested contrast} for the current A (so that B's
 * uniform weights keep k entries when A's k changes).
 */
public final class ComparisonLab implements Lab {
    /** Palette colour of run A in curve panels. */
    public static final int COLOR_A = 0;
    /** Palette colour of run B in curve panels (the second palette colour). */
    public static final int COLOR_B = 1;

    private final Lab base;
    private final Contrast fixed;
    private final boolean followSuggestion;

    private ComparisonLab(Lab base, Contrast fixed, boolean followSuggestion) {
        this.base = base;
        this.fixed = fixed;
        this.followSuggestion = followSuggestion;
    }

    /** B = A with {@code param} set to {@code value} (text, as the CLI takes it). */
    public static ComparisonLab of(Lab base, String param, String value) {
        base.defaults().spec(param); // unknown names fail here, naming the parameter
        if ("seed".equals(param)) {
            throw new ValidationException("seed", "an A/B comparison keeps the seed (and so the data) the same; "
                    + "choose another parameter than seed");
        }
        return new ComparisonLab(base, new Contrast(param, value, ""), false);
    }

    /** The base lab's suggested contrast, re-derived for every A; fails when the lab suggests none. */
    public static ComparisonLab suggested(Lab base, ParamValues a) {
        Contrast c = base.suggestedComparison(a).orElseThrow(() -> new ValidationException("compare",
                "lab " + base.id() + " suggests no comparison; choose a parameter and a value"));
        return new ComparisonLab(base, c, true);
    }

    /** The lab being compared. */
    public Lab base() {
        return base;
    }

    /** True when B follows the lab's suggested contrast. */
    public boolean followsSuggestion() {
        return followSuggestion;
    }

    /** The contrast for run A's parameters {@code a}. */
    public Contrast contrast(ParamValues a) {
        if (followSuggestion) {
            return base.suggestedComparison(a).orElse(fixed);
        }
        return fixed;
    }

    /** Run B's parameters: {@code a} with the contrast's parameter changed (range-checked, not cross-validated). */
    public ParamValues paramsB(ParamValues a) {
        Contrast c = contrast(a);
        try {
            return a.with(c.param(), c.value());
        } catch (ValidationException e) {
            throw prefixed(e, c.param());
        }
    }

    @Override
    public String id() {
        return base.id();
    }

    @Override
    public String title() {
        return base.title();
    }

    @Override
    public String claim() {
        return base.claim();
    }

    @Override
    public String citation() {
        return base.citation();
    }

    @Override
    public List<ParamSpec> parameters() {
        return base.parameters();
    }

    /** Validates A, then B; B's errors are reported on the compared parameter, prefixed "B: ". */
    @Override
    public void validate(ParamValues a) {
        base.validate(a);
        ParamValues b = paramsB(a);
        try {
            base.validate(b);
        } catch (ValidationException e) {
            throw prefixed(e, contrast(a).param());
        }
    }

    private static ValidationException prefixed(ValidationException e, String param) {
        List<FieldError> errs = new ArrayList<>();
        for (FieldError f : e.errors()) {
            errs.add(new FieldError(param, "B: " + f.message()));
        }
        return new ValidationException(errs);
    }

    @Override
    public Optional<UserDataSpec> userData() {
        return base.userData();
    }

    @Override
    public LabRun start(ParamValues a, Dataset userData) {
        validate(a);
        ParamValues b = paramsB(a);
        Names n = names(a);
        LabRun runA = base.start(a, userData);
        LabRun runB = base.start(b, userData);
        return new PairedRun(this, runA, runB, n.nameA(), n.nameB(), n.label());
    }

    /**
     * What the runs are called: "A: π₀ = 0.5", "B: π₀ = 0.7", and the comparison's label.
     *
     * @param nameA legend name of run A
     * @param nameB legend name of run B
     * @param label what the comparison shows
     */
    public record Names(String nameA, String nameB, String label) {
    }

    /** The names of the runs for run A's parameters {@code a} (what {@link #start} gives the {@link PairedRun}). */
    public Names names(ParamValues a) {
        ParamValues b = paramsB(a);
        Contrast c = contrast(a);
        String label = c.label() == null || c.label().isBlank() ? describe(a, c.param()) + " vs " + describe(b, c.param())
                : c.label();
        return new Names("A: " + describe(a, c.param()), "B: " + describe(b, c.param()), label);
    }

    @Override
    public String keyChart() {
        return base.keyChart();
    }

    @Override
    public org.emlab.core.lab.Horizon horizon(ParamValues a) {
        return base.horizon(a);
    }

    @Override
    public List<ViewOption> viewOptions(ParamValues p) {
        return base.viewOptions(p);
    }

    @Override
    public Optional<Contrast> suggestedComparison(ParamValues current) {
        return base.suggestedComparison(current);
    }

    @Override
    public Optional<String> errorColumn() {
        return base.errorColumn();
    }

    @Override
    public Optional<String> klColumn() {
        return base.klColumn();
    }

    @Override
    public boolean stuck(ParamValues p, List<String> columns, double[] finalRow) {
        return base.stuck(p, columns, finalRow);
    }

    @Override
    public String stuckRule() {
        return base.stuckRule();
    }

    @Override
    public OptionalDouble theorySlope(String varied, String stat, ParamValues p) {
        return base.theorySlope(varied, stat, p);
    }

    /**
     * What a run's value of {@code param} is, for legends: "π₀ = 0.5", "weights π = 0.5, 0.3, 0.2",
     * "weights π = 1/3 each",
     * "population (n = ∞)" or "sample, n = 10000".
     */
    private static boolean uniform(double[] v) {
        if (v.length < 2) {
            return false;
        }
        for (double x : v) {
            if (!(Math.abs(x - v[0]) <= 1e-12 * Math.max(1, Math.abs(v[0])))) {
                return false;
            }
        }
        return true;
    }

    public static String describe(ParamValues p, String param) {
        ParamSpec s = p.spec(param);
        if ("population".equals(param)) {
            return p.getBool(param) ? "population (n = ∞)" : p.has("n") ? "sample, n = " + p.text("n") : "sample";
        }
        String value;
        if (s.type() == ParamType.VECTOR && uniform(p.getVector(param))) {
            // a legend says "weights π = 1/3 each", not "0.3333, 0.3333, 0.3333"
            double[] v = p.getVector(param);
            value = Math.abs(v[0] * v.length - 1) < 1e-9 ? "1/" + v.length + " each" : CurvePanels.num(v[0]) + " each";
        } else if (s.type() == ParamType.VECTOR) {
            double[] v = p.getVector(param);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(CurvePanels.num(v[i]));
            }
            value = b.toString();
        } else if (s.type() == ParamType.REAL) {
            double v = p.getDouble(param);
            value = Double.isNaN(v) ? "auto" : CurvePanels.num(v);
        } else if (s.type() == ParamType.BOOL) {
            value = p.getBool(param) ? "on" : "off";
        } else {
            value = p.text(param);
        }
        return s.label() + " = " + value;
    }

    /** The ink of run A ({@code b == false}) or B for a layer drawn with {@code ink} in a single run. */
    static Ink restyle(Ink ink, boolean b) {
        if (!b) {
            return ink.withColor(COLOR_A);
        }
        Ink.Dash d = switch (ink.dash()) {
            case SOLID -> Ink.Dash.DASHED;
            case DASHED -> Ink.Dash.DASH_DOT;
            default -> Ink.Dash.DOTTED;
        };
        return ink.withColor(COLOR_B).withDash(d);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "compare %s: %s", base.id(), followSuggestion ? "suggested" : fixed.param()
                + "=" + fixed.value());
    }
}
