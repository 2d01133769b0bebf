package org.emlab.core.labs.simplex;

import static org.emlab.core.lab.ManipulationSupport.START;
import static org.emlab.core.lab.ManipulationSupport.sub;

import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.model.SimplexGeometry;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;

/**
 * The draggable simplex of lab {@code gmm-simplex} (docs/explore-and-verify.md, "Direct manipulation").
 * The means are μ_j = R^j θ, so moving one vertex moves θ and with it the whole simplex: a drop of
 * vertex j by Δ (in the two shown coordinates) gives θ' = θ + (R^j)ᵀΔ, which puts vertex j exactly at
 * the drop and rotates and scales the others with it. A drop on the start becomes {@code init = given}
 * with {@code radius = ‖θ₀'‖} and {@code init_direction = θ₀'/‖θ₀'‖}; a drop on the current iterate
 * replaces θ in the engine state.
 */
final class GmmSimplexManipulation implements Manipulation {
    static final String PANEL = "geometry";
    /** Largest r₀ the lab accepts. */
    static final double MAX_RADIUS = 50.0;

    private final SimplexGeometry geo;
    private final int d;

    GmmSimplexManipulation(SimplexGeometry geo, int d) {
        this.geo = geo;
        this.d = d;
    }

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, ax, target));
    }

    private void add(List<Handle> out, History h, int row, int[] ax, Handle.Target target) {
        double[] r = h.row(row);
        int mu = h.column("mu_1_1");
        int pi = h.column("pi_1");
        boolean start = target == Handle.Target.START;
        for (int j = 0; j < geo.k(); j++) {
            double x = r[mu + j * d + ax[0]];
            double y = d == 1 ? 0 : r[mu + j * d + ax[1]];
            String info = (start ? "start of μ" : "μ") + sub(j + 1) + (start ? "" : " at iteration " + h.iteration(row))
                    + " = " + ManipulationSupport.vector(r, mu + j * d, d) + "\nπ" + sub(j + 1) + " = "
                    + ManipulationSupport.num(r[pi + j]) + " (fixed)\n‖θ‖ = " + ManipulationSupport.num(r[h.column("radius")])
                    + "\nmoving one vertex moves the whole simplex";
            out.add(Handle.point((start ? START : "") + "mu-" + (j + 1), x, y, "μ" + sub(j + 1) + (start ? " (start)" : ""),
                    target, info));
        }
    }

    /** θ of entry {@code row} with vertex j moved to (x, y) in the shown coordinates. */
    private double[] moved(History h, int row, String handleId, double x, double y, Map<String, String> view) {
        int j = ManipulationSupport.index(handleId) - 1;
        if (!ManipulationSupport.base(handleId).startsWith("mu-") || j < 0 || j >= geo.k()) {
            throw ManipulationSupport.unknown(handleId);
        }
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        double[] r = h.row(row);
        int mu = h.column("mu_1_1");
        double[] theta = ManipulationSupport.slice(h, row, "mu_1_1", d); // μ_1 = R^0 θ = θ
        double[] delta = new double[d];
        delta[ax[0]] = x - r[mu + j * d + ax[0]];
        if (d > 1) {
            delta[ax[1]] += y - r[mu + j * d + ax[1]];
        }
        geo.addRTransposed(j, delta, 0, 1.0, theta);
        return theta;
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        check(panelId, handleId);
        // vertex j of the start goes to the drop (whichever entry the dragged handle showed)
        double[] theta = moved(h, 0, handleId, x, y, view);
        double norm = org.emlab.core.view.MlrPlots.norm(theta);
        if (!(norm > 0)) {
            throw new ValidationException("handle", "θ₀ = 0 puts every mean on the truth: drop the vertex away from the origin");
        }
        double[] u = new double[d];
        for (int c = 0; c < d; c++) {
            u[c] = theta[c] / norm;
        }
        return p.with("init", "given").with("init_direction", ManipulationSupport.text(u))
                .with("radius", ManipulationSupport.text(Math.min(MAX_RADIUS, norm)));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        check(panelId, handleId);
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        return moved(h, row, handleId, x, y, view); // the state is θ
    }

    private static void check(String panelId, String handleId) {
        if (!PANEL.equals(panelId)) {
            throw ManipulationSupport.unknown(handleId);
        }
    }
}
