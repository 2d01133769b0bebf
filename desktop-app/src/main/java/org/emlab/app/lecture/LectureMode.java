package org.emlab.app.lecture;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.emlab.app.model.SessionModel;
import org.emlab.app.keys.Shortcuts;
import org.emlab.core.figure.Theme;

/**
 * Lecture mode (F11, View → Lecture mode): full screen, the projector theme (dark, large text, thick
 * lines) for the stylesheets, the canvases and the curve charts; the parameter panel and the menus
 * hidden (the ☰ button or C shows the parameters again); only the geometry, the first curve and the
 * transport bar; and a caption line on the geometry saying what the last step did, in a strip of its
 * own above the plot (so it never covers the data, the axes or the panel's notes), which then replaces
 * the smaller caption of the status line. Leaving it (F11 or Esc) restores the window as it was.
 */
public final class LectureMode {
    /** The parts of the window lecture mode rearranges. */
    public interface Host {
        /** The window's stage (full screen). */
        Stage stage();

        /** The root node (gets the style class {@code lecture}). */
        Node root();

        /** The parameter column, hidden in lecture mode. */
        Node parameterPanel();

        /** The menu bar, hidden in lecture mode. */
        Node menuBar();

        /** The status line's caption, replaced by the lecture strip's larger one. */
        Node captionLabel();

        /** The curve charts in display order: only the first one shows in lecture mode. */
        List<? extends Node> curveCharts();
    }

    private final SessionModel session;
    private final Host window;
    private final BooleanProperty active;
    private final BooleanProperty controlsShown = new SimpleBooleanProperty();
    private final HBox strip = new HBox(12);
    private final Label caption = new Label();
    private final Label position = new Label();
    private final LectureModel scenes;
    private final CheckMenuItem menuItem = new CheckMenuItem("Lecture mode");
    private final ToggleGroup themes = new ToggleGroup();
    private final RadioMenuItem light = new RadioMenuItem("Light theme");
    private final RadioMenuItem projector = new RadioMenuItem("Projector theme");
    private final javafx.beans.value.ChangeListener<Boolean> fullScreenListener = this::fullScreenChanged;
    private Theme before = Theme.LIGHT;
    /** The state the window was last arranged for. */
    private boolean applied;
    private boolean wasFullScreen;

    public LectureMode(SessionModel session, LectureModel scenes, Host window) {
        this.session = session;
        this.scenes = scenes;
        this.window = window;
        this.active = session.lectureProperty();
        caption.setId("lecture-caption");
        caption.getStyleClass().add("lecture-caption");
        caption.setWrapText(true);
        caption.setMouseTransparent(true);
        // a lecture's scene caption (what the lecturer says), else what the last step did
        caption.textProperty().bind(javafx.beans.binding.Bindings.when(scenes.indexProperty().greaterThanOrEqualTo(0))
                .then(scenes.captionProperty()).otherwise(session.transport().captionProperty()));
        position.textProperty().bind(scenes.positionProperty());
        position.getStyleClass().add("lecture-position");
        position.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        scenes.indexProperty().addListener((o, a, b) -> layout());
        caption.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(caption, Priority.ALWAYS);
        Button controls = new Button("☰");
        controls.setId("lecture-controls");
        controls.getStyleClass().add("lecture-controls-button");
        controls.setFocusTraversable(false);
        controls.setTooltip(new Tooltip("show or hide the parameters (C)"));
        controls.setOnAction(e -> toggleControls());
        strip.getChildren().addAll(controls, caption, position);
        // a scene's caption is a sentence or two: it wraps onto more lines (the strip grows) instead of ending in "…".
        // An HBox asks a label for its height at its one-line width, so the label is given the width it will get.
        caption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        caption.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(100, strip.getWidth() - strip.getInsets().getLeft() - strip.getInsets().getRight()
                        - controls.getWidth() - position.getWidth() - 2 * strip.getSpacing()),
                strip.widthProperty(), controls.widthProperty(), position.widthProperty()));
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.setPadding(new Insets(6, 12, 6, 8));
        strip.getStyleClass().add("lecture-strip");
        strip.setId("lecture-strip");
        show(strip, false);

        menuItem.setAccelerator(Shortcuts.get("lecture").combos().get(0));
        menuItem.setId("menu-lecture");
        menuItem.setOnAction(e -> setActive(menuItem.isSelected()));
        // a session restore sets the property directly: follow it
        active.addListener((o, a, b) -> {
            menuItem.setSelected(b);
            if (b != applied) {
                apply(b);
            }
        });
        light.setToggleGroup(themes);
        projector.setToggleGroup(themes);
        light.setSelected(true);
        light.setOnAction(e -> session.themeProperty().set(Theme.LIGHT));
        projector.setOnAction(e -> session.themeProperty().set(Theme.PROJECTOR));
    }

    /** What goes above the geometry: the controls button and the caption line (in lecture mode only). */
    public Node strip() {
        return strip;
    }

    /** View menu items: lecture mode and the theme. */
    public List<MenuItem> menuItems() {
        Menu theme = new Menu("Theme");
        theme.getItems().addAll(light, projector);
        theme.setOnShowing(e -> (session.theme() == Theme.PROJECTOR ? projector : light).setSelected(true));
        return List.of(menuItem, theme);
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    public boolean isActive() {
        return active.get();
    }

    public void toggle() {
        setActive(!active.get());
    }

    /** Enters or leaves lecture mode. */
    public void setActive(boolean on) {
        active.set(on);
    }

    private void apply(boolean on) {
        applied = on;
        if (on) {
            before = session.theme();
            session.themeProperty().set(Theme.PROJECTOR);
            controlsShown.set(false);
            wasFullScreen = window.stage().isFullScreen();
            window.stage().setFullScreenExitHint("");
            window.stage().setFullScreenExitKeyCombination(KeyCombination.keyCombination("Esc"));
            window.stage().fullScreenProperty().addListener(fullScreenListener);
            window.stage().setFullScreen(true);
        } else {
            window.stage().fullScreenProperty().removeListener(fullScreenListener);
            session.themeProperty().set(before);
            if (!wasFullScreen) {
                window.stage().setFullScreen(false);
            }
        }
        layout();
        window.root().getStyleClass().remove("lecture");
        if (on) {
            window.root().getStyleClass().add("lecture");
        }
    }

    private void fullScreenChanged(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
        if (!now && active.get()) {
            // Esc (or the window manager) left full screen: leave lecture mode with it
            setActive(false);
        }
    }

    /** Shows or hides the parameter panel while in lecture mode. */
    public void toggleControls() {
        if (!active.get()) {
            return;
        }
        controlsShown.set(!controlsShown.get());
        layout();
    }

    /** Called when the curve charts were rebuilt (a new lab): only the first one shows in lecture mode. */
    public void curvesRebuilt() {
        layout();
    }

    private void layout() {
        boolean on = active.get();
        show(window.parameterPanel(), !on || controlsShown.get());
        show(window.menuBar(), !on);
        // the strip shows in lecture mode, and whenever a lecture is given (its scene's caption)
        show(strip, on || scenes.isRunning());
        show(window.captionLabel(), !on);
        List<? extends Node> charts = window.curveCharts();
        for (int i = 0; i < charts.size(); i++) {
            show(charts.get(i), !on || i == 0);
        }
    }

    private static void show(Node n, boolean visible) {
        if (n != null) {
            n.setVisible(visible);
            n.setManaged(visible);
        }
    }
}
