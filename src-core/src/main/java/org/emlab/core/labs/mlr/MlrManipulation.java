package org.emlab.core.labs.mlr;

import static org.emlab.core.lab.ManipulationSupport.START;
import static org.emlab.core.lab.ManipulationSupport.sub;

import java.util.List;
import java.util.Map;
import org.emlab.core.figure.Handle;
import org.emlab.core.lab.Manipulation;
import org.emlab.core.lab.ManipulationSupport;
import org.emlab.core.param.ParamValues;
import org.emlab.core.param.ValidationException;
import org.emlab.core.trajectory.History;

/**
 * The draggable regression lines of lab {@code mlr} with one covariate (docs/explore-and-verify.md,
 * "Direct manipulation"). Each line y = β_j0 + β_j1 x has two handles, at 20 % and 80 % of the shown x
 * range ({@code line-j-a}, {@code line-j-b}); dragging one turns the line about the other. Without an
 * intercept a line has one handle and turns about the origin. A drop on the start gives
 * {@code init = given} with history entry 0 written out exactly ({@code init_beta}, {@code init_weights},
 * {@code init_sigma}) and line j through the drop and its pivot; a drop on the current iterate moves
 * line j's coefficients in the engine state (π, β, σ).
 */
final class MlrManipulation implements Manipulation {
    static final String PANEL = "geometry";
    /** The handles' places on the x range. */
    static final double LEFT = 0.2;
    static final double RIGHT = 0.8;

    private final double x0;
    private final double x1;
    private final boolean intercept;
    private final boolean common;

    MlrManipulation(double x0, double x1, boolean intercept, boolean common) {
        this.x0 = x0;
        this.x1 = x1;
        this.intercept = intercept;
        this.common = common;
    }

    private int p() {
        return intercept ? 2 : 1;
    }

    private double xa() {
        return x0 + LEFT * (x1 - x0);
    }

    private double xb() {
        return x0 + RIGHT * (x1 - x0);
    }

    @Override
    public Map<String, List<Handle>> handles(History h, int cursor, Map<String, String> view) {
        int k = ManipulationSupport.count(h, "pi_");
        return ManipulationSupport.startAndCurrent(PANEL, h, cursor, (out, row, target) -> add(out, h, row, k, target));
    }

    private void add(List<Handle> out, History h, int row, int k, Handle.Target target) {
        double[] r = h.row(row);
        int pi = h.column("pi_1");
        int beta = h.column(intercept ? "beta_1_0" : "beta_1_1");
        int sigma = h.column("sigma_1");
        boolean start = target == Handle.Target.START;
        String pre = start ? START : "";
        for (int j = 0; j < k; j++) {
            double b0 = intercept ? r[beta + j * p()] : 0;
            double b1 = r[beta + j * p() + (intercept ? 1 : 0)];
            String label = "line " + (j + 1) + (start ? " (start)" : "");
            String info = (start ? "start of line " : "line ") + (j + 1) + (start ? "" : " at iteration " + h.iteration(row))
                    + "\ny = " + ManipulationSupport.num(b0) + " + " + ManipulationSupport.num(b1) + "·x\nπ" + sub(j + 1)
                    + " = " + ManipulationSupport.num(r[pi + j]) + "\nσ" + sub(j + 1) + " = "
                    + ManipulationSupport.num(r[sigma + j]);
            double ya = b0 + b1 * xa();
            double yb = b0 + b1 * xb();
            if (intercept) {
                out.add(Handle.line(pre + "line-" + (j + 1) + "-a", xa(), ya, xb(), yb, label, target, info));
                out.add(Handle.line(pre + "line-" + (j + 1) + "-b", xb(), yb, xa(), ya, label, target, info));
            } else {
                double xh = Math.abs(xb()) >= Math.abs(xa()) ? xb() : xa();
                out.add(Handle.line(pre + "line-" + (j + 1) + "-b", xh, b1 * xh, 0, 0, label, target, info));
            }
        }
    }

    /** (β_j0, β_j1) of the line through the drop and the handle's pivot at entry {@code row}. */
    private double[] line(History h, int row, int k, String handleId, double x, double y) {
        String base = ManipulationSupport.base(handleId);
        if (!base.startsWith("line-") || !(base.endsWith("-a") || base.endsWith("-b"))) {
            throw ManipulationSupport.unknown(handleId);
        }
        int j;
        try {
            j = Integer.parseInt(base.substring(5, base.length() - 2)) - 1;
        } catch (RuntimeException e) {
            throw ManipulationSupport.unknown(handleId);
        }
        if (j < 0 || j >= k || (!intercept && base.endsWith("-a"))) {
            throw ManipulationSupport.unknown(handleId);
        }
        double[] r = h.row(row);
        int beta = h.column(intercept ? "beta_1_0" : "beta_1_1");
        double b0 = intercept ? r[beta + j * p()] : 0;
        double b1 = r[beta + j * p() + (intercept ? 1 : 0)];
        double px;
        double py;
        if (!intercept) {
            px = 0;
            py = 0;
        } else {
            px = base.endsWith("-a") ? xb() : xa();
            py = b0 + b1 * px;
        }
        if (!(Math.abs(x - px) > 1e-9 * Math.max(1e-300, Math.abs(x1 - x0)))) {
            throw new ValidationException("handle", "a regression line cannot be vertical: drop the handle beside its pivot");
        }
        double slope = (y - py) / (x - px);
        return new double[] {j, py - slope * px, slope};
    }

    @Override
    public ParamValues dragStart(ParamValues p, History h, int cursor, String panelId, String handleId, double x, double y,
                                 Map<String, String> view) {
        check(panelId, handleId);
        int k = ManipulationSupport.count(h, "pi_");
        int row = ManipulationSupport.atStart(handleId) ? 0 : Math.max(0, Math.min(cursor, h.size() - 1));
        double[] l = line(h, row, k, handleId, x, y);
        int j = (int) l[0];
        double[] pi = ManipulationSupport.slice(h, 0, "pi_1", k);
        double[] beta = ManipulationSupport.slice(h, 0, intercept ? "beta_1_0" : "beta_1_1", k * p());
        double[] sigma = ManipulationSupport.slice(h, 0, "sigma_1", k);
        if (intercept) {
            beta[j * 2] = l[1];
            beta[j * 2 + 1] = l[2];
        } else {
            beta[j] = l[2];
        }
        double[] s = common ? new double[] {sigma[0]} : sigma;
        return p.with("init", "given").with("init_beta", ManipulationSupport.text(beta))
                .with("init_weights", ManipulationSupport.text(pi)).with("init_sigma", ManipulationSupport.text(s));
    }

    @Override
    public double[] dragCurrent(double[] state, History h, int cursor, String panelId, String handleId, double x, double y,
                                Map<String, String> view) {
        check(panelId, handleId);
        int k = ManipulationSupport.count(h, "pi_");
        int row = Math.max(0, Math.min(cursor, h.size() - 1));
        double[] l = line(h, row, k, handleId, x, y);
        int j = (int) l[0];
        double[] s = state.clone(); // π (k), β (k·p), σ (k)
        if (intercept) {
            s[k + j * 2] = l[1];
            s[k + j * 2 + 1] = l[2];
        } else {
            s[k + j] = l[2];
        }
        return s;
    }

    private static void check(String panelId, String handleId) {
        if (!PANEL.equals(panelId)) {
            throw ManipulationSupport.unknown(handleId);
        }
    }
}
