package org.emlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.emlab.core.figure.Figure;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.FigureWriter;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.junit.jupiter.api.Test;

/** The headless figure (./emlab render) is the window's figure after the same number of iterations. */
class HeadlessRunTest {
    private static final int T = 17;

    @Test
    void headlessFigureEqualsTheComputeThreadsFigureAfterTheSameIterations() throws Exception {
        Lab lab = LabRegistry.get("gmm-simplex");
        ParamValues p = lab.defaults().with("n", "500").with("seed", "5");
        Mailbox<Snapshot> box = new Mailbox<>();
        Snapshot seen = null;
        try (RunLoop loop = new RunLoop(box)) {
            loop.start(lab, p, null, false);
            for (int i = 0; i < T; i++) {
                loop.step();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Snapshot s = box.take();
                if (s != null && s.iteration() == T && !s.figure().panels().isEmpty()) {
                    seen = s;
                    break;
                }
                Thread.sleep(5);
            }
        }
        assertEquals(T, seen.iteration());
        LabRun r = lab.start(p, null);
        Figure headless = HeadlessRun.figure(r, HeadlessRun.run(r, T), Map.of());
        ExportSpec spec = ExportSpec.of(PageSize.DOUBLE);
        BufferedImage a = FigureWriter.render(seen.figure().panels(), spec);
        BufferedImage b = FigureWriter.render(headless.panels(), spec);
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()), "pixel for pixel");
        assertEquals(FigureWriter.svg(seen.figure().panels(), spec), FigureWriter.svg(headless.panels(), spec));
    }
}
