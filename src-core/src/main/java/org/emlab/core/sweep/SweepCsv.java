package org.emlab.core.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;

/**
 * The sweep CSV, tidy: a header naming its columns — each varied parameter under its own name,
 * {@code trial}, {@code seed}, then each statistic under its own name (e.g.
 * {@code m,n,trial,seed,iterations_to_final,iid_iterations_to_final}) — then one row per completed
 * trial, point by point (the first varied parameter fastest). Numbers round-trip exactly; an iteration
 * count whose target was never reached is written {@code inf}.
 */
public final class SweepCsv {
    private SweepCsv() {
    }

    /** Writes {@code r} to {@code path} atomically. */
    public static void write(Path path, SweepResult r) throws IOException {
        AtomicFiles.write(path, out -> write(out, r));
    }

    /** Writes {@code r} to a stream. */
    public static void write(OutputStream out, SweepResult r) throws IOException {
        SweepSpec s = r.spec();
        int dims = s.ranges().size();
        int k = s.measures().size();
        StringBuilder b = new StringBuilder();
        for (String v : s.varied()) {
            b.append(v).append(',');
        }
        b.append("trial,seed");
        for (String h : s.headers()) {
            b.append(',').append(h);
        }
        b.append('\n');
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        for (int p = 0; p < r.points(); p++) {
            StringBuilder prefix = new StringBuilder();
            for (int d = 0; d < dims; d++) {
                prefix.append(s.valueText(p, d)).append(',');
            }
            for (int t = 0; t < r.trials(); t++) {
                if (!r.done(p, t)) {
                    continue;
                }
                b.setLength(0);
                b.append(prefix).append(t).append(',').append(r.seeds()[t]);
                for (int m = 0; m < k; m++) {
                    double v = r.stat(m)[p][t];
                    b.append(',').append(v == Double.POSITIVE_INFINITY ? "inf" : CsvWriter.number(v));
                }
                b.append('\n');
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
