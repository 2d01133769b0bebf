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
