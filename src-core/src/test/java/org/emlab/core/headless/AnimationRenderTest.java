package org.emlab.core.headless;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.emlab.core.figure.anim.FrameSchedule;
import org.emlab.core.figure.anim.FrameSink;
import org.emlab.core.figure.render.ExportSpec;
import org.emlab.core.figure.render.PageSize;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.view.AxisScales;
import org.junit.jupiter.api.Test;

/**
 * The frames two drawing threads hand to the sink are those one thread draws: every lab, the same
 * images pixel for pixel, the same iterations, a repeated iteration as the same image object.
 */
class AnimationRenderTest {
    /** A sink that keeps what it is given. */
    private static final class Kept implements FrameSink {
        final List<BufferedImage> images = new ArrayList<>();
        final List<Integer> iterations = new ArrayList<>();
        boolean finished;
        boolean abandoned;

        @Override
        public void abandon() {
            abandoned = true;
        }

        @Override
        public void frame(int index, int iteration, BufferedImage image) {
            assertEquals(images.size(), index, "frames in order");
            images.add(image);
            iterations.add(iteration);
        }

        @Override
        public void finish() {
            finished = true;
        }
    }

    private static Animation.Plan plan(Lab lab, int frames, int to) {
        FigureRun req = new FigureRun(lab, lab.defaults(), null, null, Map.of(), Horizon.exactly(to));
        ExportSpec spec = ExportSpec.of(PageSize.COLUMN);
        Animation.Settings s = new Animation.Settings(null, to, frames, 1, FrameSchedule.Spacing.LOG, 0.2);
        return Animation.plan(req, spec, "auto", AxisScales.none(), s, () -> false, Animation.Progress.none());
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void twoThreadsHandOnTheFramesOneThreadDraws() throws Exception {
        for (Lab lab : LabRegistry.all()) {
            Animation.Plan plan = plan(lab, 12, 30);
            Kept one = new Kept();
            Animation.renderOnOneThread(plan, one, () -> false, Animation.Progress.none());
            Kept two = new Kept();
            Animation.renderOnTwoThreads(plan, two, () -> false, Animation.Progress.none());
            assertTrue(one.finished && two.finished, lab.id());
            assertEquals(one.iterations, two.iterations, lab.id());
            for (int i = 0; i < one.images.size(); i++) {
                assertArrayEquals(pixels(one.images.get(i)), pixels(two.images.get(i)), lab.id() + ", frame " + i);
                if (i > 0 && one.images.get(i) == one.images.get(i - 1)) {
                    assertSame(two.images.get(i - 1), two.images.get(i), lab.id() + ": a repeat is the same image, frame " + i);
                }
            }
        }
    }

    /**
     * Frames drawn from the plan's recorded run (a restore and one step per frame) are those of a run stepped from the
     * start, for every lab whose engine says so; the others (the recursive estimator, whose trace and recent samples a
     * restore forgets: restored, 4 pixels of its frame at iteration 6 differed) are stepped.
     */
    @Test
    void framesFromThePlansRecordedRunAreThoseOfARunSteppedFromTheStart() throws Exception {
        for (Lab lab : LabRegistry.all()) {
            // linear spacing over 40 iterations in 12 frames: frames one iteration apart and frames far apart
            FigureRun req = new FigureRun(lab, lab.defaults(), null, null, Map.of(), Horizon.exactly(40));
            Animation.Settings s = new Animation.Settings(null, 40, 12, 1, FrameSchedule.Spacing.LINEAR, 0.2);
            for (Animation.Plan plan : List.of(plan(lab, 12, 30), Animation.plan(req, ExportSpec.of(PageSize.COLUMN),
                    "auto", AxisScales.none(), s, () -> false, Animation.Progress.none()))) {
                boolean restores = plan.run().start().engine().restoresDisplay();
                assertEquals(restores, plan.history() != null, lab.id() + ": the plan keeps its run where frames can "
                        + "be drawn from it");
                Kept stepped = new Kept();
                Animation.renderOnOneThread(plan, stepped, () -> false, Animation.Progress.none(), false);
                Kept restored = new Kept();
                Animation.renderOnTwoThreads(plan, restored, () -> false, Animation.Progress.none(), true);
                assertEquals(stepped.iterations, restored.iterations, lab.id());
                for (int i = 0; i < stepped.images.size(); i++) {
                    assertArrayEquals(pixels(stepped.images.get(i)), pixels(restored.images.get(i)),
                            lab.id() + ", frame " + i + " (iteration " + stepped.iterations.get(i) + ")");
                }
            }
        }
    }

    /**
     * The export dialog's preview of one frame, from the recorded run, is the frame the animation draws there (and
     * the preview of a fresh run stepped to it), for a lab drawn from its recorded run and for one stepped.
     */
    @Test
    void aPreviewIsTheFrameTheAnimationDraws() throws Exception {
        for (String id : List.of("gmm-simplex", "gmm", "mlr-recursive")) {
            Lab lab = LabRegistry.get(id);
            Animation.Plan plan = plan(lab, 12, 30);
            Kept frames = new Kept();
            Animation.renderOnOneThread(plan, frames, () -> false, Animation.Progress.none(), false);
            for (int i : new int[] {0, 3, 7, 11}) {
                int it = frames.iterations.get(i);
                int[] expected = pixels(frames.images.get(i));
                assertArrayEquals(expected, pixels(Animation.preview(plan, it, () -> false)), id + ", iteration " + it);
                assertArrayEquals(expected, pixels(Animation.preview(plan, it, () -> false, false)),
                        id + ", iteration " + it + ", stepped");
            }
        }
    }

    @Test
    void anABComparisonIsDrawnByStepping() {
        Lab lab = LabRegistry.get("mlr-overspec");
        FigureRun req = new FigureRun(lab, lab.defaults().with("n", "1000"), null,
                new Lab.Contrast("pi0", "0.8", ""), Map.of(), Horizon.exactly(10));
        Animation.Settings s = new Animation.Settings(null, 10, 4, 1, FrameSchedule.Spacing.LINEAR, 0);
        Animation.Plan plan = Animation.plan(req, ExportSpec.of(PageSize.COLUMN), "auto", AxisScales.none(), s,
                () -> false, Animation.Progress.none());
        assertTrue(plan.history() == null, "an A/B pair keeps histories of its own: its frames are stepped");
    }

    @Test
    void cancellingStopsTheDrawingThreadsAndWritesNothing() {
        Animation.Plan plan = plan(LabRegistry.get(LabRegistry.DEFAULT_LAB), 20, 40);
        Kept sink = new Kept();
        int[] asked = {0};
        assertThrows(CancellationException.class, () -> Animation.renderOnTwoThreads(plan, sink, () -> ++asked[0] > 5,
                Animation.Progress.none()));
        assertTrue(!sink.finished, "nothing is written");
    }

    /** A cancelled animation abandons its sink (an MP4's queued pictures are dropped); a finished one does not. */
    @Test
    void aCancelledAnimationAbandonsItsSink() throws Exception {
        Animation.Plan plan = plan(LabRegistry.get(LabRegistry.DEFAULT_LAB), 20, 40);
        Kept cancelled = new Kept();
        int[] asked = {0};
        assertThrows(CancellationException.class, () -> Animation.render(plan, cancelled, () -> ++asked[0] > 5,
                Animation.Progress.none()));
        assertTrue(cancelled.abandoned && !cancelled.finished);
        Kept done = new Kept();
        Animation.render(plan, done, () -> false, Animation.Progress.none());
        assertTrue(done.finished && !done.abandoned);
    }
}
