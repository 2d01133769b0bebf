package org.emlab.app.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;

class PresetCatalogTest {
    private static Preset preset(String name, String lab) {
        return new Preset(1, name, name, lab, "d", Map.of(), null, null);
    }

    @Test
    void keysOneToNineAreTheFirstNinePresetsOfTheLab() {
        List<Preset> ps = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            ps.add(preset("p" + i, "gmm-simplex"));
        }
        ps.add(2, preset("other", "mlr-elsewhere"));
        PresetCatalog c = new PresetCatalog(ps);
        assertEquals("p1", c.number("gmm-simplex", 1).name());
        assertEquals("p9", c.number("gmm-simplex", 9).name());
        assertNull(c.number("gmm-simplex", 10));
        assertNull(c.number("gmm-simplex", 0));
        assertEquals(3, c.keyOf(ps.get(3)));
        assertEquals(0, c.keyOf(ps.get(11)), "p11 has no key");
        assertNull(c.number("mlr", 1));
    }

    @Test
    void shippedPresetsAreGroupedByLabInCatalogueOrder() {
        PresetCatalog c = PresetCatalog.shipped();
        List<String> order = LabRegistry.all().stream().map(Lab::id).toList();
        int last = -1;
        int total = 0;
        for (Map.Entry<Lab, List<Preset>> e : c.byLab().entrySet()) {
            int at = order.indexOf(e.getKey().id());
            assertEquals(true, at > last, "catalogue order");
            last = at;
            for (Preset p : e.getValue()) {
                assertEquals(e.getKey().id(), p.lab());
            }
            total += e.getValue().size();
        }
        assertEquals(Presets.shipped().size(), total, "every preset has a menu entry");
    }
}
