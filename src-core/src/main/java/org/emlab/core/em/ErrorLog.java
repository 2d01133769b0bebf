package org.emlab.core.em;

import java.util.Arrays;

/**
 * The error estimates of a run's recorded rows, by iteration (docs/labs/README.md, "Display floors,
 * stopping rules and tolerances"): a population engine puts the estimates of each row it writes here
 * (for example the estimated error ε of its KL column), and the run's panels read them back to mark
 * values at or below ε as ≈ 0. They are kept beside the trajectory, not in it, so that the lab's
 * columns stay the catalogue's. A row recomputed after a restore overwrites its entry with the same
 * values (runs are deterministic). Above {@link #MAX_ENTRIES} entries every other one is dropped.
 */
public final class ErrorLog {
    /** Most entries kept; then every other one is dropped (the newest is always kept). */
    public static final int MAX_ENTRIES = 1 << 20;

    private final int width;
    private int[] iterations = new int[64];
    private double[] values;
    private int size;

    /** A log of {@code width} estimates per row. */
    public ErrorLog(int width) {
        this.width = width;
        this.values = new double[64 * width];
    }

    /** Records the estimates of the row at {@code iteration}. */
    public synchronized void put(int iteration, double... v) {
        int i = Arrays.binarySearch(iterations, 0, size, iteration);
        if (i < 0) {
            if (size == MAX_ENTRIES) {
                thin();
                i = Arrays.binarySearch(iterations, 0, size, iteration);
                if (i >= 0) {
                    System.arraycopy(v, 0, values, i * width, width);
                    return;
                }
            }
            i = -i - 1;
            if (size == iterations.length) {
                iterations = Arrays.copyOf(iterations, 2 * size);
                values = Arrays.copyOf(values, 2 * size * width);
            }
            System.arraycopy(iterations, i, iterations, i + 1, size - i);
            System.arraycopy(values, i * width, values, (i + 1) * width, (size - i) * width);
            iterations[i] = iteration;
            size++;
        }
        System.arraycopy(v, 0, values, i * width, width);
    }

    private void thin() {
        int k = 0;
        for (int j = 0; j < size; j++) {
            if (j % 2 == 0 || j == size - 1) {
                iterations[k] = iterations[j];
                System.arraycopy(values, j * width, values, k * width, width);
                k++;
            }
        }
        size = k;
    }

    /** Estimate {@code k} of the row at {@code iteration}, or NaN when that row was not logged. */
    public synchronized double get(int iteration, int k) {
        int i = Arrays.binarySearch(iterations, 0, size, iteration);
        return i < 0 ? Double.NaN : values[i * width + k];
    }

    /** The largest estimate {@code k} over the rows logged up to {@code iteration} (0 when none). */
    public synchronized double max(int k, int iteration) {
        double m = 0;
        for (int i = 0; i < size && iterations[i] <= iteration; i++) {
            double v = values[i * width + k];
            if (v > m) {
                m = v;
            }
        }
        return m;
    }
}
