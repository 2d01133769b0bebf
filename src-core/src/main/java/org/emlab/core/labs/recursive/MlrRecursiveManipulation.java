package org.emlab.core.labs.recursive;

import static org.emlab.core.lab.ManipulationSupport.START;

import java.util.List;
import java.util.Map;
import org.emlab.core.em.RecursiveMlrEstimator;
import org.emlab.core.em.StepEngine;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.MlrPlots;

/**
 * The draggable estimate of lab {@code mlr-recursive} (docs/explore-and-verify.md, "Direct
 * manipulation"). In d = 1 the geometry draws the lines y = ±β_n φ, with a handle near the right end of
 * +β_n φ that turns it about the origin; in d = 2 it draws β_n in (β₁, β₂), and in d &gt; 2 in the plane
 * of β† and e₂, with a handle on β_n. A drop on the start gives {@code init = given} with
 * {@code init_theta} = β₁ (q₁ = 1, so θ₁ = β₁); a drop on the current estimate sets θ_n = β/q_n in the
 * engine state (q_n, the gain matrix and the data stream are kept) and the display trace is redrawn from
 * there.
 */
final class MlrRecursiveManipulation implements Manipulation {
    static final String PANEL = "geometry";
    /** Where the d = 1 handle sits: this share of the shown x range. */
    static final double HANDLE_AT = 0.8;
    /** Offset of θ in the engine state (after n, q, r and three counters). */
    static final int THETA = 6;

    private final RecursiveMlrEstimator engine;
    private final int d;
    private final double[] u1;
    private final double[] u2;

    MlrRecursiveManipulation(RecursiveMlrEstimator engine, int d, double[] u1, double[] u2) {
        this.engine = engine;
        this.d = d;
        this.u1 = u1.clone();
        this.u2 = u2.clone();
    }

    /** The d = 1 view's half-width (as {@code MlrRecursiveRun.lines}: the recent samples' extent). */
    private double xe() {
        double[][] rec = engine.recentSamples();
        double xe = 0;
        for (int i = 0; i < rec[1].length; i++) {
            xe = Math.max(xe, Math.abs(rec[0][i]));
        }
        return Math.max(1e-3, 1.1 * xe);
    }

    private double[] shown(double[] beta) {
        if (d == 2) {
            return beta.clone();
        }
        return MlrPlots.project(beta, u1, u2);
    }

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, target));
    }

    private void add(List<Handle> out, History h, int row, Handle.Target target) {
        double[] r = h.row(row);
        double[] beta = ManipulationSupport.slice(h, row, "beta_1", d);
        boolean start = target == Handle.Target.START;
        String info = (start ? "start β₁" : "β_n at n = " + (h.iteration(row) + 1)) + " = "
                + ManipulationSupport.vector(beta, 0, d) + "\nq = " + ManipulationSupport.num(r[h.column("q")]) + "\n‖β − β†‖ = "
                + ManipulationSupport.num(r[h.column("error")]);
        String id = (start ? START : "") + "beta";
        String label = start ? "β₁ (start)" : "β_n";
        if (d == 1) {
            double x = HANDLE_AT * xe();
            out.add(Handle.line(id, x, beta[0] * x, 0, 0, "the line y = +βφ" + (start ? " (start)" : ""), target, info));
            return;
        }
        double[] pr = shown(beta);
        out.add(Handle.point(id, pr[0], pr[1], label, target, info));
    }

    /** β of entry {@code row} with the handle at (x, y). */
    private double[] moved(History h, int row, String handleId, double x, double y) {
        if (!ManipulationSupport.base(handleId).equals("beta")) {
            throw ManipulationSupport.unknown(handleId);
        }
        double[] beta = ManipulationSupport.slice(h, row, "beta_1", d);
        if (d == 1) {
            if (!(Math.abs(x) > 0)) {
                throw new ValidationException("handle", "drop the line away from the vertical axis: it turns about the origin");
            }
            beta[0] = y / x;
        } else if (d == 2) {
            beta[0] = x;
            beta[1] = y;
        } else {
            double[] pr = MlrPlots.project(beta, u1, u2);
            for (int c = 0; c < d; c++) {
                beta[c] += (x - pr[0]) * u1[c] + (y - pr[1]) * u2[c];
            }
        }
        return beta;
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        check(panelId, handleId);
        return p.with("init", "given").with("init_theta", ManipulationSupport.text(moved(h, 0, handleId, x, y)));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        check(panelId, handleId);
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        double[] beta = moved(h, row, handleId, x, y);
        double[] s = state.clone();
        double q = s[1];
        for (int c = 0; c < d; c++) {
            s[THETA + c] = beta[c] / q;
        }
        return s;
    }

    @Override
    public void apply(StepEngine e, double[] state, int iteration) {
        e.restore(state, iteration);
        if (e instanceof RecursiveMlrEstimator r) {
            r.retrace();
        }
    }

    private static void check(String panelId, String handleId) {
        if (!PANEL.equals(panelId)) {
            throw ManipulationSupport.unknown(handleId);
        }
    }
}
