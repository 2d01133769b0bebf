package org.emlab.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options shared by commands that set up a run: the lab, {@code --preset NAME},
 * {@code --set NAME=VALUE}, {@code --seed}, {@code --population}. A preset gives the starting
 * values (and the lab, which may then be left out); {@code --set}, {@code --seed} and
 * {@code --population} override them. Resolution goes through the same parsing and validation as
 * the window.
 */
final class RunSpec {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", description = "lab id (see ./emlab labs); may be left "
            + "out with --preset")
    String labId;

    @Option(names = "--preset", paramLabel = "NAME", description = "start from a shipped preset (see ./emlab presets) or "
            + "a preset file (FILE.json, in the shipped presets' format); "
            + "--set, --seed and --population override its values, and its iterations are the default horizon")
    String presetName;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "set a parameter; vectors comma-separated, e.g. --set weights=0.5,0.3,0.2")
    List<String> sets = List.of();

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: the lab's, or the preset's)")
    Long seed;

    @Option(names = "--population", description = "population (infinite-sample) mode, where the lab has it")
    boolean population;

    /** The preset, or null. */
    Preset preset() {
        return presetName == null ? null : Presets.resolve(presetName);
    }

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

    /** The lab: the positional id, or the preset's lab. */
    Lab lab() {
        Preset p = preset();
        if (p != null) {
            if (labId != null && !labId.equals(p.lab())) {
                throw new ValidationException("preset", "preset " + p.name() + " is for lab " + p.lab() + ", not " + labId);
            }
            return LabRegistry.get(p.lab());
        }
        if (labId == null) {
            throw new ValidationException("LAB", "give a lab id (see ./emlab labs) or --preset NAME (see ./emlab presets)");
        }
        return LabRegistry.get(labId);
    }

    /** The preset's values (or the lab's defaults), then {@code --set}, {@code --seed}, {@code --population}. */
    ParamValues params(Lab lab) {
        Preset p = preset();
        return params(lab, p == null ? lab.defaults() : p.values());
    }

    /** The horizon: {@code --iterations} when given, else the preset's, else {@code fallback}. */
    int iterations(Integer given, int fallback) {
        if (given != null) {
            return given;
        }
        Preset p = preset();
        return p == null ? fallback : p.iterationsOr(fallback);
    }

    /** {@code base}, then {@code --set}, {@code --seed} and {@code --population}, range-checked and validated. */
    ParamValues params(Lab lab, ParamValues base) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--set", "--set expects NAME=VALUE (got \"" + s + "\")");
            }
            texts.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        if (data != null && lab.acceptsUserData()) {
            // the data source parameter names the file, so that validation checks the run's real columns
            // (not the generated truth's d) and the parameters record where the data came from
            texts.put(lab.userData().orElseThrow().source(), data);
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
        // probability vectors neither in the preset nor in --set follow their count (as in the window's form)
        java.util.Set<String> given = new java.util.HashSet<>(texts.keySet());
        Preset preset = preset();
        if (preset != null) {
            given.addAll(preset.params().keySet());
        }
        p = org.emlab.core.param.Roles.repairUnset(p, given);
        lab.validate(p);
        org.emlab.core.lab.SizeGuard.check(lab, p);
        return p;
    }
}
