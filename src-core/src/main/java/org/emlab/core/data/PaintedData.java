package org.emlab.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.text.Numbers;

/**
 * Data painted in the window's geometry (docs/explore-and-verify.md, "Direct manipulation"): points added
 * one by one, sprayed around the pointer with a chosen spread, laid along a segment with noise, erased,
 * or cleared. A painted data set is an ordinary {@link DataTable} whose two painted columns are the ones
 * the geometry shows (a mixture's two features, or a regression's covariate and response); it is saved
 * as a CSV file like a file the user opened, so that restarts, sessions and the CLI read it back bit for
 * bit. Random points come from a generator the caller seeds (the run's seed and the stroke's number).
 */
public final class PaintedData {
    /** Most rows a painted table may have. */
    public static final int MAX_ROWS = 200_000;

    private PaintedData() {
    }

    /**
     * The table of a run's sample: its x columns (named as in the sample) and, when it has a response, the
     * response as the last column (named {@code y} unless the sample names it).
     */
    public static DataTable fromDataset(Dataset data, String source) {
        int n = data.n();
        int d = data.d();
        boolean y = data.y() != null;
        List<String> names = new ArrayList<>(data.xNames());
        if (y) {
            names.add(data.yName() == null ? "y" : data.yName());
        }
        int w = names.size();
        double[] v = new double[n * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.x(), i * d, v, i * w, d);
            if (y) {
                v[i * w + d] = data.y()[i];
            }
        }
        return new DataTable(source, names, n, v, true);
    }

    /** An empty table with these columns. */
    public static DataTable empty(List<String> names, String source) {
        return new DataTable(source, names, 0, new double[0], true);
    }

    /**
     * {@code table} with the points {@code (xs[i], ys[i])} appended: x in column {@code cx}, y in column
     * {@code cy}; any other column of a new row is that column's mean (0 in an empty table).
     */
    public static DataTable add(DataTable table, int cx, int cy, double[] xs, double[] ys) {
        int w = table.columns();
        int n = table.rows();
        int m = Math.min(xs.length, ys.length);
        if ((long) n + m > MAX_ROWS) {
            throw new IllegalArgumentException("a painted data set holds at most " + MAX_ROWS + " rows");
        }
        double[] mean = new double[w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < w; c++) {
                mean[c] += table.value(i, c) / n;
            }
        }
        double[] v = java.util.Arrays.copyOf(table.values(), (n + m) * w);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < w; c++) {
                v[(n + i) * w + c] = mean[c];
            }
            v[(n + i) * w + cx] = xs[i];
            v[(n + i) * w + cy] = ys[i];
        }
        return new DataTable(table.source(), table.names(), n + m, v, table.header());
    }

    /**
     * {@code table} without the rows whose point {@code (column cx, column cy)} lies in the ellipse about
     * {@code (x, y)} with half-axes {@code rx} and {@code ry} (a circle of the eraser's size on screen).
     */
    public static DataTable erase(DataTable table, int cx, int cy, double x, double y, double rx, double ry) {
        int w = table.columns();
        double[] v = new double[table.values().length];
        int kept = 0;
        for (int i = 0; i < table.rows(); i++) {
            double u = (table.value(i, cx) - x) / rx;
            double t = (table.value(i, cy) - y) / ry;
            if (u * u + t * t <= 1) {
                continue;
            }
            System.arraycopy(table.values(), i * w, v, kept * w, w);
            kept++;
        }
        return new DataTable(table.source(), table.names(), kept, java.util.Arrays.copyOf(v, kept * w), table.header());
    }

    /** {@code count} points about {@code (x, y)}: independent normal offsets with standard deviations {@code sx, sy}. */
    public static double[][] spray(RandomGenerator rng, double x, double y, double sx, double sy, int count) {
        double[] xs = new double[count];
        double[] ys = new double[count];
        for (int i = 0; i < count; i++) {
            xs[i] = x + sx * rng.nextGaussian();
            ys[i] = y + sy * rng.nextGaussian();
        }
        return new double[][] {xs, ys};
    }

    /**
     * {@code count} points along the segment from {@code (x0, y0)} to {@code (x1, y1)}: uniform positions on
     * it, and a normal vertical offset with standard deviation {@code noise} (regression noise is in y).
     */
    public static double[][] along(RandomGenerator rng, double x0, double y0, double x1, double y1, double noise, int count) {
        double[] xs = new double[count];
        double[] ys = new double[count];
        for (int i = 0; i < count; i++) {
            double t = rng.nextDouble();
            xs[i] = x0 + t * (x1 - x0);
            ys[i] = y0 + t * (y1 - y0) + noise * rng.nextGaussian();
        }
        return new double[][] {xs, ys};
    }

    /** The CSV text of {@code table}: its header, then one row per line, numbers written to round-trip. */
    public static String csv(DataTable table) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", table.names())).append('\n');
        int w = table.columns();
        for (int i = 0; i < table.rows(); i++) {
            for (int c = 0; c < w; c++) {
                b.append(c == 0 ? "" : ",").append(Numbers.exact(table.value(i, c)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Saves {@code table} in {@code folder} as {@code painted-<hash>.csv}, named by its content (so an
     * earlier painted set, which undo may bring back, keeps its file), and returns the file.
     */
    public static Path save(DataTable table, Path folder) throws IOException {
        String text = csv(table);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(folder);
        Path file = folder.resolve("painted-" + hash + ".csv").toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            AtomicFiles.writeString(file, text);
        }
        return file;
    }

    /** Writes {@code table} as CSV to {@code file} (File → Save data as CSV…, a session's sibling file). */
    public static void write(DataTable table, Path file) throws IOException {
        AtomicFiles.writeString(file, csv(table));
    }
}
