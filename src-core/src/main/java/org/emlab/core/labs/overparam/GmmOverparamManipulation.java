package org.emlab.core.labs.overparam;

import static org.emlab.core.lab.ManipulationSupport.START;
import static org.emlab.core.lab.ManipulationSupport.sub;

import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.trajectory.History;

/**
 * The draggable model means of lab {@code gmm-overparam} (docs/explore-and-verify.md, "Direct
 * manipulation"): one handle per component μ_i where the geometry draws it and, while a later iteration
 * is shown, where it started. A drop on the start gives {@code init = given} with every start mean of
 * history entry 0 written out exactly ({@code init_means}) and μ_i at the drop (the weights start at 1/n
 * either way); a drop on the current iterate moves μ_i in the engine state (π, μ). In d = 1 the
 * geometry draws component i at (μ_i, π_i φ(0)) and only the horizontal position counts.
 */
final class GmmOverparamManipulation implements Manipulation {
    static final String PANEL = "geometry";
    private static final double PHI0 = 1 / Math.sqrt(2 * Math.PI);

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        int n = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, n, d, ax, target));
    }

    private static void add(List<Handle> out, History h, int row, int n, int d, int[] ax, Handle.Target target) {
        double[] r = h.row(row);
        int pi = h.column("pi_1");
        int mu = h.column("mu_1_1");
        boolean start = target == Handle.Target.START;
        for (int i = 0; i < n; i++) {
            double x = r[mu + i * d + ax[0]];
            double y = d == 1 ? r[pi + i] * PHI0 : r[mu + i * d + ax[1]];
            String info = (start ? "start of component " : "component ") + (i + 1) + (start ? "" : " at iteration "
                    + h.iteration(row)) + (r[pi + i] > 0 ? "" : " (pruned)") + "\nπ" + sub(i + 1) + " = "
                    + ManipulationSupport.num(r[pi + i]) + "\nμ" + sub(i + 1) + " = " + ManipulationSupport.vector(r, mu + i * d, d);
            out.add(Handle.point((start ? START : "") + "mu-" + (i + 1), x, y, "μ" + sub(i + 1) + (start ? " (start)" : ""),
                    target, info));
        }
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        int n = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int i = component(panelId, handleId, n);
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        double[] mu = ManipulationSupport.slice(h, 0, "mu_1_1", n * d);
        mu[i * d + ax[0]] = x;
        if (d > 1) {
            mu[i * d + ax[1]] = y;
        }
        return p.with("init", "given").with("init_means", ManipulationSupport.text(mu));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        int n = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int i = component(panelId, handleId, n);
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        double[] s = state.clone(); // π (n), μ (n·d)
        s[n + i * d + ax[0]] = x;
        if (d > 1) {
            s[n + i * d + ax[1]] = y;
        }
        return s;
    }

    private static int component(String panelId, String handleId, int n) {
        int i = ManipulationSupport.index(handleId) - 1;
        if (!PANEL.equals(panelId) || !ManipulationSupport.base(handleId).startsWith("mu-") || i < 0 || i >= n) {
            throw ManipulationSupport.unknown(handleId);
        }
        return i;
    }
}
