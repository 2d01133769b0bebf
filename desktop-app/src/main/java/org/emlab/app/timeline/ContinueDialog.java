package org.emlab.app.timeline;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** "Continue from iteration 12 and discard iterations 13–80?": Continue from here / Resume at live end / Cancel. */
public final class ContinueDialog {
    private ContinueDialog() {
    }

    /** Asks, modal to {@code owner}, and returns the choice (Cancel when closed). */
    public static TimelineModel.Choice ask(Window owner, int shown, int live) {
        ButtonType here = new ButtonType("Continue from here", ButtonBar.ButtonData.OK_DONE);
        ButtonType liveEnd = new ButtonType("Resume at live end", ButtonBar.ButtonData.OTHER);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", here, liveEnd, cancel);
        a.initOwner(owner);
        a.setTitle("Continue from a past iteration?");
        a.setHeaderText(TimelineModel.question(shown, live));
        a.setContentText("Continue from here recomputes the run from iteration " + shown + " (same data, same result). "
                + "Resume at live end keeps everything and goes on from iteration " + live + ".");
        a.getDialogPane().setId("continue-dialog");
        return a.showAndWait().map(b -> b == here ? TimelineModel.Choice.CONTINUE_HERE
                : b == liveEnd ? TimelineModel.Choice.RESUME_AT_LIVE_END : TimelineModel.Choice.CANCEL)
                .orElse(TimelineModel.Choice.CANCEL);
    }
}
