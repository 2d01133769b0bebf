package org.emlab.core.labs.gmm;

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
 * The draggable means of lab {@code gmm} (docs/explore-and-verify.md, "Direct manipulation"): one
 * handle per fitted mean μ_j where the geometry draws it ({@code mu-j}, the shown iterate) and, while a
 * later iteration is shown, one where it started ({@code start-mu-j}). A drop on the start becomes
 * {@code init = given} with every start parameter of history entry 0 written out exactly
 * ({@code init_means}, {@code init_weights}, {@code init_covariances}) and μ_j at the drop; a drop on
 * the current iterate moves μ_j in the engine state (π, μ, Σ). In a projection only the two shown
 * coordinates move; in d = 1 (the histogram) only the horizontal position counts.
 */
final class GmmManipulation implements Manipulation {
    static final String PANEL = "geometry";

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        int k = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, k, d, ax, target));
    }

    private static void add(List<Handle> out, History h, int row, int k, int d, int[] ax, Handle.Target target) {
        double[] r = h.row(row);
        int pi = h.column("pi_1");
        int mu = h.column("mu_1_1");
        int cov = h.column("cov_1_1_1");
        boolean start = target == Handle.Target.START;
        for (int j = 0; j < k; j++) {
            double x = r[mu + j * d + ax[0]];
            double y;
            if (d == 1) {
                double v = r[cov + j];
                y = r[pi + j] / Math.sqrt(2 * Math.PI * v); // the component's peak in the histogram
            } else {
                y = r[mu + j * d + ax[1]];
            }
            String info = (start ? "start of component " : "component ") + (j + 1) + (start ? "" : " at iteration "
                    + h.iteration(row)) + "\nπ" + sub(j + 1) + " = " + ManipulationSupport.num(r[pi + j]) + "\nμ" + sub(j + 1)
                    + " = " + ManipulationSupport.vector(r, mu + j * d, d) + (d == 1 ? "\nσ" + sub(j + 1) + " = "
                    + ManipulationSupport.num(Math.sqrt(r[cov + j])) : "");
            out.add(Handle.point((start ? START : "") + "mu-" + (j + 1), x, y, "μ" + sub(j + 1) + (start ? " (start)" : ""),
                    target, info));
        }
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        int k = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int j = component(panelId, handleId, k);
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        double[] pi = ManipulationSupport.slice(h, 0, "pi_1", k);
        double[] mu = ManipulationSupport.slice(h, 0, "mu_1_1", k * d);
        double[] cov = ManipulationSupport.slice(h, 0, "cov_1_1_1", k * d * d);
        mu[j * d + ax[0]] = x;
        if (d > 1) {
            mu[j * d + ax[1]] = y;
        }
        String type = p.getString("covariance");
        double[] given = switch (type) {
            case "diag" -> {
                double[] g = new double[k * d];
                for (int i = 0; i < k; i++) {
                    for (int c = 0; c < d; c++) {
                        g[i * d + c] = cov[i * d * d + c * d + c];
                    }
                }
                yield g;
            }
            case "spherical" -> {
                double[] g = new double[k];
                for (int i = 0; i < k; i++) {
                    g[i] = cov[i * d * d];
                }
                yield g;
            }
            default -> cov;
        };
        return p.with("init", "given").with("init_means", ManipulationSupport.text(mu))
                .with("init_weights", ManipulationSupport.text(pi)).with("init_covariances", ManipulationSupport.text(given));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        int k = ManipulationSupport.count(h, "pi_");
        int d = ManipulationSupport.count(h, "mu_1_");
        int j = component(panelId, handleId, k);
        int[] ax = ManipulationSupport.projection(view.getOrDefault("projection", ""), d);
        double[] s = state.clone(); // π (k), μ (k·d), Σ (k·d·d)
        s[k + j * d + ax[0]] = x;
        if (d > 1) {
            s[k + j * d + ax[1]] = y;
        }
        return s;
    }

    private static int component(String panelId, String handleId, int k) {
        int j = ManipulationSupport.index(handleId) - 1;
        if (!PANEL.equals(panelId) || !ManipulationSupport.base(handleId).startsWith("mu-") || j < 0 || j >= k) {
            throw ManipulationSupport.unknown(handleId);
        }
        return j;
    }
}
