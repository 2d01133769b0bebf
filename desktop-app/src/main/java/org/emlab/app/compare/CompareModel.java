package org.emlab.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;

/**
 * The view model of "Compare with…": which parameter run B changes and to what. It starts on the
 * lab's suggested contrast (the paper's), validates as the user types (B must be valid and differ
 * from A), and produces the {@link ComparisonLab} to load. Choosing the suggestion keeps B
 * following it when A's parameters change later.
 */
public final class CompareModel {
    private final Lab lab;
    private final ParamValues a;
    private final Optional<Lab.Contrast> suggestion;
    private final StringProperty param = new SimpleStringProperty();
    private final StringProperty value = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty preview = new SimpleStringProperty("");
    private final BooleanProperty valid = new SimpleBooleanProperty();
    private boolean loading;

    /** For run A = {@code lab} with parameters {@code a}. */
    public CompareModel(Lab lab, ParamValues a) {
        this.lab = lab instanceof ComparisonLab c ? c.base() : lab;
        this.a = a;
        this.suggestion = this.lab.suggestedComparison(a);
        param.addListener((o, x, name) -> {
            if (name != null && !loading) {
                loading = true;
                value.set(suggestion.filter(s -> s.param().equals(name)).map(Lab.Contrast::value).orElse(a.text(name)));
                loading = false;
            }
            revalidate();
        });
        value.addListener((o, x, y) -> revalidate());
        if (suggestion.isPresent()) {
            useSuggestion();
        } else {
            param.set(parameters().get(0));
        }
    }

    /** The parameters B may change: every parameter but the seed (which keeps the data the same). */
    public List<String> parameters() {
        List<String> out = new ArrayList<>();
        for (ParamSpec s : lab.parameters()) {
            if (!(s.role() instanceof ParamRole.Seed)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** "weights π (weights)". */
    public String display(String name) {
        ParamSpec s = a.spec(name);
        return s.label().equals(name) ? name : s.label() + "  (" + name + ")";
    }

    /** The paper's contrast, if the lab has one. */
    public Optional<Lab.Contrast> suggestion() {
        return suggestion;
    }

    /** Sets parameter and value to the suggested contrast. */
    public void useSuggestion() {
        suggestion.ifPresent(s -> {
            loading = true;
            param.set(s.param());
            value.set(s.value());
            loading = false;
            revalidate();
        });
    }

    private boolean isSuggestion() {
        return suggestion.isPresent() && suggestion.get().param().equals(param.get())
                && suggestion.get().value().equals(value.get());
    }

    private void revalidate() {
        String e = "";
        String p = param.get();
        if (p == null) {
            e = "choose a parameter";
        } else {
            try {
                ComparisonLab c = build();
                c.validate(a);
                ParamValues b = c.paramsB(a);
                if (a.differences(b).isEmpty()) {
                    e = "B must differ from A: choose another value of " + p;
                } else {
                    preview.set("A: " + ComparisonLab.describe(a, p) + "\nB: " + ComparisonLab.describe(b, p));
                }
            } catch (ValidationException ex) {
                e = ex.getMessage();
            }
        }
        if (!e.isEmpty()) {
            preview.set("");
        }
        error.set(e);
        valid.set(e.isEmpty());
    }

    /** The comparison to load (fails when invalid). */
    public ComparisonLab build() {
        return isSuggestion() ? ComparisonLab.suggested(lab, a) : ComparisonLab.of(lab, param.get(), value.get());
    }

    /** The lab being compared. */
    public Lab lab() {
        return lab;
    }

    /** Run A's parameters. */
    public ParamValues paramsA() {
        return a;
    }

    public StringProperty paramProperty() {
        return param;
    }

    public StringProperty valueProperty() {
        return value;
    }

    /** "" when valid, else what is wrong. */
    public StringProperty errorProperty() {
        return error;
    }

    /** "A: π₀ = 0.5\nB: π₀ = 0.7" when valid. */
    public StringProperty previewProperty() {
        return preview;
    }

    public BooleanProperty validProperty() {
        return valid;
    }
}
