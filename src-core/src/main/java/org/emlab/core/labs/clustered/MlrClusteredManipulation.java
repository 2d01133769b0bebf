package org.emlab.core.labs.clustered;

import static org.emlab.core.lab.ManipulationSupport.START;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.MlrPlots;

/**
 * The draggable estimates of lab {@code mlr-clustered} (docs/explore-and-verify.md, "Direct
 * manipulation"), in the view of β in the plane of β* and β₀: the geometry in population mode, the
 * inset {@code plane} in sample mode (where the geometry is the posterior strip). Handles: the
 * structured estimate ({@code beta}), the i.i.d. one ({@code iid-beta}) and, while a later iteration is
 * shown, their common start ({@code start-beta}). A drop on the start moves the two shown coordinates of
 * θ₀ and gives {@code init_dir = given}, {@code init_direction} and {@code init_radius} = ‖θ₀ − θ*‖/‖θ*‖;
 * a drop on a current estimate moves that estimate in the engine state.
 */
final class MlrClusteredManipulation implements Manipulation {
    /** Largest init radius the lab accepts. */
    static final double MAX_RADIUS = 5.0;

    private final String panel;
    private final int d;
    private final double sigma;
    private final boolean population;
    private final double[] thetaStar;
    private final double[] u1;
    private final double[] u2;

    MlrClusteredManipulation(String panel, int d, double sigma, boolean population, double[] thetaStar, double[] u1,
                             double[] u2) {
        this.panel = panel;
        this.d = d;
        this.sigma = sigma;
        this.population = population;
        this.thetaStar = thetaStar.clone();
        this.u1 = u1.clone();
        this.u2 = u2.clone();
    }

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        List<Handle> out = new ArrayList<>();
        if (row > 0) {
            add(out, h, 0, "beta_1", START + "beta", "β₀ (start)", Handle.Target.START);
        }
        add(out, h, row, "iid_beta_1", "iid-beta", "β (i.i.d. EM)", Handle.Target.CURRENT);
        add(out, h, row, "beta_1", "beta", "β (structured EM)", Handle.Target.CURRENT);
        return Map.of(panel, out);
    }

    private void add(List<Handle> out, History h, int row, String first, String id, String label, Handle.Target target) {
        double[] r = h.row(row);
        int b = h.column(first);
        double[] pr = MlrPlots.project(r, b, d, u1, u2);
        String err = first.startsWith("iid") ? "iid_error" : "error";
        out.add(Handle.point(id, pr[0], pr[1], label, target, label + (target == Handle.Target.START ? "" : " at iteration "
                + h.iteration(row)) + "\n= " + ManipulationSupport.vector(r, b, d) + "\nerror " + ManipulationSupport.num(
                r[h.column(err)])));
    }

    /** The vector in columns {@code first..} of entry {@code row} with its two shown coordinates at (x, y). */
    private double[] moved(History h, int row, String first, double x, double y) {
        double[] v = ManipulationSupport.slice(h, row, first, d);
        double[] pr = MlrPlots.project(v, u1, u2);
        for (int c = 0; c < d; c++) {
            v[c] += (x - pr[0]) * u1[c] + (y - pr[1]) * u2[c];
        }
        return v;
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        check(panelId, handleId);
        double[] theta0 = moved(h, 0, "beta_1", x, y);
        double[] diff = new double[d];
        for (int c = 0; c < d; c++) {
            diff[c] = theta0[c] - thetaStar[c];
        }
        double dist = MlrPlots.norm(diff);
        double scale = MlrPlots.norm(thetaStar);
        ParamValues q = p.with("init_radius", ManipulationSupport.text(Math.min(MAX_RADIUS, dist / scale)));
        if (dist == 0) {
            return q; // θ₀ = θ*: any direction
        }
        for (int c = 0; c < d; c++) {
            diff[c] /= dist;
        }
        return q.with("init_dir", "given").with("init_direction", ManipulationSupport.text(diff));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        check(panelId, handleId);
        boolean iid = ManipulationSupport.base(handleId).equals("iid-beta");
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        double[] v = moved(h, row, iid ? "iid_beta_1" : "beta_1", x, y);
        double[] s = state.clone(); // structured θ (d), i.i.d. θ (d); in units of σ for the sample engine
        int off = iid ? d : 0;
        for (int c = 0; c < d; c++) {
            s[off + c] = population ? v[c] : v[c] / sigma;
        }
        return s;
    }

    private void check(String panelId, String handleId) {
        String b = ManipulationSupport.base(handleId);
        if (!panel.equals(panelId) || !(b.equals("beta") || b.equals("iid-beta"))) {
            throw ManipulationSupport.unknown(handleId);
        }
    }
}
