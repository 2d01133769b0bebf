package org.emlab.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.param.ValidationException;

/**
 * The outputs of one command checked together before anything is written: no output may be one
 * of the command's inputs (writing the trajectory over the CSV it fitted would destroy the data),
 * and no two outputs may be the same regular file (the second would silently replace the first).
 * Two outputs written through to the same pipe or device ({@code /dev/stdout}, {@code /dev/null})
 * are allowed. Sameness follows symbolic links and hard links. At most one output may be standard output
 * ({@value AtomicFiles#STDOUT}).
 */
public final class OutputTargets {
    private OutputTargets() {
    }

    /**
     * Refuses (a {@link ValidationException} on the output's option) an output that is one of the inputs
     * or another output.
     *
     * @param outputs option name ({@code --out}) → path; null paths are skipped
     * @param inputs  description ({@code the --data input}) → path; null paths are skipped
     */
    public static void checkDistinct(Map<String, Path> outputs, Map<String, Path> inputs) {
        List<Map.Entry<String, Path>> outs = new ArrayList<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            if (e.getValue() != null) {
                outs.add(e);
            }
        }
        String stdout = null;
        for (int i = 0; i < outs.size(); i++) {
            Map.Entry<String, Path> o = outs.get(i);
            if (AtomicFiles.isStdout(o.getValue())) {
                if (stdout != null) {
                    throw new ValidationException(o.getKey(), stdout + " - and " + o.getKey() + " - both ask for standard "
                            + "output; give a file for one of them");
                }
                stdout = o.getKey();
                continue;
            }
            AtomicFiles.Plan plan;
            try {
                plan = AtomicFiles.plan(o.getValue());
            } catch (OutputException e) {
                throw new ValidationException(o.getKey(), e.getMessage());
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (in.getValue() != null && same(o.getValue(), in.getValue())) {
                    throw new ValidationException(o.getKey(), o.getKey() + " " + IoReasons.show(o.getValue()) + " is "
                            + in.getKey() + "; writing it would destroy that input (give another file for " + o.getKey()
                            + ")");
                }
            }
            if (plan.mode() == AtomicFiles.Mode.THROUGH) {
                continue; // a pipe or a device can take several outputs in turn
            }
            for (int j = 0; j < i; j++) {
                Map.Entry<String, Path> other = outs.get(j);
                if (same(o.getValue(), other.getValue())) {
                    throw new ValidationException(o.getKey(), other.getKey() + " and " + o.getKey() + " both name "
                            + IoReasons.show(o.getValue()) + "; the second would replace the first (give two different "
                            + "files)");
                }
            }
        }
    }

    /** A map in the order given: {@code k1 → v1, k2 → v2, …}. */
    public static Map<String, Path> of(Object... keysAndPaths) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndPaths.length; i += 2) {
            m.put((String) keysAndPaths[i], (Path) keysAndPaths[i + 1]);
        }
        return m;
    }

    /** True when {@code a} and {@code b} name the same file (after links), whether or not it exists yet. */
    public static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to the names
        }
        return canonical(a).equals(canonical(b));
    }

    /** The absolute path with its folder's links resolved (the file itself need not exist). */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            Path dir = abs.getParent();
            if (dir != null && Files.exists(dir)) {
                return dir.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // keep the lexical form
        }
        return abs;
    }
}
