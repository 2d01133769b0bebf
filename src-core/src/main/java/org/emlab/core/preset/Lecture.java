package org.emlab.core.preset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;

/**
 * A lecture: an ordered list of scenes that tell one paper's story in class, moved through with
 * PageDown/PageUp (a presentation clicker) in the window. A scene is a run to show (a shipped preset
 * by name, or a lab with its parameters and an optional A/B contrast), the caption said over it, where
 * it stops by itself, which chart is maximised, whether it plays at once and whether the theory card
 * shows. Read and written by {@link Lectures}.
 *
 * @param version format version ({@link Lectures#VERSION})
 * @param name    lower-case words joined by dashes
 * @param title   shown in the Lecture menu
 * @param scenes  at least one
 */
public record Lecture(int version, String name, String title, List<Scene> scenes) {
    public Lecture {
        scenes = List.copyOf(scenes);
    }

    /**
     * One scene.
     *
     * @param preset     a shipped preset's name, or null when {@code lab} and {@code params} say what runs
     * @param lab        the lab id (when no preset is named)
     * @param params     parameter texts over the preset's (or the lab's defaults)
     * @param compare    an A/B contrast (one parameter changed), or null: the preset's, if any
     * @param caption    what the lecturer says over it: shown in large type above the views, never cut
     * @param iterations where the run stops by itself, or null: the preset's or the lab's horizon
     * @param maximise   the panel id shown over the others ({@code "geometry"} or a curve's id), or null
     * @param play       true to start playing at once
     * @param theory     true to show the lab's theory card beside the geometry
     */
    public record Scene(String preset, String lab, Map<String, String> params, Preset.Compare compare, String caption,
                        Integer iterations, String maximise, boolean play, boolean theory) {
        public Scene {
            params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The preset the scene starts from, or null. */
        public Preset presetObject() {
            return preset == null ? null : Presets.find(preset);
        }

        /** The lab of the run (the base lab of an A/B comparison). */
        public Lab labObject() {
            Preset p = presetObject();
            return LabRegistry.get(p != null ? p.lab() : lab);
        }

        /** The run's parameters: the preset's (or the lab's defaults), then the scene's, validated. */
        public ParamValues values() {
            Preset p = presetObject();
            Lab l = labObject();
            ParamValues v = (p != null ? p.values() : l.defaults()).withAll(new LinkedHashMap<>(params));
            l.validate(v);
            return v;
        }

        /** The A/B contrast of the run: the scene's, else the preset's, else none. */
        public Preset.Compare contrast() {
            if (compare != null) {
                return compare;
            }
            Preset p = presetObject();
            return p == null ? null : p.compare();
        }

        /** Where the run stops by itself: the scene's iterations, else the preset's horizon, else the lab's. */
        public Horizon horizon() {
            if (iterations != null) {
                return Horizon.upTo(iterations);
            }
            Preset p = presetObject();
            return p != null ? p.horizon() : labObject().horizon(values());
        }
    }
}
