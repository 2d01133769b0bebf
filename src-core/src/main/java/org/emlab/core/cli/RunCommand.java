package org.emlab.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.io.AtomicFiles;
import org.emlab.core.io.CsvWriter;
import org.emlab.core.io.Failure;
import org.emlab.core.io.IoReasons;
import org.emlab.core.io.OutputTargets;
import org.emlab.core.output.DataCsv;
import org.emlab.core.lab.Horizon;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.run.FiniteRows;
import org.emlab.core.trajectory.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emlab run LAB ... [--data FILE] --out TRAJ.csv [--data-out DATA.csv]}: runs T iterations
 * headless and writes the trajectory (row {@code iter = 0} holds the initial parameters) and the
 * exact sample (for a streaming lab, the samples it consumed, in order). With {@code --data} (labs that accept user data) the run fits the columns picked
 * from that file instead of generated data. A run whose engine stops before its horizon for a reason
 * (a collapse, ill-conditioning) still exits 0 and writes only data rows; the reason goes to stderr as
 * one line ({@link #stopLine}).
 *
 * <p>Before anything is written: the outputs must differ from the inputs and from each other
 * ({@link OutputTargets}), and the size of a regular output file is estimated ({@link OutputSize}):
 * past {@link OutputSize#WARN_BYTES} a warning goes to stderr, past {@link OutputSize#LIMIT_BYTES}
 * the run is refused unless {@code --large-output} is given. While writing, a row with a NaN or an
 * infinity stops the run ({@link FiniteRows}); the target then keeps its old content.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a lab headless and write its trajectory (and its data) as CSV.")
final class RunCommand implements Callable<Integer> {
    /** Most iterations one CLI run may ask for. */
    static final int MAX_ITERATIONS = 100_000_000;

    @Spec
    CommandSpec command;

    @Mixin
    RunSpec spec;

    @Option(names = "--iterations", paramLabel = "T", description = "run exactly T iterations (default: the horizon where the window stops "
            + "playing: the preset's iterations, else the lab's, or earlier once converged to rounding)")
    Integer iterationsOption;

    @Option(names = "--out", required = true, paramLabel = "TRAJ.csv", description = "trajectory CSV: iter, metrics, "
            + "parameters (a pipe or a device such as /dev/stdout is written through)")
    Path out;

    @Option(names = "--data-out", paramLabel = "DATA.csv", description = "the exact sample the run used")
    Path dataOut;

    @Option(names = "--large-output", description = "write an output file estimated above the size limit ("
            + OutputSize.LIMIT_TEXT + ") instead of refusing it")
    boolean largeOutput;

    @Override
    public Integer call() throws IOException {
        Lab lab = spec.lab();
        ParamValues p = spec.params(lab);
        Horizon horizon = spec.horizon(iterationsOption, lab, p, MAX_ITERATIONS);
        int iterations = horizon.iterations();
        OutputTargets.checkDistinct(OutputTargets.of("--out", out, "--data-out", dataOut), spec.inputs());
        PrintWriter err = command.commandLine().getErr();
        LabRun r = lab.start(p, spec.userData(lab));
        Dataset data = r.data();
        if (dataOut != null && data == null && !r.streamsSamples()) {
            throw new ValidationException("--data-out", "--data-out needs a sample, and a population run has none");
        }
        StepEngine e = r.engine();
        List<String> head = new ArrayList<>();
        head.add("iter");
        head.addAll(e.columns());
        OutputSize.check("--out", out, OutputSize.trajectory(iterations, e.columns().size()),
                (iterations + 1L) + " rows of " + head.size() + " numbers", largeOutput, err);
        if (dataOut != null && data != null) {
            int width = DataCsv.header(data).size();
            OutputSize.check("--data-out", dataOut, OutputSize.table(data.n(), width), data.n() + " rows of " + width
                    + " numbers", largeOutput, err);
            checkFinite(data);
        }
        double[] row = new double[e.columns().size()];
        try {
            AtomicFiles.write(out, os -> {
                CsvWriter w = new CsvWriter(os);
                w.header(head);
                e.row(row);
                FiniteRows.check(e.iteration(), e.columns(), row);
                w.row(e.iteration(), row);
                // the recorded iterates decide where the horizon is, as they do in the window
                History h = History.forRun(e.columns(), e.state().length);
                h.record(e.iteration(), row.clone(), e.state());
                while (!e.finished() && horizon.reached(h) == null) {
                    e.step();
                    e.row(row);
                    FiniteRows.check(e.iteration(), e.columns(), row);
                    w.row(e.iteration(), row);
                    h.record(e.iteration(), row.clone(), e.state());
                }
            });
        } catch (FiniteRows.NonFinite nf) {
            throw new Failure("run stopped: " + nf.getMessage() + "; nothing was written to " + IoReasons.show(out)
                    + hint(lab), nf);
        }
        if (dataOut != null && data != null) {
            DataCsv.write(dataOut, data);
        } else if (dataOut != null) {
            DataCsv.writeStream(dataOut, r.streamedSamples(e.iteration())); // a stream: the samples consumed
        } else if (dataOut != null) {
            DataCsv.writeStream(dataOut, r.streamedSamples(e.iteration())); // a stream: the samples consumed
        }
        String stop = stopLine(lab.id(), e, iterations);
        if (stop != null) {
            err.println(stop);
            err.flush();
        }
        return 0;
    }

    private static String hint(Lab lab) {
        return lab.acceptsUserData() ? " (the data's scale may be beyond what the engine handles: try rescaling the "
                + "columns)" : "";
    }

    /** The sample must be finite to be written (it always is when generated within the parameter ranges). */
    private void checkFinite(Dataset data) {
        int d = data.d();
        for (int i = 0; i < data.n(); i++) {
            for (int c = 0; c < d; c++) {
                if (!Double.isFinite(data.x()[i * d + c])) {
                    throw new Failure("the sample holds a value that is not finite (row " + (i + 1) + ", column x_" + (c + 1)
                            + "); nothing was written to " + IoReasons.show(dataOut));
                }
            }
            if (data.y() != null && !Double.isFinite(data.y()[i])) {
                throw new Failure("the sample holds a value that is not finite (row " + (i + 1) + ", column y); nothing "
                        + "was written to " + IoReasons.show(dataOut));
            }
        }
    }

    /**
     * The one stderr line of a run that stopped before its horizon for a reason
     * ({@link StepEngine#finishedReason()}), e.g. "emlab: gmm stopped at iteration 16 of 3000: component 2
     * collapsed onto 3 points (π = 0.02): its covariance is singular; …"; null otherwise. The exit code
     * stays 0 and the CSV holds only data rows.
     */
    static String stopLine(String labId, StepEngine e, int iterations) {
        String why = e.finished() ? e.finishedReason() : "";
        if (why == null || why.isEmpty() || e.iteration() >= iterations) {
            return null;
        }
        return "emlab: " + labId + " stopped at iteration " + e.iteration() + " of " + iterations + ": " + why;
    }
}
