package org.emlab.app.controls;

import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;

/**
 * A notice above the views (a loaded preset's description, a saved file, a message about a
 * session that could not be opened). It stays for {@link #SHOW_FOR} or until closed; errors stay
 * until closed.
 */
public final class NoticeBar extends HBox {
    /** How long an ordinary notice stays. */
    public static final Duration SHOW_FOR = Duration.seconds(20);

    private final Label text = new Label();
    private final PauseTransition hide = new PauseTransition(SHOW_FOR);

    public NoticeBar() {
        super(8);
        setId("notice");
        getStyleClass().add("notice-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 12));
        text.setWrapText(true);
        text.setId("notice-text");
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        // wrapped, never cut with "…": the bar grows by a line or two for a long preset description
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button close = new Button("×");
        close.getStyleClass().add("notice-close");
        close.setFocusTraversable(false);
        close.setOnAction(e -> clear());
        getChildren().addAll(text, close);
        hide.setOnFinished(e -> clear());
        clear();
    }

    /** Shows an ordinary notice. */
    public void show(String message) {
        show(message, false);
    }

    /** Shows a notice; an error stays until closed. */
    public void show(String message, boolean error) {
        text.setText(message);
        getStyleClass().remove("notice-error");
        if (error) {
            getStyleClass().add("notice-error");
        }
        setVisible(true);
        setManaged(true);
        hide.stop();
        if (!error) {
            hide.playFromStart();
        }
    }

    public void clear() {
        hide.stop();
        text.setText("");
        setVisible(false);
        setManaged(false);
    }

    /** The text shown ("" when hidden). */
    public String text() {
        return text.getText();
    }
}
