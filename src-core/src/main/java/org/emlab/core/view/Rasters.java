package org.emlab.core.view;

import org.emlab.core.figure.Layer;

/**
 * Density images of large scatters: {@code n} points are binned on a grid, and the counts mapped
 * to opacities with a square-root curve so that both the core and the tails stay visible. Far
 * cheaper to draw than one marker per point (ChartFX draws about 2e4 markers per frame at most).
 */
public final class Rasters {
    /** Above this many points, scatter data are drawn as a density image. */
    public static final int MAX_MARKERS = 3_000;

    private Rasters() {
    }

    /**
     * Bins coordinates {@code (xs[i·stride + cx], xs[i·stride + cy])} of {@code n} rows into an
     * {@code nx × ny} grid over the given range.
     */
    public static Layer.Raster density(String name, double[] xs, int n, int stride, int cx, int cy, double x0, double x1,
                                       double y0, double y1, int nx, int ny, int color) {
        float[] v = new float[nx * ny];
        double sx = nx / (x1 - x0);
        double sy = ny / (y1 - y0);
        for (int i = 0; i < n; i++) {
            double a = xs[i * stride + cx];
            double b = xs[i * stride + cy];
            int gx = (int) Math.floor((a - x0) * sx);
            int gy = (int) Math.floor((b - y0) * sy);
            if (gx >= 0 && gx < nx && gy >= 0 && gy < ny) {
                v[gy * nx + gx] += 1f;
            }
        }
        normalise(v);
        return new Layer.Raster(name, x0, x1, y0, y1, nx, ny, v, color);
    }

    /** An analytic density {@code f(x, y)} sampled at cell centres. */
    public static Layer.Raster function(String name, java.util.function.DoubleBinaryOperator f, double x0, double x1,
                                        double y0, double y1, int nx, int ny, int color) {
        float[] v = new float[nx * ny];
        for (int gy = 0; gy < ny; gy++) {
            double y = y0 + (gy + 0.5) * (y1 - y0) / ny;
            for (int gx = 0; gx < nx; gx++) {
                double x = x0 + (gx + 0.5) * (x1 - x0) / nx;
                v[gy * nx + gx] = (float) f.applyAsDouble(x, y);
            }
        }
        normalise(v);
        return new Layer.Raster(name, x0, x1, y0, y1, nx, ny, v, color);
    }

    private static void normalise(float[] v) {
        float max = 0;
        for (float f : v) {
            max = Math.max(max, f);
        }
        if (max <= 0) {
            return;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sqrt(v[i] / max) * 0.85f;
        }
    }
}
