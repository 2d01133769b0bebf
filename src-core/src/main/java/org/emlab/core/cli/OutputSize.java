package org.emlab.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.OutputException;
import org.emlab.core.param.ValidationException;

/**
 * The guard on the size of an output file, checked before anything is written: the size is
 * estimated from the rows and the columns ({@link #BYTES_PER_NUMBER} bytes a number, what a
 * round-tripping double takes on average with its comma); past {@link #WARN_BYTES} a warning line
 * goes to stderr and the run goes on; past {@link #LIMIT_BYTES} the run is refused (exit status 2)
 * with the estimate and the way to override it ({@code --large-output}). Outputs written through to
 * a pipe or a device ({@code /dev/stdout}, {@code /dev/null}) or to standard output ({@code -}) are not limited.
 */
final class OutputSize {
    /** Estimated bytes a number takes in a CSV row (digits, exponent, comma). */
    static final int BYTES_PER_NUMBER = 22;
    /** Above this, a warning. */
    static final long WARN_BYTES = 100L << 20;
    /** Above this, refused without {@code --large-output}. */
    static final long LIMIT_BYTES = 1L << 30;
    /** The limit in words, for the option's description. */
    static final String LIMIT_TEXT = "1 GB";

    private OutputSize() {
    }

    /** Estimated bytes of a trajectory of {@code iterations} + 1 rows of {@code columns} values and the iteration. */
    static long trajectory(long iterations, int columns) {
        return table(iterations + 1, columns + 1);
    }

    /** Estimated bytes of a table of {@code rows} × {@code width} numbers with a header. */
    static long table(long rows, int width) {
        return 64L + (long) width * 12 + rows * (long) width * BYTES_PER_NUMBER;
    }

    /**
     * Warns about or refuses an output of about {@code bytes}.
     *
     * @param option the option naming it ({@code --out})
     * @param what   the rows and columns in words, for the message
     */
    static void check(String option, Path target, long bytes, String what, boolean allowLarge, PrintWriter err) {
        if (AtomicFiles.isStdout(target)) {
            return; // standard output is written through, like a pipe
        }
        try {
            if (AtomicFiles.plan(target).mode() == AtomicFiles.Mode.THROUGH) {
                return;
            }
        } catch (OutputException e) {
            throw new ValidationException(option, e.getMessage());
        }
        if (bytes > LIMIT_BYTES && !allowLarge) {
            throw new ValidationException(option, option + " " + IoReasons.show(target) + " would be about " + size(bytes)
                    + " (" + what + "), more than the limit of " + LIMIT_TEXT + "; ask for fewer iterations or samples, or "
                    + "give --large-output to write it anyway");
        }
        if (bytes > WARN_BYTES) {
            err.println("emlab: warning: " + option + " " + IoReasons.show(target) + " will be about " + size(bytes) + " ("
                    + what + ")");
            err.flush();
        }
    }

    /** "1.4 GB", "312 MB". */
    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return Math.max(1, Math.round(bytes / (double) (1 << 20))) + " MB";
    }
}
