package org.emlab.core.figure.anim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/** MP4, GIF and frame-folder writers on synthetic frames (a moving coloured square). */
class AnimationWritersTest {
    private static final int W = 161; // odd: the MP4 pads to an even width
    private static final int H = 90;
    private static final Color[] COLOURS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73)};

    private static List<BufferedImage> frames(int n) {
        return frames(n, (g, i) -> {
            g.setColor(COLOURS[i % COLOURS.length]);
            g.fillRect(10 + 10 * i, 20, 30, 30);
        });
    }

    /** {@code n} white W × H frames, frame i with what {@code paint} draws on it. */
    private static List<BufferedImage> frames(int n, java.util.function.ObjIntConsumer<Graphics2D> paint) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            paint.accept(g, i);
            g.dispose();
            out.add(img);
        }
        return out;
    }

    @Test
    void mp4IsH264WithEveryFrameAndEvenSides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.mp4");
        Mp4Writer w = new Mp4Writer(file, 10);
        List<BufferedImage> fs = frames(7);
        for (int i = 0; i < fs.size(); i++) {
            w.frame(i, i, fs.get(i));
        }
        assertFalse(Files.exists(file), "nothing is written before finish");
        w.finish();
        try (SeekableByteChannel ch = NIOUtils.readableChannel(file.toFile())) {
            MP4Demuxer d = MP4Demuxer.createMP4Demuxer(ch);
            DemuxerTrackMeta meta = d.getVideoTrack().getMeta();
            assertEquals(Codec.H264, meta.getCodec());
            assertEquals(7, meta.getTotalFrames());
            assertEquals(0.7, meta.getTotalDuration(), 1e-9, "7 frames at 10 fps");
            assertEquals(W + 1, meta.getVideoCodecMeta().getSize().getWidth());
            assertEquals(H, meta.getVideoCodecMeta().getSize().getHeight());
        }
    }

    /** Repeated frames (the same image object) lengthen the sample on screen: one sample per picture, the full duration. */
    @Test
    void repeatedFramesLastLongerInsteadOfBeingEncodedAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.mp4");
        Mp4Writer w = new Mp4Writer(file, 10);
        List<BufferedImage> fs = frames(3);
        int[] shown = {0, 0, 0, 1, 2, 2, 2, 2}; // 8 frames, 3 pictures: 3, 1 and 4 frames long
        for (int i = 0; i < shown.length; i++) {
            w.frame(i, shown[i], fs.get(shown[i]));
        }
        w.finish();
        assertEquals(8, w.frames());
        assertEquals(3, w.samples());
        try (SeekableByteChannel ch = NIOUtils.readableChannel(file.toFile())) {
            MP4Demuxer d = MP4Demuxer.createMP4Demuxer(ch);
            DemuxerTrackMeta meta = d.getVideoTrack().getMeta();
            assertEquals(3, meta.getTotalFrames(), "one sample per picture");
            assertEquals(0.8, meta.getTotalDuration(), 1e-9, "8 frames at 10 fps");
            double[] starts = new double[3];
            double[] lengths = new double[3];
            for (int k = 0; k < 3; k++) {
                org.jcodec.common.model.Packet p = d.getVideoTrack().nextFrame();
                starts[k] = p.getPtsD();
                lengths[k] = p.getDurationD();
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.3, 0.4}, starts, 1e-9);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.3, 0.1, 0.4}, lengths, 1e-9);
        }
    }

    @Test
    void theSameFramesGiveTheSameMp4Bytes(@TempDir Path dir) throws Exception {
        List<byte[]> files = new ArrayList<>();
        for (String name : new String[] {"a.mp4", "b.mp4"}) {
            Path file = dir.resolve(name);
            Mp4Writer w = new Mp4Writer(file, 10);
            List<BufferedImage> fs = frames(4);
            for (int i = 0; i < fs.size(); i++) {
                w.frame(i, i, fs.get(i));
            }
            w.finish();
            files.add(Files.readAllBytes(file));
            Thread.sleep(1100); // the time stamps jcodec writes are in seconds
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(files.get(0), files.get(1), "no time stamps in the file");
    }

    /**
     * The groups of pictures encoded on one, two or three threads give the file jcodec's own sink writes when fed the
     * same pictures one after another on one thread (its encoder over the whole video): 3 groups and a part (80
     * pictures, some repeated), byte for byte. A writer that handed a group's pictures to an encoder that had
     * not started its group at an IDR picture (or muxed the packets out of order) would differ.
     */
    @Test
    void encodingGroupsOnSeveralThreadsGivesTheBytesOfOneEncoder(@TempDir Path dir) throws Exception {
        int pictures = 80;
        List<BufferedImage> fs = frames(pictures, (g, i) -> {
            g.setColor(COLOURS[i % COLOURS.length]);
            g.fillRect(5 + (3 * i) % (W - 40), 10 + (i / 7) % 40, 30, 30);
            g.setColor(Color.BLACK);
            g.drawLine(0, i % H, W - 1, (H - 1) - i % H);
        });
        // frames: every picture once, every fifth shown three times (its sample then lasts three frames)
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < pictures; i++) {
            shown.add(i);
            if (i % 5 == 0) {
                shown.add(i);
                shown.add(i);
            }
        }
        List<byte[]> written = new ArrayList<>();
        for (int encoders : new int[] {1, 2, 3}) {
            Path file = dir.resolve("groups-" + encoders + ".mp4");
            Mp4Writer w = new Mp4Writer(file, 12, encoders);
            for (int f = 0; f < shown.size(); f++) {
                w.frame(f, shown.get(f), fs.get(shown.get(f)));
            }
            w.finish();
            assertEquals(pictures, w.samples());
            written.add(Files.readAllBytes(file));
        }

        // the reference: jcodec's sink, encoding picture after picture on this thread
        Mp4Writer.Memory memory = new Mp4Writer.Memory();
        org.jcodec.api.transcode.SinkImpl sink = org.jcodec.api.transcode.SinkImpl.createWithStream(memory,
                org.jcodec.common.Format.MOV, Codec.H264, null);
        sink.init();
        int w2 = Mp4Writer.even(W);
        int h2 = Mp4Writer.even(H);
        int frame = 0;
        for (int i = 0; i < pictures; i++) {
            int length = i % 5 == 0 ? 3 : 1;
            org.jcodec.common.model.Picture pic = org.jcodec.common.model.Picture.create(w2, h2,
                    org.jcodec.common.model.ColorSpace.YUV420J);
            Mp4Writer.toYuv(fs.get(i), pic, w2, h2);
            org.jcodec.common.model.Packet timing = org.jcodec.common.model.Packet.createPacket(null, frame, 12, length,
                    i, org.jcodec.common.model.Packet.FrameType.KEY, null);
            sink.outputVideoFrame(new org.jcodec.api.transcode.VideoFrameWithPacket(timing,
                    new org.jcodec.api.transcode.PixelStore.LoanerPicture(pic, 0)));
            frame += length;
        }
        sink.finish();
        byte[] expected = memory.bytes();
        Mp4Writer.clearTimes(expected, 0, expected.length);
        for (int k = 0; k < written.size(); k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, written.get(k), (k + 1) + " encoders");
        }
    }

    /**
     * A picture converted with the previous image and picture at hand (rows the same in both copied) equals the
     * picture converted on its own, plane by plane, for an odd-sized image (padded) whose pixels changed in a few
     * places, including the last row and column; a copy of one row pair too many would differ.
     */
    @Test
    void unchangedRowsCopiedFromThePreviousPictureAreThoseConvertedAgain() {
        java.util.Random rng = new java.util.Random(7);
        int iw = 37;
        int ih = 23;
        BufferedImage before = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
        for (int yy = 0; yy < ih; yy++) {
            for (int xx = 0; xx < iw; xx++) {
                before.setRGB(xx, yy, rng.nextInt(1 << 24));
            }
        }
        int w = Mp4Writer.even(iw);
        int h = Mp4Writer.even(ih);
        org.jcodec.common.model.Picture prev = org.jcodec.common.model.Picture.create(w, h,
                org.jcodec.common.model.ColorSpace.YUV420J);
        Mp4Writer.toYuv(before, prev, w, h);
        for (int[] changed : new int[][] {{3, 4}, {36, 22}, {0, 0}, {20, 11}}) {
            BufferedImage after = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
            after.setData(before.getData());
            after.setRGB(changed[0], changed[1], before.getRGB(changed[0], changed[1]) ^ 0x010203);
            org.jcodec.common.model.Picture fresh = org.jcodec.common.model.Picture.create(w, h,
                    org.jcodec.common.model.ColorSpace.YUV420J);
            org.jcodec.common.model.Picture copied = org.jcodec.common.model.Picture.create(w, h,
                    org.jcodec.common.model.ColorSpace.YUV420J);
            Mp4Writer.toYuv(after, fresh, w, h);
            Mp4Writer.toYuv(after, copied, w, h, before, prev);
            for (int plane = 0; plane < 3; plane++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.getPlaneData(plane), copied.getPlaneData(plane),
                        "plane " + plane + ", pixel " + changed[0] + "," + changed[1] + " changed");
            }
        }
    }

    /**
     * A video cancelled while its queued pictures are encoded stops waiting and writes nothing; an abandoned writer
     * refuses to finish.
     */
    @Test
    void aVideoCancelledWhileItsPicturesAreEncodedWritesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.mp4");
        Mp4Writer w = new Mp4Writer(file, 10, 2);
        List<BufferedImage> fs = frames(60);
        for (int i = 0; i < fs.size(); i++) {
            w.frame(i, i, fs.get(i));
        }
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> w.finish(() -> true));
        assertFalse(Files.exists(file));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, w::finish, "abandoned");
        assertFalse(Files.exists(file));
    }

    /** Encoding threads: one core but one, two on two cores, at most four, and groups of pictures within a quarter of the heap. */
    @Test
    void encodersFollowTheCoresAndTheHeap() {
        long hd = 1920L * 1080 * 3 / 2; // a 1080p picture, 4:2:0
        assertEquals(1, Mp4Writer.encoders(1, 4L << 30, hd, 25));
        assertEquals(2, Mp4Writer.encoders(2, 4L << 30, hd, 25));
        assertEquals(3, Mp4Writer.encoders(4, 4L << 30, hd, 25));
        assertEquals(4, Mp4Writer.encoders(16, 4L << 30, hd, 25));
        assertEquals(3, Mp4Writer.encoders(16, 1L << 30, hd, 25), "a 1 GB heap holds three groups of 1080p pictures in a quarter");
        assertEquals(1, Mp4Writer.encoders(16, 1L << 30, 4 * hd, 25), "4K pictures: one group");
    }

    @Test
    void limitedRangeYuvKeepsColours() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int[] rgb : new int[][] {{255, 255, 255}, {0, 0, 0}, {0, 114, 178}, {213, 94, 0}}) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                }
            }
            org.jcodec.common.model.Picture p = org.jcodec.common.model.Picture.create(2, 2,
                    org.jcodec.common.model.ColorSpace.YUV420J);
            Mp4Writer.toYuv(img, p, 2, 2);
            double yy = p.getPlaneData(0)[0] + 128;
            double cb = p.getPlaneData(1)[0] + 128 - 128;
            double cr = p.getPlaneData(2)[0] + 128 - 128;
            assertTrue(yy >= 16 && yy <= 235, "Y in the limited range: " + yy);
            // back to RGB (BT.601, limited range) within rounding
            double r = 1.164 * (yy - 16) + 1.596 * cr;
            double g = 1.164 * (yy - 16) - 0.392 * cb - 0.813 * cr;
            double b = 1.164 * (yy - 16) + 2.017 * cb;
            assertEquals(rgb[0], Math.max(0, Math.min(255, r)), 3);
            assertEquals(rgb[1], Math.max(0, Math.min(255, g)), 3);
            assertEquals(rgb[2], Math.max(0, Math.min(255, b)), 3);
        }
    }

    @Test
    void gifLoopsForeverKeepsExactColoursMergesRepeatsAndTakesTheFrameRate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.gif");
        GifWriter w = new GifWriter(file, 25, new int[] {0xFFFFFF});
        List<BufferedImage> fs = frames(4);
        w.frame(0, 0, fs.get(0));
        w.frame(1, 0, fs.get(0)); // the same picture twice: one frame shown twice as long
        for (int i = 1; i < fs.size(); i++) {
            w.frame(i + 1, i, fs.get(i));
        }
        w.finish();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(4, r.getNumImages(true));
            int total = 0;
            for (int i = 0; i < 4; i++) {
                IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                int delay = Integer.parseInt(gce.getAttribute("delayTime"));
                assertTrue(delay >= GifWriter.MIN_DELAY_CS);
                total += delay;
                if (i == 0) {
                    Node app = root.getElementsByTagName("ApplicationExtension").item(0);
                    assertEquals("NETSCAPE", ((IIOMetadataNode) app).getAttribute("applicationID"));
                    byte[] loop = (byte[]) ((IIOMetadataNode) app).getUserObject();
                    assertEquals(0, loop[1] | loop[2], "loop count 0: forever");
                    assertEquals(8, delay, "two frames at 25 fps");
                }
            }
            assertEquals(20, total, "5 frames at 25 fps = 0.2 s");
            BufferedImage first = r.read(0);
            for (int i = 0; i < COLOURS.length && i < 1; i++) {
                assertEquals(COLOURS[0].getRGB() & 0xFFFFFF, first.getRGB(20, 30) & 0xFFFFFF, "exact, not the web palette");
            }
            assertEquals(0xFFFFFF, first.getRGB(1, 1) & 0xFFFFFF);
        }
    }

    /** A frame folder at {@code folder} given {@code count} frames, at iterations 0, 10, 20 …, not yet finished. */
    private static FrameFolder folderWith(Path folder, int count) throws Exception {
        FrameFolder f = new FrameFolder(folder, "frames/", 12, 1, "test");
        List<BufferedImage> fs = frames(count);
        for (int i = 0; i < fs.size(); i++) {
            f.frame(i, 10 * i, fs.get(i));
        }
        return f;
    }

    @Test
    void aFolderGetsNumberedFramesAndAnAnimategraphicsLine(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("frames");
        FrameFolder f = folderWith(folder, 3);
        assertFalse(Files.exists(folder), "nothing is written before finish");
        f.finish();
        for (int i = 1; i <= 3; i++) {
            BufferedImage img = ImageIO.read(folder.resolve("frame-000" + i + ".png").toFile());
            assertEquals(W, img.getWidth());
        }
        String tex = Files.readString(folder.resolve(FrameFolder.TEX));
        assertTrue(tex.contains("\\animategraphics[width=\\linewidth,controls,loop,autoplay]{12}{frames/frame-}{0001}{0003}"),
                tex);
        assertTrue(tex.contains("iterations 0 to 20"), tex);
        assertTrue(tex.contains("the path is relative to the folder LaTeX runs in"), tex);
        // an absolute path (the window's exports, or an absolute --out) is not called relative
        FrameFolder absolute = new FrameFolder(folder, folder.toAbsolutePath() + "/", 12, 1, "test");
        List<BufferedImage> three = frames(3);
        for (int i = 0; i < 3; i++) {
            absolute.frame(i, 10 * i, three.get(i));
        }
        assertTrue(absolute.tex(3).contains("the path is absolute, so LaTeX finds the frames wherever it runs"),
                absolute.tex(3));
        assertEquals("frame-00001.png", FrameFolder.name(0, 10000), "more digits when needed");
        assertEquals(List.of(), f.leftOver());
        assertEquals(null, f.leftOverNote());
    }

    /**
     * A shorter export into the same folder overwrites the frames it names and leaves the others, as the snippet
     * says, but counts them, so the user hears that a glob would still find them; a file of the user's that is
     * not named like a frame is neither touched nor counted.
     */
    @Test
    void framesLeftByALongerExportAreCountedNotRemoved(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("frames");
        folderWith(folder, 5).finish();
        Files.writeString(folder.resolve("notes.txt"), "mine");
        Files.writeString(folder.resolve("frame-draft.png"), "mine too");
        FrameFolder second = folderWith(folder, 2);
        second.finish();
        assertEquals(List.of("frame-0003.png", "frame-0004.png", "frame-0005.png"), second.leftOver());
        assertTrue(Files.exists(folder.resolve("frame-0005.png")), "not removed");
        assertEquals("mine", Files.readString(folder.resolve("notes.txt")));
        String note = second.leftOverNote();
        assertTrue(note.startsWith("3 older frames (frame-0003.png … frame-0005.png) from an earlier export are still in ")
                && note.endsWith("frames.tex names only the 2 new ones"), note);
    }
}
