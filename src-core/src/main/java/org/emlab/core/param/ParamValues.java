package org.emlab.core.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, range-checked assignment of a value to every parameter of a lab, in the lab's
 * parameter order. Vector values are copied in and out, so a caller can never change them.
 *
 * <p>Build it with {@link #defaults(List)} and then {@link #with(String, String)} (text, as
 * typed or given on the CLI) or {@link #withValue(String, Object)} (typed, from a preset).
 * Range checks happen there; cross-field rules (for example {@code d >= k - 1}) are the lab's
 * {@code validate} and are not applied here.
 */
public final class ParamValues {
    private final List<ParamSpec> specs;
    private final Map<String, Object> values;

    private ParamValues(List<ParamSpec> specs, Map<String, Object> values) {
        this.specs = specs;
        this.values = values;
    }

    /** Every parameter at its default. */
    public static ParamValues defaults(List<ParamSpec> specs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            m.put(s.name(), s.defaultValue() instanceof double[] a ? a.clone() : s.defaultValue());
        }
        return new ParamValues(List.copyOf(specs), Collections.unmodifiableMap(m));
    }

    /** The specs, in display order. */
    public List<ParamSpec> specs() {
        return specs;
    }

    /** The spec of {@code name}, or a validation error naming the unknown parameter. */
    public ParamSpec spec(String name) {
        for (ParamSpec s : specs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        List<String> names = new ArrayList<>();
        for (ParamSpec s : specs) {
            names.add(s.name());
        }
        throw new ValidationException(name, "unknown parameter " + org.emlab.core.text.Snippet.quoted(name) + "; this lab has: " + String.join(", ", names));
    }

    /** True when the lab has a parameter called {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A copy with {@code name} set from text (parsed and range-checked). */
    public ParamValues with(String name, String text) {
        ParamSpec s = spec(name);
        return put(name, s.parse(text));
    }

    /** A copy with {@code name} set to a typed value (checked by round-tripping through its text). */
    public ParamValues withValue(String name, Object value) {
        ParamSpec s = spec(name);
        return put(name, s.check(value));
    }

    /** A copy with every {@code name=text} pair applied, collecting every field error. */
    public ParamValues withAll(Map<String, String> texts) {
        ParamValues out = this;
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            try {
                out = out.with(e.getKey(), e.getValue());
            } catch (ValidationException ex) {
                errors.addAll(ex.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return out;
    }

    private ParamValues put(String name, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, v);
        return new ParamValues(specs, Collections.unmodifiableMap(m));
    }

    /** The raw typed value (vectors are copied). */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            spec(name);
        }
        Object v = values.get(name);
        return v instanceof double[] a ? a.clone() : v;
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public long getLong(String name) {
        Object v = get(name);
        return v instanceof Integer i ? i : (Long) v;
    }

    public double getDouble(String name) {
        Object v = get(name);
        return v instanceof Integer i ? i : (Double) v;
    }

    public boolean getBool(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return String.valueOf(get(name));
    }

    public double[] getVector(String name) {
        return (double[]) get(name);
    }

    /** The canonical text of one value. */
    public String text(String name) {
        return spec(name).format(values.get(name));
    }

    /** name → canonical text, in parameter order (what presets, sessions and CSV headers store). */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            m.put(s.name(), s.format(values.get(s.name())));
        }
        return m;
    }

    /** {@code name=value name=value ...}, for headers and logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : asText().entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** Names whose values differ from {@code other}'s. */
    public List<String> differences(ParamValues other) {
        List<String> out = new ArrayList<>();
        for (ParamSpec s : specs) {
            if (!Objects.deepEquals(values.get(s.name()), other.values.get(s.name()))) {
                out.add(s.name());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamValues p && p.asText().equals(asText());
    }

    @Override
    public int hashCode() {
        return asText().hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
