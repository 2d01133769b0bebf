package org.emlab.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Minimal numeric CSV output: a header row, then rows of numbers written with
 * {@link Double#toString(double)}, which reads back to exactly the same double. Integral columns
 * (such as {@code iter}) are written without a decimal point.
 */
public final class CsvWriter {
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(256);

    public CsvWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code # text} lines before the header (for exports that carry the run's parameters). */
    public void comment(String text) throws IOException {
        for (String l : text.split("\n")) {
            write("# " + l + "\n");
        }
    }

    public void header(List<String> names) throws IOException {
        write(String.join(",", names) + "\n");
    }

    /** One row: an integral leading value (e.g. the iteration) then the doubles. */
    public void row(long first, double[] values) throws IOException {
        line.setLength(0);
        line.append(first);
        for (double v : values) {
            line.append(',').append(number(v));
        }
        line.append('\n');
        write(line.toString());
    }

    /** One row of doubles. */
    public void row(double[] values) throws IOException {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(number(values[i]));
        }
        line.append('\n');
        write(line.toString());
    }

    /** Round-trip text of a double; integral values without exponent are written as integers. */
    public static String number(double v) {
        return org.emlab.core.text.Numbers.exact(v);
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
