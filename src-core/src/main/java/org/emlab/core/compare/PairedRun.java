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

    /**
     * A's and B's handles, B's on its suffixed panels ({@link ComparisonFigure#B_SUFFIX}). A drop on A's
     * start gives A's new parameters (B follows them with its contrast); B's start is A's with one
     * parameter changed, so a drop there is refused with the reason. A drop on either current iterate
     * moves that run only.
     */
    @Override
    public org.emlab.core.lab.Manipulation manipulation() {
        return new PairedManipulation();
    }

    private final class PairedManipulation implements org.emlab.core.lab.Manipulation {
        private int own(History own, History paired, int cursor) {
            int it = paired.iteration(Math.max(0, Math.min(cursor, paired.size() - 1)));
            return Math.max(0, own.indexAtOrBefore(it));
        }

        private boolean isB(String panelId) {
            return panelId.endsWith(ComparisonFigure.B_SUFFIX);
        }

        private String basePanel(String panelId) {
            return isB(panelId) ? panelId.substring(0, panelId.length() - ComparisonFigure.B_SUFFIX.length()) : panelId;
        }

        @Override
        public Map<String, java.util.List<org.emlab.core.figure.Handle>> handles(History h, int cursor,
                                                                             Map<String, String> view) {
            Map<String, java.util.List<org.emlab.core.figure.Handle>> out = new java.util.LinkedHashMap<>();
            History ha = engine.historyA();
            History hb = engine.historyB();
            if (ha.size() > 0) {
                out.putAll(a.manipulation().handles(ha, own(ha, h, cursor), view));
            }
            if (hb.size() > 0) {
                for (Map.Entry<String, java.util.List<org.emlab.core.figure.Handle>> e : b.manipulation().handles(hb,
                        own(hb, h, cursor), view).entrySet()) {
                    out.put(e.getKey() + ComparisonFigure.B_SUFFIX, e.getValue());
                }
            }
            return out;
        }

        @Override
        public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x,
                                     double y, Map<String, String> view) {
            if (isB(panelId)) {
                throw new org.emlab.core.param.ValidationException("handle", "B starts where A starts (with "
                        + lab.contrast(a.params()).param() + " changed): drag A's start, or Shift-drag B's current iterate");
            }
            History ha = engine.historyA();
            return a.manipulation().dragStart(p, ha, own(ha, h, cursor), panelId, handleId, x, y, view);
        }

        @Override
        public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x,
                                    double y, Map<String, String> view) {
            boolean onB = isB(panelId);
            History own = onB ? engine.historyB() : engine.historyA();
            LabRun run = onB ? b : a;
            int la = (int) state[2];
            int from = onB ? 3 + la : 3;
            int to = onB ? state.length : 3 + la;
            double[] part = java.util.Arrays.copyOfRange(state, from, to);
            double[] moved = run.manipulation().dragCurrent(part, own, own(own, h, cursor), basePanel(panelId), handleId, x,
                    y, view);
            double[] out = state.clone();
            System.arraycopy(moved, 0, out, from, moved.length);
            return out;
        }

        @Override
        public void apply(StepEngine e, double[] state, int iteration) {
            int la = (int) state[2];
            double[] sa = java.util.Arrays.copyOfRange(state, 3, 3 + la);
            double[] sb = java.util.Arrays.copyOfRange(state, 3 + la, state.length);
            // each run's own follow-up (a display trace) after its part of the state
            a.manipulation().apply(engine.a(), sa, (int) state[0]);
            b.manipulation().apply(engine.b(), sb, (int) state[1]);
            engine.restore(state, iteration);
            engine.recordAgain();
        }
    }
}
