// What a modulator sees of each network and layer every step: a documented, versioned list of signals, each in
// [0, 1], computed from the step statistics and the loss by one kernel-safe body over flat arrays for a whole
// population, with a thin object holding the running averages between steps.
package org.neuromod.kernels.modulation;

import java.util.List;

import org.neuromod.kernels.Stats;

/**
 * Version 1 of the observations, per (member p, layer l), in this order:
 * <ol start="0">
 *   <li>{@code progress}: t / T, the fraction of the run done;</li>
 *   <li>{@code depth}: l / (L - 1), 0 for a single layer;</li>
 *   <li>{@code loss}: the smoothed loss s squashed as s / (1 + s);</li>
 *   <li>{@code lossTrend}: slow / (slow + fast) of a slow and a fast running mean of the loss: 0.5 when flat,
 *       above when the loss falls;</li>
 *   <li>{@code gradNorm}, {@code weightNorm}, {@code updateNorm}: the layer's norm relative to its own running
 *       mean, r squashed as r / (1 + r): 0.5 at the mean;</li>
 *   <li>{@code agreement}: (1 + cos) / 2 of the cosine between the gradient and the previous update.</li>
 * </ol>
 * A ratio to a zero or unset mean is 0.5 when the value is zero too and 1 otherwise, never NaN. Running means
 * start as plain means and become exponential ones after 1/rate steps; they update every step from step 1 on
 * (step 0 has no history and sees the values of all-zero statistics). Member p's observations depend only on
 * member p's history.
 */
public final class Observations {
    public static final int VERSION = 1;
    public static final List<String> NAMES = List.of("progress", "depth", "loss", "lossTrend", "gradNorm",
            "weightNorm", "updateNorm", "agreement");
    /** O, observations per (member, layer). */
    public static final int COUNT = 8;

    public static final int PROGRESS = 0;
    public static final int DEPTH = 1;
    public static final int LOSS = 2;
    public static final int LOSS_TREND = 3;
    public static final int GRAD_NORM = 4;
    public static final int WEIGHT_NORM = 5;
    public static final int UPDATE_NORM = 6;
    public static final int AGREEMENT = 7;

    /** Rates of the running means: the loss's smoothed and slow means, its fast mean, the norms' means. */
    static final float SLOW_RATE = 0.01f;
    static final float FAST_RATE = 0.1f;
    static final float NORM_RATE = 0.01f;

    /** Per member: count, smoothed (slow) loss, fast loss. */
    static final int MEMBER_MEMORY = 3;
    /** Per (member, layer): running means of the gradient, weight and update norms. */
    static final int LAYER_MEMORY = 3;

    private final int P;
    private final int L;
    private final float[] memory; // (memorySize(P, L)) the running means
    private final float[] obs;    // (P, L, O)

    public Observations(int population, int layers) {
        this.P = population;
        this.L = layers;
        memory = new float[memorySize(P, L)];
        obs = new float[P * L * COUNT];
    }

    /** The running means of P members and L layers: (P, MEMBER_MEMORY), then (P, L, LAYER_MEMORY). */
    public static int memorySize(int P, int L) {
        return P * MEMBER_MEMORY + P * L * LAYER_MEMORY;
    }

    /** Forgets all history (a new training run). */
    public void reset() {
        java.util.Arrays.fill(memory, 0f);
    }

    /**
     * Updates the running means with step t-1's outcome (from step 1 on) and returns this step's observations
     * (P, L, O); the array is reused, so copy what must outlive the next call.
     */
    public float[] observe(long step, long totalSteps, float[] loss, float[] stats) {
        compute(obs, memory, loss, stats, P, L, step, totalSteps);
        return obs;
    }

    /**
     * The kernel-safe body: obs (P, L, O) from loss (P) and stats (P, L, S) of the previous step, updating
     * memory ({@link #memorySize}: per member count, smoothed and fast loss; then per (member, layer) the norms'
     * means) in place when step > 0.
     */
    public static void compute(float[] obs, float[] memory, float[] loss, float[] stats, int P, int L, long step,
                               long totalSteps) {
        float progress = totalSteps > 0 ? Math.min(1f, (float) step / totalSteps) : 0f;
        int layers = P * MEMBER_MEMORY;
        for (int p = 0; p < P; p++) {
            int m = p * MEMBER_MEMORY;
            if (step > 0) {
                float count = memory[m] + 1f;
                memory[m] = count;
                memory[m + 1] = runningMean(memory[m + 1], finite(loss[p]), count, SLOW_RATE);
                memory[m + 2] = runningMean(memory[m + 2], finite(loss[p]), count, FAST_RATE);
            }
            float slow = memory[m + 1];
            float fast = memory[m + 2];
            float smoothed = slow / (1f + slow);
            float trend = slow + fast > 0f ? slow / (slow + fast) : 0.5f;
            for (int l = 0; l < L; l++) {
                int s = (p * L + l) * Stats.COUNT;
                int lm = layers + (p * L + l) * LAYER_MEMORY;
                int o = (p * L + l) * COUNT;
                float grad = (float) Math.sqrt(finite(stats[s + Stats.GRAD_SQ]));
                float weight = (float) Math.sqrt(finite(stats[s + Stats.WEIGHT_SQ]));
                float update = (float) Math.sqrt(finite(stats[s + Stats.UPDATE_SQ]));
                if (step > 0) {
                    float count = memory[m];
                    memory[lm] = runningMean(memory[lm], grad, count, NORM_RATE);
                    memory[lm + 1] = runningMean(memory[lm + 1], weight, count, NORM_RATE);
                    memory[lm + 2] = runningMean(memory[lm + 2], update, count, NORM_RATE);
                }
                obs[o + PROGRESS] = progress;
                obs[o + DEPTH] = L > 1 ? (float) l / (L - 1) : 0f;
                obs[o + LOSS] = smoothed;
                obs[o + LOSS_TREND] = trend;
                obs[o + GRAD_NORM] = relative(grad, memory[lm]);
                obs[o + WEIGHT_NORM] = relative(weight, memory[lm + 1]);
                obs[o + UPDATE_NORM] = relative(update, memory[lm + 2]);
                float cos = stats[s + Stats.GRAD_UPDATE_COS];
                obs[o + AGREEMENT] = cos >= -1f && cos <= 1f ? 0.5f * (1f + cos) : 0.5f;
            }
        }
    }

    /** The mean of the first n values, then an exponential mean of the given rate. */
    static float runningMean(float mean, float value, float n, float rate) {
        float weight = Math.max(rate, 1f / n);
        return mean + weight * (value - mean);
    }

    /** r / (1 + r) of r = value / mean; 0.5 when both are zero, 1 when only the mean is. */
    static float relative(float value, float mean) {
        if (mean > 0f) {
            float r = value / mean;
            return r / (1f + r);
        }
        return value > 0f ? 1f : 0.5f;
    }

    /** Non-finite inputs (a diverged network) count as a very large value, so no NaN enters the means. */
    private static float finite(float v) {
        return v >= 0f && v <= Float.MAX_VALUE ? v : v < 0f ? 0f : Float.MAX_VALUE;
    }
}
