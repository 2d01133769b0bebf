package org.emlab.core.labs.overspec;

import static org.emlab.core.lab.ManipulationSupport.START;

import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;
import org.emlab.core.view.MlrPlots;

/**
 * The draggable regression vector of lab {@code mlr-overspec} (docs/explore-and-verify.md, "Direct
 * manipulation"). In d = 1 the geometry draws the two lines y = ±βx: each has a handle near its right end
 * that turns the line about the origin ({@code beta} on +βx, {@code beta-neg} on −βx). In d ≥ 2 the
 * geometry draws β in the plane of β* and β₀, with a handle on the shown β. A drop on the start gives
 * {@code init_dir = given}, {@code init_direction = θ₀/‖θ₀‖} and {@code b0 = ‖θ₀‖/σ} (the other d − 2
 * coordinates of the start kept); a drop on the current iterate moves θ in the engine state (π₁ kept).
 */
final class MlrOverspecManipulation implements Manipulation {
    static final String PANEL = "geometry";
    /** Where the d = 1 handles sit: this share of the shown x range. */
    static final double HANDLE_AT = 0.8;
    /** The d = 1 view's half-width of the x axis (as {@code MlrOverspecRun.lines}). */
    static final double XE = 3.5;
    /** Largest b₀ the lab accepts. */
    static final double MAX_B0 = 50.0;

    private final int d;
    private final double sigma;
    private final boolean population;
    private final double[] u1;
    private final double[] u2;

    MlrOverspecManipulation(int d, double sigma, boolean population, double[] u1, double[] u2) {
        this.d = d;
        this.sigma = sigma;
        this.population = population;
        this.u1 = u1.clone();
        this.u2 = u2.clone();
    }

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, target));
    }

    private void add(List<Handle> out, History h, int row, Handle.Target target) {
        double[] r = h.row(row);
        int b = h.column("beta_1");
        double pi1 = r[h.column("pi_1")];
        boolean start = target == Handle.Target.START;
        String pre = start ? START : "";
        String when = start ? "start" : "iteration " + h.iteration(row);
        if (d == 1) {
            double x = HANDLE_AT * XE;
            double beta = r[b];
            out.add(Handle.line(pre + "beta", x, beta * x, 0, 0, "the line y = +βx" + (start ? " (start)" : ""), target,
                    when + "\nβ = " + ManipulationSupport.num(beta) + "\nπ₁ = " + ManipulationSupport.num(pi1)));
            out.add(Handle.line(pre + "beta-neg", x, -beta * x, 0, 0, "the line y = −βx" + (start ? " (start)" : ""),
                    target, when + "\n−β = " + ManipulationSupport.num(-beta) + "\nπ₂ = " + ManipulationSupport.num(1 - pi1)));
            return;
        }
        double[] pr = MlrPlots.project(r, b, d, u1, u2);
        out.add(Handle.point(pre + "beta", pr[0], pr[1], "β" + (start ? " (start)" : ""), target, when + "\nβ = "
                + ManipulationSupport.vector(r, b, d) + "\n‖β‖ = " + ManipulationSupport.num(r[h.column("b")]) + "\nπ₁ = "
                + ManipulationSupport.num(pi1)));
    }

    /** θ (original units) with the dragged handle at (x, y); the other coordinates from entry {@code row}. */
    private double[] moved(History h, int row, String handleId, double x, double y) {
        String base = ManipulationSupport.base(handleId);
        if (!base.equals("beta") && !(d == 1 && base.equals("beta-neg"))) {
            throw ManipulationSupport.unknown(handleId);
        }
        double[] theta = ManipulationSupport.slice(h, row, "beta_1", d);
        if (d == 1) {
            if (!(Math.abs(x) > 1e-9 * XE)) {
                throw new ValidationException("handle", "drop the line away from the vertical axis: it turns about the origin");
            }
            double beta = y / x;
            theta[0] = base.equals("beta") ? beta : -beta;
            return theta;
        }
        double[] pr = MlrPlots.project(theta, u1, u2);
        for (int c = 0; c < d; c++) {
            theta[c] += (x - pr[0]) * u1[c] + (y - pr[1]) * u2[c];
        }
        return theta;
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        check(panelId, handleId);
        double[] theta = moved(h, 0, handleId, x, y);
        double norm = MlrPlots.norm(theta);
        if (!(norm > 0)) {
            throw new ValidationException("handle", "θ₀ = 0 is the fixed point of EM: drop the start away from the origin");
        }
        double b0 = Math.min(MAX_B0, norm / sigma);
        double[] u = new double[d];
        for (int c = 0; c < d; c++) {
            u[c] = theta[c] / norm;
        }
        return p.with("init_dir", "given").with("init_direction", ManipulationSupport.text(u))
                .with("b0", ManipulationSupport.text(b0));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        check(panelId, handleId);
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        double[] theta = moved(h, row, handleId, x, y);
        double[] s = state.clone(); // θ (in units of σ for the sample engine), π₁
        for (int c = 0; c < d; c++) {
            s[c] = population ? theta[c] : theta[c] / sigma;
        }
        return s;
    }

    private static void check(String panelId, String handleId) {
        if (!PANEL.equals(panelId)) {
            throw ManipulationSupport.unknown(handleId);
        }
    }
}
