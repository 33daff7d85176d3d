// The per-(network, layer) statistics every step measures, stats (P, L, S): the modulators' view of each
// layer. A declared, versioned list, so saved modulators and traces keep meaning what they meant.
package org.neuromod.kernels;

import java.util.List;

/**
 * Version 2 of the statistics, in this order (norms are over the layer's whole segment, weights and bias):
 * <ol start="0">
 *   <li>{@code gradSq}: squared L2 norm of this step's gradient;</li>
 *   <li>{@code weightSq}: squared norm of the weights before this step's update;</li>
 *   <li>{@code updateSq}: squared norm of the update this step applied;</li>
 *   <li>{@code gradUpdateCos}: cosine between this step's gradient and the previous step's update, in [-1, 1]
 *       (0 when either is zero, as on the first step); negative when the step keeps going where the gradient
 *       rises, i.e. successive steps agree when it is near -1.</li>
 * </ol>
 * Backends reduce {@link #RAW_COUNT} raw sums per segment and turn them into these with {@link #finish}.
 */
public final class Stats {
    /** Bumped whenever a statistic is added, removed or redefined. */
    public static final int VERSION = 2;

    public static final int GRAD_SQ = 0;
    public static final int WEIGHT_SQ = 1;
    public static final int UPDATE_SQ = 2;
    public static final int GRAD_UPDATE_COS = 3;
    /** S, statistics per (network, layer). */
    public static final int COUNT = 4;

    /** Raw sums: the first three slots as above, then the gradient · previous update and the previous update's squared norm. */
    public static final int RAW_GRAD_DOT_PREVIOUS = 3;
    public static final int RAW_PREVIOUS_SQ = 4;
    public static final int RAW_COUNT = 5;

    public static final List<String> NAMES = List.of("gradSq", "weightSq", "updateSq", "gradUpdateCos");

    private Stats() {
    }

    public static String name(int slot) {
        return NAMES.get(slot);
    }

    /** stats (segments, S) from raw (segments, RAW_COUNT); segments = P * L. Kernel-safe. */
    public static void finish(float[] stats, float[] raw, int segments) {
        for (int s = 0; s < segments; s++) {
            finishSegment(stats, raw, s);
        }
    }

    /** The body of {@link #finish} for one segment. */
    public static void finishSegment(float[] stats, float[] raw, int s) {
        int r = s * RAW_COUNT;
        int o = s * COUNT;
        float gradSq = raw[r + GRAD_SQ];
        stats[o + GRAD_SQ] = gradSq;
        stats[o + WEIGHT_SQ] = raw[r + WEIGHT_SQ];
        stats[o + UPDATE_SQ] = raw[r + UPDATE_SQ];
        double norms = Math.sqrt((double) gradSq * raw[r + RAW_PREVIOUS_SQ]);
        float cos = 0f;
        if (norms > 0) {
            cos = (float) Math.max(-1.0, Math.min(1.0, raw[r + RAW_GRAD_DOT_PREVIOUS] / norms));
        }
        stats[o + GRAD_UPDATE_COS] = cos;
    }
}
