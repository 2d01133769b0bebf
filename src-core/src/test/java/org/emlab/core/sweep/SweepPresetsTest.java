package org.emlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.emlab.core.labs.LabRegistry;
import org.junit.jupiter.api.Test;

/** Every shipped sweep preset is a valid sweep of a registered lab whose theory predicts its slope. */
class SweepPresetsTest {

    @Test
    void everyShippedSweepPresetIsValid() {
        List<SweepPresets.SweepPreset> all = SweepPresets.all();
        assertFalse(all.isEmpty());
        for (SweepPresets.SweepPreset p : all) {
            SweepSpec s = p.spec();
            assertTrue(LabRegistry.all().contains(s.lab()) || LabRegistry.get(p.labId()) != null, p.name());
            assertFalse(p.title().isBlank(), p.name());
            assertFalse(p.description().isBlank(), p.name());
            assertTrue(s.values().length >= 3, p.name() + ": a slope needs points");
            if (!s.stat().fraction()) {
                assertTrue(s.lab().theorySlope(s.range().param(), s.stat().id(), s.base()).isPresent(),
                        p.name() + ": a paper sweep of a scaling law states the theory's slope");
            }
        }
    }

    @Test
    void theSimplexLabShipsItsFloorSweeps() {
        List<SweepPresets.SweepPreset> mine = SweepPresets.forLab("gmm-simplex");
        assertEquals(2, mine.size());
        SweepPresets.SweepPreset kl = SweepPresets.load("gmm-simplex-sweep-kl-vs-n");
        assertEquals(Statistic.FINAL_KL, kl.stat());
        assertEquals("n=1000:256000:log:5", kl.vary());
        assertEquals(-1.0, kl.lab().theorySlope("n", "final_kl", kl.base()).getAsDouble());
        assertFalse(kl.base().getBool("population"));
    }
}
