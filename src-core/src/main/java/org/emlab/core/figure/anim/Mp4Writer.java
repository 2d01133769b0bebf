package org.emlab.core.figure.anim;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.emlab.core.io.AtomicFiles;
import org.jcodec.api.transcode.SinkImpl;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

/**
 * An H.264 video in an MP4 file (jcodec, pure Java; baseline profile, 4:2:0 chroma, so it plays in
 * PowerPoint, Keynote and browsers), in a time scale of {@code fps} frames a second. A frame that
 * repeats the one before (the same image: the run showed the same iteration, or the final hold)
 * lengthens the sample on screen instead of being encoded again, so the video has one sample per
 * distinct picture, each as long as its repeats, and plays for exactly frames / fps seconds. Each frame is converted to
 * limited-range BT.601 YUV here (jcodec's own AWT conversion shifts colours), with 2 × 2 chroma
 * averaging; an odd width or height is padded by one row or column of the frame's edge pixels (H.264
 * wants even sides). The conversion runs on the caller's thread, the encoding (most of the work) on
 * threads of their own ({@link #encoders}), behind it, so the next frames are drawn meanwhile.
 *
 * <p><b>Encoding in groups of pictures.</b> jcodec's encoder makes every 25th picture
 * ({@link H264Encoder#getKeyInterval()}) an IDR picture (with the parameter sets, its frame number and picture order reset) and otherwise predicts each
 * picture from the one before; its rate control starts afresh at every picture. So a group of pictures from
 * an IDR picture to the next is encoded from its own pictures alone, and each encoding thread takes whole
 * groups (group g: thread g mod their number) with an encoder of its own; the packets are put into the
 * file in order by the caller. The bytes are those one encoder writes over all the pictures
 * ({@code AnimationWritersTest}: the same file as jcodec's own sink fed one picture after another). The
 * encoded stream is kept in memory and the file is written on {@link #finish()} through {@link AtomicFiles}:
 * a cancelled or failed export writes nothing.
 */
public final class Mp4Writer implements FrameSink {
    private final Path target;
    private final int fps;
    /** Most threads that encode: each holds up to a group of pictures in memory. */
    static final int MAX_ENCODERS = 4;
    /** Pictures converted but not yet put into the file beyond whole groups for every encoder, at most. */
    private static final int IN_FLIGHT = 3;
    /** How often {@link #finish(java.util.function.BooleanSupplier)} looks at the cancellation while it waits. */
    private static final long CANCEL_POLL_MS = 50;
    /** A picture failed to encode, or the writer was abandoned: no file is written. */
    private boolean failed;

    private final Memory channel = new Memory();
    private SinkImpl sink;
    private VideoCodecMeta meta;
    private Picture picture;
    /** Encoding threads asked for (0: {@link #encoders} decides at the first frame). */
    private final int encodersWanted;
    /** The encoding threads, one encoder each (they end once idle for a second: a cancelled export leaves nothing running). */
    private Lane[] lanes = new Lane[0];
    /** Pictures per group: every this many a picture is an IDR picture ({@link H264Encoder#getKeyInterval()}). */
    private int gop;
    /** Encoded pictures not yet put into the file, in the file's order. */
    private final ArrayDeque<Future<Packet>> pending = new ArrayDeque<>();
    private int width;
    private int height;
    private int frames;
    /** Samples handed to the encoder: one per distinct picture (a repeated frame lengthens its sample). */
    private int samples;
    /** The picture not yet encoded: its first frame and how many frames it lasts so far (0: none). */
    private int heldFrom;
    private int heldFrames;
    /** The image of the last frame converted (a repeat is the same object: see {@link FrameSink#frame}). */
    private BufferedImage last;

    /** A video of {@code fps} frames a second (1 to 120), written to {@code target} on {@link #finish()}. */
    public Mp4Writer(Path target, int fps) {
        this(target, fps, 0);
    }

    /** As {@link #Mp4Writer(Path, int)}, with {@code encoders} encoding threads (0: as {@link #encoders} says). */
    Mp4Writer(Path target, int fps, int encoders) {
        if (fps < 1 || fps > 120) {
            throw new IllegalArgumentException("fps " + fps);
        }
        this.target = target;
        this.fps = fps;
        this.encodersWanted = encoders;
    }

    /**
     * Encoding threads for groups of {@code gop} pictures of {@code pictureBytes} each: one per core but one (the
     * frames are drawn meanwhile), two where there are two cores, at most {@link #MAX_ENCODERS}, and no more than
     * a quarter of the heap holds in groups of pictures (4K pictures are 12 MB each). On two cores the encoding
     * alone is about 1.6 × faster with two (60 pictures of 1920 × 1080, one JVM: 5.9–7.5 s against 9.9–13.7 s),
     * while a whole {@code animate} on this project's two-core machine was not (7.7–9.3 s against 7.9–8.8 s, seven
     * launches each, 6 December at night): the drawing and the compilers already take the second core.
     */
    static int encoders(int cores, long maxHeap, long pictureBytes, int gop) {
        int byCores = cores < 2 ? 1 : Math.max(2, Math.min(MAX_ENCODERS, cores - 1));
        long byMemory = maxHeap / 4 / Math.max(1, pictureBytes * gop);
        return (int) Math.max(1, Math.min(byCores, byMemory));
    }

    /** Sides rounded up to even numbers, as H.264 needs. */
    public static int even(int side) {
        return side + (side & 1);
    }

    @Override
    public void frame(int index, int iteration, BufferedImage image) throws IOException {
        if (failed) {
            throw new IOException("a picture of the video could not be encoded, or the video was abandoned");
        }
        if (sink == null) {
            width = even(image.getWidth());
            height = even(image.getHeight());
            sink = SinkImpl.createWithStream(channel, Format.MOV, Codec.H264, null);
            sink.init(); // the muxer (the sink's own encoder stays unused)
            meta = VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J);
            Lane first = new Lane(0);
            gop = first.encoder.getKeyInterval();
            int count = encodersWanted > 0 ? encodersWanted : encoders(Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory(), 3L * width * height / 2, gop);
            lanes = new Lane[count];
            lanes[0] = first;
            for (int i = 1; i < count; i++) {
                lanes[i] = new Lane(i);
            }
        }
        if (image == last) {
            // the same image again (the run showed the same iteration, or the final hold): the picture on
            // screen stays, so the held sample lasts one frame longer instead of being encoded again
            heldFrames++;
            frames++;
            return;
        }
        emitHeld();
        // a fresh picture: the encoder may still be reading the one before (which is only read here)
        Picture before = picture;
        picture = Picture.create(width, height, ColorSpace.YUV420J);
        toYuv(image, picture, width, height, last, before);
        last = image;
        heldFrom = frames;
        heldFrames = 1;
        frames++;
    }

    /**
     * Hands the held picture to the encoder as one sample starting at frame {@link #heldFrom} and
     * lasting {@link #heldFrames} frames (in the video's time scale of {@code fps} units a second).
     */
    private void emitHeld() throws IOException {
        if (heldFrames == 0) {
            return;
        }
        Packet timing = Packet.createPacket(null, heldFrom, fps, heldFrames, samples, Packet.FrameType.KEY, null);
        Lane lane = lanes[(samples / gop) % lanes.length];
        Picture pic = picture;
        pending.add(lane.thread.submit(() -> lane.encode(pic, timing)));
        samples++;
        heldFrames = 0;
        while (pending.size() > inFlight() || (!pending.isEmpty() && pending.peek().isDone())) {
            sink.outputVideoPacket(await(pending.poll()), meta);
        }
    }

    /**
     * Pictures converted but not yet put into the file, at most: a few with one encoder (the queue gains nothing
     * there), else a group for every encoder and a few (so that each works on its own group while the caller waits
     * for the oldest picture; {@link #encoders} keeps the groups within a quarter of the heap).
     */
    private int inFlight() {
        return lanes.length == 1 ? IN_FLIGHT : lanes.length * gop + IN_FLIGHT;
    }

    /**
     * An encoding thread and its encoder: it encodes whole groups of pictures, in order, so its encoder starts each
     * group at an IDR picture as one encoder of the whole video would.
     */
    private static final class Lane {
        final H264Encoder encoder = H264Encoder.createH264Encoder();
        final ThreadPoolExecutor thread;
        private ByteBuffer buffer;

        Lane(int index) {
            thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "emlab-mp4-" + (index + 1));
                t.setDaemon(true);
                return t;
            });
            thread.allowCoreThreadTimeOut(true);
        }

        /** The picture encoded, as the packet with {@code timing}'s times and the frame type the encoder gave it. */
        Packet encode(Picture pic, Packet timing) {
            int size = encoder.estimateBufferSize(pic);
            if (buffer == null || buffer.capacity() < size) {
                buffer = ByteBuffer.allocate(size);
            }
            buffer.clear();
            VideoEncoder.EncodedFrame f = encoder.encodeFrame(pic, buffer);
            Packet p = Packet.createPacketWithData(timing, NIOUtils.clone(f.getData()));
            p.setFrameType(f.isKeyFrame() ? Packet.FrameType.KEY : Packet.FrameType.INTER);
            return p;
        }
    }

    /** Waits for an encoded picture; its failure is this writer's (and no file is written after it). */
    private Packet await(Future<Packet> f) throws IOException {
        return await(f, () -> false);
    }

    /**
     * {@link #await(Future)}, looking at {@code cancelled} every {@link #CANCEL_POLL_MS} ms: when it turns true
     * the writer is {@linkplain #abandon() abandoned} and a {@link java.util.concurrent.CancellationException}
     * thrown.
     */
    private Packet await(Future<Packet> f, java.util.function.BooleanSupplier cancelled) throws IOException {
        try {
            while (true) {
                if (cancelled.getAsBoolean()) {
                    abandon();
                    throw new java.util.concurrent.CancellationException("the video was cancelled");
                }
                try {
                    return f.get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // look at the cancellation again
                }
            }
        } catch (InterruptedException e) {
            failed = true;
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while encoding the video");
        } catch (ExecutionException e) {
            failed = true;
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("a frame could not be encoded", e.getCause());
        }
    }

    /** Frames taken so far. */
    public int frames() {
        return frames;
    }

    /** Samples in the video so far: one per distinct picture, each as long as its repeats. */
    public int samples() {
        return samples;
    }

    /**
     * One: the H.264 encoders keep the cores busy on threads of their own, and a second drawing thread only
     * competed with them (gmm-simplex's default animation, alternated twice on 2 cores with one encoder:
     * 9.9–10.2 s with one drawing thread, 11.1–12.7 s with two).
     */
    @Override
    public int drawingThreads() {
        return 1;
    }

    /**
     * Drops the pictures not yet encoded and waits for the encoding threads to finish the one each is on (a
     * picture: a fraction of a second at 1920 × 1080), so that nothing of the video is still running afterwards.
     */
    @Override
    public void abandon() {
        failed = true;
        for (Future<Packet> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        for (Lane lane : lanes) {
            lane.thread.shutdown();
        }
        try {
            for (Lane lane : lanes) {
                lane.thread.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void finish() throws IOException {
        finish(() -> false);
    }

    /**
     * Waits for the pictures still being encoded (many seconds' worth at 1920 × 1080: a group for every encoder),
     * looking at {@code cancelled} meanwhile; then writes the file.
     */
    @Override
    public void finish(java.util.function.BooleanSupplier cancelled) throws IOException {
        if (sink == null) {
            throw new IOException("an animation needs at least one frame");
        }
        if (failed) {
            throw new IOException("a picture of the video could not be encoded; nothing is written");
        }
        try {
            emitHeld();
            while (!pending.isEmpty()) {
                sink.outputVideoPacket(await(pending.poll(), cancelled), meta);
            }
        } finally {
            for (Lane lane : lanes) {
                lane.thread.shutdown();
            }
        }
        sink.finish(); // writes the index (moov): without it the file does not play
        byte[] bytes = channel.bytes();
        clearTimes(bytes, 0, bytes.length);
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /**
     * Sets the creation and modification times of the movie, its tracks and their media (the
     * {@code mvhd}, {@code tkhd} and {@code mdhd} boxes inside {@code moov}) to 0, "unknown": jcodec
     * writes the current time there, and the same frames should give the same file.
     */
    static void clearTimes(byte[] b, int from, int to) {
        int at = from;
        while (at + 8 <= to) {
            long size = readInt(b, at) & 0xFFFFFFFFL;
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1 && at + 16 <= to) {
                size = ((long) readInt(b, at + 8) << 32) | (readInt(b, at + 12) & 0xFFFFFFFFL);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) {
                return; // not a box: leave the rest as it is
            }
            int end = (int) (at + size);
            switch (type) {
                case "moov", "trak", "mdia" -> clearTimes(b, at + header, end);
                case "mvhd", "tkhd", "mdhd" -> {
                    int v = at + header; // version (1 byte) and flags (3), then the two times
                    int width = b[v] == 1 ? 8 : 4;
                    if (v + 4 + 2 * width <= end) {
                        Arrays.fill(b, v + 4, v + 4 + 2 * width, (byte) 0);
                    }
                }
                default -> {
                }
            }
            at = end;
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** Limited-range BT.601: Y in 16..235, Cb and Cr in 16..240, stored as value − 128 (jcodec's signed planes). */
    static void toYuv(BufferedImage img, Picture pic, int w, int h) {
        toYuv(img, pic, w, h, null, null);
    }

    /**
     * {@link #toYuv(BufferedImage, Picture, int, int)}, where {@code prevImg} (of the same size, or null) was converted
     * into {@code prevPic} before: a pair of rows the same in both images is copied from {@code prevPic} (the same
     * values: each is a function of its pixels alone), which is most of a frame of an animation (a few thousand of
     * two million pixels change from one to the next).
     */
    static void toYuv(BufferedImage img, Picture pic, int w, int h, BufferedImage prevImg, Picture prevPic) {
        int iw = img.getWidth();
        int ih = img.getHeight();
        boolean compare = prevImg != null && prevPic != null && prevImg.getWidth() == iw && prevImg.getHeight() == ih
                && prevPic.getWidth() == w && prevPic.getHeight() == h;
        int[] row0 = new int[w];
        int[] row1 = new int[w];
        int[] prev0 = compare ? new int[w] : null;
        int[] prev1 = compare ? new int[w] : null;
        byte[] y = pic.getPlaneData(0);
        byte[] u = pic.getPlaneData(1);
        byte[] v = pic.getPlaneData(2);
        int cw = w / 2;
        for (int r = 0; r < h; r += 2) {
            readRow(img, Math.min(r, ih - 1), row0, iw);
            readRow(img, Math.min(r + 1, ih - 1), row1, iw);
            if (compare) {
                readRow(prevImg, Math.min(r, ih - 1), prev0, iw);
                readRow(prevImg, Math.min(r + 1, ih - 1), prev1, iw);
                if (java.util.Arrays.equals(row0, prev0) && java.util.Arrays.equals(row1, prev1)) {
                    System.arraycopy(prevPic.getPlaneData(0), r * w, y, r * w, 2 * w);
                    System.arraycopy(prevPic.getPlaneData(1), (r / 2) * cw, u, (r / 2) * cw, cw);
                    System.arraycopy(prevPic.getPlaneData(2), (r / 2) * cw, v, (r / 2) * cw, cw);
                    continue;
                }
            }
            for (int c = 0; c < w; c += 2) {
                int sr = 0;
                int sg = 0;
                int sb = 0;
                for (int k = 0; k < 4; k++) {
                    int px = (k < 2 ? row0 : row1)[c + (k & 1)];
                    int rr = (px >> 16) & 0xFF;
                    int gg = (px >> 8) & 0xFF;
                    int bb = px & 0xFF;
                    int yy = (int) Math.round(16 + 0.256788 * rr + 0.504129 * gg + 0.0979059 * bb);
                    y[(r + (k >> 1)) * w + c + (k & 1)] = (byte) (clamp(yy, 16, 235) - 128);
                    sr += rr;
                    sg += gg;
                    sb += bb;
                }
                double mr = sr / 4.0;
                double mg = sg / 4.0;
                double mb = sb / 4.0;
                int cb = (int) Math.round(128 - 0.148223 * mr - 0.290993 * mg + 0.439216 * mb);
                int cr = (int) Math.round(128 + 0.439216 * mr - 0.367788 * mg - 0.0714274 * mb);
                u[(r / 2) * cw + c / 2] = (byte) (clamp(cb, 16, 240) - 128);
                v[(r / 2) * cw + c / 2] = (byte) (clamp(cr, 16, 240) - 128);
            }
        }
    }

    /**
     * Row {@code r} of the image into {@code out}, its last pixel repeated into a padding column. Images
     * of packed RGB or ARGB ints (what the animation draws) are read from their buffer directly, the
     * same values {@code getRGB} returns but without its per-pixel colour-model calls.
     */
    private static void readRow(BufferedImage img, int r, int[] out, int iw) {
        int type = img.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && img.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db
                && img.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
                && img.getRaster().getSampleModelTranslateX() == 0 && img.getRaster().getSampleModelTranslateY() == 0
                && db.getNumBanks() == 1) {
            // the channel masks of these types are fixed (0xFF0000, 0xFF00, 0xFF); toYuv reads only those
            System.arraycopy(db.getData(), db.getOffset() + r * sm.getScanlineStride(), out, 0, iw);
        } else {
            img.getRGB(0, r, iw, 1, out, 0, iw);
        }
        for (int c = iw; c < out.length; c++) {
            out[c] = out[iw - 1];
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A growing in-memory file that jcodec writes and seeks in. */
    static final class Memory implements SeekableByteChannel {
        private byte[] data = new byte[1 << 20];
        private long size;
        private long position;
        private boolean open = true;

        byte[] bytes() {
            return Arrays.copyOf(data, (int) size);
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel setPosition(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            size = Math.min(size, s);
            position = Math.min(position, size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), size - position);
            dst.put(data, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            long end = position + n;
            if (end > Integer.MAX_VALUE - 16) {
                throw new IOException("the video is larger than 2 GB");
            }
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(end, 2L * data.length)));
            }
            src.get(data, (int) position, n);
            position = end;
            size = Math.max(size, end);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
