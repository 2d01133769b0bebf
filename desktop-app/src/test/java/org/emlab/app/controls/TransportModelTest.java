package org.emlab.app.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.emlab.core.run.Mailbox;
import org.emlab.core.run.RunLoop;
import org.emlab.core.run.Snapshot;
import org.junit.jupiter.api.Test;

class TransportModelTest {

    @Test
    void speedSliderMapsLogarithmicallyToIterationsPerSecondUpToUnlimited() {
        assertEquals(0.5, TransportModel.speedAt(0), 1e-12);
        assertEquals(5.0, TransportModel.speedAt(25), 1e-12);
        assertEquals(5000.0, TransportModel.speedAt(99.9999), 1.0);
        assertTrue(Double.isInfinite(TransportModel.speedAt(100)));
        try (RunLoop loop = new RunLoop(new Mailbox<Snapshot>())) {
            TransportModel m = new TransportModel(loop);
            m.speedPositionProperty().set(100);
            assertEquals("max", m.speedTextProperty().get());
            m.slower();
            assertTrue(m.speedPositionProperty().get() < 100);
        }
    }

    /** mlr-recursive with batch 10: a step moves the counter by 10 samples, and the speed label counts them too. */
    @Test
    void theSpeedLabelCountsWhatTheCounterCounts() throws Exception {
        Mailbox<Snapshot> box = new Mailbox<>();
        try (RunLoop loop = new RunLoop(box)) {
            TransportModel m = new TransportModel(loop);
            m.speedPositionProperty().set(25); // 5 steps per second
            org.emlab.core.lab.Lab lab = org.emlab.core.labs.LabRegistry.get("mlr-recursive");
            loop.start(lab, lab.defaults().with("batch", "10"), null, false);
            loop.step();
            Snapshot s = null;
            for (int i = 0; i < 4000 && (s == null || s.iteration() != 10); i++) {
                Thread.sleep(5);
                s = box.peek();
            }
            assertEquals(10, s.iteration(), "one step of batch 10 moves the counter by 10");
            m.update(s);
            assertEquals("iter 10", m.counterProperty().get());
            assertEquals("50 it/s", m.speedTextProperty().get());
        }
    }
}
