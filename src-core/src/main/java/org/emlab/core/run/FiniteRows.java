package org.emlab.core.run;

import java.util.List;
import org.emlab.core.io.Failure;

/**
 * The last line of defence of every lab's output: a trajectory row with a NaN or an infinity is
 * never written as if it were a result. {@link #check} throws a {@link NonFinite} naming the
 * iteration and the column, which the CLI reports in one line with exit status 1 (labs report only
 * finite metrics; a sweep's "never reached ε" is the one documented infinity, written {@code inf}).
 */
public final class FiniteRows {
    private FiniteRows() {
    }

    /** A trajectory value that is NaN or infinite. */
    public static final class NonFinite extends Failure {
        private static final long serialVersionUID = 1L;
        private final long iteration;
        private final String column;
        private final double value;

        NonFinite(long iteration, String column, double value) {
            super("the numbers left the range of double precision at iteration " + iteration + ": column " + column
                    + " is " + text(value));
            this.iteration = iteration;
            this.column = column;
            this.value = value;
        }

        public long iteration() {
            return iteration;
        }

        public String column() {
            return column;
        }

        public double value() {
            return value;
        }
    }

    private static String text(double v) {
        return Double.isNaN(v) ? "NaN (not a number)" : v > 0 ? "+Infinity" : "-Infinity";
    }

    /** Throws {@link NonFinite} at the first value of {@code row} that is not finite. */
    public static void check(long iteration, List<String> columns, double[] row) {
        for (int c = 0; c < row.length; c++) {
            if (!Double.isFinite(row[c])) {
                throw new NonFinite(iteration, c < columns.size() ? columns.get(c) : "#" + (c + 1), row[c]);
            }
        }
    }
}
