package org.emlab.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;
import org.emlab.core.output.DataCsv;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emlab run LAB ... [--data FILE] --out TRAJ.csv [--data-out DATA.csv]}: runs T iterations
 * headless and writes the trajectory (row {@code iter = 0} holds the initial parameters) and the
 * exact sample (for a streaming lab, the samples it consumed, in order). With {@code --data} (labs that accept user data) the run fits the columns picked
 * from that file instead of generated data.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a lab headless and write its trajectory (and its data) as CSV.")
final class RunCommand implements Callable<Integer> {
    /** Default number of iterations. */
    static final int DEFAULT_ITERATIONS = 100;
    /** Most iterations one CLI run may ask for. */
    static final int MAX_ITERATIONS = 100_000_000;

    @Mixin
    RunSpec spec;

    @Option(names = "--iterations", paramLabel = "T", description = "iterations to run (default: the preset's, else "
            + DEFAULT_ITERATIONS + ")")
    Integer iterationsOption;

    @Option(names = "--out", required = true, paramLabel = "TRAJ.csv", description = "trajectory CSV: iter, metrics, parameters")
    Path out;

    @Option(names = "--data-out", paramLabel = "DATA.csv", description = "the exact sample the run used")
    Path dataOut;

    @Override
    public Integer call() throws IOException {
        Lab lab = spec.lab();
        int iterations = spec.iterations(iterationsOption, DEFAULT_ITERATIONS);
        if (iterations < 0 || iterations > MAX_ITERATIONS) {
            throw new ValidationException("iterations", "--iterations must be in [0, " + MAX_ITERATIONS + "] (got " + iterations + ")");
        }
        ParamValues p = spec.params(lab);
        LabRun r = lab.start(p, spec.userData(lab));
        Dataset data = r.data();
        if (dataOut != null && data == null && !r.streamsSamples()) {
            throw new ValidationException("--data-out", "--data-out needs a sample, and a population run has none");
        }
        StepEngine e = r.engine();
        List<String> head = new ArrayList<>();
        head.add("iter");
        head.addAll(e.columns());
        double[] row = new double[e.columns().size()];
        AtomicFiles.write(out, os -> {
            CsvWriter w = new CsvWriter(os);
            w.header(head);
            e.row(row);
            w.row(e.iteration(), row);
            for (int t = 0; t < iterations && !e.finished(); t++) {
                e.step();
                e.row(row);
                w.row(e.iteration(), row);
            }
        });
        if (dataOut != null && data != null) {
            DataCsv.write(dataOut, data);
        } else if (dataOut != null) {
            DataCsv.writeStream(dataOut, r.streamedSamples(e.iteration())); // a stream: the samples consumed
        }
        return 0;
    }
}
