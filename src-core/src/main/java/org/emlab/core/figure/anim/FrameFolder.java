package org.emlab.core.figure.anim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.emlab.core.figure.render.FigureWriter;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.OutputException;

/**
 * A folder of numbered PNG frames, {@code frame-0001.png} … (four digits, more when needed), and
 * {@code frames.tex}: a ready-to-paste {@code \animategraphics} line for beamer (package
 * {@code animate}), naming exactly these frames at the animation's frame rate. The frames are kept
 * (PNG-compressed) in memory and written on {@link #finish()}, each through {@link AtomicFiles},
 * then {@code frames.tex}: a cancelled export writes nothing. The folder is created when missing
 * (its parent must exist); frames left in it by an earlier, longer export are not removed (the
 * snippet names only the new ones), but counted ({@link #leftOver()}) so that the caller can say so: a glob
 * such as {@code frame-*.png} would pick them up.
 */
public final class FrameFolder implements FrameSink {
    /** The name of the LaTeX snippet in the folder. */
    public static final String TEX = "frames.tex";
    /** The prefix of every frame's name. */
    public static final String PREFIX = "frame-";

    private final Path folder;
    private final String texPath;
    private final int fps;
    private final double scale;
    private final String caption;
    private final List<byte[]> pngs = new ArrayList<>();
    private final List<Integer> iterations = new ArrayList<>();
    /** After {@link #finish()}: frames written, and the frame files in the folder besides them. */
    private int written;
    private List<String> leftOver = List.of();

    /**
     * @param folder  the folder (created on {@link #finish()} when missing)
     * @param texPath how {@code frames.tex} names the folder (the path as the user gave it, relative to
     *                where LaTeX runs), with forward slashes
     * @param fps     frames a second
     * @param scale   pixels per point, recorded in each PNG (72 · scale dpi)
     * @param caption one line for the snippet's comment (what the animation shows)
     */
    public FrameFolder(Path folder, String texPath, int fps, double scale, String caption) {
        this.folder = folder;
        this.texPath = texPath;
        this.fps = fps;
        this.scale = scale;
        this.caption = caption == null ? "" : caption;
    }

    /** Refuses a target that is there but no folder (a file, a device), before anything is computed. */
    public static void check(Path folder) throws OutputException {
        Path abs = folder.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new OutputException(folder, "cannot write frames into " + IoReasons.show(folder) + ": it is not a folder");
        }
        Path parent = abs.getParent();
        if (!Files.exists(abs) && (parent == null || !Files.isDirectory(parent))) {
            throw new OutputException(folder, "cannot create the folder " + IoReasons.show(folder) + ": its parent "
                    + (parent == null ? "" : IoReasons.show(parent) + " ") + "does not exist");
        }
    }

    /** The file name of frame {@code i} (0-based) of {@code n}. */
    public static String name(int i, int n) {
        int digits = Math.max(4, Integer.toString(n).length());
        return PREFIX + String.format(Locale.ROOT, "%0" + digits + "d", i + 1) + ".png";
    }

    @Override
    public void frame(int index, int iteration, BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FigureWriter.writePng(out, image, scale);
        pngs.add(out.toByteArray());
        iterations.add(iteration);
    }

    /** Frames taken so far. */
    public int frames() {
        return pngs.size();
    }

    @Override
    public void finish() throws IOException {
        int n = pngs.size();
        if (n == 0) {
            throw new IOException("an animation needs at least one frame");
        }
        check(folder);
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectory(folder);
            } catch (IOException e) {
                throw new OutputException(folder, "cannot create the folder " + IoReasons.show(folder) + ": "
                        + IoReasons.reason(e), e);
            }
        }
        for (int i = 0; i < n; i++) {
            byte[] png = pngs.get(i);
            AtomicFiles.write(folder.resolve(name(i, n)), out -> out.write(png));
            pngs.set(i, null);
        }
        AtomicFiles.writeString(folder.resolve(TEX), tex(n));
        written = n;
        leftOver = framesOtherThan(n);
    }

    /**
     * After {@link #finish()}: the names of frame files in the folder that this export did not write (from an
     * earlier export with more frames, or with more digits), sorted; empty when there are none or the folder could
     * not be listed.
     */
    public List<String> leftOver() {
        return leftOver;
    }

    /** One line for the user when {@link #leftOver()} is not empty, else null. */
    public String leftOverNote() {
        if (leftOver.isEmpty()) {
            return null;
        }
        int k = leftOver.size();
        return k + " older frame" + (k == 1 ? " (" + leftOver.get(0) : "s (" + leftOver.get(0) + " … " + leftOver.get(k - 1))
                + ") from an earlier export " + (k == 1 ? "is" : "are") + " still in " + IoReasons.show(folder) + "; "
                + TEX + " names only the " + (written == 1 ? "new one" : written + " new ones");
    }

    private List<String> framesOtherThan(int n) {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < n; i++) {
            mine.add(name(i, n));
        }
        List<String> others = new ArrayList<>();
        Pattern frame = Pattern.compile(Pattern.quote(PREFIX) + "[0-9]{4,}\\.png");
        try (Stream<Path> files = Files.list(folder)) {
            files.map(f -> f.getFileName().toString())
                    .filter(f -> frame.matcher(f).matches() && !mine.contains(f))
                    .sorted()
                    .forEach(others::add);
        } catch (IOException | RuntimeException e) {
            return List.of(); // the frames are written; not being able to list the folder only loses the note
        }
        return List.copyOf(others);
    }

    /** The snippet: a comment, then the {@code \animategraphics} line. */
    String tex(int n) {
        String first = name(0, n);
        String last = name(n - 1, n);
        String dir = texPath.endsWith("/") ? texPath : texPath + "/";
        String num0 = first.substring(PREFIX.length(), first.length() - 4);
        String num1 = last.substring(PREFIX.length(), last.length() - 4);
        return "% EM Lab animation" + (caption.isEmpty() ? "" : ": " + caption.replace('\n', ' ')) + "\n"
                + "% " + n + " frames at " + fps + " fps, iterations " + iterations.get(0) + " to "
                + iterations.get(n - 1) + ". Needs \\usepackage{animate}; "
                + (java.nio.file.Paths.get(texPath).isAbsolute() ? "the path is absolute, so LaTeX finds the "
                        + "frames wherever it runs.\n" : "the path is relative to the folder LaTeX runs in.\n")
                + "\\animategraphics[width=\\linewidth,controls,loop,autoplay]{" + fps + "}{" + dir + PREFIX + "}{"
                + num0 + "}{" + num1 + "}\n";
    }
}
