package org.emlab.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
     * Loads {@code spec}: a file path when such a file exists, else a shipped data set's name. Problems
     * are {@link ValidationException}s on the field {@code data}.
     */
    public static DataTable load(String spec) {
        String s = spec.strip();
        Path p = Path.of(s);
        if (Files.isRegularFile(p)) {
            return CsvReader.read(p);
        }
        String shipped = shippedName(s);
        if (shipped != null) {
            return shipped(shipped);
        }
        if (Files.isDirectory(p)) {
            throw new ValidationException("data", s + " is a folder, not a CSV file");
        }
        throw new ValidationException("data", "no such file: " + s + " (shipped data sets: " + String.join(", ", SHIPPED) + ")");
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
            throw new ValidationException("data", "cannot read the shipped data set " + name + ": " + e.getMessage());
        }
    }
}
