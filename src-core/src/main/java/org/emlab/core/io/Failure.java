package org.emlab.core.io;

/**
 * A failure that is neither invalid input nor a bug: a file that cannot be written, a run whose
 * numbers left the range of double precision, a guard that refused. Its message is one line for
 * the user, naming the file or the iteration and the rule, and what to do; the CLI prints it and
 * exits with status 1, without a log.
 */
public class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Failure(String message) {
        super(message);
    }

    public Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
