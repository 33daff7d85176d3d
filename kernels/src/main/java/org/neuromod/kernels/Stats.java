// Names of the per-(network, layer) statistics a step measures: stats (P, L, S).
package org.neuromod.kernels;

/**
 * Slot names of the statistics read back after every step, the modulators' input. Squared L2 norms over the
 * layer's whole parameter segment (weights and bias).
 */
public final class Stats {
    /** Squared norm of this step's gradient. */
    public static final int GRAD_SQ = 0;
    /** Squared norm of the weights before this step's update. */
    public static final int WEIGHT_SQ = 1;
    /** Squared norm of the update this step applied. */
    public static final int UPDATE_SQ = 2;
    /** Number of statistics per (network, layer). */
    public static final int COUNT = 3;

    private static final String[] NAMES = {"gradSq", "weightSq", "updateSq"};

    private Stats() {
    }

    public static String name(int slot) {
        return NAMES[slot];
    }
}
