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
            + "a preset file (FILE.json, in the shipped presets' format; - reads standard input); "
            + "--set, --seed and --population override its values, and its iterations are the default horizon")
    String presetName;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "set a parameter; vectors comma-separated, e.g. --set weights=0.5,0.3,0.2")
    List<String> sets = List.of();

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: the lab's, or the preset's)")
    Long seed;

    @Option(names = "--population", description = "population (infinite-sample) mode, where the lab has it")
    boolean population;

    /** The preset read once (a preset from standard input cannot be read twice). */
    private Preset preset;

    /** The preset, or null. */
    Preset preset() {
        if (preset == null && presetName != null) {
            if (org.emlab.core.io.InputFiles.isStdin(presetName) && data != null
                    && org.emlab.core.io.InputFiles.isStdin(data)) {
                throw new ValidationException("--data", "--data - and --preset - both ask for standard input; give one of "
                        + "them as a file");
            }
            preset = Presets.resolve(presetName);
        }
        return preset;
    }

    /**
     * The files this command reads, for {@link org.emlab.core.io.OutputTargets#checkDistinct}: the
     * {@code --data} file, the {@code --preset} file and the data file a preset names.
     */
    java.util.Map<String, java.nio.file.Path> inputs() {
        java.util.Map<String, java.nio.file.Path> in = new java.util.LinkedHashMap<>();
        if (data != null && !org.emlab.core.io.InputFiles.isStdin(data) && DataSources.shippedName(data.strip()) == null) {
            in.put("the --data input", org.emlab.core.io.InputFiles.path(data.strip(), "data", "the data file"));
        }
        if (presetName != null && !org.emlab.core.io.InputFiles.isStdin(presetName)) {
            try {
                java.nio.file.Path p = java.nio.file.Path.of(presetName.strip());
                if (java.nio.file.Files.exists(p)) {
                    in.put("the --preset file", p);
                }
            } catch (java.nio.file.InvalidPathException e) {
                // a shipped preset's name
            }
        }
        Preset pr = preset();
        if (pr != null) {
            for (String v : pr.params().values()) {
                java.nio.file.Path p;
                try {
                    p = java.nio.file.Path.of(v);
                } catch (java.nio.file.InvalidPathException e) {
                    continue;
                }
                if (p.isAbsolute() && java.nio.file.Files.isRegularFile(p)) {
                    in.put("the data file of the preset", p);
                }
            }
        }
        return in;
    }

    @Option(names = "--data", paramLabel = "FILE", description = "fit the user's data: a CSV file (a regular file; - reads "
            + "standard input), or a shipped data set by name (faithful, tonedata); pick columns with --set columns=... (gmm) or --set x_columns=... --set "
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
        if (org.emlab.core.io.InputFiles.isStdin(data)) {
            if (presetName != null && org.emlab.core.io.InputFiles.isStdin(presetName)) {
                throw new ValidationException("--data", "--data - and --preset - both ask for standard input; give one of "
                        + "them as a file");
            }
            java.security.MessageDigest md = org.emlab.core.io.Digests.sha256();
            Dataset d;
            try {
                d = org.emlab.core.data.CsvReader.read(new java.security.DigestInputStream(System.in, md), "standard input")
                        .toDataset();
            } catch (java.io.IOException e) {
                throw new ValidationException("data", "cannot read standard input: " + org.emlab.core.io.IoReasons.reason(e));
            }
            dataFile = new org.emlab.core.output.RunMetadata.DataFile("-", org.emlab.core.io.Digests.hex(md.digest()));
            return d;
        }
        Dataset d = DataSources.load(data).toDataset();
        java.nio.file.Path p = org.emlab.core.io.InputFiles.path(data.strip(), "data", "the data file");
        String sha = null;
        if (java.nio.file.Files.isRegularFile(p)) {
            try {
                sha = org.emlab.core.io.Digests.sha256(p);
            } catch (java.io.IOException e) {
                throw new ValidationException("data", "cannot read " + org.emlab.core.io.IoReasons.show(p) + ": "
                        + org.emlab.core.io.IoReasons.reason(e));
            }
        }
        dataFile = new org.emlab.core.output.RunMetadata.DataFile(sha == null ? data.strip() : p.toAbsolutePath().toString(),
                sha);
        return d;
    }

    /** The data file read by {@link #userData} (its name and SHA-256, for the run's metadata), or null. */
    org.emlab.core.output.RunMetadata.DataFile dataFile;

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

    /**
     * Where the run stops: exactly {@code --iterations} when given; else the preset's horizon, else the
     * lab's ({@link Lab#horizon}), the same place the window stops playing. Checked against {@code max}.
     */
    org.emlab.core.lab.Horizon horizon(Integer given, Lab lab, ParamValues p, int max) {
        org.emlab.core.lab.Horizon h;
        if (given != null) {
            if (given < 0 || given > max) {
                throw new ValidationException("iterations", "--iterations must be in [0, " + max + "] (got " + given + ")");
            }
            h = org.emlab.core.lab.Horizon.exactly(given);
        } else {
            Preset pr = preset();
            h = pr != null ? pr.horizon() : lab.horizon(p);
        }
        if (h.iterations() > max) {
            throw new ValidationException("iterations", "the horizon of " + h.iterations() + " iterations is more than "
                    + max + "; give --iterations");
        }
        return h;
    }

    /** Where the horizon of {@link #horizon} comes from: {@code --iterations}, {@code preset} or {@code lab}. */
    String horizonFrom(Integer given) {
        return given != null ? "--iterations" : preset() != null ? "preset" : "lab";
    }

    /** True when any option that sets up a run was given (a replay takes none). */
    boolean anyGiven() {
        return labId != null || presetName != null || !sets.isEmpty() || seed != null || population;
    }

    /** {@code base}, then {@code --set}, {@code --seed} and {@code --population}, range-checked and validated. */
    ParamValues params(Lab lab, ParamValues base) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("--set", "--set expects NAME=VALUE (got " + org.emlab.core.text.Snippet.quoted(s)
                        + ")");
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
