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
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emlab run LAB ... [--data FILE] --out TRAJ.csv [--data-out DATA.csv]}: runs T iterations
 * headless and writes the trajectory (row {@code iter = 0} holds the initial parameters) and the
 * exact sample. With {@code --data} (labs that accept user data) the run fits the columns picked
 * from that file instead of generated data.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a lab headless and write its trajectory (and its data) as CSV.")
final class RunCommand implements Callable<Integer> {
    /** Most iterations one CLI run may ask for. */
    static final int MAX_ITERATIONS = 100_000_000;

    @Mixin
    RunSpec spec;

    @Option(names = "--iterations", paramLabel = "T", description = "run exactly T iterations (default: the horizon where the window stops "
            + "playing: the preset's iterations, else the lab's, or earlier once converged to rounding)")
    Integer iterationsOption;

    @Option(names = "--out", required = true, paramLabel = "TRAJ.csv", description = "trajectory CSV: iter, metrics, parameters")
    Path out;

    @Option(names = "--data-out", paramLabel = "DATA.csv", description = "the exact sample the run used")
    Path dataOut;

    @Override
    public Integer call() throws IOException {
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        Horizon horizon = spec.horizon(iterationsOption, lab, p, MAX_ITERATIONS);
        LabRun r = lab.start(p, spec.userData(lab));
        Dataset data = r.data();
        if (dataOut != null && data == null) {
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
            // the recorded iterates decide where the horizon is, as they do in the window
            History h = History.forRun(e.columns(), e.state().length);
            h.record(e.iteration(), row.clone(), e.state());
            while (!e.finished() && horizon.reached(h) == null) {
                e.step();
                e.row(row);
                w.row(e.iteration(), row);
                h.record(e.iteration(), row.clone(), e.state());
            }
        });
        if (dataOut != null) {
            DataCsv.write(dataOut, data);
        }
        return 0;
    }
}
