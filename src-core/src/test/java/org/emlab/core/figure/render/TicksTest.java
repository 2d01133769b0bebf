package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Log ticks that fit the room on the axis, from a fraction of a decade to hundreds of decades. */
class TicksTest {
    private static List<Ticks.Tick> majors(List<Ticks.Tick> ticks) {
        return ticks.stream().filter(Ticks.Tick::major).toList();
    }

    @Test
    void hundredsOfDecadesAreLabelledEveryFewDecadesWithinTheRoom() {
        for (int room : new int[] {3, 5, 8, 12}) {
            List<Ticks.Tick> m = majors(Ticks.log(1e-161, 0.5, room));
            assertTrue(m.size() >= 2 && m.size() <= room, room + ": " + m);
            double step = Math.log10(m.get(1).value()) - Math.log10(m.get(0).value());
            for (int i = 1; i < m.size(); i++) {
                assertEquals(step, Math.log10(m.get(i).value()) - Math.log10(m.get(i - 1).value()), 1e-6, "equal spacing");
            }
        }
        assertEquals(List.of("10⁻¹⁵⁰", "10⁻¹⁰⁰", "10⁻⁵⁰", "1"), majors(Ticks.log(1e-161, 2, 5)).stream()
                .map(Ticks.Tick::label).toList());
    }

    @Test
    void aFewDecadesAreAllLabelledWithMinorTicksBetween() {
        List<Ticks.Tick> t = Ticks.log(1e-3, 1, 8);
        assertEquals(List.of("10⁻³", "0.01", "0.1", "1").size(), majors(t).size());
        assertEquals(3 * 8, t.size() - majors(t).size(), "2..9 × 10^k in each of the three decades");
    }

    @Test
    void lessThanADecadeStillGetsAtLeastTwoLabels() {
        List<Ticks.Tick> m = majors(Ticks.log(0.0126, 0.07, 6));
        assertTrue(m.size() >= 2, m.toString());
        for (Ticks.Tick x : m) {
            assertTrue(x.value() >= 0.0126 && x.value() <= 0.07, x.toString());
        }
        assertTrue(majors(Ticks.log(0.005, 0.07, 6)).size() >= 3);
    }

    @Test
    void emptyOrInvalidRangesGiveNoTicks() {
        assertTrue(Ticks.log(0, 1, 5).isEmpty());
        assertTrue(Ticks.log(1, 1, 5).isEmpty());
        assertTrue(Ticks.log(1, Double.POSITIVE_INFINITY, 5).isEmpty());
    }
}
