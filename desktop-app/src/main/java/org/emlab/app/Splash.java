package org.emlab.app;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;

/**
 * What the window shows for the moment between its appearance and its views ("EM Lab · starting the
 * window …"), so nobody looks at a blank white window while the views are built.
 */
final class Splash {
    private Splash() {
    }

    /** The starting text, centred. */
    static Parent root() {
        Label title = new Label("EM Lab");
        title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold; -fx-text-fill: #1A1A1A;");
        Label what = new Label("starting the window and the first run …");
        what.setStyle("-fx-font-size: 15px; -fx-text-fill: #404040;");
        ProgressIndicator spin = new ProgressIndicator();
        spin.setPrefSize(34, 34);
        VBox box = new VBox(12, title, what, spin);
        box.setAlignment(Pos.CENTER);
        box.setId("splash");
        box.setStyle("-fx-background-color: white;");
        return box;
    }
}
