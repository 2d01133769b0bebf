package org.emlab.app.controls;

import java.util.Locale;
import java.util.random.RandomGenerator;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.emlab.core.param.ParamRole;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamType;
import org.emlab.core.param.ProbabilityVectors;

/**
 * The parameter column of a lab: fields grouped as Data, Truth, Model, Initialisation and Run, each
 * with a tooltip that says what it means in the theory, validated as the user types. An invalid
 * field is marked and its message sits right under it. The editor follows the parameter's role
 * ({@link ParamRole}): a probability vector gets "normalise" and "uniform" buttons and a live sum; the
 * seed gets a dice button.
 */
public final class ParameterForm extends VBox {
    private final ParamFormModel model;

    public ParameterForm(ParamFormModel model) {
        super(4);
        this.model = model;
        getStyleClass().add("parameter-form");
        for (String group : ParamSpec.GROUPS) {
            GridPane grid = null;
            int row = 0;
            for (ParamSpec s : model.lab().parameters()) {
                if (!group.equals(s.group())) {
                    continue;
                }
                if (grid == null) {
                    Label head = new Label(group.toUpperCase(Locale.ROOT));
                    head.getStyleClass().add("group-header");
                    getChildren().add(head);
                    grid = new GridPane();
                    grid.setHgap(8);
                    grid.setVgap(2);
                    grid.getStyleClass().add("group-grid");
                    getChildren().add(grid);
                }
                row = addField(grid, row, s);
            }
        }
    }

    private int addField(GridPane grid, int row, ParamSpec s) {
        Label label = new Label(s.label() + (s.unit().isEmpty() ? "" : " [" + s.unit() + "]"));
        label.getStyleClass().add("param-label");
        Tooltip tip = new Tooltip(s.tooltip() + "\nallowed: " + s.range() + "   (name: " + s.name() + ")");
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        label.setTooltip(tip);
        Node editor = editor(s, tip);
        GridPane.setHgrow(editor, Priority.ALWAYS);
        // a parameter without effect for the values now (e.g. n in population mode) is dimmed, still editable
        String about = tip.getText();
        javafx.beans.value.ChangeListener<String> dim = (o, a, why) -> {
            label.getStyleClass().remove("unused");
            editor.getStyleClass().remove("unused");
            if (!why.isEmpty()) {
                label.getStyleClass().add("unused");
                editor.getStyleClass().add("unused");
            }
            tip.setText(why.isEmpty() ? about : why + "\n\n" + about);
        };
        model.unused(s.name()).addListener(dim);
        dim.changed(null, "", model.unused(s.name()).get());
        grid.add(label, 0, row);
        grid.add(editor, 1, row);
        Label err = new Label();
        err.getStyleClass().add("field-error");
        err.setWrapText(true);
        err.setMaxWidth(260);
        err.textProperty().bind(model.error(s.name()));
        err.visibleProperty().bind(model.error(s.name()).isNotEmpty());
        err.managedProperty().bind(err.visibleProperty());
        grid.add(err, 0, row + 1, 2, 1);
        return row + 2;
    }

    private Node editor(ParamSpec s, Tooltip tip) {
        if (s.type() == ParamType.BOOL) {
            CheckBox cb = new CheckBox();
            cb.setId("param-" + s.name());
            cb.setTooltip(tip);
            cb.setSelected(Boolean.parseBoolean(model.text(s.name()).get()));
            cb.selectedProperty().addListener((o, a, b) -> model.text(s.name()).set(Boolean.toString(b)));
            model.text(s.name()).addListener((o, a, b) -> cb.setSelected("true".equalsIgnoreCase(b)));
            return cb;
        }
        if (s.type() == ParamType.CHOICE) {
            ComboBox<String> box = new ComboBox<>();
            box.setId("param-" + s.name());
            box.getItems().setAll(s.choices());
            box.setTooltip(tip);
            box.setValue(model.text(s.name()).get());
            box.valueProperty().addListener((o, a, b) -> {
                if (b != null) {
                    model.text(s.name()).set(b);
                }
            });
            model.text(s.name()).addListener((o, a, b) -> box.setValue(b));
            box.setMaxWidth(Double.MAX_VALUE);
            return box;
        }
        TextField tf = new TextField();
        tf.setId("param-" + s.name());
        tf.setTooltip(tip);
        tf.setPrefColumnCount(s.type() == ParamType.VECTOR ? 12 : 7);
        tf.textProperty().bindBidirectional(model.text(s.name()));
        model.error(s.name()).addListener((o, a, b) -> {
            tf.getStyleClass().remove("invalid");
            if (!b.isEmpty()) {
                tf.getStyleClass().add("invalid");
            }
        });
        if (!model.error(s.name()).get().isEmpty()) {
            tf.getStyleClass().add("invalid");
        }
        if (s.role() instanceof ParamRole.ProbabilityVector pv) {
            return weightsEditor(s, pv, tf);
        }
        if (s.role() instanceof ParamRole.Seed) {
            Button dice = new Button("⚄");
            dice.setId("seed-dice");
            dice.getStyleClass().add("dice");
            dice.setTooltip(new Tooltip("draw a new random seed (the seed is saved with presets, sessions and exports)"));
            dice.setOnAction(e -> tf.setText(Long.toString(RandomGenerator.getDefault().nextLong(1, 1_000_000))));
            HBox box = new HBox(4, tf, dice);
            HBox.setHgrow(tf, Priority.ALWAYS);
            box.setAlignment(Pos.CENTER_LEFT);
            return box;
        }
        return tf;
    }

    /** A probability vector: the text field, "normalise", "uniform" and the live sum, computed by {@link ProbabilityVectors}. */
    private Node weightsEditor(ParamSpec s, ParamRole.ProbabilityVector pv, TextField tf) {
        Button norm = new Button("normalise");
        norm.setTooltip(new Tooltip("divide every weight by their sum, so they sum to 1"));
        norm.setOnAction(e -> model.text(s.name()).set(ProbabilityVectors.normalise(tf.getText())));
        Button uniform = new Button("uniform");
        // a vector refilled with DFT-valid weights (gmm-simplex's) is one whose lab cares about the DFT condition
        String dft = pv.fill() == ParamRole.Fill.DECREASING ? " (the DFT condition fails for every " + pv.sizedBy() + " ≥ 2)" : "";
        uniform.setTooltip(new Tooltip("equal weights 1/" + pv.sizedBy() + dft));
        uniform.setOnAction(e -> {
            // as many entries as typed; when the text does not read as numbers, as many as the count says
            int n = ProbabilityVectors.count(tf.getText());
            if (n == 0) {
                n = model.count(pv.sizedBy()).orElse(1);
            }
            model.text(s.name()).set(ProbabilityVectors.fillText(ParamRole.Fill.UNIFORM, n));
        });
        Label sum = new Label();
        sum.getStyleClass().add("weights-sum");
        sum.textProperty().bind(Bindings.createStringBinding(() -> ProbabilityVectors.sumText(tf.getText()), tf.textProperty()));
        HBox buttons = new HBox(4, norm, uniform, sum);
        buttons.setAlignment(Pos.CENTER_LEFT);
        WeightBars bars = new WeightBars(model.text(s.name()));
        bars.setId("bars-" + s.name());
        VBox box = new VBox(3, tf, bars, buttons);
        box.setPadding(new Insets(0, 0, 2, 0));
        return box;
    }
}
