package org.emlab.app.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.emlab.core.labs.simplex.GmmSimplexLab;
import org.emlab.core.run.Mailbox;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrubber's view model against the real compute thread (no stage needed). */
class TimelineModelTest {
    private final Mailbox<Snapshot> box = new Mailbox<>();
    private final RunLoop loop = new RunLoop(box);
    private final TimelineModel model = new TimelineModel(loop);
    private final List<String> asked = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Feeds snapshots to the model (as the frame pump does) until one matches. */
    private Snapshot await(Predicate<Snapshot> p) throws InterruptedException {
        for (int i = 0; i < 4000; i++) {
            Snapshot s = box.peek();
            if (s != null) {
                model.update(s);
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching snapshot; last: " + box.peek());
    }

    private Snapshot startAndStep(int steps) throws InterruptedException {
        GmmSimplexLab lab = new GmmSimplexLab();
        loop.start(lab, lab.defaults().with("n", "400"), null, false);
        await(s -> s.historySize() == 1);
        for (int i = 0; i < steps; i++) {
            loop.step();
        }
        return await(s -> s.iteration() == steps);
    }

    @Test
    void theQuestionNamesWhatWouldBeDiscarded() {
        assertEquals("Continue from iteration 12 and discard iterations 13–80?", TimelineModel.question(12, 80));
        assertEquals("Continue from iteration 4 and discard iteration 5?", TimelineModel.question(4, 5));
    }

    /** The scrubber restores exactly the recorded state: the row shown after a seek is the row recorded then. */
    @Test
    void seekingShowsExactlyTheRecordedRow() throws Exception {
        GmmSimplexLab lab = new GmmSimplexLab();
        loop.start(lab, lab.defaults().with("n", "400"), null, false);
        List<double[]> live = new ArrayList<>();
        live.add(await(s -> s.historySize() == 1).row());
        for (int i = 1; i <= 6; i++) {
            loop.step();
            int it = i;
            live.add(await(s -> s.iteration() == it && s.atLiveEnd()).row());
        }
        for (int it : new int[] {3, 0, 5, 1}) {
            model.seek(it);
            Snapshot s = await(x -> x.iteration() == it);
            assertArrayEquals(live.get(it), s.row(), "iteration " + it);
            assertFalse(s.atLiveEnd());
            assertEquals(6, s.liveIteration());
        }
    }

    @Test
    void theThumbDoesNotFollowSnapshotsWhileDraggingNorBeforeTheSeekArrives() throws Exception {
        startAndStep(6);
        assertEquals(6, model.valueProperty().get());
        assertEquals(0, model.minProperty().get());
        assertEquals(6, model.maxProperty().get());
        model.draggingProperty().set(true);
        model.seek(2);
        // a snapshot still showing the old iteration must not pull the thumb back
        model.update(box.peek());
        assertEquals(2, model.valueProperty().get());
        model.seek(4);
        await(s -> s.iteration() == 4);
        model.draggingProperty().set(false);
        model.seek(4);
        assertEquals(4, model.valueProperty().get());
        loop.step(); // forward through recorded history
        await(s -> s.iteration() == 5);
        assertEquals(5, model.valueProperty().get(), "after the seek settled, the thumb follows the run again");
    }

    /** A snapshot published before the seek ran (here: the one captured before it) never moves the thumb back. */
    @Test
    void aSnapshotFromBeforeTheSeekDoesNotMoveTheThumbButAnyLaterOneDoes() throws Exception {
        Snapshot before = startAndStep(6);
        model.seek(2);
        model.update(before);
        assertEquals(2, model.valueProperty().get(), "the stale snapshot (iteration 6) is ignored");
        loop.step(); // seek then step at once: the snapshot showing iteration 2 may never be published
        await(s -> s.iteration() == 3);
        assertEquals(3, model.valueProperty().get());
    }

    @Test
    void playFromAScrubbedPointAsksAndCancelDoesNothing() throws Exception {
        startAndStep(5);
        model.setPrompt((shown, live) -> {
            asked.add(TimelineModel.question(shown, live));
            return TimelineModel.Choice.CANCEL;
        });
        model.seek(2);
        Snapshot at2 = await(s -> s.iteration() == 2);
        model.togglePlay();
        assertEquals(List.of("Continue from iteration 2 and discard iterations 3–5?"), asked);
        loop.seekIteration(2); // a command after the (absent) play: the state must be unchanged
        Snapshot after = await(s -> s.revision() > at2.revision());
        assertFalse(after.playing());
        assertEquals(2, after.iteration());
        assertEquals(5, after.liveIteration());
    }

    @Test
    void continueFromHereDiscardsTheFutureAndReproducesIt() throws Exception {
        Snapshot at5 = startAndStep(5);
        model.setPrompt((shown, live) -> TimelineModel.Choice.CONTINUE_HERE);
        loop.setSpeed(RunLoop.MAX_SPEED);
        model.seek(2);
        await(s -> s.iteration() == 2);
        model.togglePlay();
        await(s -> s.playing() || s.liveIteration() < 5);
        loop.pause();
        Snapshot paused = await(s -> !s.playing());
        assertTrue(paused.liveIteration() >= 2);
        // the recomputed iteration 5 equals the discarded one, bit for bit
        if (paused.liveIteration() >= 5) {
            model.seek(5);
            assertArrayEquals(at5.row(), await(s -> s.iteration() == 5).row());
        }
    }

    @Test
    void resumeAtLiveEndKeepsTheHistory() throws Exception {
        startAndStep(4);
        model.setPrompt((shown, live) -> TimelineModel.Choice.RESUME_AT_LIVE_END);
        model.seek(1);
        await(s -> s.iteration() == 1);
        model.halfStep();
        Snapshot s = await(x -> x.halfStepPending());
        assertEquals(4, s.iteration(), "the half-step ran at the live end");
        assertTrue(s.atLiveEnd());
        assertEquals(5, s.historySize(), "nothing was discarded");
    }
}
