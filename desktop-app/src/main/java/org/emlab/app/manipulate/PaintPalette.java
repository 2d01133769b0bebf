package org.emlab.app.manipulate;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The tool palette laid over the geometry while painting is on (D): add / spray, line (regressions),
 * eraser, the spread (spray width, line noise, eraser size, in screen pixels), clear and done.
 */
final class PaintPalette extends HBox {
    private final DirectManipulation owner;
    private final ToggleGroup tools = new ToggleGroup();
    private final ToggleButton line;

    PaintPalette(DirectManipulation owner) {
        super(6);
        this.owner = owner;
        setId("paint-palette");
        getStyleClass().add("paint-palette");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        setStyle("-fx-background-color: rgba(243,244,246,0.94); -fx-border-color: #9aa0a8; -fx-background-radius: 4; "
                + "-fx-border-radius: 4;");
        PaintModel pm = owner.paint();
        ToggleButton add = tool(PaintModel.Tool.ADD, "click: one point; drag: spray points about the pointer with the spread");
        line = tool(PaintModel.Tool.LINE, "drag a segment: noisy points along it (the spread is the noise)");
        ToggleButton erase = tool(PaintModel.Tool.ERASE, "click or drag: remove the points within the spread");
        add.setSelected(true);
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one tool is always chosen
            } else {
                pm.toolProperty().set((PaintModel.Tool) b.getUserData());
            }
        });
        Label spreadLabel = new Label("spread");
        Slider spread = new Slider(3, 80, pm.spreadProperty().get());
        spread.setId("paint-spread");
        spread.setPrefWidth(90);
        spread.valueProperty().bindBidirectional(pm.spreadProperty());
        spread.setTooltip(new Tooltip("spray width, line noise and eraser size, in pixels on screen"));
        Button clear = new Button("clear");
        clear.setId("paint-clear");
        clear.setTooltip(new Tooltip("remove every point (one edit: Ctrl+Z brings them back)"));
        clear.setOnAction(e -> owner.clear());
        Button done = new Button("done (D)");
        done.setId("paint-done");
        done.setOnAction(e -> pm.activeProperty().set(false));
        for (javafx.scene.Node n : new javafx.scene.Node[] {add, line, erase, clear, done}) {
            n.setFocusTraversable(false);
        }
        getChildren().addAll(new Label("paint:"), add, line, erase, spreadLabel, spread, clear, done);
    }

    private ToggleButton tool(PaintModel.Tool t, String tip) {
        ToggleButton b = new ToggleButton(t.label());
        b.setId("paint-" + t.name().toLowerCase(java.util.Locale.ROOT));
        b.setUserData(t);
        b.setToggleGroup(tools);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Shows the line tool only for regressions, and sizes the palette. */
    void refresh() {
        boolean reg = owner.paint().regression();
        line.setVisible(reg);
        line.setManaged(reg);
        if (!reg && owner.paint().toolProperty().get() == PaintModel.Tool.LINE) {
            tools.getToggles().get(0).setSelected(true);
        }
        autosize();
        relocate(8, 26);
    }
}
