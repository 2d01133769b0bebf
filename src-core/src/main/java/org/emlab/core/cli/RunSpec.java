package org.emlab.core.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        org.emlab.core.lab.SizeGuard.check(lab, p);
        return p;
    }
}
