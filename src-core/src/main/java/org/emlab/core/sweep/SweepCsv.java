package org.emlab.core.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;

/**
 * The sweep CSV: a header naming its columns — the varied parameter under its own name,
 * {@code trial}, {@code seed}, and the statistic under its own name (e.g.
 * {@code n,trial,seed,final_kl}) — then one row per completed trial, point by point. Numbers
 * round-trip exactly; a statistic that never reached ε is written {@code inf}.
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
        StringBuilder b = new StringBuilder();
        b.append(s.range().param()).append(",trial,seed,").append(s.stat().id()).append('\n');
        for (int p = 0; p < r.points(); p++) {
            String value = s.valueText(p);
            for (int t = 0; t < r.trials(); t++) {
                double v = r.stat()[p][t];
                if (Double.isNaN(v)) {
                    continue;
                }
                b.append(value).append(',').append(t).append(',').append(r.seeds()[t]).append(',')
                        .append(v == Double.POSITIVE_INFINITY ? "inf" : CsvWriter.number(v)).append('\n');
            }
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
