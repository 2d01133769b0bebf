package org.emlab.app.explore;

import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Menu;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.emlab.app.compare.CompareController;
import org.emlab.app.sweep.SweepController;
import org.emlab.app.timeline.ContinueDialog;
import org.emlab.app.timeline.TimelineModel;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/**
 * The "explore and verify" features wired into the main window with a few lines: the "Continue
 * from a past iteration?" question of the timeline, "Compare with…" (A/B) and "Sweep…" (Monte
 * Carlo), as a block for the left column and an Explore menu.
 */
public final class ExploreFeatures {
    private final CompareController compare;
    private final SweepController sweeps;
    private final VBox node = new VBox(4);

    /**
     * @param stage    the main window
     * @param timeline the transport's timeline model (gets the continue-from-here dialog)
     * @param lab      the lab shown
     * @param params   the form's current valid parameters
     * @param loader   loads a lab with parameters into the window
     */
    public ExploreFeatures(Stage stage, TimelineModel timeline, Supplier<Lab> lab, Supplier<ParamValues> params,
                           CompareController.Loader loader) {
        timeline.setPrompt((shown, live) -> ContinueDialog.ask(stage, shown, live));
        compare = new CompareController(stage, lab, params, loader);
        sweeps = new SweepController(stage, lab, params, (l, p) -> loader.load(l, p, false));
        FlowPane buttons = new FlowPane(6, 6, compare.compareButton(), compare.stopButton(), sweeps.button());
        buttons.setAlignment(Pos.CENTER_LEFT);
        node.getChildren().addAll(buttons, compare.banner());
        node.setId("explore");
    }

    /** The left-column block. */
    public Region node() {
        return node;
    }

    /** The Explore menu: Compare with…, Stop comparing, Sweep…. */
    public Menu menu() {
        Menu m = new Menu("Explore");
        m.getItems().addAll(compare.menuItems());
        m.getItems().addAll(new SeparatorMenuItem(), sweeps.menuItem());
        return m;
    }

    /** Call after the window loaded a lab (updates the compare buttons and banner). */
    public void refresh(Lab now) {
        compare.refresh(now);
    }

    public CompareController compare() {
        return compare;
    }

    public SweepController sweeps() {
        return sweeps;
    }
}
