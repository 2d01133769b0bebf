package org.emlab.core.data;

import java.util.List;

/**
 * An immutable sample: {@code n} rows of {@code x ∈ R^d} stored row-major in one primitive array
 * (sequential access in hot loops), optional responses {@code y}, optional node indices (0-based
 * here, written 1-based in CSV) and optional true labels (component indices, or -1 when unknown).
 * Arrays are owned by the dataset: callers must not modify them.
 *
 * @param n       number of rows
 * @param d       dimension of x
 * @param x       row-major {@code n × d}
 * @param y       responses, or null
 * @param node    node index per row, or null
 * @param label   true component per row, or null
 * @param xNames  names of the x columns (for CSV and axis labels)
 * @param yName   name of the response column, or null
 */
public record Dataset(int n, int d, double[] x, double[] y, int[] node, int[] label, List<String> xNames, String yName) {

    public Dataset {
        if (x.length != (long) n * d) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected n*d = " + (long) n * d);
        }
        if (y != null && y.length != n) {
            throw new IllegalArgumentException("y has " + y.length + " values, expected n = " + n);
        }
        if (node != null && node.length != n) {
            throw new IllegalArgumentException("node has " + node.length + " values, expected n = " + n);
        }
        if (label != null && label.length != n) {
            throw new IllegalArgumentException("label has " + label.length + " values, expected n = " + n);
        }
        xNames = xNames == null ? defaultNames(d) : List.copyOf(xNames);
    }

    /** Unlabelled points. */
    public static Dataset points(int n, int d, double[] x) {
        return new Dataset(n, d, x, null, null, null, null, null);
    }

    /** {@code x_1 .. x_d}. */
    public static List<String> defaultNames(int d) {
        String[] names = new String[d];
        for (int c = 0; c < d; c++) {
            names[c] = "x_" + (c + 1);
        }
        return List.of(names);
    }

    /** Coordinate {@code c} of row {@code i}. */
    public double x(int i, int c) {
        return x[i * d + c];
    }

    /** Bytes held by the primitive arrays (for size estimates and bandwidth figures). */
    public long bytes() {
        long b = 8L * x.length;
        if (y != null) {
            b += 8L * y.length;
        }
        if (node != null) {
            b += 4L * node.length;
        }
        if (label != null) {
            b += 4L * label.length;
        }
        return b;
    }
}
