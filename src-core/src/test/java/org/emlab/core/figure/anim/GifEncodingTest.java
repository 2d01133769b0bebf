package org.emlab.core.figure.anim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GIF's own encoding: the LZW data and the frames (sub-rectangles with transparent unchanged
 * pixels, a frame that changes a few pixels and one that changes all) decoded by javax.imageio and
 * composited as a viewer does equal the frames given.
 */
class GifEncodingTest {

    /** One image of {@code w × h} indices, LZW-compressed by {@link GifLzw}, in a minimal GIF. */
    private static byte[] gif(byte[] indices, int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(w & 0xFF);
        out.write(w >> 8);
        out.write(h & 0xFF);
        out.write(h >> 8);
        out.write(0xF7);
        out.write(0);
        out.write(0);
        for (int i = 0; i < 256; i++) {
            out.write(i);
            out.write(255 - i);
            out.write(i * 7);
        }
        out.write(0x2C);
        for (int v : new int[] {0, 0, w, h}) {
            out.write(v & 0xFF);
            out.write(v >> 8);
        }
        out.write(0);
        new GifLzw().encode(indices, w * h, out);
        out.write(0x3B);
        return out.toByteArray();
    }

    private static byte[] decodedIndices(byte[] file) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(file));
        return ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void lzwDataDecodesToTheIndicesGiven() throws Exception {
        Random rnd = new Random(7);
        // noise (the string table fills and is cleared many times), long runs, few symbols, one pixel
        int[][] sizes = {{300, 200}, {640, 360}, {97, 31}, {1, 1}, {2, 1}, {255, 3}};
        for (int s = 0; s < sizes.length; s++) {
            int w = sizes[s][0];
            int h = sizes[s][1];
            byte[] px = new byte[w * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = switch (s) {
                    case 0 -> (byte) rnd.nextInt(256);
                    case 1 -> (byte) (i % 5000 < 4000 ? 255 : rnd.nextInt(3));
                    case 2 -> (byte) (rnd.nextInt(40) == 0 ? rnd.nextInt(256) : i / 97 % 4);
                    default -> (byte) rnd.nextInt(256);
                };
            }
            assertArrayEquals(px, decodedIndices(gif(px, w, h)), "size " + w + " × " + h);
        }
    }

    /** Frames of a small chart: a line growing over a grid, antialiased (more than 256 colours over all). */
    private static List<BufferedImage> chart(int n, int w, int h) {
        List<BufferedImage> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(0xDDDDDD));
            for (int x = 10; x < w; x += 25) {
                g.drawLine(x, 0, x, h);
            }
            g.setColor(new Color(0x0072B2));
            g.setStroke(new BasicStroke(1.7f));
            for (int i = 0; i < f; i++) {
                g.drawLine(5 + 6 * i, h - 10 - 3 * i, 11 + 6 * i, h - 13 - 3 * i);
            }
            g.setColor(new Color(0xD55E00));
            g.fillOval(5 + 6 * f, h - 15 - 3 * f, 9, 9);
            g.setColor(Color.BLACK);
            g.drawString("iteration " + f, w - 80, 14);
            g.dispose();
            out.add(img);
        }
        // a frame unlike the one before in every pixel (kept whole), then the chart again
        BufferedImage inverse = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage last = out.get(out.size() - 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                inverse.setRGB(x, y, ~last.getRGB(x, y) & 0xFFFFFF);
            }
        }
        out.add(inverse);
        out.add(out.get(3));
        return out;
    }

    /** The frames as a viewer shows them: each sub-image drawn over the picture so far, transparent pixels skipped. */
    private static List<int[]> composited(Path file, int w, int h) throws Exception {
        List<int[]> shown = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            int n = r.getNumImages(true);
            int[] canvas = new int[w * h];
            for (int i = 0; i < n; i++) {
                IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode d = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("doNotDispose", gce.getAttribute("disposalMethod"), "each frame is drawn over the one before");
                int left = Integer.parseInt(d.getAttribute("imageLeftPosition"));
                int top = Integer.parseInt(d.getAttribute("imageTopPosition"));
                boolean transparent = "TRUE".equals(gce.getAttribute("transparentColorFlag"));
                int clear = Integer.parseInt(gce.getAttribute("transparentColorIndex"));
                BufferedImage sub = r.read(i);
                IndexColorModel cm = (IndexColorModel) sub.getColorModel();
                for (int y = 0; y < sub.getHeight(); y++) {
                    for (int x = 0; x < sub.getWidth(); x++) {
                        int k = sub.getRaster().getSample(x, y, 0);
                        if (!(transparent && k == clear)) {
                            canvas[(top + y) * w + left + x] = cm.getRGB(k) & 0xFFFFFF;
                        }
                    }
                }
                shown.add(canvas.clone());
            }
        }
        return shown;
    }

    @Test
    void framesDecodedAndCompositedAreTheFramesGivenMappedToThePalette(@TempDir Path dir) throws Exception {
        int w = 211;
        int h = 97;
        List<BufferedImage> frames = chart(12, w, h);
        Path file = dir.resolve("a.gif");
        GifWriter gif = new GifWriter(file, 25, new int[] {0xFFFFFF, 0x000000, 0x0072B2, 0xD55E00, 0xDDDDDD});
        for (int i = 0; i < frames.size(); i++) {
            gif.frame(i, i, frames.get(i));
        }
        gif.finish();
        List<int[]> shown = composited(file, w, h);
        assertEquals(frames.size(), shown.size());
        int[] pal = gif.palette();
        for (int i = 0; i < frames.size(); i++) {
            int[] want = frames.get(i).getRGB(0, 0, w, h, null, 0, w);
            for (int p = 0; p < want.length; p++) {
                int rgb = want[p] & 0xFFFFFF;
                assertEquals(pal[GifWriter.nearestIndex(pal, rgb)], shown.get(i)[p], "frame " + i + ", pixel " + p);
            }
        }
        byte[] once = Files.readAllBytes(file);
        Path again = dir.resolve("b.gif");
        GifWriter second = new GifWriter(again, 25, new int[] {0xFFFFFF, 0x000000, 0x0072B2, 0xD55E00, 0xDDDDDD});
        for (int i = 0; i < frames.size(); i++) {
            second.frame(i, i, frames.get(i));
        }
        second.finish();
        assertArrayEquals(once, Files.readAllBytes(again), "the same frames give the same bytes");
    }
}
