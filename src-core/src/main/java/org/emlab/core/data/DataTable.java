package org.emlab.core.data;

import java.util.List;

/**
 * A numeric table read from a file: named columns, {@code rows × columns} finite numbers stored
 * row-major. Immutable; the array is owned by the table.
 *
 * @param source  where the table came from (a file name or a shipped data set's name), for messages
 * @param names   column names (from the header, or {@code x_1 .. x_d} when the file has none)
 * @param rows    number of data rows
 * @param values  row-major {@code rows × names.size()}
 * @param header  true when the first record was a header
 */
public record DataTable(String source, List<String> names, int rows, double[] values, boolean header) {

    public DataTable {
        names = List.copyOf(names);
        if (values.length != (long) rows * names.size()) {
            throw new IllegalArgumentException("values has " + values.length + " entries, expected rows*columns = "
                    + (long) rows * names.size());
        }
    }

    /** Number of columns. */
    public int columns() {
        return names.size();
    }

    /** Value at {@code row} (0-based) and {@code column} (0-based). */
    public double value(int row, int column) {
        return values[row * names.size() + column];
    }

    /** The whole table as a data set whose x holds every column, named as in the file. */
    public Dataset toDataset() {
        return new Dataset(rows, columns(), values, null, null, null, names, null);
    }
}
