package org.emlab.app.presets;

import java.util.List;
import java.util.Map;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.emlab.app.model.SessionModel;
import org.emlab.core.preset.Preset;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;

/**
 * The Presets menu (one submenu per lab; each item shows its description as a tooltip, and the
 * current lab's first nine their keys 1–9) and the loading of a preset into the window, which then
 * shows the preset's description.
 */
public final class PresetActions {
    private final SessionModel session;
    private final Menu menu = new Menu("Presets");
    private PresetCatalog catalog;

    public PresetActions(SessionModel session) {
        this.session = session;
        menu.setId("menu-presets");
        menu.getItems().add(new MenuItem("(loading)"));
        menu.setOnShowing(e -> rebuild());
    }

    private PresetCatalog catalog() {
        if (catalog == null) {
            catalog = PresetCatalog.shipped();
        }
        return catalog;
    }

    public Menu menu() {
        return menu;
    }

    private void rebuild() {
        menu.getItems().clear();
        String current = session.lab() == null ? "" : session.lab().id();
        for (Map.Entry<Lab, List<Preset>> e : catalog().byLab().entrySet()) {
            Menu sub = new Menu(e.getKey().id() + " — " + e.getKey().title());
            for (Preset p : e.getValue()) {
                int key = catalog().keyOf(p);
                String text = p.title() + (key > 0 && e.getKey().id().equals(current) ? "\t" + key : "");
                Label l = new Label(text);
                Tooltip tip = new Tooltip(p.longDescription());
                tip.setWrapText(true);
                tip.setMaxWidth(520);
                tip.setShowDelay(Duration.millis(300));
                tip.setShowDuration(Duration.seconds(60));
                l.setTooltip(tip);
                CustomMenuItem it = new CustomMenuItem(l);
                it.setId("preset-" + p.name());
                it.setOnAction(a -> load(p));
                sub.getItems().add(it);
            }
            menu.getItems().add(sub);
        }
    }

    /** Loads the current lab's preset number {@code index + 1} (keys 1–9); nothing when there is none. */
    public void loadNumber(int index) {
        if (session.lab() == null) {
            return;
        }
        Preset p = catalog().number(session.lab().id(), index + 1);
        if (p == null) {
            session.notice(session.lab().id() + " has no preset " + (index + 1) + " (Presets menu)", false);
            return;
        }
        load(p);
    }

    /**
     * The lab a preset runs: its lab, or — when the preset has a {@code compare} block — the A/B
     * comparison of that lab with the one parameter changed (same data, same seed, in lockstep).
     */
    public static Lab labFor(Preset p) {
        Lab lab = LabRegistry.get(p.lab());
        return p.compare() == null ? lab
                : org.emlab.core.compare.ComparisonLab.of(lab, p.compare().param(), p.compare().value());
    }

    /** Loads a preset: its lab (or its A/B comparison) and values, paused at iteration 0, and shows its description. */
    public void load(Preset p) {
        session.labelNextEdit("preset " + p.title());
        session.load(labFor(p), p.values(), false, p.horizon());
        session.notice("Preset " + p.title() + ": " + p.longDescription(), false);
    }

    /** Loads the preset called {@code name} (for {@code ./emlab --preset NAME}). */
    public void load(String name, boolean autoplay) {
        Preset p = org.emlab.core.preset.Presets.find(name);
        session.labelNextEdit("preset " + p.title());
        session.load(labFor(p), p.values(), autoplay, p.horizon());
        session.notice("Preset " + p.title() + ": " + p.longDescription(), false);
    }
}
