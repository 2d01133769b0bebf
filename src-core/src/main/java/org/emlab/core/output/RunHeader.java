package org.emlab.core.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.lab.Lab;
import org.emlab.core.param.ValidationException;
import org.emlab.core.param.ParamValues;
import org.emlab.core.io.CsvWriter;
import org.emlab.core.io.AppVersion;

/**
 * The {@code #} comment lines at the top of an exported CSV: what made it (EM Lab and its version),
 * the lab, the seed, every parameter, and a command line that reproduces the run.
 */
public final class RunHeader {
    private RunHeader() {
    }

    /** Header lines (without the leading {@code # }) for a run of {@code lab} with {@code params}. */
    public static List<String> lines(String what, Lab lab, ParamValues params, int iterations) {
        List<String> out = new ArrayList<>();
        out.add("EM Lab " + AppVersion.get() + " — " + what);
        out.add("lab: " + lab.id() + " (" + lab.title() + "; " + lab.citation() + ")");
        out.add("seed: " + (params.has("seed") ? params.text("seed") : "none"));
        out.add("params: " + params.describe());
        StringBuilder cmd = new StringBuilder("./emlab run " + lab.id());
        for (Map.Entry<String, String> e : params.asText().entrySet()) {
            cmd.append(" --set ").append(e.getKey()).append('=').append(e.getValue());
        }
        cmd.append(" --iterations ").append(iterations).append(" --out trajectory.csv");
        out.add("reproduce: " + cmd);
        return out;
    }

    /** Writes the lines as CSV comments. */
    public static void write(CsvWriter w, List<String> lines) throws java.io.IOException {
        for (String l : lines) {
            if (l.contains("\n")) {
                throw new ValidationException("header", "a header line cannot hold a line break");
            }
            w.comment(l);
        }
    }
}
