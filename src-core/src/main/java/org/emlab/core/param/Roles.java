package org.emlab.core.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that follow from parameter roles ({@link ParamRole}), applied the same way for every lab.
 * {@link #validate} runs inside every lab's {@code validate}, so the CLI's {@code --set}, presets,
 * sessions, sweeps and the window's form all check probability vectors with it; {@link #repair} is
 * the labs' default {@code repair} (fuzz tests, benchmarks), and the window's form resizes a vector
 * with {@link #resized} when its count is edited. It also finds parameters by role, so that generic
 * code (the window, sessions) never needs a parameter's name.
 *
 * <p>For every {@link ParamRole.ProbabilityVector} whose {@code sizedBy} parameter has the value k:
 * <ul>
 *   <li>{@link #validate} adds "weights has 2 entries; k = 3 needs 3" when the length is not k, and
 *       otherwise "weights must sum to 1 (got 0.9)" when the sum is off by more than
 *       {@link ProbabilityVectors#SUM_TOLERANCE};</li>
 *   <li>{@link #repair} replaces a vector whose length is not k by the role's fill for k
 *       ({@link ProbabilityVectors#fill}).</li>
 * </ul>
 */
public final class Roles {
    private Roles() {
    }

    // ---- validation and repair --------------------------------------------------------------------

    /** Adds a field error for every probability vector of the wrong length or with a bad sum, in parameter order. */
    public static void validate(ParamValues p, List<FieldError> errors) {
        for (ParamSpec s : p.specs()) {
            if (s.role() instanceof ParamRole.ProbabilityVector pv) {
                double[] w = p.getVector(s.name());
                int k = p.getInt(pv.sizedBy());
                if (w.length != k) {
                    errors.add(new FieldError(s.name(), ProbabilityVectors.lengthMessage(s.name(), w.length, pv.sizedBy(), k)));
                } else if (!ProbabilityVectors.sumsToOne(w)) {
                    errors.add(new FieldError(s.name(), ProbabilityVectors.sumMessage(s.name(), w)));
                }
            }
        }
    }

    /** {@link #validate}, thrown as one {@link ValidationException} when anything is wrong. */
    public static void check(ParamValues p) {
        List<FieldError> errors = new ArrayList<>();
        validate(p, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** {@code p} with every probability vector whose length no longer matches its count refilled (see {@link #resized}). */
    public static ParamValues repair(ParamValues p) {
        ParamValues out = p;
        for (ParamSpec s : p.specs()) {
            if (s.role() instanceof ParamRole.ProbabilityVector pv) {
                Optional<String> fresh = resized(s, out.text(s.name()), out.getInt(pv.sizedBy()));
                if (fresh.isPresent()) {
                    out = out.with(s.name(), fresh.get());
                }
            }
        }
        return out;
    }

    /**
     * {@code p} with every probability vector that was not set explicitly (its name is not in {@code set})
     * refilled when its length no longer matches its count: a preset, a session or {@code --set k=4} that
     * leaves a count's vector out gets the fill for that count, as the window's form does; a vector that was
     * given keeps its value and is checked by {@link #validate}.
     */
    public static ParamValues repairUnset(ParamValues p, java.util.Collection<String> set) {
        ParamValues out = p;
        for (ParamSpec s : p.specs()) {
            if (s.role() instanceof ParamRole.ProbabilityVector pv && !set.contains(s.name())) {
                Optional<String> fresh = resized(s, out.text(s.name()), out.getInt(pv.sizedBy()));
                if (fresh.isPresent()) {
                    out = out.with(s.name(), fresh.get());
                }
            }
        }
        return out;
    }

    /**
     * The text a probability vector {@code vector} should get when its count is {@code count}: empty
     * when {@code text} already has {@code count} entries (or {@code count} is below 1), else the role's
     * fill for {@code count}. The window calls it when the count is edited; {@link #repair} uses it too.
     */
    public static Optional<String> resized(ParamSpec vector, String text, int count) {
        if (!(vector.role() instanceof ParamRole.ProbabilityVector pv)) {
            throw new IllegalArgumentException(vector.name() + " is not a probability vector");
        }
        if (count < 1 || ProbabilityVectors.count(text) == count) {
            return Optional.empty();
        }
        return Optional.of(ProbabilityVectors.fillText(pv.fill(), count));
    }

    // ---- finding parameters by role ---------------------------------------------------------------

    /** The parameters with a role of type {@code role}, in order. */
    public static List<ParamSpec> withRole(List<ParamSpec> specs, Class<? extends ParamRole> role) {
        List<ParamSpec> out = new ArrayList<>();
        for (ParamSpec s : specs) {
            if (role.isInstance(s.role())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The probability vectors sized by the parameter {@code count}, in order. */
    public static List<ParamSpec> sizedBy(List<ParamSpec> specs, String count) {
        List<ParamSpec> out = new ArrayList<>();
        for (ParamSpec s : specs) {
            if (s.role() instanceof ParamRole.ProbabilityVector pv && pv.sizedBy().equals(count)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The seed parameter, if there is one. */
    public static Optional<ParamSpec> seed(List<ParamSpec> specs) {
        return withRole(specs, ParamRole.Seed.class).stream().findFirst();
    }

    /** The name of the seed parameter (every lab has one). */
    public static String seedName(List<ParamSpec> specs) {
        return seed(specs).orElseThrow(() -> new IllegalArgumentException("no seed parameter")).name();
    }

    /** The parameter with {@code Columns(pick)}, if there is one. */
    public static Optional<ParamSpec> columns(List<ParamSpec> specs, ParamRole.Pick pick) {
        for (ParamSpec s : specs) {
            if (s.role() instanceof ParamRole.Columns c && c.pick() == pick) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
