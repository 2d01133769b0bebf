package org.emlab.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.emlab.core.io.InputFiles;
import org.emlab.core.io.IoReasons;
import org.emlab.core.param.ValidationException;

/**
 * Where a user data set comes from: a CSV file, or one of the data sets shipped with EM Lab
 * ({@code assets/data}, on the class path as {@code org/emlab/data/NAME.csv}), loadable by name so
 * that presets can refer to them: {@code faithful} (Old Faithful eruptions and waiting times, 272 × 2)
 * and {@code tonedata} (Cohen's tone perception data, 150 × 2).
 */
public final class DataSources {
    /** The shipped data sets, by name. */
    public static final List<String> SHIPPED = List.of("faithful", "tonedata");
    /** The value of a {@code data} parameter that means "generate from the lab's truth". */
    public static final String GENERATED = "generated";
    private static final String RESOURCE_DIR = "/org/emlab/data/";

    private DataSources() {
    }

    /** True when {@code spec} asks for generated data (the default). */
    public static boolean isGenerated(String spec) {
        String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals(GENERATED) || s.equals("none");
    }

    /** The shipped data set's name if {@code spec} names one ({@code faithful}, {@code faithful.csv}), else null. */
    public static String shippedName(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".csv")) {
            s = s.substring(0, s.length() - 4);
        }
        return SHIPPED.contains(s) ? s : null;
    }

    /**
     * Loads {@code spec}: a shipped data set's name, or the path of a CSV file, which must be a regular
     * file ({@link InputFiles#requireRegular}: a named pipe or a device is refused before it is
     * opened). Standard input ({@code -}) is read only by {@link #loadStdin}, for the CLI's
     * {@code --data -}. Problems are {@link ValidationException}s on the field {@code data}.
     */
    public static DataTable load(String spec) {
        String s = spec.strip();
        if (InputFiles.isStdin(s)) {
            throw new ValidationException("data", "data = " + InputFiles.STDIN + " (standard input) is only accepted by "
                    + "./emlab run --data " + InputFiles.STDIN);
        }
        Path p = InputFiles.path(s, "data", "the data file");
        if (Files.isRegularFile(p)) {
            return CsvReader.read(p);
        }
        String shipped = shippedName(s);
        if (shipped != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return shipped(shipped);
        }
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ValidationException("data", "no such file: " + IoReasons.show(s) + " (shipped data sets: "
                    + String.join(", ", SHIPPED) + ")");
        }
        InputFiles.requireRegular(p, "data", "the data file");
        return CsvReader.read(p);
    }

    /**
     * Reads a CSV table from standard input ({@code --data -}), with the reader's memory guard
     * (the table is refused as soon as it would not fit, whatever the pipe delivers).
     */
    public static DataTable loadStdin() {
        try {
            return CsvReader.read(System.in, "standard input");
        } catch (IOException e) {
            throw new ValidationException("data", "cannot read standard input: " + IoReasons.reason(e));
        }
    }

    /**
     * The data source {@code spec} as written in a preset or session file that lies in {@code folder}:
     * generated data and shipped data sets as they are; a relative path is resolved against the
     * file's folder and may not leave it (no {@code ..} out of it, no symbolic link out of it); an
     * absolute path is refused unless {@code allowAbsolute} (sessions saved by the window name the
     * opened CSV by its absolute path). Returns the text to use (an absolute path for a file).
     *
     * @param what "preset" or "session", for messages
     */
    public static String inFolder(String spec, Path folder, boolean allowAbsolute, String what) {
        String s = spec == null ? "" : spec.strip();
        if (isGenerated(s) || (shippedName(s) != null && !s.contains("/") && !s.contains("\\"))) {
            return spec;
        }
        if (InputFiles.isStdin(s)) {
            throw new ValidationException("data", "a " + what + " cannot read its data from standard input (data = "
                    + InputFiles.STDIN + ")");
        }
        Path p = InputFiles.path(s, "data", "the data file");
        if (p.isAbsolute()) {
            if (allowAbsolute) {
                return s;
            }
            throw new ValidationException("data", "a " + what + " names its data file by a path inside its own folder, "
                    + "relative to it (got the absolute path \"" + IoReasons.show(s) + "\"); copy the file next to the "
                    + what);
        }
        if (folder == null) {
            throw new ValidationException("data", "this " + what + " has no folder, so it can name a data file only by "
                    + "its absolute path (got \"" + IoReasons.show(s) + "\")");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path r = base.resolve(p).normalize();
        boolean inside = r.startsWith(base);
        if (inside && Files.exists(r)) {
            try {
                inside = r.toRealPath().startsWith(base.toRealPath());
            } catch (IOException e) {
                inside = false;
            }
        }
        if (!inside) {
            throw new ValidationException("data", "a " + what + " may only name a data file inside its own folder (got \""
                    + IoReasons.show(s) + "\", which leads out of " + IoReasons.show(base) + "); copy the file next to the "
                    + what);
        }
        return r.toString();
    }

    /** A shipped data set by name. */
    public static DataTable shipped(String name) {
        String file = name + ".csv";
        try (InputStream in = DataSources.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new ValidationException("data", "the shipped data set " + name + " is missing from the class path ("
                        + RESOURCE_DIR + file + ")");
            }
            return CsvReader.read(in, file);
        } catch (IOException e) {
            throw new ValidationException("data", "cannot read the shipped data set " + name + ": " + IoReasons.reason(e));
        }
    }
}
