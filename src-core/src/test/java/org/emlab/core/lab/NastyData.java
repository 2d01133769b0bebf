package org.emlab.core.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.emlab.core.data.Dataset;

/**
 * Valid but nasty user data for the fuzz test, made from a generated sample: one huge outlier,
 * only a few distinct (duplicated) rows, a cluster collapsed onto one point, or two (nearly)
 * collinear columns. The result is a table as a CSV import gives it (every column in {@code x}, the
 * response of a regression sample last).
 */
final class NastyData {
    /** Size of the outlier relative to the data. */
    static final double OUTLIER = 1e9;

    enum Kind { OUTLIER, DUPLICATES, COLLAPSED_CLUSTER, COLLINEAR }

    private NastyData() {
    }

    static Dataset of(Dataset generated, RandomGenerator rng) {
        Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
        int n = generated.n();
        int d = generated.d();
        boolean withY = generated.y() != null;
        int w = d + (withY ? 1 : 0);
        double[] t = new double[n * w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                t[i * w + c] = generated.x(i, c);
            }
            if (withY) {
                t[i * w + d] = generated.y()[i];
            }
        }
        switch (kind) {
            case OUTLIER -> {
                int i = rng.nextInt(n);
                for (int c = 0; c < w; c++) {
                    t[i * w + c] = (rng.nextBoolean() ? OUTLIER : -OUTLIER) * (1 + Math.abs(t[i * w + c]));
                }
            }
            case DUPLICATES -> {
                int distinct = 2 + rng.nextInt(3);
                for (int i = distinct; i < n; i++) {
                    System.arraycopy(t, (i % distinct) * w, t, i * w, w);
                }
            }
            case COLLAPSED_CLUSTER -> {
                int from = rng.nextInt(n);
                int len = Math.max(2, n / 5);
                for (int i = from + 1; i < Math.min(n, from + len); i++) {
                    System.arraycopy(t, from * w, t, i * w, w);
                }
            }
            case COLLINEAR -> {
                if (w >= 2) {
                    for (int i = 0; i < n; i++) {
                        t[i * w + 1] = 2 * t[i * w] + (rng.nextBoolean() ? 1e-13 : 0);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < d; c++) {
            names.add("x_" + (c + 1));
        }
        if (withY) {
            names.add("y");
        }
        return new Dataset(n, w, t, null, null, null, names, kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The kind of a data set made here (kept in its {@code yName}, which a table does not use). */
    static String describe(Dataset table) {
        return table.yName() + " data (" + table.n() + " × " + table.d() + ")";
    }
}
