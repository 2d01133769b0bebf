package org.emlab.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.emlab.core.param.ValidationException;

/**
 * The rule for every file EM Lab reads (CSV data, presets, sessions, the autosave): it must be a
 * <em>regular file</em>, checked before it is opened, so that a named pipe, a device such as
 * {@code /dev/zero}, a symbolic link to one, or a folder is refused at once with a message saying
 * what it is, instead of blocking forever or reading without end. Standard input is read only when
 * asked for explicitly with {@value #STDIN}, and then with the same size guards as a file.
 */
public final class InputFiles {
    /** The name that means standard input. */
    public static final String STDIN = "-";

    private InputFiles() {
    }

    /** True when {@code spec} asks for standard input. */
    public static boolean isStdin(String spec) {
        return spec != null && spec.strip().equals(STDIN);
    }

    /** {@code text} as a path, or a {@link ValidationException} on {@code field} when it is not one. */
    public static Path path(String text, String field, String what) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ValidationException(field, what + " " + IoReasons.show(text) + " is not a valid file path");
        }
    }

    /**
     * Checks that {@code p} is a regular file (following symbolic links), without opening it.
     *
     * @param field the field of the {@link ValidationException} ("data", "preset", "session")
     * @param what  what the file is for messages ("the data file", "the preset")
     */
    public static void requireRegular(Path p, String field, String what) {
        FileKind k = FileKind.of(p);
        if (k == FileKind.REGULAR) {
            return;
        }
        String shown = IoReasons.show(p);
        if (k == FileKind.MISSING) {
            if (Files.isSymbolicLink(p)) {
                throw new ValidationException(field, what + " " + shown + " is a symbolic link to a file that does not exist");
            }
            throw new ValidationException(field, "no such file: " + shown);
        }
        if (k == FileKind.DIRECTORY) {
            throw new ValidationException(field, what + " " + shown + " is a folder, not a file");
        }
        String link = Files.isSymbolicLink(p) ? " (through a symbolic link)" : "";
        throw new ValidationException(field, what + " " + shown + " is " + k.description() + link + ", not a regular file; "
                + "EM Lab reads only regular files (to read a pipe, give " + STDIN + " and redirect it to standard input)");
    }

    /**
     * The bytes of the regular file {@code p}, refused (a {@link ValidationException} on {@code field}) when
     * it is not a regular file or is larger than {@code maxBytes}; {@code tooBig} gives the message for a
     * size in bytes.
     */
    public static byte[] readBounded(Path p, String field, String what, long maxBytes, java.util.function.LongFunction<String> tooBig)
            throws IOException {
        requireRegular(p, field, what);
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new ValidationException(field, tooBig.apply(size));
        }
        try (InputStream in = Files.newInputStream(p)) {
            return readAtMost(in, maxBytes, field, tooBig);
        }
    }

    /** Standard input, up to {@code maxBytes} (refused beyond, without reading further). */
    public static byte[] readStdin(String field, long maxBytes, java.util.function.LongFunction<String> tooBig) throws IOException {
        return readAtMost(System.in, maxBytes, field, tooBig);
    }

    /** Reads {@code in} to its end, refusing more than {@code maxBytes} (a file that grew, a pipe). */
    static byte[] readAtMost(InputStream in, long maxBytes, String field, java.util.function.LongFunction<String> tooBig)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new ValidationException(field, tooBig.apply(total));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
