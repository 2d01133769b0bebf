package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Java2DCanvas#drawImage}: the caller's ARGB pixels (not premultiplied) land as they are, each channel in its
 * place, blended over the background by their alpha, and the caller's array is left as it was. Drawn 1:1 at whole
 * pixels, so the bilinear scaling changes nothing and every pixel can be written down by hand.
 */
class Java2DCanvasImageTest {
    @Test
    void pixelsArriveChannelByChannelAndBlendByAlpha() {
        int[] argb = {
            0xffff0000, 0xff00ff00, 0xff0000ff,
            0x80000000, 0x00123456, 0xff102030,
        };
        int[] copy = argb.clone();
        BufferedImage out = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 3, 2);
        new Java2DCanvas(g, Java2DCanvas.Target.RASTER).drawImage(argb, 3, 2, 0, 0, 3, 2);
        g.dispose();
        assertEquals(0xff0000, out.getRGB(0, 0) & 0xffffff, "red");
        assertEquals(0x00ff00, out.getRGB(1, 0) & 0xffffff, "green");
        assertEquals(0x0000ff, out.getRGB(2, 0) & 0xffffff, "blue");
        int half = out.getRGB(0, 1) & 0xff; // black at alpha 128 over white: 255·(1 − 128/255) = 127
        assertEquals(127, half, 1, "half-transparent black over white, blue channel");
        assertEquals(0xffffff, out.getRGB(1, 1) & 0xffffff, "fully transparent: the background");
        assertEquals(0x102030, out.getRGB(2, 1) & 0xffffff, "opaque colour");
        assertArrayEquals(copy, argb, "the caller's pixels are not changed");
    }

    /**
     * Scaled into an image, the pixels are resampled once and composited by a blit (an animation draws the same
     * density on every frame): the picture is the one Java2D draws with the transform itself, pixel for pixel, at a
     * fractional place, a device scale of 2, under a clip, over a background with content, and again from the cache
     * at another place.
     */
    @Test
    void aScaledImageIsTheOneJava2DDrawsWithTheTransform() {
        Random rnd = new Random(7);
        int iw = 23;
        int ih = 17;
        int[] argb = new int[iw * ih];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (rnd.nextInt(256) << 24) | 0x2a6fb0;
        }
        double[][] places = {{10.3, 7.6, 141.7, 96.2}, {3.5, 2.25, 150.1, 101.9}, {10.3, 7.6, 141.7, 96.2}};
        for (double[] at : places) {
            BufferedImage viaCanvas = background();
            Graphics2D g = viaCanvas.createGraphics();
            g.scale(2, 2);
            g.clip(new java.awt.geom.Rectangle2D.Double(12.25, 9.5, 120, 80));
            new Java2DCanvas(g, Java2DCanvas.Target.RASTER).drawImage(argb, iw, ih, at[0], at[1], at[2], at[3]);
            g.dispose();

            BufferedImage direct = background();
            Graphics2D d = direct.createGraphics();
            d.scale(2, 2);
            d.clip(new java.awt.geom.Rectangle2D.Double(12.25, 9.5, 120, 80));
            d.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            d.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            d.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            d.setComposite(AlphaComposite.SrcOver);
            BufferedImage src = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_ARGB);
            src.setRGB(0, 0, iw, ih, argb, 0, iw);
            AffineTransform t = new AffineTransform();
            t.translate(at[0], at[1]);
            t.scale(at[2] / iw, at[3] / ih);
            d.drawImage(src, t, null);
            d.dispose();
            int w = direct.getWidth();
            int h = direct.getHeight();
            assertArrayEquals(direct.getRGB(0, 0, w, h, null, 0, w), viaCanvas.getRGB(0, 0, w, h, null, 0, w),
                    "placed at " + java.util.Arrays.toString(at));
        }
    }

    /** An image of 320 × 220 pixels with stripes, so that what is composited over them shows. */
    private static BufferedImage background() {
        BufferedImage b = new BufferedImage(320, 220, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 220);
        g.setColor(new Color(0xd04020));
        for (int x = 0; x < 320; x += 9) {
            g.fillRect(x, 0, 3, 220);
        }
        g.dispose();
        return b;
    }
}
