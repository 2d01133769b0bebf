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

    /** The mantissa's trailing zeros and point go, as the regular expressions "0+$" then "\\.$" took them. */
    @Test
    void trailingZerosAndThenAPointAreStripped() {
        String[][] cases = {
            {"2.50", "2.5"}, {"3.00", "3"}, {"-1.0", "-1"}, {"10.0", "10"}, {"0.0", "0"}, {"1.05", "1.05"},
            {"100", "1"}, {"7.", "7"}, {"", ""},
        };
        for (String[] c : cases) {
            assertEquals(c[0].replaceAll("0+$", "").replaceAll("\\.$", ""), c[1], "regex form of " + c[0]);
            assertEquals(c[1], Ticks.stripZeros(c[0]), c[0]);
        }
        assertEquals("2.5×10⁻⁷", Ticks.label(2.5e-7, 1e-8));
        assertEquals("2×10⁻⁷", Ticks.label(2e-7, 1e-8));
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

    /** Neighbouring major ticks keep the rule's gap (on a horizontal axis, also their labels'). */
    private static void assertSpaced(List<Ticks.Tick> ticks, double lo, double hi, boolean log, double length,
                                     double fs, boolean horizontal) {
        List<Ticks.Tick> m = majors(ticks);
        for (int i = 1; i < m.size(); i++) {
            double a = m.get(i - 1).value();
            double b = m.get(i).value();
            double px = log ? (Math.log10(b) - Math.log10(a)) / (Math.log10(hi) - Math.log10(lo)) * length
                    : (b - a) / (hi - lo) * length;
            double need = horizontal
                    ? Math.max(Ticks.MIN_HORIZONTAL_GAP_EMS * fs, (PanelLayout.textWidth(m.get(i - 1).label(), fs)
                            + PanelLayout.textWidth(m.get(i).label(), fs)) / 2 + Ticks.LABEL_GAP_EMS * fs)
                    : Ticks.MIN_VERTICAL_GAP_EMS * fs;
            assertTrue(px >= need - 1e-9, "ticks " + a + " and " + b + " are " + px + " apart, need " + need);
        }
    }

    @Test
    void linearTicksAreTheDensestOneTwoFiveStepThatKeepsTheGap() {
        // 200 px for 0..100 with 10 px labels: a gap of 25 px; steps of 10 (20 px) are too dense
        List<Ticks.Tick> t = Ticks.forAxis(0, 100, false, false, 200, 10, false);
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), majors(t).stream().map(Ticks.Tick::label).toList());
        assertTrue(t.stream().allMatch(Ticks.Tick::major), "no minor ticks on linear axes");
    }

    @Test
    void aLongerAxisGetsDenserTicks() {
        List<Ticks.Tick> shortAxis = majors(Ticks.forAxis(0, 100, false, false, 200, 10, false));
        List<Ticks.Tick> longAxis = majors(Ticks.forAxis(0, 100, false, false, 400, 10, false));
        assertEquals(11, longAxis.size());
        assertTrue(longAxis.size() > shortAxis.size());
        assertEquals(List.of("−1", "0", "1"), majors(Ticks.forAxis(-1.3, 1.3, false, false, 70, 10, false)).stream()
                .map(Ticks.Tick::label).toList());
    }

    @Test
    void wholeNumberAxesStepByWholeNumbers() {
        List<Ticks.Tick> t = majors(Ticks.forAxis(-0.5, 3.5, false, true, 1000, 10, true));
        assertEquals(List.of("0", "1", "2", "3"), t.stream().map(Ticks.Tick::label).toList());
        List<Ticks.Tick> iterations = majors(Ticks.forAxis(-3, 63, false, true, 200, 11, true));
        assertEquals(List.of("0", "20", "40", "60"), iterations.stream().map(Ticks.Tick::label).toList());
    }

    @Test
    void everyAxisKeepsTheGapWhateverItsRangeAndLength() {
        java.util.Random r = new java.util.Random(3);
        for (int trial = 0; trial < 500; trial++) {
            boolean log = r.nextBoolean();
            boolean horizontal = r.nextBoolean();
            double length = 40 + r.nextDouble() * 800;
            double fs = 8 + r.nextDouble() * 14;
            double lo;
            double hi;
            if (log) {
                lo = Math.pow(10, -200 + r.nextDouble() * 200);
                hi = lo * Math.pow(10, r.nextDouble() * (r.nextBoolean() ? 2 : 120));
            } else {
                lo = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 4);
                hi = lo + Math.pow(10, r.nextInt(12) - 5) * (0.1 + r.nextDouble());
            }
            List<Ticks.Tick> t = Ticks.forAxis(lo, hi, log, false, length, fs, horizontal);
            assertSpaced(t, lo, hi, log, length, fs, horizontal);
            for (Ticks.Tick x : majors(t)) {
                double slack = 1e-9 * (log ? x.value() : hi - lo);
                assertTrue(x.value() >= lo - slack && x.value() <= hi + slack,
                        x + " in [" + lo + ", " + hi + "]");
            }
        }
    }

    @Test
    void oneFormatterForEveryLabel() {
        assertEquals("0", Ticks.label(0, 0.1));
        assertEquals("0.25", Ticks.label(0.25, 0.05));
        assertEquals("−0.5", Ticks.label(-0.5, 0.5));
        assertEquals("3", Ticks.label(3, 1));
        assertEquals("22910", Ticks.label(22910, 10));
        assertEquals("2.5×10⁻⁴", Ticks.label(2.5e-4, 5e-5));
        assertEquals("10⁻⁵", Ticks.label(1e-5, 1e-5));
        assertEquals("−1.5×10⁶", Ticks.label(-1.5e6, 5e5));
        assertEquals("2×10⁶", Ticks.label(2e6, 1e6));
        assertEquals(List.of("10⁻³", "10⁻²", "10⁻¹", "1"), majors(Ticks.log(1e-3, 1, 8)).stream()
                .map(Ticks.Tick::label).toList());
    }

    @Test
    void aShortLogAxisStillLabelsTwoDecadesWhenTwoFit() {
        // six decades on 80 px with 15 px labels: every fifth decade would label one; every third labels two
        List<Ticks.Tick> m = majors(Ticks.forAxis(Math.pow(10, -6.1), Math.pow(10, -0.3), true, false, 80, 15.4, false));
        assertEquals(List.of("10⁻⁶", "10⁻³"), m.stream().map(Ticks.Tick::label).toList());
    }

    /** mlr-overspec's error axis (0.015 to 0.55, log): the decade among 0.02, 0.05 … reads "0.1", not "10⁻¹". */
    @Test
    void aDecadeAmongPlainLabelsIsWrittenPlainly() {
        List<String> labels = majors(Ticks.forAxis(0.015, 0.55, true, false, 230, 10, false)).stream()
                .map(Ticks.Tick::label).toList();
        assertTrue(labels.contains("0.1") && labels.contains("0.2"), labels.toString());
        assertTrue(labels.stream().noneMatch(l -> l.startsWith("10")), labels.toString());
    }
}
