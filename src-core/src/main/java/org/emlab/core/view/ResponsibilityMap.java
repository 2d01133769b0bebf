package org.emlab.core.view;

import java.util.ArrayList;
import java.util.List;
import org.emlab.core.figure.Layer;

/**
 * The E-step drawn over the data's region when the data are a density (a large sample or the
 * population): a grid of cells, each in the colour of the component most responsible for a point
 * there, as opaque as that responsibility is sure (and fainter where the data are sparse). What the E
 * half-step computed, shown where there are no individual points to recolour. One raster layer per
 * component, so exports and the window draw it as images.
 */
public final class ResponsibilityMap {
    /** Cells per side of the grid. */
    public static final int CELLS = 48;

    private ResponsibilityMap() {
    }

    /** The components' log-weights {@code a_j(x, y)} up to a constant; the responsibility is their softmax. */
    @FunctionalInterface
    public interface Scores {
        /** Writes the k log-scores at (x, y) into {@code out}. */
        void at(double x, double y, double[] out);
    }

    /**
     * The map over {@code [x0, x1] × [y0, y1]} for k components; {@code weightAt} (may be null) scales
     * each cell's opacity by the data density there, in [0, 1], so empty regions stay faint. The first
     * layer is named {@code name} (one legend entry); the others have no name.
     */
    public static List<Layer> of(String name, Scores scores, int k, double x0, double x1, double y0, double y1,
                                 java.util.function.DoubleBinaryOperator weightAt) {
        float[][] values = new float[k][CELLS * CELLS];
        double[] a = new double[k];
        for (int r = 0; r < CELLS; r++) {
            for (int c = 0; c < CELLS; c++) {
                double x = x0 + (c + 0.5) * (x1 - x0) / CELLS;
                double y = y0 + (r + 0.5) * (y1 - y0) / CELLS;
                scores.at(x, y, a);
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    if (a[j] > max) {
                        max = a[j];
                        best = j;
                    }
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Double.isFinite(a[j]) ? Math.exp(a[j] - max) : 0;
                }
                double top = 1 / sum;
                double sure = k == 1 ? 1 : Math.max(0, Math.min(1, (top - 1.0 / k) / (1.0 - 1.0 / k)));
                double w = weightAt == null ? 1 : Math.max(0, Math.min(1, weightAt.applyAsDouble(x, y)));
                values[best][r * CELLS + c] = (float) ((0.10 + 0.45 * sure) * (0.3 + 0.7 * w));
            }
        }
        List<Layer> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(new Layer.Raster(j == 0 ? name : null, x0, x1, y0, y1, CELLS, CELLS, values[j], j));
        }
        return out;
    }
}
