package org.emlab.core.compare;

import java.util.Map;
import org.emlab.core.data.Dataset;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Figure;
import org.emlab.core.lab.Lab;
import org.emlab.core.lab.LabRun;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * The run of an A/B comparison: runs A and B of the same lab, same seed, differing in one
 * parameter, stepped in lockstep by one {@link PairedEngine} (so one compute thread owns both),
 * and one combined {@link Figure} ({@link ComparisonFigure}): A's and B's geometry side by side,
 * B's curves overlaid on A's in the second palette colour, dashed, with a legend naming the
 * difference ("A: π₀ = 0.5" / "B: π₀ = 0.7").
 */
public final class PairedRun implements LabRun {
    private final ComparisonLab lab;
    private final LabRun a;
    private final LabRun b;
    private final PairedEngine engine;
    private final String nameA;
    private final String nameB;
    private final String label;

    PairedRun(ComparisonLab lab, LabRun a, LabRun b, String nameA, String nameB, String label) {
        this.lab = lab;
        this.a = a;
        this.b = b;
        this.engine = new PairedEngine(a.engine(), b.engine());
        this.nameA = nameA;
        this.nameB = nameB;
        this.label = label;
    }

    @Override
    public Lab lab() {
        return lab;
    }

    /** Run A's parameters (the ones in the form). */
    @Override
    public ParamValues params() {
        return a.params();
    }

    /** Run A's sample (B's is the same whenever the compared parameter does not enter the data). */
    @Override
    public Dataset data() {
        return a.data();
    }

    @Override
    public StepEngine engine() {
        return engine;
    }

    /** Run A. */
    public LabRun a() {
        return a;
    }

    /** Run B. */
    public LabRun b() {
        return b;
    }

    /** Legend name of A, e.g. "A: π₀ = 0.5". */
    public String nameA() {
        return nameA;
    }

    /** Legend name of B, e.g. "B: π₀ = 0.7". */
    public String nameB() {
        return nameB;
    }

    /** What the comparison shows, e.g. "DFT-valid vs uniform weights". */
    public String label() {
        return label;
    }

    @Override
    public Figure figure(History history, int cursor, Map<String, String> view) {
        int it = history.iteration(Math.max(0, Math.min(cursor, history.size() - 1)));
        Figure fa = figureOf(a, engine.historyA(), history, it, view);
        Figure fb = figureOf(b, engine.historyB(), history, it, view);
        return ComparisonFigure.combine(fa, fb, nameA, nameB, label);
    }

    /** One run's figure at paired iteration {@code it}, after dropping what the paired history discarded. */
    private static Figure figureOf(LabRun run, History own, History paired, int it, Map<String, String> view) {
        int keep = own.indexAtOrBefore(paired.lastIteration());
        if (keep < own.size() - 1) {
            own.truncateAfter(Math.max(0, keep));
        }
        int idx = Math.max(0, own.indexAtOrBefore(it));
        return run.figure(own, idx, view);
    }
}
