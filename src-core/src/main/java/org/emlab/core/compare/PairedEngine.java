package org.emlab.core.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.emlab.core.em.StepEngine;
import org.emlab.core.trajectory.History;

/**
 * Two step engines advanced in lockstep by one compute thread: every {@link #step()} steps A and
 * B once (an engine that has {@linkplain StepEngine#finished() finished} stays where it is), and
 * every {@link #halfStep()} runs both E-steps, then both M-steps (an engine without half-steps
 * takes its whole step with the M-steps). E then M equals a full step bit for bit, because it does
 * for each engine.
 *
 * <p>Columns: A's metrics, B's metrics (prefixed {@link #B_PREFIX}), A's parameters, B's
 * parameters (prefixed). The state is {@code [iteration of A, iteration of B, length of A's
 * state, A's state, B's state]}, so {@link #restore} is exact for both.
 *
 * <p>It also records each engine's own rows and states under the engine's own iteration, so that
 * each lab can build its own figure from a {@link History} of its own columns (see
 * {@link PairedRun}). The paired iteration is the further of the two own iterations.
 */
public final class PairedEngine implements StepEngine {
    /** Prefix of B's trajectory columns. */
    public static final String B_PREFIX = "B.";

    private final StepEngine a;
    private final StepEngine b;
    private final List<String> columns;
    private final int metrics;
    private final History historyA;
    private final History historyB;
    private final double[] rowA;
    private final double[] rowB;
    private boolean rowsValid;
    private Phase phase = Phase.BEFORE_E;
    private int t;

    PairedEngine(StepEngine a, StepEngine b) {
        this.a = a;
        this.b = b;
        List<String> ca = a.columns();
        List<String> cb = b.columns();
        List<String> cols = new ArrayList<>();
        cols.addAll(ca.subList(0, a.metricCount()));
        for (String c : cb.subList(0, b.metricCount())) {
            cols.add(B_PREFIX + c);
        }
        cols.addAll(ca.subList(a.metricCount(), ca.size()));
        for (String c : cb.subList(b.metricCount(), cb.size())) {
            cols.add(B_PREFIX + c);
        }
        this.columns = List.copyOf(cols);
        this.metrics = a.metricCount() + b.metricCount();
        this.rowA = new double[ca.size()];
        this.rowB = new double[cb.size()];
        this.historyA = History.forRun(ca, a.state().length);
        this.historyB = History.forRun(cb, b.state().length);
        this.t = Math.max(a.iteration(), b.iteration());
        recordBoth(true, true);
    }

    /** Run A's engine (owned by the compute thread). */
    public StepEngine a() {
        return a;
    }

    /** Run B's engine. */
    public StepEngine b() {
        return b;
    }

    /** A's rows and states by its own iteration. */
    History historyA() {
        return historyA;
    }

    /** B's rows and states by its own iteration. */
    History historyB() {
        return historyB;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public int metricCount() {
        return metrics;
    }

    @Override
    public int iteration() {
        return t;
    }

    @Override
    public boolean hasHalfSteps() {
        return a.hasHalfSteps() || b.hasHalfSteps();
    }

    @Override
    public Phase phase() {
        return phase;
    }

    @Override
    public void step() {
        if (phase == Phase.AFTER_E) {
            mSteps();
            return;
        }
        boolean movedA = !a.finished();
        boolean movedB = !b.finished();
        if (movedA) {
            a.step();
        }
        if (movedB) {
            b.step();
        }
        t = pairedIteration(t);
        rowsValid = false;
        recordBoth(movedA, movedB);
    }

    @Override
    public void halfStep() {
        if (!hasHalfSteps()) {
            step();
            return;
        }
        if (phase == Phase.AFTER_E) {
            mSteps();
            return;
        }
        for (StepEngine e : new StepEngine[] {a, b}) {
            if (e.hasHalfSteps() && !e.finished()) {
                e.halfStep();
            }
        }
        phase = Phase.AFTER_E;
        rowsValid = false;
    }

    /** Completes the pending iteration: M-steps, or whole steps for engines without half-steps. */
    private void mSteps() {
        boolean movedA = completes(a);
        boolean movedB = completes(b);
        t = pairedIteration(t);
        phase = Phase.BEFORE_E;
        rowsValid = false;
        recordBoth(movedA, movedB);
    }

    private static boolean completes(StepEngine e) {
        if (e.hasHalfSteps() && e.phase() == Phase.AFTER_E) {
            e.halfStep();
            return true;
        }
        if (!e.finished()) {
            e.step();
            return true;
        }
        return false;
    }

    /**
     * The paired iteration after a step: the further of the two engines' own counts (which are
     * equal unless the compared parameter changes what one step is, e.g. an online lab's samples
     * per step), so that a lab whose iteration counts samples keeps counting samples in A/B; at
     * least one more than {@code previous}.
     */
    private int pairedIteration(int previous) {
        return Math.max(previous + 1, Math.max(a.iteration(), b.iteration()));
    }

    /**
     * Records both engines' current rows and states again under their own iterations, replacing what was
     * recorded there: after a {@link #restore} of a state the user changed (a nudge of the current iterate).
     */
    void recordAgain() {
        rowsValid = false;
        recordBoth(true, true);
    }

    /** Records each engine's row and state under its own iteration (what its figure reads). */
    private void recordBoth(boolean recordA, boolean recordB) {
        refreshRows();
        if (recordA) {
            historyA.record(a.iteration(), rowA.clone(), a.state());
        }
        if (recordB) {
            historyB.record(b.iteration(), rowB.clone(), b.state());
        }
    }

    private void refreshRows() {
        if (!rowsValid) {
            a.row(rowA);
            b.row(rowB);
            rowsValid = true;
        }
    }

    @Override
    public void row(double[] out) {
        refreshRows();
        int ma = a.metricCount();
        int mb = b.metricCount();
        int pa = rowA.length - ma;
        int pb = rowB.length - mb;
        System.arraycopy(rowA, 0, out, 0, ma);
        System.arraycopy(rowB, 0, out, ma, mb);
        System.arraycopy(rowA, ma, out, ma + mb, pa);
        System.arraycopy(rowB, mb, out, ma + mb + pa, pb);
    }

    @Override
    public double[] state() {
        double[] sa = a.state();
        double[] sb = b.state();
        double[] s = new double[3 + sa.length + sb.length];
        s[0] = a.iteration();
        s[1] = b.iteration();
        s[2] = sa.length;
        System.arraycopy(sa, 0, s, 3, sa.length);
        System.arraycopy(sb, 0, s, 3 + sa.length, sb.length);
        return s;
    }

    /** False: the pair's figure reads histories of A and B that it records as it steps. */
    @Override
    public boolean restoresDisplay() {
        return false;
    }

    @Override
    public void restore(double[] state, int iteration) {
        int la = (int) state[2];
        a.restore(Arrays.copyOfRange(state, 3, 3 + la), (int) state[0]);
        b.restore(Arrays.copyOfRange(state, 3 + la, state.length), (int) state[1]);
        t = iteration;
        phase = Phase.BEFORE_E;
        rowsValid = false;
    }

    @Override
    public String caption() {
        String ca = a.caption();
        String cb = b.caption();
        if (ca.isEmpty() && cb.isEmpty()) {
            return "";
        }
        return "A: " + ca + "   ·   B: " + cb;
    }

    @Override
    public boolean finished() {
        return a.finished() && b.finished();
    }
}
