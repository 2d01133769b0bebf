package org.emlab.app.data;

import javafx.animation.PauseTransition;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.util.Duration;

/**
 * A small window that shows how far a CSV import has come (a progress bar and "312 of 1024 MB") with
 * a Cancel button. It opens only when the import takes longer than {@link #DELAY}, so that small
 * files never flash a window, and closes when the import ends.
 */
final class ImportProgress {
    /** Imports shorter than this show no progress window. */
    static final Duration DELAY = Duration.millis(400);

    private final Stage window = new Stage(StageStyle.UTILITY);
    private final PauseTransition delay = new PauseTransition(DELAY);

    /**
     * @param owner  the main window
     * @param name   the file's name
     * @param fraction how much is read, in [0, 1], or negative when unknown
     * @param text     "312 of 1024 MB"
     * @param running  true while the import runs
     * @param cancel   asks the import to stop (it stops at its next block)
     */
    ImportProgress(Stage owner, String name, ReadOnlyDoubleProperty fraction, ReadOnlyStringProperty text,
                   BooleanSupplier running, Runnable cancel) {
        Label title = new Label("Reading " + name + " …");
        title.setStyle("-fx-font-weight: bold;");
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(fraction);
        Label message = new Label();
        message.textProperty().bind(text);
        Button stop = new Button("Cancel");
        stop.setId("cancel-import");
        stop.setCancelButton(true);
        stop.setOnAction(e -> {
            stop.setDisable(true);
            message.textProperty().unbind();
            message.setText("Cancelling …");
            cancel.run();
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, message, spacer, stop);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, title, bar, row);
        box.setPadding(new Insets(14));
        box.setPrefWidth(440);
        window.setScene(new Scene(box));
        if (owner.getScene() != null) {
            window.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        window.initOwner(owner);
        window.initModality(Modality.WINDOW_MODAL);
        window.setTitle("Opening data");
        window.setOnCloseRequest(e -> {
            e.consume();
            stop.fire();
        });
        delay.setOnFinished(e -> {
            if (running.getAsBoolean()) {
                window.show();
            }
        });
    }

    /** Starts the delay after which the window opens if the import still runs. */
    void arm() {
        delay.playFromStart();
    }

    /** Closes the window (the import ended). */
    void close() {
        delay.stop();
        window.hide();
    }

    /** "312 of 1024 MB" (or kB for small files). */
    static String amount(long read, long total) {
        if (total >= 10L << 20) {
            return (read >> 20) + " of " + (total >> 20) + " MB";
        }
        return total > 0 ? (read >> 10) + " of " + Math.max(1, total >> 10) + " kB" : (read >> 10) + " kB";
    }
}
