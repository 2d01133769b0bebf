package org.emlab.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    /**
     * {@link History#through}: what a run had recorded at entry i (an animation's frame there): entries 0..i with their
     * rows and states, the events up to that iteration, and it records on from there like the run did; the original
     * is unchanged.
     */
    @Test
    void throughAnEntryIsTheHistoryTheRunHadThere() {
        History h = new History(List.of("v"), 5_000);
        for (int t = 0; t < 3_000; t++) {
            h.record(t, new double[] {t}, new double[] {-t});
            if (t % 700 == 0) {
                h.event(t, "event at " + t);
            }
        }
        History at = h.through(1_400);
        assertEquals(1_401, at.size());
        assertEquals(1_400, at.lastIteration());
        assertEquals(List.of("event at 0", "event at 700", "event at 1400"),
                at.events().stream().map(History.Event::text).toList());
        for (int i = 0; i <= 1_400; i++) {
            assertEquals(i, at.iteration(i));
            assertEquals(i, at.row(i)[0]);
            assertEquals(-i, at.state(i)[0]);
        }
        at.record(1_401, new double[] {-1}, new double[] {1});
        assertEquals(1_402, at.size());
        assertEquals(1_401.0, h.row(1_401)[0], "the original keeps its entries");
        assertEquals(3_000, h.size());
        assertThrows(IndexOutOfBoundsException.class, () -> h.through(3_000));
    }

    @Test
    void longRunsStayBoundedKeepTheRecentWindowAndTheStart() {
        History h = new History(List.of("v"), 2_000);
        for (int t = 0; t <= 1_000_000; t++) {
            h.record(t, new double[] {t}, new double[] {t});
        }
        assertTrue(h.size() <= 2_000, "size " + h.size());
        assertEquals(0, h.iteration(0));
        assertEquals(1_000_000, h.lastIteration());
        // the most recent 500 iterations (capacity / 4) are all there
        for (int t = 1_000_000 - 499; t <= 1_000_000; t++) {
            int i = h.indexAtOrBefore(t);
            assertEquals(t, h.iteration(i));
            assertEquals(t, h.row(i)[0]);
        }
        // iterations stay sorted
        for (int i = 1; i < h.size(); i++) {
            assertTrue(h.iteration(i) > h.iteration(i - 1));
        }
    }

    /** A long run keeps entries in every decade, roughly log-uniformly (not only at the start and the end). */
    @Test
    void longRunsKeepEveryDecadeOnALogScale() {
        History h = new History(List.of("v"), 2_000);
        int last = 200_000;
        for (int t = 0; t <= last; t++) {
            h.record(t, new double[] {t}, new double[] {t});
        }
        int[] perDecade = new int[6];
        for (int i = 0; i < h.size(); i++) {
            int t = h.iteration(i);
            if (t > 0 && t < last - 500) {
                perDecade[(int) Math.floor(Math.log10(t))]++;
            }
        }
        // decades 10^2..10^3, 10^3..10^4 and 10^4..10^5 (the last two are thinned) are each well covered
        for (int dec = 2; dec <= 4; dec++) {
            assertTrue(perDecade[dec] >= 150, "decade 10^" + dec + ": " + perDecade[dec] + " entries");
        }
        assertTrue(perDecade[4] <= 3 * perDecade[3] && perDecade[3] <= 3 * perDecade[4],
                "roughly log-uniform: " + java.util.Arrays.toString(perDecade));
    }

    @Test
    void recordingAnEarlierIterationDiscardsTheFuture() {
        History h = new History(List.of("v"), 100);
        for (int t = 0; t < 10; t++) {
            h.record(t, new double[] {t}, new double[] {t});
        }
        h.record(4, new double[] {-4}, new double[] {-4});
        assertEquals(5, h.size());
        assertEquals(-4, h.row(4)[0]);
    }

    @Test
    void displaySeriesKeepsExtremesWhenDecimated() {
        History h = new History(List.of("v"), 100_000);
        for (int t = 0; t < 50_000; t++) {
            h.record(t, new double[] {t == 31_337 ? 1e9 : Math.sin(t)}, new double[0]);
        }
        double[][] s = h.series("v", h.size() - 1, 1000);
        assertTrue(s[0].length <= 1002);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s[1]) {
            max = Math.max(max, v);
        }
        assertEquals(1e9, max);
        assertEquals(0, s[0][0]);
        assertEquals(49_999, s[0][s[0].length - 1]);
    }

    /** Thinning drops whole entries: every row kept still sits with its own state and iteration. */
    @Test
    void thinningKeepsRowsStatesAndIterationsTogether() {
        History h = new History(List.of("v"), 64);
        for (int t = 0; t <= 5_000; t++) {
            h.record(t, new double[] {t * 0.5}, new double[] {t, -t});
        }
        assertTrue(h.size() <= 64);
        for (int i = 0; i < h.size(); i++) {
            int it = h.iteration(i);
            assertEquals(it * 0.5, h.row(i)[0]);
            assertEquals(it, h.state(i)[0]);
            assertEquals(-it, h.state(i)[1]);
            assertEquals(i, h.indexAtOrBefore(it));
        }
        // a dropped iteration maps to the latest recorded one before it
        int gap = -1;
        for (int i = 1; i < h.size() && gap < 0; i++) {
            if (h.iteration(i) > h.iteration(i - 1) + 1) {
                gap = i;
            }
        }
        assertTrue(gap > 0, "a long run is decimated");
        assertEquals(gap - 1, h.indexAtOrBefore(h.iteration(gap) - 1));
    }

    @Test
    void continuingFromAThinnedPointDiscardsEverythingAfterIt() {
        History h = new History(List.of("v"), 64);
        for (int t = 0; t <= 2_000; t++) {
            h.record(t, new double[] {t}, new double[] {t});
        }
        int keep = h.size() / 3;
        int it = h.iteration(keep);
        h.truncateAfter(keep);
        h.record(it + 1, new double[] {-1}, new double[] {-1});
        assertEquals(keep + 2, h.size());
        assertEquals(it + 1, h.lastIteration());
        assertEquals(-1, h.row(h.size() - 1)[0]);
    }
}
