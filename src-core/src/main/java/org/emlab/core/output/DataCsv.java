package org.emlab.core.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.data.Dataset;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;

/**
 * The data CSV of a run: a header {@code x_1..x_d} (plus {@code y} for regression labs and
 * {@code node}, 1-based, for clustered data), then one row per sample, numbers written to round-trip.
 * A streaming run's samples ({@link #writeStream}) add the true label of each sample as {@code label}.
 */
public final class DataCsv {
    private DataCsv() {
    }

    /** The header names for {@code data}. */
    public static List<String> header(Dataset data) {
        List<String> h = new ArrayList<>(Dataset.defaultNames(data.d()));
        if (data.y() != null) {
            h.add("y");
        }
        if (data.node() != null) {
            h.add("node");
        }
        return h;
    }

    /**
     * Writes a streaming run's samples atomically: {@code x_1..x_d}, {@code y} and {@code label} (the
     * true label of the sample, an integer), in the order the run consumed them.
     */
    public static void writeStream(Path path, Dataset data) throws IOException {
        if (data.y() == null || data.label() == null) {
            throw new IllegalArgumentException("a stream has a response and a label per sample");
        }
        List<String> head = new ArrayList<>(Dataset.defaultNames(data.d()));
        head.add("y");
        head.add("label");
        AtomicFiles.write(path, os -> {
            CsvWriter w = new CsvWriter(os);
            w.header(head);
            double[] row = new double[head.size()];
            int d = data.d();
            for (int i = 0; i < data.n(); i++) {
                System.arraycopy(data.x(), i * d, row, 0, d);
                row[d] = data.y()[i];
                row[d + 1] = data.label()[i];
                w.row(row);
            }
        });
    }

    /** Writes {@code data} atomically to {@code path}. */
    public static void write(Path path, Dataset data) throws IOException {
        List<String> head = header(data);
        AtomicFiles.write(path, os -> {
            CsvWriter w = new CsvWriter(os);
            w.header(head);
            double[] row = new double[head.size()];
            int d = data.d();
            for (int i = 0; i < data.n(); i++) {
                System.arraycopy(data.x(), i * d, row, 0, d);
                int c = d;
                if (data.y() != null) {
                    row[c++] = data.y()[i];
                }
                if (data.node() != null) {
                    row[c] = data.node()[i] + 1;
                }
                w.row(row);
            }
        });
    }
}
