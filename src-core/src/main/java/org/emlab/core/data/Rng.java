package org.emlab.core.data;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The one place a run's {@link RandomGenerator} is made from its seed. The algorithm is fixed
 * (L64X128MixRandom, JDK 17) so the same seed gives the same data on every machine and JDK.
 * Independent streams for different purposes (data, initialisation) are derived by
 * {@link #stream(long, long)}, so changing how many numbers one purpose draws never shifts
 * another.
 */
public final class Rng {
    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of("L64X128MixRandom");
    /** Stream id of the sample. */
    public static final long DATA = 1;
    /** Stream id of the initialisation. */
    public static final long INIT = 2;
    /** Stream id of a fixed population Monte Carlo proxy. */
    public static final long POPULATION = 3;

    private Rng() {
    }

    /** The generator for {@code seed}. */
    public static RandomGenerator of(long seed) {
        return FACTORY.create(seed);
    }

    /** An independent generator for purpose {@code stream} of run {@code seed}. */
    public static RandomGenerator stream(long seed, long stream) {
        return FACTORY.create(mix(seed) ^ mix(stream * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    /** {@code k} distinct indices of {@code 0..n-1}, uniformly at random (the first k of a partial Fisher–Yates shuffle). */
    public static int[] distinctIndices(RandomGenerator rng, int n, int k) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return java.util.Arrays.copyOf(perm, k);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
