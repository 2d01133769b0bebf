package org.emlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./emlab animate}: MP4, GIF and a folder of frames from an A/B preset, small and short. */
class AnimateCommandTest {
    record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EmlabCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] small(String out, String... more) {
        String[] base = {"animate", "--preset", "gmm-simplex-dft-vs-uniform", "--size", "400x225", "--fps", "5",
            "--duration", "2", "--to", "40", "--out", out};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void anA2BPresetBecomesAnMp4AGifAndAFolderOfFrames(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("a.mp4");
        Result r = cli(small(mp4.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no progress when stderr is not a terminal");
        try (SeekableByteChannel ch = NIOUtils.readableChannel(mp4.toFile())) {
            DemuxerTrackMeta meta = MP4Demuxer.createMP4Demuxer(ch).getVideoTrack().getMeta();
            assertEquals(Codec.H264, meta.getCodec());
            assertEquals(2.0, meta.getTotalDuration(), 1e-9, "5 fps × 2 s");
            // one sample per distinct picture: the final hold (and any repeated iteration) lasts longer instead
            org.junit.jupiter.api.Assertions.assertTrue(meta.getTotalFrames() >= 2 && meta.getTotalFrames() < 10,
                    "samples: " + meta.getTotalFrames());
            assertEquals(400, meta.getVideoCodecMeta().getSize().getWidth());
        }

        Path gif = dir.resolve("a.gif");
        assertEquals(0, cli(small(gif.toString())).code());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader rd = ImageIO.getImageReadersByFormatName("gif").next();
            rd.setInput(in);
            int n = rd.getNumImages(true);
            assertTrue(n >= 2 && n <= 10, "identical neighbours merged: " + n);
            assertEquals(400, rd.getWidth(0));
        }

        Path folder = dir.resolve("frames");
        assertEquals(0, cli(small(folder + "/")).code());
        for (int i = 1; i <= 10; i++) {
            assertTrue(Files.isRegularFile(folder.resolve(String.format("frame-%04d.png", i))), "frame " + i);
        }
        BufferedImage first = ImageIO.read(folder.resolve("frame-0001.png").toFile());
        BufferedImage last = ImageIO.read(folder.resolve("frame-0010.png").toFile());
        assertEquals(400, first.getWidth());
        assertEquals(225, first.getHeight());
        assertFalse(java.util.Arrays.equals(first.getRGB(0, 0, 400, 225, null, 0, 400),
                last.getRGB(0, 0, 400, 225, null, 0, 400)), "the run moves");
        String tex = Files.readString(folder.resolve("frames.tex"));
        assertTrue(tex.contains("{5}{" + folder + "/frame-}{0001}{0010}"), tex);
        assertTrue(tex.contains("iterations 0 to 40"), tex);
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void invalidAnimationsExitWithTwoAndOneLine(@TempDir Path dir) {
        String[][] bad = {
            small(dir.resolve("a.avi").toString()),
            small(dir.resolve("a.gif").toString(), "--fps", "60"),
            small(dir.resolve("a.mp4").toString(), "--from", "50"),
            small(dir.resolve("a.mp4").toString(), "--duration", "0"),
            small(dir.resolve("a.mp4").toString(), "--spacing", "cubic"),
            small(dir.resolve("a.mp4").toString(), "--size", "7200x7200", "--scale", "6"),
            small(dir.resolve("a.mp4").toString(), "--axes", "nope=loglog"),
            small(dir.resolve("missing/sub/").toString()),
        };
        for (String[] args : bad) {
            Result r = cli(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
