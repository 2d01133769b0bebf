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
}
