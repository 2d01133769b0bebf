package org.emlab.core.figure.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Starts the drawing stack (Java2D's rasteriser, the shipped fonts and their scaler, the PNG encoder)
 * on a daemon thread while a headless command generates its data and runs EM, so the figure is not
 * kept waiting for their one-time start-up (a few hundred milliseconds of class loading and
 * initialisation, measured with {@code -Demlab.trace=true}; docs/performance.md); {@code render} and
 * {@code animate} start it before their options are read ({@link org.emlab.core.cli.EmlabCli#runFromMain}), while
 * the command line's parser starts up on the other core. It draws a small
 * throw-away image; nothing it does is visible, and a failure here is ignored (the real drawing then
 * meets and reports it).
 */
public final class DrawingWarmUp {
    private DrawingWarmUp() {
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Starts the warm-up in the background and returns at once (once per process: later calls do nothing). */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(DrawingWarmUp::run, "emlab-drawing-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = img.createGraphics();
            try {
                Java2DCanvas c = new Java2DCanvas(g);
                c.setFont(12, false);
                c.fillText("θ₁ −0.5 ×10⁻³ ℓ", 2, 20);
                c.setFont(12, true);
                c.textWidth("KL");
            } finally {
                g.dispose();
            }
            FigureWriter.writePng(new ByteArrayOutputStream(), img, 1);
        } catch (IOException | RuntimeException | LinkageError e) {
            // only a head start: the figure's own drawing meets and reports any real problem
        }
    }
}
