package org.emlab.app.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.emlab.core.data.DataTable;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.view.CurvePanels;

/**
 * A small dialog shown after a CSV file is opened: the lab to fit it with, the columns (for a
 * regression: the response and the covariates) and k. Each column shows its range; constant
 * columns cannot be picked. The choice itself lives in {@link ColumnChoice}.
 */
public final class ColumnPicker extends Dialog<ColumnChoice> {
    private final ColumnChoice choice;
    private final VBox columnBox = new VBox(3);
    private final Label problem = new Label();
    private final ComboBox<String> response = new ComboBox<>();
    private final HBox responseRow;
    private final Label countLabel = new Label();
    private final List<CheckBox> boxes = new ArrayList<>();

    public ColumnPicker(Window owner, ColumnChoice choice) {
        this.choice = choice;
        initOwner(owner);
        DataTable t = choice.table();
        setTitle("Fit the data");
        setHeaderText(t.source() + ": " + t.rows() + " rows, " + t.columns() + " columns");
        ComboBox<ColumnChoice.Target> lab = new ComboBox<>();
        lab.setId("picker-lab");
        lab.getItems().setAll(ColumnChoice.Target.all());
        lab.setValue(choice.target());
        List<String> kinds = new ArrayList<>();
        for (ColumnChoice.Target target : lab.getItems()) {
            kinds.add(target.spec().label() + ": " + target.spec().shape().description());
        }
        lab.setTooltip(new Tooltip(String.join("; ", kinds)));
        for (String n : t.names()) {
            response.getItems().add(n);
        }
        response.setId("picker-response");
        response.getSelectionModel().select(choice.response());
        response.setTooltip(new Tooltip("the response y of the regressions"));
        responseRow = new HBox(8, new Label("response y"), response);
        ParamSpec count = choice.target().count();
        Spinner<Integer> k = new Spinner<>((int) count.min(), (int) count.max(), choice.k());
        k.setId("picker-k");
        k.setEditable(true);
        k.setPrefWidth(80);
        k.setTooltip(new Tooltip("number of components " + count.label() + " (editable later in the parameter column)"));
        countLabel.setText(count.label());
        GridPane top = new GridPane();
        top.setHgap(8);
        top.setVgap(6);
        top.addRow(0, new Label("fit with"), lab);
        top.addRow(1, countLabel, k);
        ScrollPane scroll = new ScrollPane(columnBox);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(260, 28.0 * t.columns() + 8));
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        VBox content = new VBox(8, top, responseRow, new Label("columns of the table"), scroll, problem);
        content.setPadding(new Insets(4, 4, 0, 4));
        content.setPrefWidth(420);
        getDialogPane().setContent(content);
        ButtonType fit = new ButtonType("Fit", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(fit, ButtonType.CANCEL);

        lab.valueProperty().addListener((o, a, b) -> {
            choice.setTarget(b);
            ParamSpec c = b.count();
            countLabel.setText(c.label());
            ((SpinnerValueFactory.IntegerSpinnerValueFactory) k.getValueFactory()).setMin((int) c.min());
            ((SpinnerValueFactory.IntegerSpinnerValueFactory) k.getValueFactory()).setMax((int) c.max());
            rebuild();
        });
        response.valueProperty().addListener((o, a, b) -> {
            int c = response.getSelectionModel().getSelectedIndex();
            if (c >= 0) {
                choice.setResponse(c);
                if (choice.target().regression()) {
                    choice.setTarget(choice.target());
                }
                rebuild();
            }
        });
        k.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                choice.setK(b);
                refresh();
            }
        });
        rebuild();
        setResultConverter(b -> b == fit ? choice : null);
        getDialogPane().lookupButton(fit).disableProperty().bind(problem.textProperty().isNotEmpty());
    }

    /** Shows the dialog and waits; empty when cancelled. */
    public Optional<ColumnChoice> ask() {
        return showAndWait();
    }

    private void rebuild() {
        DataTable t = choice.table();
        boolean regression = choice.target().regression();
        responseRow.setVisible(regression);
        responseRow.setManaged(regression);
        columnBox.getChildren().clear();
        boxes.clear();
        for (int c = 0; c < t.columns(); c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < t.rows(); i++) {
                lo = Math.min(lo, t.value(i, c));
                hi = Math.max(hi, t.value(i, c));
            }
            String range = choice.isConstant(c) ? "constant " + CurvePanels.num(lo) : CurvePanels.num(lo) + " … "
                    + CurvePanels.num(hi);
            CheckBox cb = new CheckBox(String.format(Locale.ROOT, "%d  %s   (%s)", c + 1, t.names().get(c), range));
            cb.setId("picker-column-" + (c + 1));
            cb.setSelected(choice.isPicked(c));
            boolean isResponse = regression && c == choice.response();
            cb.setDisable(choice.isConstant(c) || isResponse);
            if (isResponse) {
                cb.setText(cb.getText() + "  — the response");
            }
            final int col = c;
            cb.selectedProperty().addListener((o, a, b) -> {
                choice.setPicked(col, b);
                refresh();
            });
            boxes.add(cb);
            columnBox.getChildren().add(cb);
        }
        refresh();
    }

    private void refresh() {
        problem.setText(choice.problem());
    }
}
