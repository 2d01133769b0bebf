package org.emlab.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be written (or was refused as a target). The message names the target the user
 * gave, never a temporary file, and says why in words: {@code cannot write /data/t.csv: the disk is
 * full (no space left on the device)}.
 */
public final class OutputException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path target;

    public OutputException(Path target, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
    }

    public OutputException(Path target, String message) {
        this(target, message, null);
    }

    /** The file the user asked for. */
    public Path target() {
        return target;
    }
}
