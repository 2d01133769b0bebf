package org.emlab.core.figure.anim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.param.ValidationException;
import org.junit.jupiter.api.Test;

/** Which iteration each frame shows. */
class FrameScheduleTest {
    @Test
    void linearSpacingStepsEvenlyFromFirstToLast() {
        FrameSchedule s = FrameSchedule.of(0, 100, 11, FrameSchedule.Spacing.LINEAR, 0);
        assertArrayEquals(new int[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, s.iterations());
    }

    @Test
    void logSpacingGivesTheEarlyIterationsMoreFramesEvenlyInLogOfOnePlusT() {
        FrameSchedule s = FrameSchedule.of(0, 999, 4, FrameSchedule.Spacing.LOG, 0);
        // (999 + 1)^(i/3) − 1: 0, 9, 99, 999
        assertArrayEquals(new int[] {0, 9, 99, 999}, s.iterations());
        FrameSchedule many = FrameSchedule.of(0, 300, 175, FrameSchedule.Spacing.LOG, 0);
        int early = 0;
        for (int it : many.iterations()) {
            early += it < 30 ? 1 : 0;
        }
        assertTrue(early > 175 / 3, "the first tenth of the run gets well over a third of the frames: " + early);
    }

    @Test
    void framesNeverGoBackStartAtFromEndAtToAndKeepTheCountAsked() {
        for (FrameSchedule.Spacing sp : FrameSchedule.Spacing.values()) {
            for (int[] c : new int[][] {{0, 300, 200}, {5, 7, 50}, {10, 10, 3}, {0, 100000, 250}, {3, 1000, 1}}) {
                FrameSchedule s = FrameSchedule.of(c[0], c[1], c[2], sp, 0);
                assertEquals(c[2], s.frames());
                assertEquals(c[2] == 1 ? c[1] : c[0], s.first());
                assertEquals(c[1], s.last());
                for (int i = 1; i < s.frames(); i++) {
                    assertTrue(s.iteration(i) >= s.iteration(i - 1), sp + " " + java.util.Arrays.toString(c));
                }
            }
        }
    }

    @Test
    void theHoldRepeatsTheLastIterationAndLeavesAtLeastTwoMovingFrames() {
        FrameSchedule s = FrameSchedule.of(0, 50, 10, FrameSchedule.Spacing.LINEAR, 4);
        assertArrayEquals(new int[] {0, 10, 20, 30, 40, 50, 50, 50, 50, 50}, s.iterations());
        FrameSchedule tiny = FrameSchedule.of(0, 50, 3, FrameSchedule.Spacing.LINEAR, 99);
        assertArrayEquals(new int[] {0, 50, 50}, tiny.iterations());
    }

    @Test
    void nonsenseIsRefusedWithTheRule() {
        assertThrows(ValidationException.class, () -> FrameSchedule.of(10, 5, 10, FrameSchedule.Spacing.LOG, 0));
        assertThrows(ValidationException.class, () -> FrameSchedule.of(0, 5, 0, FrameSchedule.Spacing.LOG, 0));
        assertThrows(ValidationException.class, () -> FrameSchedule.of(0, 5, FrameSchedule.MAX_FRAMES + 1,
                FrameSchedule.Spacing.LOG, 0));
        ValidationException e = assertThrows(ValidationException.class, () -> FrameSchedule.Spacing.parse("cubic"));
        assertTrue(e.getMessage().contains("log or linear"), e.getMessage());
    }
}
