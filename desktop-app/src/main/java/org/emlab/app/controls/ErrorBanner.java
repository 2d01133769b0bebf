package org.emlab.app.controls;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.emlab.core.run.Snapshot;

/**
 * A banner shown when the compute thread stopped a run with an error: the message, a "Copy
 * details" button (the stack trace and the run's parameters, for a bug report) and a dismiss
 * button. The window stays usable: any edit or reset starts a fresh run.
 */
public final class ErrorBanner extends HBox {
    private final Label message = new Label();
    private String details = "";
    private String shownError;
    private boolean dismissed;

    public ErrorBanner() {
        super(8);
        getStyleClass().add("error-banner");
        setId("error-banner");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 12, 4, 12));
        message.getStyleClass().add("error-message");
        message.setWrapText(true);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        Button copy = new Button("Copy details");
        copy.setId("copy-error-details");
        copy.setTooltip(new Tooltip("copy the error, its stack trace and the run's parameters to the clipboard"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(details);
            Clipboard.getSystemClipboard().setContent(c);
        });
        Button close = new Button("✕");
        close.setTooltip(new Tooltip("hide this message"));
        close.setOnAction(e -> {
            dismissed = true;
            hide();
        });
        getChildren().addAll(new Label("⚠"), message, copy, close);
        hide();
    }

    /** Shows or hides itself from the newest snapshot. */
    public void update(Snapshot s) {
        String err = s.error();
        if (err == null) {
            shownError = null;
            dismissed = false;
            hide();
            return;
        }
        if (err.equals(shownError) && dismissed) {
            return;
        }
        if (!err.equals(shownError)) {
            dismissed = false;
            shownError = err;
            message.setText("The run stopped: " + err);
            details = "EM Lab " + org.emlab.core.cli.EmlabCli.version() + "\nlab " + s.labId() + " at iteration "
                    + s.iteration() + "\nparameters: " + (s.params() == null ? "" : s.params().describe()) + "\n\n"
                    + (s.errorDetails() == null ? err : s.errorDetails());
        }
        setVisible(true);
        setManaged(true);
    }

    /** The text "Copy details" puts on the clipboard. */
    public String details() {
        return details;
    }

    private void hide() {
        setVisible(false);
        setManaged(false);
    }
}
