package org.emlab.core.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emlab.core.data.DataSources;
import org.emlab.core.data.Dataset;
import org.emlab.core.io.BuildInfo;
import org.emlab.core.io.Digests;
import org.emlab.core.io.IoReasons;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.output.RunMetadata;
import org.emlab.core.param.ValidationException;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;

/**
 * EM Lab as a library, for scripts, jshell and JVM notebooks: the entry points. Everything the CLI
 * runs goes through here ({@code ./emlab run} is a thin layer over {@link Experiment#stream}), so a
 * script gets the same numbers, bit for bit, as the command line and the window.
 *
 * <pre>
 * Trajectory t = EmLab.lab("gmm-simplex").set("k", 3).seed(1).run(200);
 * double[] kl = t.column("kl");          // one value per row
 * int[] it = t.iterations();             // 0, 1, …, 200
 * t.save(Path.of("run.csv"));            // run.csv and run.meta.json (./emlab run --replay run.meta.json)
 * </pre>
 * See docs/java-api.md for a jshell session.
 */
public final class EmLab {
    private EmLab() {
    }

    /** The version and the commit this EM Lab was built from. */
    public static String version() {
        return BuildInfo.current().describe();
    }

    /** The ids of every lab. */
    public static List<String> labs() {
        List<String> out = new ArrayList<>();
        for (Lab l : LabRegistry.all()) {
            out.add(l.id());
        }
        return out;
    }

    /** The names of every shipped preset. */
    public static List<String> presets() {
        List<String> out = new ArrayList<>();
        for (Preset p : Presets.shipped()) {
            out.add(p.name());
        }
        return out;
    }

    /** Lab {@code id} with its default parameters (see {@code ./emlab labs}). */
    public static Experiment lab(String id) {
        Lab l = LabRegistry.get(id);
        return Experiment.of(l, l.defaults());
    }

    /** A shipped preset by name, or a preset file (the shipped presets' format): its lab, values and horizon. */
    public static Experiment preset(String nameOrFile) {
        Preset p = Presets.resolve(nameOrFile);
        return Experiment.of(LabRegistry.get(p.lab()), p.values()).horizon(p.horizon(), "preset").preset(nameOrFile);
    }

    /**
     * The run a metadata sidecar ({@code NAME.meta.json}) records, set to run exactly its iterations: its
     * {@link Experiment#run()} gives the recorded trajectory again, bit for bit. A data file it read is
     * read again and must be unchanged (its SHA-256 is checked).
     *
     * @param dataOverride the data file to use instead of the recorded one (needed when the run read standard
     *                     input), or null
     */
    public static Experiment replay(Path metaFile, Path dataOverride) {
        RunMetadata m = RunMetadata.read(metaFile);
        Lab lab = LabRegistry.get(m.lab());
        Experiment x = Experiment.of(lab, m.values()).horizon(Horizon.exactly(m.iterations()), "replay");
        if (m.preset() != null) {
            x = x.preset(m.preset());
        }
        RunMetadata.DataFile d = m.data();
        if (d == null && dataOverride == null) {
            return x;
        }
        String file = dataOverride != null ? dataOverride.toString() : d.file();
        if (dataOverride == null && file.equals("-")) {
            throw new ValidationException("data", "the run read its data from standard input; give the same file with "
                    + "--data FILE to replay it");
        }
        Dataset table = DataSources.load(file).toDataset();
        String sha = null;
        Path p = Path.of(file);
        if (java.nio.file.Files.isRegularFile(p)) {
            try {
                sha = Digests.sha256(p);
            } catch (java.io.IOException e) {
                throw new ValidationException("data", "cannot read " + IoReasons.show(p) + ": " + IoReasons.reason(e));
            }
        }
        if (d != null && d.sha256() != null && sha != null && !d.sha256().equals(sha)) {
            throw new ValidationException("data", "the data file " + IoReasons.show(file) + " is not the one the run read "
                    + "(its SHA-256 differs from the recorded " + d.sha256().substring(0, 12) + "…)");
        }
        return x.data(table, new RunMetadata.DataFile(sha == null ? file : p.toAbsolutePath().toString(), sha));
    }
}
