package org.emlab.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options shared by commands that set up a run: the lab, {@code --set NAME=VALUE},
 * {@code --seed}, {@code --population}. Resolution goes through the same parsing and validation
 * as the window.
 */
final class RunSpec {
    @Parameters(index = "0", paramLabel = "LAB", description = "lab id (see ./emlab labs)")
    String labId;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "set a parameter; vectors comma-separated, e.g. --set weights=0.5,0.3,0.2")
    List<String> sets = List.of();

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: the lab's)")
    Long seed;

    @Option(names = "--population", description = "population (infinite-sample) mode, where the lab has it")
    boolean population;

    @Option(names = "--data", paramLabel = "FILE", description = "fit the user's data: a CSV file, or a shipped data set by "
            + "name (faithful, tonedata); pick columns with --set columns=... (gmm) or --set x_columns=... --set "
            + "y_column=... (mlr)")
    String data;

    /**
     * The user's data set named by {@code --data} (every column, as in the file), or null. The lab
     * picks its columns from it.
     */
    Dataset userData(Lab lab) {
        if (data == null) {
            return null;
        }
        if (!lab.acceptsUserData()) {
            List<String> ids = new ArrayList<>();
            for (Lab l : LabRegistry.all()) {
                if (l.acceptsUserData()) {
                    ids.add(l.id());
                }
            }
            throw new ValidationException("--data", "lab " + lab.id() + " generates its own data and takes no --data; "
                    + "labs that fit user data: " + String.join(", ", ids));
        }
        return DataSources.load(data).toDataset();
    }

    /** The lab. */
    Lab lab() {
        return LabRegistry.get(labId);
    }

    /** Defaults, then {@code --set}, {@code --seed} and {@code --population}, range-checked and validated. */
    ParamValues params(Lab lab, ParamValues base) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--set", "--set expects NAME=VALUE (got \"" + s + "\")");
            }
            texts.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        if (seed != null) {
            texts.put("seed", Long.toString(seed));
        }
        if (population) {
            if (!base.has("population")) {
                throw new ValidationException("population", "lab " + lab.id() + " has no population mode");
            }
            texts.put("population", "true");
        }
        ParamValues p = base.withAll(texts);
        lab.validate(p);
        return p;
    }
}
