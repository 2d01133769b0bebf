package org.emlab.core.data;

import java.util.random.RandomGenerator;
import org.emlab.core.numeric.Cancellation;

/** Draws from Gaussians with an explicit, seeded {@link RandomGenerator} (never a global one). */
public final class Gaussians {
    private Gaussians() {
    }

    /** Draws between two cancellation checkpoints of a large sample. */
    static final int CHECKPOINT_EVERY = 1 << 16;

    /**
     * {@code n} rows of {@code N(0, I_d)}, row-major. A large sample checks the thread's
     * {@link Cancellation} flag every {@value #CHECKPOINT_EVERY} draws, so starting a huge run can be
     * abandoned (the values drawn do not depend on it).
     */
    public static double[] standardNormal(RandomGenerator rng, int n, int d) {
        double[] x = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < x.length; i++) {
            if (i % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1) {
                Cancellation.checkpoint();
            }
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** A uniformly random unit vector in {@code R^d}. */
    public static double[] unitVector(RandomGenerator rng, int d) {
        double[] u = new double[d];
        double s;
        do {
            s = 0;
            for (int c = 0; c < d; c++) {
                u[c] = rng.nextGaussian();
                s += u[c] * u[c];
            }
        } while (s == 0);
        s = Math.sqrt(s);
        for (int c = 0; c < d; c++) {
            u[c] /= s;
        }
        return u;
    }

    /** Index drawn from the discrete distribution {@code p} (which sums to 1). */
    public static int categorical(RandomGenerator rng, double[] p) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int j = 0; j < p.length; j++) {
            acc += p[j];
            if (u < acc) {
                return j;
            }
        }
        return p.length - 1;
    }
}
