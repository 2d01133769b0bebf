package org.emlab.app.compare;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamValues;

/**
 * "Compare with…" in the window: buttons and a banner for the left column, and menu items. Choosing a
 * contrast loads a {@link ComparisonLab} for the current parameters (the form then edits run A,
 * and B follows); "Stop comparing" loads the plain lab again with A's parameters.
 */
public final class CompareController {
    /** How the window loads a lab with parameters. */
    @FunctionalInterface
    public interface Loader {
        void load(Lab lab, ParamValues params, boolean autoplay);
    }

    private final Window owner;
    private final Supplier<Lab> lab;
    private final Supplier<ParamValues> params;
    private final Loader loader;
    private final Button compare = new Button("Compare with…");
    private final Button stop = new Button("Stop comparing");
    private final Label banner = new Label();
    private final MenuItem compareItem = new MenuItem("Compare with…");
    private final MenuItem stopItem = new MenuItem("Stop comparing");

    /**
     * @param owner  the window (dialog owner)
     * @param lab    the lab shown now
     * @param params run A's current valid parameters
     * @param loader loads a lab with parameters
     */
    public CompareController(Window owner, Supplier<Lab> lab, Supplier<ParamValues> params, Loader loader) {
        this.owner = owner;
        this.lab = lab;
        this.params = params;
        this.loader = loader;
        compare.setId("compare");
        compare.setTooltip(new Tooltip("run this lab twice, side by side and in lockstep, on the same data and seed, "
                + "changing one parameter (the paper's contrast is offered first)"));
        compare.setOnAction(e -> showDialog());
        stop.setId("stop-compare");
        stop.setTooltip(new Tooltip("back to a single run with A's parameters"));
        stop.setOnAction(e -> stop());
        banner.setId("compare-banner");
        banner.getStyleClass().add("lab-citation");
        banner.setWrapText(true);
        compareItem.setOnAction(e -> showDialog());
        stopItem.setOnAction(e -> stop());
        refresh(null);
    }

    /** The "Compare with…" button. */
    public Button compareButton() {
        return compare;
    }

    /** The "Stop comparing" button (shown only while comparing). */
    public Button stopButton() {
        return stop;
    }

    /** What is compared (shown only while comparing). */
    public Label banner() {
        return banner;
    }

    /** "Compare with…" and "Stop comparing" for a menu. */
    public List<MenuItem> menuItems() {
        return List.of(compareItem, stopItem);
    }

    /** Opens the dialog; on "Compare" loads the comparison. */
    public void showDialog() {
        Lab current = lab.get();
        ParamValues a = params.get();
        if (current == null || a == null) {
            return;
        }
        new CompareDialog(owner, new CompareModel(current, a)).showAndWait().ifPresent(c -> loader.load(c, a, false));
    }

    /** Loads the plain lab with run A's parameters. */
    public void stop() {
        if (lab.get() instanceof ComparisonLab c && params.get() != null) {
            loader.load(c.base(), params.get(), false);
        }
    }

    /** Updates the buttons and the banner for the lab now shown (call after every load). */
    public void refresh(Lab now) {
        boolean comparing = now instanceof ComparisonLab;
        stop.setVisible(comparing);
        stop.setManaged(comparing);
        stopItem.setDisable(!comparing);
        compare.setText(comparing ? "Change B…" : "Compare with…");
        banner.setVisible(comparing);
        banner.setManaged(comparing);
        if (comparing && params.get() != null) {
            ComparisonLab c = (ComparisonLab) now;
            ParamValues a = params.get();
            String p = c.contrast(a).param();
            String label = c.contrast(a).label();
            banner.setText((label.isBlank() ? "A/B comparison" : "A/B: " + label) + "\nA: " + ComparisonLab.describe(a, p)
                    + "\nB: " + ComparisonLab.describe(c.paramsB(a), p));
        }
    }
}
