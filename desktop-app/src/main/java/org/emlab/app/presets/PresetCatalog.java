package org.emlab.app.presets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.app.keys.Shortcuts;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;

/** The shipped presets as the window offers them: grouped by lab in catalogue order, the first nine of a lab on keys. */
public final class PresetCatalog {
    private final List<Preset> all;

    public PresetCatalog(List<Preset> all) {
        this.all = List.copyOf(all);
    }

    /** The shipped presets. */
    public static PresetCatalog shipped() {
        return new PresetCatalog(Presets.shipped());
    }

    /** Labs that have presets, in catalogue order, with their presets in index order. */
    public Map<Lab, List<Preset>> byLab() {
        Map<Lab, List<Preset>> out = new LinkedHashMap<>();
        for (Lab l : LabRegistry.all()) {
            List<Preset> ps = forLab(l.id());
            if (!ps.isEmpty()) {
                out.put(l, ps);
            }
        }
        return out;
    }

    public List<Preset> forLab(String labId) {
        List<Preset> out = new ArrayList<>();
        for (Preset p : all) {
            if (p.lab().equals(labId)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The preset on key {@code number} (1..9) for a lab, or null. */
    public Preset number(String labId, int number) {
        List<Preset> ps = forLab(labId);
        return number >= 1 && number <= Math.min(Shortcuts.PRESET_KEYS, ps.size()) ? ps.get(number - 1) : null;
    }

    /** The key of a preset in its lab (1..9), or 0 when it has none. */
    public int keyOf(Preset p) {
        int i = forLab(p.lab()).indexOf(p) + 1;
        return i <= Shortcuts.PRESET_KEYS ? i : 0;
    }
}
