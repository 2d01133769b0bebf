package org.emlab.core.figure.anim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.emlab.core.io.AtomicFiles;

/**
 * An animated GIF that loops forever, with one palette for the whole animation: the colours the
 * caller names first (the theme's background, text and curve colours), then the most frequent
 * colours over all frames, up to 255 (the 256th index is "unchanged", transparent); each pixel becomes
 * its nearest palette colour (no dithering, so flat areas stay flat). Consecutive identical frames
 * become one frame shown longer, and after the first frame each frame stores only the rectangle that
 * changed, with the unchanged pixels in it transparent. Frame delays are whole hundredths of a second,
 * at least 2 (browsers slow down shorter ones), accumulated so the total duration matches the frame
 * rate. The file is written through {@link AtomicFiles} on {@link #finish()}.
 *
 * <p>The palette needs every frame, so frames are kept until {@link #finish()}: the first whole, each
 * later one as the pixels that differ from the frame before (an animated chart changes a few thousand
 * pixels a frame), or deflated whole when much of it changed. The colour counts are kept up to date
 * from those differences. On {@link #finish()} the frames are turned into palette indices in order and
 * their image data is LZW-compressed on several threads; the file's bytes do not depend on the threads.
 */
public final class GifWriter implements FrameSink {
    /** Shortest delay browsers honour, in hundredths of a second. */
    public static final int MIN_DELAY_CS = 2;
    /** Highest frame rate a GIF can show (a delay of {@link #MIN_DELAY_CS} hundredths). */
    public static final int MAX_FPS = 100 / MIN_DELAY_CS;
    private static final int COLOURS = 256;
    /** The palette index of "unchanged" pixels in frames after the first (transparent: the frame below shows). */
    private static final int KEEP = 255;
    /** A frame that differs from the one before in more than this share of its pixels is kept deflated whole. */
    private static final int SPARSE_DIVISOR = 16;
    /** Frames being compressed at once, per thread. */
    private static final int IN_FLIGHT_PER_THREAD = 4;

    private final Path target;
    private final double fps;
    private final int[] preferred;
    /** Per frame after the first: a {@link Changes} or the deflated pixels ({@code byte[]}). */
    private final List<Object> frames = new ArrayList<>();
    private final List<Integer> repeats = new ArrayList<>();
    /** Colour → pixels of it summed over the frames (the palette's counts). */
    private final IntCounts counts = new IntCounts();
    /** Colour → pixels of it in the last frame. */
    private final IntCounts shown = new IntCounts();
    private int width;
    private int height;
    private int total;
    /** The first frame's pixels (RGB). */
    private int[] first;
    /** The last distinct frame's pixels, and a buffer for the next one. */
    private int[] current;
    private int[] incoming;

    /** The pixels (positions, RGB) in which a frame differs from the frame before. */
    private record Changes(int[] at, int[] rgb) {
    }

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
        if (first == null) {
            width = image.getWidth();
            height = image.getHeight();
        } else if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("every frame of a GIF has the same size");
        }
        if (image == last && first != null) {
            // the caller hands the same image again while the run shows the same iteration (images are
            // not drawn on once handed over): the previous frame lasts one frame longer, as its bytes would say
            total++;
            repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            return;
        }
        last = image;
        total++;
        if (first == null) {
            first = rgb(image, new int[width * height]);
            current = first.clone();
            incoming = new int[first.length];
            int[] px = first;
            for (int i = 0; i < px.length; ) {
                int j = i + 1;
                while (j < px.length && px[j] == px[i]) {
                    j++;
                }
                shown.add(px[i], j - i);
                i = j;
            }
            repeats.add(1);
            countShown();
            return;
        }
        if (packedChanges(image)) {
            return;
        }
        int[] px = rgb(image, incoming);
        int[] before = current;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            if (px[i] != before[i]) {
                n++;
            }
        }
        if (n == 0) {
            repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            return;
        }
        boolean sparse = n <= px.length / SPARSE_DIVISOR;
        int[] at = sparse ? new int[n] : null;
        int[] to = sparse ? new int[n] : null;
        int k = 0;
        for (int i = 0; i < px.length; i++) {
            if (px[i] != before[i]) {
                shown.add(before[i], -1);
                shown.add(px[i], 1);
                if (sparse) {
                    at[k] = i;
                    to[k] = px[i];
                    k++;
                }
            }
        }
        frames.add(sparse ? new Changes(at, to) : deflate(px));
        repeats.add(1);
        countShown();
        current = px;
        incoming = before;
    }

    /**
     * {@link #frame} for an image of packed RGB or ARGB pixels (what the animation draws) whose changes are sparse:
     * read where the pixels lie, the changes counted in one pass and taken in a second, {@link #current} updated
     * in place (a frame changes about 1 800 of 518 000 pixels), instead of copying the frame, masking it and
     * comparing it twice. The same frames as the general path (the changes in the same order, the same colour
     * counts). Returns false, having changed nothing, for any other image or a frame with many changes.
     */
    private boolean packedChanges(BufferedImage image) {
        int type = image.getType();
        if (!(type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                || !(image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db)
                || !(image.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm)
                || image.getRaster().getSampleModelTranslateX() != 0 || image.getRaster().getSampleModelTranslateY() != 0
                || db.getNumBanks() != 1) {
            return false;
        }
        int[] data = db.getData();
        int offset = db.getOffset();
        int stride = sm.getScanlineStride();
        int[] cur = current;
        int n = 0;
        for (int y = 0; y < height; y++) {
            int o = offset + y * stride;
            int r = y * width;
            for (int x = 0; x < width; x++) {
                if ((data[o + x] & 0xFFFFFF) != cur[r + x]) {
                    n++;
                }
            }
        }
        if (n == 0) {
            repeats.set(repeats.size() - 1, repeats.get(repeats.size() - 1) + 1);
            return true;
        }
        if (n > cur.length / SPARSE_DIVISOR) {
            return false; // a full frame: the general path keeps it whole
        }
        int[] at = new int[n];
        int[] to = new int[n];
        int k = 0;
        for (int y = 0; y < height; y++) {
            int o = offset + y * stride;
            int r = y * width;
            for (int x = 0; x < width; x++) {
                int v = data[o + x] & 0xFFFFFF;
                int i = r + x;
                if (v != cur[i]) {
                    shown.add(cur[i], -1);
                    shown.add(v, 1);
                    at[k] = i;
                    to[k] = v;
                    k++;
                    cur[i] = v;
                }
            }
        }
        frames.add(new Changes(at, to));
        repeats.add(1);
        countShown();
        return true;
    }

    /** Adds the last frame's colour counts to the totals. */
    private void countShown() {
        shown.forEach((rgb, n) -> {
            if (n > 0) {
                counts.add(rgb, n);
            }
        });
    }

    /**
     * The image's pixels as RGB (no alpha) into {@code into}: read from the buffer of a packed RGB or
     * ARGB image (what the animation draws) directly, the same values {@code getRGB} gives.
     */
    private int[] rgb(BufferedImage image, int[] into) {
        int type = image.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db
                && image.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
                && db.getNumBanks() == 1) {
            int[] data = db.getData();
            int stride = sm.getScanlineStride();
            for (int y = 0; y < height; y++) {
                System.arraycopy(data, db.getOffset() + y * stride, into, y * width, width);
            }
        } else {
            image.getRGB(0, 0, width, height, into, 0, width);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] &= 0xFFFFFF;
        }
        return into;
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
        if (first == null) {
            throw new IOException("an animation needs at least one frame");
        }
        int[] pal = palette();
        // every colour of every frame → its palette index (+1: 0 means absent)
        IntCounts nearest = new IntCounts();
        counts.forEach((rgb, n) -> nearest.add(rgb, nearestIndex(pal, rgb) + 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        header(bytes, pal);
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 1 + frames.size()));
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emlab-gif");
            t.setDaemon(true);
            return t;
        }) : null;
        ThreadLocal<GifLzw> lzw = ThreadLocal.withInitial(GifLzw::new);
        ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            int n = width * height;
            byte[] idx = new byte[n];
            int[] rgb = first.clone();
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && rgb[j] == rgb[i]) {
                    j++;
                }
                Arrays.fill(idx, i, j, (byte) (nearest.get(rgb[i]) - 1));
                i = j;
            }
            int shownSoFar = repeats.get(0);
            byte[] firstIdx = idx.clone();
            int firstDelay = delay(0, shownSoFar);
            submit(pool, pending, bytes, () -> block(lzw.get(), firstIdx, new int[] {0, 0, width, height}, firstDelay, true),
                    threads);
            int[] whole = null;
            for (int f = 0; f < frames.size(); f++) {
                Object stored = frames.get(f);
                frames.set(f, null);
                int[] at;
                int[] to;
                if (stored instanceof Changes c) {
                    at = c.at();
                    to = c.rgb();
                } else {
                    whole = inflate((byte[]) stored, n, whole);
                    int m = 0;
                    for (int i = 0; i < n; i++) {
                        if (whole[i] != rgb[i]) {
                            m++;
                        }
                    }
                    at = new int[m];
                    to = new int[m];
                    m = 0;
                    for (int i = 0; i < n; i++) {
                        if (whole[i] != rgb[i]) {
                            at[m] = i;
                            to[m++] = whole[i];
                        }
                    }
                }
                // the pixels whose palette index changed, and the rectangle around them
                int[] where = new int[at.length];
                byte[] what = new byte[at.length];
                int m = 0;
                int x0 = width;
                int y0 = height;
                int x1 = -1;
                int y1 = -1;
                for (int i = 0; i < at.length; i++) {
                    int p = at[i];
                    rgb[p] = to[i];
                    byte k = (byte) (nearest.get(to[i]) - 1);
                    if (k != idx[p]) {
                        idx[p] = k;
                        where[m] = p;
                        what[m++] = k;
                        int x = p % width;
                        int y = p / width;
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y);
                    }
                }
                int[] box = x1 < 0 ? new int[] {0, 0, 1, 1} : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
                int count = m;
                int from = shownSoFar;
                shownSoFar += repeats.get(f + 1);
                int delay = delay(from, shownSoFar);
                submit(pool, pending, bytes, () -> {
                    // after the first frame, only the rectangle that changed (the frame before stays under it);
                    // an unchanged pixel is transparent: long runs of one index, which LZW packs tightly
                    byte[] sub = new byte[box[2] * box[3]];
                    Arrays.fill(sub, (byte) KEEP);
                    for (int i = 0; i < count; i++) {
                        int x = where[i] % width - box[0];
                        int y = where[i] / width - box[1];
                        sub[y * box[2] + x] = what[i];
                    }
                    return block(lzw.get(), sub, box, delay, false);
                }, threads);
            }
            while (!pending.isEmpty()) {
                bytes.write(result(pending.poll()));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        bytes.write(0x3B); // trailer
        byte[] out = bytes.toByteArray();
        AtomicFiles.write(target, o -> o.write(out));
    }

    /** Runs {@code task} (on the pool when there is one), writing finished frames in order, a few in flight. */
    private static void submit(ExecutorService pool, ArrayDeque<Future<byte[]>> pending, ByteArrayOutputStream bytes,
                               Callable<byte[]> task, int threads) throws IOException {
        if (pool == null) {
            try {
                bytes.write(task.call());
            } catch (Exception e) {
                throw new IOException(e);
            }
            return;
        }
        pending.add(pool.submit(task));
        while (pending.size() > IN_FLIGHT_PER_THREAD * threads || (!pending.isEmpty() && pending.peek().isDone())) {
            bytes.write(result(pending.poll()));
        }
    }

    private static byte[] result(Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the GIF");
        } catch (ExecutionException e) {
            throw new IOException("a GIF frame could not be compressed", e.getCause());
        }
    }

    /** Delay in hundredths of a second of a frame shown from frame {@code from} to frame {@code to}. */
    private int delay(int from, int to) {
        return Math.max(MIN_DELAY_CS, centis(to) - centis(from));
    }

    /** The file's start: signature, screen, the global palette, and the loop-forever extension. */
    private void header(ByteArrayOutputStream out, int[] pal) {
        out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        short16(out, width);
        short16(out, height);
        out.write(0xF7); // a global colour table of 256 entries, 8 bits a channel
        out.write(0); // background colour index
        out.write(0); // no aspect ratio
        for (int i = 0; i < COLOURS; i++) {
            int c = i < pal.length ? pal[i] : 0;
            out.write(c >> 16 & 0xFF);
            out.write(c >> 8 & 0xFF);
            out.write(c & 0xFF);
        }
        out.write(0x21);
        out.write(0xFF);
        out.write(11);
        out.writeBytes("NETSCAPE2.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(3);
        out.write(1);
        short16(out, 0); // loop forever
        out.write(0);
    }

    /** One frame: its graphic control extension (delay, disposal, transparency), descriptor and data. */
    private static byte[] block(GifLzw lzw, byte[] indices, int[] box, int delay, boolean first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(indices.length / 8 + 64);
        out.write(0x21);
        out.write(0xF9);
        out.write(4);
        // disposal: leave in place (the next frame is drawn over it); a transparent index after the first frame
        out.write(1 << 2 | (first ? 0 : 1));
        short16(out, delay);
        out.write(KEEP);
        out.write(0);
        out.write(0x2C);
        short16(out, box[0]);
        short16(out, box[1]);
        short16(out, box[2]);
        short16(out, box[3]);
        out.write(0); // no local colour table, not interlaced
        lzw.encode(indices, box[2] * box[3], out);
        return out.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write(v >> 8 & 0xFF);
    }

    /** Hundredths of a second at which frame {@code n} starts. */
    private long centisAt(int n) {
        return Math.round(n * 100.0 / fps);
    }

    private int centis(int n) {
        return (int) centisAt(n);
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

    private static int[] inflate(byte[] packed, int n, int[] into) throws IOException {
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
        int[] px = into != null ? into : new int[n];
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

        /** Calls {@code each} with every key and its value. */
        void forEach(Entry each) {
            for (int i = 0; i < keys.length; i++) {
                if (used[i]) {
                    each.accept(keys[i], values[i]);
                }
            }
        }

        /** A key and its value. */
        @FunctionalInterface
        interface Entry {
            void accept(int key, int value);
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
