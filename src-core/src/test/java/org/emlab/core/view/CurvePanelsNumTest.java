package org.emlab.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The numbers in panel notes: significant digits, no "e+02" for ordinary sizes, whole iterations in full. */
class CurvePanelsNumTest {
    @Test
    void ordinaryNumbersArePlainWithTheirSignificantDigits() {
        assertEquals("−0.1451", CurvePanels.num(-0.14512));
        assertEquals("0.5", CurvePanels.num(0.5));
        assertEquals("0", CurvePanels.num(0));
        assertEquals("440", CurvePanels.num(440, 2), "not 4.4e+02");
        assertEquals("450", CurvePanels.num(447.3, 2));
        assertEquals("22910", CurvePanels.num(22910), "a whole number is shown in full");
        assertEquals("1.235", CurvePanels.num(1.23456));
    }

    @Test
    void tinyAndHugeNumbersUseACompactExponent() {
        assertEquals("3.5e−6", CurvePanels.num(3.5e-6));
        assertEquals("2e5", CurvePanels.num(200_000));
        assertEquals("–", CurvePanels.num(Double.NaN));
    }
}
