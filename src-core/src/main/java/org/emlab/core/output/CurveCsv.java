package org.emlab.core.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.emlab.core.figure.Layer;
import org.emlab.core.figure.Panel;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;

/**
 * Every curve of some panels as one tidy CSV: {@code panel,series,x,y}, one row per point, after
 * {@code #} header lines. {@code panel} is the panel id, {@code series} the curve's legend name (or
 * {@code layer-I} when it has none). Curves are the panel's lines and point sets as drawn; the
 * marker of the shown iteration is left out. Numbers read back to the same doubles; text cells are
 * quoted as RFC 4180 says when they hold a comma, a quote or a line break.
 */
public final class CurveCsv {
    /** The column names. */
    public static final List<String> HEADER = List.of("panel", "series", "x", "y");

    private CurveCsv() {
    }

    /** Writes the curves of {@code panels} atomically. */
    public static void write(Path file, List<Panel> panels, List<String> header) throws IOException {
        AtomicFiles.write(file, out -> write(out, panels, header));
    }

    public static void write(OutputStream os, List<Panel> panels, List<String> header) throws IOException {
        CsvWriter w = new CsvWriter(os);
        RunHeader.write(w, header);
        w.header(HEADER);
        StringBuilder line = new StringBuilder(128);
        for (Panel p : panels) {
            for (int i = 0; i < p.layers().size(); i++) {
                Layer l = p.layers().get(i);
                double[] x;
                double[] y;
                if (l instanceof Layer.Line ln) {
                    x = ln.x();
                    y = ln.y();
                } else if (l instanceof Layer.Points pt) {
                    x = pt.x();
                    y = pt.y();
                } else {
                    continue;
                }
                if (isCursorMarker(l)) {
                    continue;
                }
                String prefix = quote(p.id()) + "," + quote(l.name() == null ? "layer-" + i : l.name()) + ",";
                int n = Math.min(x.length, y.length);
                for (int k = 0; k < n; k++) {
                    line.setLength(0);
                    line.append(prefix).append(CsvWriter.number(x[k])).append(',').append(CsvWriter.number(y[k]))
                            .append('\n');
                    os.write(line.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** The vertical marker of the shown iteration: two points at y = −∞ and +∞. */
    static boolean isCursorMarker(Layer l) {
        return l instanceof Layer.Line ln && ln.size() == 2 && Double.isInfinite(ln.y()[0]) && Double.isInfinite(ln.y()[1]);
    }

    /** A CSV text cell. */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
