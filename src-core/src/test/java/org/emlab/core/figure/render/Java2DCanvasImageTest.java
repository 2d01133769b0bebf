package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
}
