package org.emlab.app.controls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.FieldError;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.Roles;
import org.emlab.core.param.ValidationException;

/**
 * The view model of a lab's parameter form: one text per parameter as the user typed it, one error
 * message per field, and the latest valid {@link ParamValues}. Every edit is parsed and validated
 * through the same core functions the CLI uses (range checks in {@link ParamSpec}, cross-field rules in
 * {@link Lab#validate}); while any field is invalid, {@link #validProperty()} keeps the last valid
 * values, so the running run is left alone.
 *
 * <p>Probability vectors follow their count ({@link org.emlab.core.param.ParamRole.ProbabilityVector}): when the
 * user changes k (or m), a vector of the wrong length is refilled through the core's {@link Roles#resized}, the
 * rule the labs' {@code repair} applies, so the form never needs a parameter's name.
 */
public final class ParamFormModel {
    private final Lab lab;
    private final Map<String, StringProperty> texts = new LinkedHashMap<>();
    private final Map<String, StringProperty> errors = new LinkedHashMap<>();
    private final Map<String, StringProperty> unused = new LinkedHashMap<>();
    private final ObjectProperty<ParamValues> valid = new SimpleObjectProperty<>();
    private final BooleanProperty allValid = new SimpleBooleanProperty(true);
    private boolean loading;

    public ParamFormModel(Lab lab, ParamValues initial) {
        this.lab = lab;
        for (ParamSpec s : lab.parameters()) {
            StringProperty t = new SimpleStringProperty(initial.text(s.name()));
            texts.put(s.name(), t);
            errors.put(s.name(), new SimpleStringProperty(""));
            unused.put(s.name(), new SimpleStringProperty(""));
            t.addListener((o, a, b) -> {
                if (!loading) {
                    edited(List.of(s.name()));
                }
            });
        }
        valid.set(initial);
        revalidate();
    }

    public Lab lab() {
        return lab;
    }

    /** The text of a field. */
    public StringProperty text(String name) {
        StringProperty p = texts.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + " in " + lab.id());
        }
        return p;
    }

    /** The error shown under a field ("" when valid). */
    public StringProperty error(String name) {
        return errors.get(name);
    }

    /** Why a field has no effect with the values typed now ({@link Lab#unused}), or "" when it is used. */
    public StringProperty unused(String name) {
        return unused.get(name);
    }

    /** The latest valid values (unchanged while the form has errors). */
    public ObjectProperty<ParamValues> validProperty() {
        return valid;
    }

    /** True when every field is valid. */
    public BooleanProperty allValidProperty() {
        return allValid;
    }

    /** Replaces every text (a preset or a session), validating once. */
    public void load(ParamValues p) {
        loading = true;
        try {
            for (Map.Entry<String, String> e : p.asText().entrySet()) {
                StringProperty t = texts.get(e.getKey());
                if (t != null) {
                    t.set(e.getValue());
                }
            }
        } finally {
            loading = false;
        }
        revalidate();
    }

    /**
     * Sets several fields at once, validating once (for example k and the weights together). A count
     * set without its probability vector resizes the vector as an edit would.
     */
    public void setAll(Map<String, String> values) {
        loading = true;
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                text(e.getKey()).set(e.getValue());
            }
        } finally {
            loading = false;
        }
        edited(List.copyOf(values.keySet()));
    }

    /**
     * After the user changed {@code names}: every probability vector sized by one of them whose length
     * no longer matches the new count gets its role's fill ({@link Roles#resized}, what the lab's
     * {@code repair} does), unless it was set in the same edit; then one validation.
     */
    private void edited(List<String> names) {
        loading = true;
        try {
            for (String name : names) {
                OptionalInt k = count(name);
                if (k.isEmpty()) {
                    continue; // not a count, or not a valid one (yet): the field shows its own error
                }
                for (ParamSpec v : Roles.sizedBy(lab.parameters(), name)) {
                    if (!names.contains(v.name())) {
                        Roles.resized(v, text(v.name()).get(), k.getAsInt()).ifPresent(t -> text(v.name()).set(t));
                    }
                }
            }
        } finally {
            loading = false;
        }
        revalidate();
    }

    /** Parses every field, then the cross-field rules; publishes valid values or per-field errors. */
    public void revalidate() {
        Map<String, String> msg = new LinkedHashMap<>();
        ParamValues p = lab.defaults();
        for (Map.Entry<String, StringProperty> e : texts.entrySet()) {
            try {
                p = p.with(e.getKey(), e.getValue().get());
            } catch (ValidationException ex) {
                msg.put(e.getKey(), ex.getMessage());
            }
        }
        if (msg.isEmpty()) {
            try {
                lab.validate(p);
                ParamValues current = valid.get();
                long reclaimable = current == null ? 0 : lab.estimateBytes(current);
                org.emlab.core.lab.SizeGuard.check(lab, p, org.emlab.core.lab.SizeGuard.availableBytes(reclaimable));
            } catch (ValidationException ex) {
                for (FieldError fe : ex.errors()) {
                    msg.merge(fe.field(), fe.message(), (a, b) -> a);
                }
            }
        }
        for (Map.Entry<String, StringProperty> e : errors.entrySet()) {
            e.getValue().set(msg.getOrDefault(e.getKey(), ""));
        }
        // from what parsed (an invalid field keeps its default here): a hint only, never an error
        Map<String, String> idle;
        try {
            idle = lab.unused(p);
        } catch (RuntimeException ex) {
            idle = Map.of();
        }
        for (Map.Entry<String, StringProperty> e : unused.entrySet()) {
            e.getValue().set(idle.getOrDefault(e.getKey(), ""));
        }
        allValid.set(msg.isEmpty());
        if (msg.isEmpty() && !p.equals(valid.get())) {
            valid.set(p);
        }
    }

    /** The value of the INT field {@code name} as typed, when it parses and is in range. */
    public OptionalInt count(String name) {
        for (ParamSpec s : lab.parameters()) {
            if (s.name().equals(name) && s.type() == ParamType.INT) {
                try {
                    return OptionalInt.of((Integer) s.parse(text(name).get()));
                } catch (ValidationException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Messages of every invalid field, in order. */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        for (StringProperty e : errors.values()) {
            if (!e.get().isEmpty()) {
                out.add(e.get());
            }
        }
        return out;
    }
}
