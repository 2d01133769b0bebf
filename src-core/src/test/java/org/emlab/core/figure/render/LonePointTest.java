package org.emlab.core.figure.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.emlab.core.figure.Axis;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.figure.Theme;
import org.junit.jupiter.api.Test;

/** A curve with one point so far (iteration 0: an animation's first frame) is drawn as a dot, not left out. */
class LonePointTest {
    @Test
    void aCurveOfOnePointShowsItsPoint() {
        Theme t = Theme.LIGHT;
        Panel p = new Panel("kl", "KL", Panel.Kind.CURVE, Axis.iterations(), Axis.log("KL"), false, List.of(
                new Layer.Line("KL", Ink.line(0), new double[] {0, 1, 2}, new double[] {0.1, Double.NaN, Double.NaN})),
                List.of());
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g2 = img.createGraphics();
        PanelPainter.Frame f;
        try {
            f = new PanelPainter(t).paint(p, new Java2DCanvas(g2), 0, 0, 400, 300);
        } finally {
            g2.dispose();
        }
        int want = t.color(0) & 0xFFFFFF;
        int cx = (int) Math.round(f.sx(0));
        int cy = (int) Math.round(f.sy(0.1));
        int hits = 0;
        for (int y = cy - 3; y <= cy + 3; y++) {
            for (int x = cx - 3; x <= cx + 3; x++) {
                if (x >= 0 && y >= 0 && x < 400 && y < 300 && near(img.getRGB(x, y) & 0xFFFFFF, want)) {
                    hits++;
                }
            }
        }
        assertTrue(hits >= 4, "pixels of the curve's colour at its one point: " + hits);
    }

    private static boolean near(int a, int b) {
        for (int s = 0; s < 24; s += 8) {
            if (Math.abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)) > 40) {
                return false;
            }
        }
        return true;
    }
}
