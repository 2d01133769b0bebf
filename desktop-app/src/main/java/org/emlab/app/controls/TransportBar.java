package org.emlab.app.controls;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.emlab.app.timeline.TimelineScrubber;

/**
 * The transport bar: reset, step back, play/pause, step, E/M half-step, speed, the iteration counter
 * and the timeline scrubber. It only forwards commands to its {@link TransportModel}.
 */
public final class TransportBar extends HBox {

    public TransportBar(TransportModel m) {
        super(6);
        getStyleClass().add("transport-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(6, 10, 6, 10));

        Button reset = button("↺", "reset", "back to iteration 0 of the same run: same data, same start (R)", m::reset);
        Button back = button("◀", "step-back", "one recorded iteration back (Left)", m::stepBack);
        Button play = button("▶", "play", "play / pause (Space)", m::togglePlay);
        play.textProperty().bind(Bindings.when(m.playingProperty()).then("❚❚").otherwise("▶"));
        play.getStyleClass().add("play-button");
        Button step = button("▶|", "step", "one full EM iteration (Right)", m::step);
        Button half = button("E", "half-step", "half-step: the E-step (new responsibilities, old parameters), then the "
                + "M-step (new parameters) (E / M)", m::halfStep);
        half.textProperty().bind(Bindings.when(m.halfPendingProperty()).then("M").otherwise("E"));

        Slider speed = new Slider(0, TransportModel.SPEED_MAX_POSITION, m.speedPositionProperty().get());
        speed.setId("speed");
        speed.setPrefWidth(130);
        speed.valueProperty().bindBidirectional(m.speedPositionProperty());
        speed.setTooltip(new Tooltip("speed while playing, from 0.5 iterations per second to as fast as the machine goes (+ / −)"));
        Label speedText = new Label();
        speedText.getStyleClass().add("speed-text");
        speedText.textProperty().bind(m.speedTextProperty());
        speedText.setMinWidth(62);

        Label counter = new Label();
        counter.setId("iteration-counter");
        counter.getStyleClass().add("iteration-counter");
        counter.textProperty().bind(m.counterProperty());
        counter.setMinWidth(150);

        TimelineScrubber timeline = new TimelineScrubber(m.timeline());
        getChildren().addAll(reset, back, play, step, half, speed, speedText, counter, timeline);
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("transport-button");
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }
}
