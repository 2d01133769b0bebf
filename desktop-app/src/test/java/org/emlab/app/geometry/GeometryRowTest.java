package org.emlab.app.geometry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where an A/B pair of geometry canvases goes: side by side or stacked, by the plot each one gets. */
class GeometryRowTest {
    @Test
    void aTallAreaStacksWhenNothingIsDrawnAroundThePlots() {
        // 570 × 690: stacked cells are 570 × 343, side-by-side cells 283 × 690
        assertFalse(GeometryRow.sideBySide(570, 690, 2, 0, 0, true));
    }

    @Test
    void titlesLegendsAndNotesAboveAndBelowEachPlotCountAgainstStacking() {
        // lecture mode at 1024 × 768 on the pentagon: 250 px of title, legend, axis and notes per panel
        // leave a stacked plot 93 px high but a side-by-side one 223 px wide
        assertTrue(GeometryRow.sideBySide(570, 690, 2, 60, 250, false));
    }

    @Test
    void theArrangementIsKeptUnlessTheOtherIsClearlyBetter() {
        // side by side: min(400 − 0, 390) = 390; stacked: min(800, 197) = 197: side by side either way
        assertTrue(GeometryRow.sideBySide(800, 390, 2, 0, 0, false));
        // 5 % apart: each arrangement is kept
        double w = 400;
        double h = 420; // side: min(198, 420) = 198; stacked: min(400, 208) = 208
        assertTrue(GeometryRow.sideBySide(w, h, 2, 0, 0, true));
        assertFalse(GeometryRow.sideBySide(w, h, 2, 0, 0, false));
    }
}
