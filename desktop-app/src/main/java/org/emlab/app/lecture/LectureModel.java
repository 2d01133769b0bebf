package org.emlab.app.lecture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.emlab.app.model.SessionModel;
import org.emlab.core.compare.ComparisonLab;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ParamSpec;
import org.emlab.core.param.ParamValues;
import org.emlab.core.preset.Lecture;
import org.emlab.core.preset.Lectures;
import org.emlab.core.preset.Preset;
import org.emlab.core.run.Snapshot;

/**
 * A lecture being given: its scenes, the one shown, and what showing it asks of the window (the
 * caption in large type, the chart to maximise, the theory card). Moving to a scene loads its run
 * into the session (its lab, values, A/B contrast and horizon, playing or paused). Also builds a
 * scene from what the window shows now, so a lecturer can put a lecture together in the window and
 * save it. No scene graph: tested without a Stage.
 */
public final class LectureModel {
    private final SessionModel session;
    private final ObjectProperty<Lecture> lecture = new SimpleObjectProperty<>();
    private final IntegerProperty index = new SimpleIntegerProperty(-1);
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper("");
    /** The panel id the current scene shows maximised ("" for none); the window applies it once the run shows. */
    private final StringProperty maximise = new SimpleStringProperty("");
    private final BooleanProperty theory = new SimpleBooleanProperty();

    public LectureModel(SessionModel session) {
        this.session = session;
    }

    /** The lecture being given, or null. */
    public ObjectProperty<Lecture> lectureProperty() {
        return lecture;
    }

    /** True while a lecture is being given. */
    public boolean isRunning() {
        return lecture.get() != null && index.get() >= 0;
    }

    /** The scene shown, 0-based, or −1. */
    public IntegerProperty indexProperty() {
        return index;
    }

    /** The scene's caption: what the lecturer says over it. */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** "scene 2 of 5", or "". */
    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    /** The panel to maximise for the scene shown ({@code "geometry"}, a curve panel's id, or ""). */
    public StringProperty maximiseProperty() {
        return maximise;
    }

    /** True when the scene shown wants the theory card beside the geometry. */
    public BooleanProperty theoryProperty() {
        return theory;
    }

    /** Starts {@code l} at its first scene. */
    public void start(Lecture l) {
        lecture.set(l);
        show(0);
    }

    /** Ends the lecture: the window keeps what it shows, without the scene's caption. */
    public void stop() {
        lecture.set(null);
        index.set(-1);
        caption.set("");
        position.set("");
        maximise.set("");
        theory.set(false);
    }

    /** The next scene (PageDown, a clicker's forward key); nothing at the last one. */
    public void next() {
        if (isRunning() && index.get() < lecture.get().scenes().size() - 1) {
            show(index.get() + 1);
        }
    }

    /** The previous scene (PageUp, a clicker's back key); nothing at the first one. */
    public void previous() {
        if (isRunning() && index.get() > 0) {
            show(index.get() - 1);
        }
    }

    /** Shows scene {@code i}: loads its run and sets its caption, maximised chart and theory card. */
    public void show(int i) {
        Lecture l = lecture.get();
        Lecture.Scene s = l.scenes().get(i);
        Lab lab = s.labObject();
        Preset.Compare c = s.contrast();
        Lab shown = c == null ? lab : ComparisonLab.of(lab, c.param(), c.value());
        index.set(i);
        caption.set(s.caption());
        position.set("scene " + (i + 1) + " of " + l.scenes().size());
        maximise.set(s.maximise() == null ? "" : s.maximise());
        theory.set(s.theory());
        session.load(shown, s.values(), s.play(), s.horizon());
    }

    /**
     * A scene of what the window shows now: its lab and every parameter that differs from the lab's
     * defaults, the A/B contrast, a horizon at the iteration shown (at least 1), the chart shown
     * maximised and whether the theory card shows, with {@code captionText} as its caption.
     */
    public Lecture.Scene sceneOfNow(String captionText, String maximisedPanel, boolean theoryShown) {
        Snapshot s = session.latest();
        Lab lab = session.lab();
        if (s == null || lab == null || s.params() == null) {
            throw new IllegalStateException("nothing is shown yet");
        }
        Lab base = lab instanceof ComparisonLab cl ? cl.base() : lab;
        Preset.Compare compare = null;
        if (lab instanceof ComparisonLab cl) {
            Lab.Contrast k = cl.contrast(s.params());
            compare = new Preset.Compare(k.param(), k.value());
        }
        ParamValues now = s.params();
        ParamValues defaults = base.defaults();
        Map<String, String> params = new LinkedHashMap<>();
        for (ParamSpec spec : base.parameters()) {
            String text = now.text(spec.name());
            if (!text.equals(defaults.text(spec.name()))) {
                params.put(spec.name(), text);
            }
        }
        return new Lecture.Scene(null, base.id(), params, compare, captionText, Math.max(1, s.iteration()),
                maximisedPanel == null || maximisedPanel.isEmpty() ? null : maximisedPanel, false, theoryShown);
    }

    /** Appends {@code scene} to the lecture being given, or starts a new one-scene lecture "my-lecture". */
    public Lecture addScene(Lecture.Scene scene) {
        Lecture l = lecture.get();
        List<Lecture.Scene> scenes = new ArrayList<>(l == null ? List.of() : l.scenes());
        scenes.add(scene);
        Lecture out = l == null ? new Lecture(Lectures.VERSION, "my-lecture", "My lecture", scenes)
                : new Lecture(l.version(), l.name(), l.title(), scenes);
        lecture.set(out);
        index.set(scenes.size() - 1);
        caption.set(scene.caption());
        position.set("scene " + scenes.size() + " of " + scenes.size());
        return out;
    }
}
