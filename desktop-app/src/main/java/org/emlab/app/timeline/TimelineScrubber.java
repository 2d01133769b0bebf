package org.emlab.app.timeline;

import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The timeline scrubber of the transport bar: a slider over the recorded iterations. Dragging or
 * clicking seeks every view to that iteration; the thumb follows the run otherwise. It takes no
 * keyboard focus, so Left/Right keep stepping back/forward through the window's shortcuts.
 */
public final class TimelineScrubber extends HBox {
    private final Slider slider = new Slider(0, 1, 0);
    private final TimelineModel model;
    private boolean updating;

    public TimelineScrubber(TimelineModel model) {
        this.model = model;
        slider.setId("timeline");
        slider.setFocusTraversable(false);
        slider.setTooltip(new Tooltip("timeline: drag to any recorded iteration; every view follows. "
                + "Play from there asks whether to continue from it (discarding the later iterations) "
                + "or to resume at the live end"));
        slider.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(slider, Priority.ALWAYS);
        HBox.setHgrow(this, Priority.ALWAYS);
        setMaxWidth(Double.MAX_VALUE);
        slider.minProperty().bind(model.minProperty());
        slider.maxProperty().bind(model.maxProperty());
        model.valueProperty().addListener((o, a, b) -> {
            updating = true;
            slider.setValue(b.doubleValue());
            updating = false;
        });
        slider.valueProperty().addListener((o, a, b) -> {
            // only the user's hand seeks: clamping by a new range (a new run) must not
            if (!updating && model.draggingProperty().get() && (int) Math.round(b.doubleValue()) != model.shownProperty().get()) {
                model.seek(b.doubleValue());
            }
        });
        slider.valueChangingProperty().addListener((o, a, b) -> {
            if (b) {
                model.draggingProperty().set(true);
            }
        });
        slider.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> model.draggingProperty().set(true));
        slider.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            model.draggingProperty().set(false);
            model.seek(slider.getValue());
        });
        getChildren().add(slider);
    }

    /** The slider (for tests). */
    public Slider slider() {
        return slider;
    }
}
