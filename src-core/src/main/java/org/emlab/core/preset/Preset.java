package org.emlab.core.preset;

import java.util.Map;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * A shipped configuration of a lab that shows one claim of its paper (a file under
 * {@code assets/presets/<lab-id>/}, read by {@link Presets}). Parameters are kept as the text the CLI takes
 * ({@code --set name=text}); {@link #values()} turns them into validated {@link ParamValues}.
 *
 * @param version     format version ({@link Presets#VERSION})
 * @param name        unique id, also the file name without {@code .json}
 * @param title       short human title (menus)
 * @param lab         the lab id
 * @param description one or two sentences: what the preset shows and what to look for
 * @param params      parameter name → text; parameters not given keep the lab's defaults
 * @param iterations  suggested horizon, or null
 * @param compare     the A/B contrast (one parameter changed), or null
 * @param sweep       the Monte Carlo sweep it ships (see {@link org.emlab.core.sweep.SweepPresets}), or null
 */
public record Preset(int version, String name, String title, String lab, String description,
                     Map<String, String> params, Integer iterations, Compare compare, Sweep sweep) {

    /** The A/B contrast of a preset: the same run with one parameter changed. */
    public record Compare(String param, String value) {
    }

    /**
     * A sweep block: the varied parameter and its range ({@code NAME=FROM:TO[:log][:POINTS]}), trials per
     * point, the horizon, the statistic and, for {@code iterations_to_eps}, ε.
     */
    public record Sweep(String vary, Integer trials, Integer iterations, String stat, Double eps) {
    }

    /** A preset without a sweep. */
    public Preset(int version, String name, String title, String lab, String description, Map<String, String> params,
                  Integer iterations, Compare compare) {
        this(version, name, title, lab, description, params, iterations, compare, null);
    }

    public Preset {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** The lab's defaults with this preset's parameters, range-checked and validated by the lab. */
    public ParamValues values() {
        Lab l = LabRegistry.get(lab);
        ParamValues p = org.emlab.core.param.Roles.repairUnset(l.defaults().withAll(new java.util.LinkedHashMap<>(params)),
                params.keySet());
        l.validate(p);
        return p;
    }

    /** The compared run's parameters, or null without {@link #compare}. */
    public ParamValues compareValues() {
        if (compare == null) {
            return null;
        }
        ParamValues p = values().with(compare.param(), compare.value());
        LabRegistry.get(lab).validate(p);
        return p;
    }

    /** The suggested horizon, or {@code fallback}. */
    public int iterationsOr(int fallback) {
        return iterations == null ? fallback : iterations;
    }

    /**
     * Where a run of this preset stops by itself: its {@code iterations} (or earlier, once converged to
     * rounding), else the lab's own horizon for these values.
     */
    public org.emlab.core.lab.Horizon horizon() {
        return iterations == null ? LabRegistry.get(lab).horizon(values())
                : org.emlab.core.lab.Horizon.upTo(iterations);
    }

    /** The description with the horizon and the comparison, for tooltips and status lines. */
    public String longDescription() {
        StringBuilder sb = new StringBuilder(description);
        if (iterations != null) {
            sb.append(" The run stops by itself after ").append(iterations)
                    .append(" iterations (or once converged to rounding); Space goes on.");
        }
        if (compare != null) {
            sb.append(" Compare with ").append(compare.param()).append(" = ").append(shortValue(compare.value())).append('.');
        }
        return sb.toString();
    }

    /**
     * A comparison value as a reader wants it: a vector of k equal entries summing to 1 reads "1/k each"
     * ("0.3333333333333333,0.3333333333333333,0.3333333333333334" → "1/3 each"); anything else as written.
     */
    static String shortValue(String value) {
        String[] parts = value.split(",");
        if (parts.length < 2) {
            return value;
        }
        double sum = 0;
        double first;
        try {
            first = Double.parseDouble(parts[0].strip());
            for (String part : parts) {
                double v = Double.parseDouble(part.strip());
                if (Math.abs(v - first) > 1e-9) {
                    return value;
                }
                sum += v;
            }
        } catch (NumberFormatException e) {
            return value;
        }
        return Math.abs(sum - 1) < 1e-9 ? "1/" + parts.length + " each" : value;
    }

    static ValidationException invalid(String source, String message) {
        return new ValidationException("preset", "preset " + source + ": " + message);
    }
}
