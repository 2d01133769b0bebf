package org.emlab.core.view;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Ink;
import org.emlab.core.figure.Layer;
import org.emlab.core.trajectory.History;

/**
 * View helpers shared by the mixed-linear-regression labs ({@code mlr-overspec}, {@code mlr-clustered},
 * {@code mlr-recursive}): series transformations, reference lines, and the projection of a vector
 * trajectory onto the plane spanned by two reference directions.
 */
public final class MlrPlots {
    private MlrPlots() {
    }

    /** The points with {@code x ≥ 1} (for panels whose x axis is logarithmic by default). */
    public static double[][] fromOne(double[][] xy) {
        int m = 0;
        for (double v : xy[0]) {
            if (v >= 1) {
                m++;
            }
        }
        double[] x = new double[m];
        double[] y = new double[m];
        int k = 0;
        for (int i = 0; i < xy[0].length; i++) {
            if (xy[0][i] >= 1) {
                x[k] = xy[0][i];
                y[k++] = xy[1][i];
            }
        }
        return new double[][] {x, y};
    }

    /**
     * A horizontal reference line at {@code y} over {@code [x0, x1]}. One that starts before iteration 1 and ends
     * after it also passes through {@code x = 1}: on a logarithmic iteration axis, which leaves out x ≤ 0 and shows
     * a run from iteration 1, it then still spans {@code [1, x1]} instead of shrinking to a lone point. An A/B
     * comparison draws B's layers on A's axes: an unbalanced B's floor, built from iteration 0 for its own linear
     * axis, was a dot at its last iteration on a balanced A's log-log panel.
     */
    public static Layer.Line horizontal(String name, Ink ink, double y, double x0, double x1) {
        if (x0 < 1 && x1 > 1) {
            return new Layer.Line(name, ink, new double[] {x0, 1, x1}, new double[] {y, y, y});
        }
        return new Layer.Line(name, ink, new double[] {x0, x1}, new double[] {y, y});
    }

    /** The largest x of a series (1 when empty). */
    public static double lastX(double[][] xy) {
        return xy[0].length == 0 ? 1 : Math.max(1, xy[0][xy[0].length - 1]);
    }

    /** {@code ‖v‖}. */
    public static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    /**
     * An orthonormal pair (u1, u2) spanning the plane of {@code a} and {@code b}: u1 along {@code a}
     * (or along {@code b} when a = 0), u2 along the part of {@code b} orthogonal to u1, or, when that
     * is degenerate, along the coordinate axis least aligned with u1. Returns {u1, u2}.
     */
    public static double[][] plane(double[] a, double[] b) {
        int d = a.length;
        double[] u1 = norm(a) > 0 ? a.clone() : b.clone();
        double n1 = norm(u1);
        if (n1 == 0) {
            u1 = new double[d];
            u1[0] = 1;
            n1 = 1;
        }
        for (int c = 0; c < d; c++) {
            u1[c] /= n1;
        }
        double[] u2 = new double[d];
        if (d == 1) {
            return new double[][] {u1, u2};
        }
        double[] cand = b.clone();
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += cand[c] * u1[c];
        }
        for (int c = 0; c < d; c++) {
            cand[c] -= dot * u1[c];
        }
        double nb = norm(b);
        if (norm(cand) <= 1e-9 * Math.max(1, nb)) {
            int k = 0;
            for (int c = 1; c < d; c++) {
                if (Math.abs(u1[c]) < Math.abs(u1[k])) {
                    k = c;
                }
            }
            cand = new double[d];
            cand[k] = 1;
            for (int c = 0; c < d; c++) {
                cand[c] -= u1[k] * u1[c];
            }
        }
        double n2 = norm(cand);
        for (int c = 0; c < d; c++) {
            u2[c] = cand[c] / n2;
        }
        return new double[][] {u1, u2};
    }

    /**
     * The trajectory of the vector in columns {@code base .. base+d} of the history up to entry
     * {@code upto}, projected on (u1, u2), at most {@code maxPoints} points (evenly thinned, the
     * first and last always kept). Returns {x, y}.
     */
    public static double[][] projectedPath(History h, int base, int d, int upto, double[] u1, double[] u2, int maxPoints) {
        int n = upto + 1;
        int stride = Math.max(1, (n + maxPoints - 1) / maxPoints);
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            pts.add(project(h.row(i), base, d, u1, u2));
        }
        if ((n - 1) % stride != 0) {
            pts.add(project(h.row(n - 1), base, d, u1, u2));
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new double[][] {x, y};
    }

    /** (⟨v, u1⟩, ⟨v, u2⟩) of the vector at {@code row[base .. base+d)}. */
    public static double[] project(double[] row, int base, int d, double[] u1, double[] u2) {
        double a = 0;
        double b = 0;
        for (int c = 0; c < d; c++) {
            a += row[base + c] * u1[c];
            b += row[base + c] * u2[c];
        }
        return new double[] {a, b};
    }

    /** (⟨v, u1⟩, ⟨v, u2⟩). */
    public static double[] project(double[] v, double[] u1, double[] u2) {
        return project(v, 0, v.length, u1, u2);
    }

    /** "0.1234" with the project's number format. */
    public static String num(double v) {
        return CurvePanels.num(v);
    }

    /** {@code v} with {@code digits} significant digits. */
    public static String num(double v, int digits) {
        return CurvePanels.num(v, digits);
    }

    /** The first iteration of a series at which {@code y ≤ level}, or -1. */
    public static double firstAtOrBelow(double[][] xy, double level) {
        for (int i = 0; i < xy[0].length; i++) {
            if (xy[1][i] <= level) {
                return xy[0][i];
            }
        }
        return -1;
    }
}
