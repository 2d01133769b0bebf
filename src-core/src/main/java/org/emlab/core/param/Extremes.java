package org.emlab.core.param;

/**
 * The valid-but-nasty ends every lab's parameter ranges reach, where the parameter exists, and
 * which every algorithm must survive with finite values (checked by the seeded fuzz test over every
 * lab). A lab may allow more; it must not allow less without a reason in its Javadoc.
 */
public final class Extremes {
    /** Smallest noise level a lab must accept: σ down to 1e-6 (the open range (0, …] allows it). */
    public static final double MIN_SIGMA = 1e-6;
    /** Smallest positive signal-to-noise ratio ‖θ*‖/σ. */
    public static final double MIN_SNR = 1e-3;
    /** Largest signal-to-noise ratio ‖θ*‖/σ. */
    public static final double MAX_SNR = 1e6;
    /** Smallest mixing weight (a true or initial weight can be this close to 0 ...). */
    public static final double MIN_WEIGHT = 1e-9;
    /** ... or to 1. */
    public static final double MAX_WEIGHT = 1 - MIN_WEIGHT;
    /** Largest dimension d. */
    public static final int MAX_DIMENSION = 200;
    /** Largest number of fitted components k. */
    public static final int MAX_COMPONENTS = 16;

    private Extremes() {
    }
}
