// Applies an update rule over every (network, layer) segment: w += delta(rule), and records the update's
// squared norm in the raw statistics. Also zeroes buffers (gradients, optimizer state).
package org.neuromod.kernels;

public final class Updates {
    private Updates() {
    }

    /**
     * For every network p and layer l: each parameter i of the segment moves by
     * UpdateRules.delta(rule, w, g, state, i, n, hyper, (p*L + l)*K); raw (P, L, RAW_COUNT)[UPDATE_SQ] gets the
     * sum of squared deltas. params, grads (P, paramsPerNet); state (stateBuffers, P, paramsPerNet); hyper (P, L, K).
     */
    public static void apply(float[] params, float[] state, float[] raw, float[] grads, float[] hyper,
                             int[] layerStart, int P, int L, int K, int paramsPerNet, int rule) {
        int n = P * paramsPerNet;
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int h = (p * L + l) * K;
                float sq = 0f;
                for (int i = p * paramsPerNet + layerStart[l]; i < p * paramsPerNet + layerStart[l + 1]; i++) {
                    float d = UpdateRules.delta(rule, params[i], grads[i], state, i, n, hyper, h);
                    params[i] += d;
                    sq = Math.fma(d, d, sq);
                }
                raw[(p * L + l) * Stats.RAW_COUNT + Stats.UPDATE_SQ] = sq;
            }
        }
    }

    /** buffer (N) = 0: clears gradients or optimizer state. */
    public static void zero(float[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            buffer[i] = 0f;
        }
    }
}
