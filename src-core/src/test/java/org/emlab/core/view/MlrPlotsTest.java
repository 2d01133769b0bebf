package org.emlab.core.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.junit.jupiter.api.Test;

/** {@link MlrPlots#horizontal}: a reference line that a logarithmic iteration axis still draws as a line. */
class MlrPlotsTest {
    private static final Ink INK = Ink.dashed(Ink.MUTED);

    @Test
    void aReferenceLineFromIterationZeroAlsoPassesThroughIterationOne() {
        // an unbalanced B's statistical floor on a balanced A's log-log panel (an A/B comparison): from t = 0 it had
        // one point a log axis shows, drawn as a dot
        Layer.Line floor = MlrPlots.horizontal("statistical floor", INK, 0.0952, 0, 5);
        assertArrayEquals(new double[] {0, 1, 5}, floor.x(), 0);
        assertArrayEquals(new double[] {0.0952, 0.0952, 0.0952}, floor.y(), 0);
        assertArrayEquals(new double[] {1, 5}, MlrPlots.horizontal(null, INK, 2, 1, 5).x(), 0);
        assertArrayEquals(new double[] {0, 0.5}, MlrPlots.horizontal(null, INK, 2, 0, 0.5).x(), 0);
    }
}
