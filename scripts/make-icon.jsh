// Draws assets/icons/emlab.png (256 x 256): three Gaussian components as 1σ/2σ ellipses in the
// Okabe–Ito colours the figures use, on the projector theme's dark canvas, with a few sample points.
// Run from the repository root: jshell scripts/make-icon.jsh
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

int S = 256;
BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_ARGB);
Graphics2D g = img.createGraphics();
g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
g.setColor(new Color(0x111418));
g.fill(new RoundRectangle2D.Double(8, 8, S - 16, S - 16, 56, 56));
double[][] comps = {{92, 104, 44, 26, -0.6}, {168, 96, 34, 22, 0.5}, {132, 170, 50, 24, 0.1}};
int[] colours = {0x56B4E9, 0xFF8C42, 0x2FD6A0};
java.util.Random rnd = new java.util.Random(7);
for (int c = 0; c < 3; c++) {
    double[] m = comps[c];
    AffineTransform at = new AffineTransform();
    at.translate(m[0], m[1]);
    at.rotate(m[4]);
    Color col = new Color(colours[c]);
    g.setColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 70));
    g.fill(at.createTransformedShape(new Ellipse2D.Double(-m[2], -m[3], 2 * m[2], 2 * m[3])));
    g.setColor(col);
    g.setStroke(new BasicStroke(6f));
    g.draw(at.createTransformedShape(new Ellipse2D.Double(-m[2] / 2, -m[3] / 2, m[2], m[3])));
    g.setStroke(new BasicStroke(3f));
    g.draw(at.createTransformedShape(new Ellipse2D.Double(-m[2], -m[3], 2 * m[2], 2 * m[3])));
    for (int i = 0; i < 9; i++) {
        Point2D p = at.transform(new Point2D.Double(rnd.nextGaussian() * m[2] * 0.5, rnd.nextGaussian() * m[3] * 0.5), null);
        g.setColor(new Color(0xF2F2F2));
        g.fill(new Ellipse2D.Double(p.getX() - 3.5, p.getY() - 3.5, 7, 7));
    }
}
g.dispose();
ImageIO.write(img, "png", new java.io.File("assets/icons/emlab.png"));
/exit
