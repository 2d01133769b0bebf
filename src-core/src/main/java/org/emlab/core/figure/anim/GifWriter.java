package org.emlab.core.figure.anim;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.emlab.core.io.AtomicFiles;

/**
 * An animated GIF that loops forever, with one palette for the whole animation: the colours the
 * caller names first (the theme's background, text and curve colours), then the most frequent
 * colours over all frames, up to 255 (the 256th index is "unchanged", transparent); each pixel becomes its nearest palette colour (no dithering,
 * so flat areas stay flat). Frames are kept deflated in memory until {@link #finish()} (charts
 * compress well), so the palette can see every frame; consecutive identical frames become one frame
 * shown longer, and after the first frame each frame stores only the rectangle that changed, with the
 * unchanged pixels in it transparent. Frame delays are whole hundredths of a second, at least 2 (browsers slow down shorter
 * ones), accumulated so the total duration matches the frame rate. The file is written through
 * {@link AtomicFiles} on {@link #finish()}.
 */
public final class GifWriter implements FrameSink {
    /** Shortest delay browsers honour, in hundredths of a second. */
    public static final int MIN_DELAY_CS = 2;
    /** Highest frame rate a GIF can show (a delay of {@link #MIN_DELAY_CS} hundredths). */
    public static final int MAX_FPS = 100 / MIN_DELAY_CS;
    private static final int COLOURS = 256;
    /** The palette index of "unchanged" pixels in frames after the first (transparent: the frame below shows). */
    private static final int KEEP = 255;

    private final Path target;
    private final double fps;
    private final int[] preferred;
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> repeats = new ArrayList<>();
    private final IntCounts counts = new IntCounts();
    private int width;
    private int height;
    private int total;

    /**
     * @param target    the file, written on {@link #finish()}
     * @param fps       frames a second (at most {@link #MAX_FPS})
     * @param preferred RGB colours that get palette entries first (the theme's), may be empty
     */
    public GifWriter(Path target, double fps, int[] preferred) {
        if (!(fps > 0 && fps <= MAX_FPS)) {
            throw new IllegalArgumentException("fps " + fps);
        }
        this.target = target;
        this.fps = fps;
        this.preferred = preferred == null ? new int[0] : preferred.clone();
    }

    /** The image of the last frame taken (to know a repeat without reading its pixels). */
    private BufferedImage last;

    @Override
    public void frame(int index, int iteration, BufferedImage image) {
        if (frames.isEmpty()) {
            width = image.getWidth();
            height = image.getHeight();
        } else if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("every frame of a GIF has the same size");
        }
        if (image == last && !frames.isEmpty()) {
            // the caller hands the same image again while the run shows the same iteration (images are
            // not drawn on once handed over): the previous frame lasts one frame longer, as its bytes would say
            total++;
            repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            return;
        }
        last = image;
        int[] px = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        byte[] packed = deflate(px);
        total++;
        if (!frames.isEmpty() && Arrays.equals(frames.get(frames.size() - 1), packed)) {
            repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            return;
        }
        for (int p : px) {
            counts.add(p, 1);
        }
        frames.add(packed);
        repeats.add(1);
    }

    /** Frames taken so far (identical neighbours counted each). */
    public int frames() {
        return total;
    }

    /** The palette: the preferred colours, then the most frequent others, at most 256. */
    int[] palette() {
        List<Integer> pal = new ArrayList<>();
        for (int c : preferred) {
            int rgb = c & 0xFFFFFF;
            if (!pal.contains(rgb) && pal.size() < KEEP) {
                pal.add(rgb);
            }
        }
        long[] byCount = counts.sortedByCount();
        for (long e : byCount) {
            if (pal.size() >= KEEP) {
                break;
            }
            int rgb = (int) (e & 0xFFFFFF);
            if (!pal.contains(rgb)) {
                pal.add(rgb);
            }
        }
        if (pal.isEmpty()) {
            pal.add(0xFFFFFF);
        }
        return pal.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void finish() throws IOException {
        if (frames.isEmpty()) {
            throw new IOException("an animation needs at least one frame");
        }
        int[] pal = palette();
        byte[] r = new byte[COLOURS];
        byte[] g = new byte[COLOURS];
        byte[] b = new byte[COLOURS];
        for (int i = 0; i < pal.length; i++) {
            r[i] = (byte) (pal[i] >> 16);
            g[i] = (byte) (pal[i] >> 8);
            b[i] = (byte) pal[i];
        }
        IndexColorModel model = new IndexColorModel(8, COLOURS, r, g, b);
        IntCounts nearest = new IntCounts();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IOException("no GIF writer available");
        }
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            int shown = 0;
            byte[] previous = null;
            for (int f = 0; f < frames.size(); f++) {
                int[] px = inflate(frames.get(f), width * height);
                byte[] idx = new byte[width * height];
                for (int i = 0; i < px.length; i++) {
                    int k = nearest.get(px[i]);
                    if (k < 0) {
                        k = nearestIndex(pal, px[i]);
                        nearest.add(px[i], k + 1); // stored +1: 0 means absent
                    } else {
                        k -= 1;
                    }
                    idx[i] = (byte) k;
                }
                // after the first frame, only the rectangle that changed (the rest stays: disposal "none")
                int[] box = previous == null ? new int[] {0, 0, width, height} : changed(previous, idx, width, height);
                BufferedImage img = new BufferedImage(box[2], box[3], BufferedImage.TYPE_BYTE_INDEXED, model);
                byte[] sub = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int row = 0; row < box[3]; row++) {
                    int at = (box[1] + row) * width + box[0];
                    for (int c = 0; c < box[2]; c++) {
                        // an unchanged pixel is transparent: long runs of one index, which LZW packs tightly
                        sub[row * box[2] + c] = previous != null && previous[at + c] == idx[at + c] ? (byte) KEEP : idx[at + c];
                    }
                }
                previous = idx;
                int from = shown;
                shown += repeats.get(f);
                int delay = Math.max(MIN_DELAY_CS, centis(shown) - centis(from));
                ImageWriteParam param = writer.getDefaultWriteParam();
                // the specifier of this image (its own palette), not a cached default one
                IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
                decorate(meta, delay, f == 0, box[0], box[1]);
                writer.writeToSequence(new IIOImage(img, null, meta), param);
                frames.set(f, null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        byte[] out = bytes.toByteArray();
        AtomicFiles.write(target, o -> o.write(out));
    }

    /** Hundredths of a second at which frame {@code n} starts. */
    private long centisAt(int n) {
        return Math.round(n * 100.0 / fps);
    }

    private int centis(int n) {
        return (int) centisAt(n);
    }

    /** {x, y, w, h} of the pixels that differ between two frames (at least one pixel). */
    static int[] changed(byte[] a, byte[] b, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                if (a[row + x] != b[row + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return new int[] {0, 0, 1, 1};
        }
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private static void decorate(IIOMetadata meta, int delay, boolean first, int left, int top) throws IOException {
        String fmt = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(left));
        descriptor.setAttribute("imageTopPosition", Integer.toString(top));
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", first ? "FALSE" : "TRUE");
        gce.setAttribute("delayTime", Integer.toString(delay));
        gce.setAttribute("transparentColorIndex", Integer.toString(KEEP));
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(app);
        }
        meta.setFromTree(fmt, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }

    /** The palette entry nearest to {@code rgb} (squared distance weighted 3, 4, 2 for red, green, blue). */
    static int nearestIndex(int[] pal, int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < pal.length; i++) {
            int dr = r - ((pal[i] >> 16) & 0xFF);
            int dg = g - ((pal[i] >> 8) & 0xFF);
            int db = b - (pal[i] & 0xFF);
            long d = 3L * dr * dr + 4L * dg * dg + 2L * db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static byte[] deflate(int[] px) {
        ByteBuffer buf = ByteBuffer.allocate(px.length * 4);
        buf.asIntBuffer().put(px);
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(buf.array());
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(px.length / 8 + 64);
            byte[] chunk = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static int[] inflate(byte[] packed, int n) throws IOException {
        byte[] raw = new byte[n * 4];
        Inflater in = new Inflater();
        try {
            in.setInput(packed);
            int at = 0;
            while (at < raw.length && !in.finished()) {
                at += in.inflate(raw, at, raw.length - at);
            }
        } catch (DataFormatException e) {
            throw new IOException("a stored frame is damaged", e);
        } finally {
            in.end();
        }
        int[] px = new int[n];
        IntBuffer ib = ByteBuffer.wrap(raw).asIntBuffer();
        ib.get(px);
        return px;
    }

    /** An open-addressing map from RGB colours to counts (no boxing: frames have half a million pixels). */
    static final class IntCounts {
        private int[] keys = new int[1 << 12];
        private int[] values = new int[1 << 12];
        private boolean[] used = new boolean[1 << 12];
        private int size;

        void add(int key, int delta) {
            int i = slot(key);
            if (!used[i]) {
                used[i] = true;
                keys[i] = key;
                size++;
                if (size * 2 > keys.length) {
                    grow();
                    i = slot(key);
                }
            }
            values[i] += delta;
        }

        /** The value of {@code key}, or −1 when absent. */
        int get(int key) {
            int i = slot(key);
            return used[i] ? values[i] : -1;
        }

        private int slot(int key) {
            int mask = keys.length - 1;
            int i = (key * 0x9E3779B9) >>> 7 & mask;
            while (used[i] && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            int[] k = keys;
            int[] v = values;
            boolean[] u = used;
            keys = new int[k.length * 2];
            values = new int[k.length * 2];
            used = new boolean[k.length * 2];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (u[i]) {
                    int s = slot(k[i]);
                    used[s] = true;
                    keys[s] = k[i];
                    values[s] = v[i];
                    size++;
                }
            }
        }

        /** Entries as {@code count << 32 | key}, most frequent first (ties: smaller key first). */
        long[] sortedByCount() {
            long[] out = new long[size];
            int w = 0;
            for (int i = 0; i < keys.length; i++) {
                if (used[i]) {
                    out[w++] = ((long) values[i] << 32) | (keys[i] & 0xFFFFFFFFL);
                }
            }
            Arrays.sort(out);
            // descending by count, ascending by key within a count
            long[] desc = new long[out.length];
            int at = 0;
            for (int i = out.length - 1; i >= 0; ) {
                int j = i;
                long c = out[i] >>> 32;
                while (j >= 0 && (out[j] >>> 32) == c) {
                    j--;
                }
                for (int k = j + 1; k <= i; k++) {
                    desc[at++] = out[k];
                }
                i = j;
            }
            return desc;
        }
    }
}
