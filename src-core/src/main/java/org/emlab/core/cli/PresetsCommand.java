package org.emlab.core.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emlab.core.preset.Preset;
import org.emlab.core.preset.Presets;
import org.emlab.core.labs.LabRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./emlab presets [LAB]}: every shipped preset, with its lab, title, description and values. */
@Command(name = "presets", mixinStandardHelpOptions = true, description = "List the shipped presets (for --preset NAME), optionally of one lab.")
final class PresetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", description = "only this lab's presets")
    String labId;

    @Override
    public Integer call() {
        if (labId != null) {
            LabRegistry.get(labId);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Preset p : labId == null ? Presets.shipped() : Presets.forLab(labId)) {
            out.println(p.name() + "  [" + p.lab() + "]  " + p.title());
            out.println("    " + p.longDescription());
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : p.params().entrySet()) {
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            out.println("   " + sb);
            out.println();
        }
        return 0;
    }
}
