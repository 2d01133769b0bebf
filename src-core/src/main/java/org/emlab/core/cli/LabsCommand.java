package org.emlab.core.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.emlab.core.lab.Lab;
import org.emlab.core.labs.LabRegistry;
import org.emlab.core.param.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./emlab labs}: every lab with its id, title and parameters (default and range). */
@Command(name = "labs", mixinStandardHelpOptions = true, description = "List every lab: its id, title, and each parameter with its default and range.")
final class LabsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Lab lab : LabRegistry.all()) {
            out.println(lab.id() + "  " + lab.title());
            out.println("    " + lab.claim());
            out.println("    source: " + lab.citation());
            for (ParamSpec p : lab.parameters()) {
                out.printf("    %-16s %-7s default %-14s range %s%n", p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT),
                        p.format(p.defaultValue()), p.range());
            }
            out.println();
        }
        return 0;
    }
}
