package org.emlab.app.compare;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.emlab.core.compare.ComparisonLab;

/** The "Compare with…" dialog over a {@link CompareModel}. */
public final class CompareDialog extends Dialog<ComparisonLab> {

    public CompareDialog(Window owner, CompareModel m) {
        initOwner(owner);
        setTitle("Compare with…");
        setHeaderText("Run B = this run with one parameter changed: same data, same seed, stepped in lockstep");
        ButtonType compare = new ButtonType("Compare", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(compare, ButtonType.CANCEL);
        getDialogPane().setId("compare-dialog");

        ComboBox<String> param = new ComboBox<>();
        param.setId("compare-param");
        param.getItems().setAll(m.parameters());
        param.setCellFactory(l -> cell(m));
        param.setButtonCell(cell(m));
        param.valueProperty().bindBidirectional(m.paramProperty());
        param.setTooltip(new Tooltip("the parameter run B changes; everything else, the seed and so the data stay the same"));
        TextField value = new TextField();
        value.setId("compare-value");
        value.setPrefColumnCount(24);
        value.textProperty().bindBidirectional(m.valueProperty());
        value.setTooltip(new Tooltip("B's value, as you would type it in the parameter form"));
        Label error = new Label();
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(m.errorProperty());
        Label preview = new Label();
        preview.setId("compare-preview");
        preview.textProperty().bind(m.previewProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("parameter"), param);
        grid.addRow(1, new Label("B's value"), value);
        VBox box = new VBox(10);
        box.setPadding(new Insets(6, 4, 0, 4));
        Optional<org.emlab.core.lab.Lab.Contrast> s = m.suggestion();
        if (s.isPresent()) {
            Button suggested = new Button("The paper's contrast: " + s.get().label());
            suggested.setId("compare-suggested");
            suggested.setTooltip(new Tooltip("B: " + s.get().param() + " = " + s.get().value()));
            suggested.setOnAction(e -> m.useSuggestion());
            box.getChildren().add(suggested);
        }
        box.getChildren().addAll(grid, preview, error);
        box.setPrefWidth(520);
        getDialogPane().setContent(box);
        getDialogPane().lookupButton(compare).disableProperty().bind(m.validProperty().not());
        setResultConverter(b -> b == compare ? m.build() : null);
    }

    private static ListCell<String> cell(CompareModel m) {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : m.display(item));
            }
        };
    }
}
