// Per-(network, layer) raw sums measured each step before the update: the gradient's and the weights' squared
// norms, and how this gradient relates to the previous update. Stats.finish turns them into the statistics.
package org.neuromod.kernels;

public final class LayerStats {
    private LayerStats() {
    }

    /**
     * raw (P, L, RAW_COUNT): GRAD_SQ, WEIGHT_SQ, RAW_GRAD_DOT_PREVIOUS and RAW_PREVIOUS_SQ of every network's
     * layer segments, where the previous update is state buffer {@code previous} of (stateBuffers, P,
     * paramsPerNet). Layer l of network p spans [p*paramsPerNet + layerStart[l], p*paramsPerNet + layerStart[l+1]).
     */
    public static void compute(float[] raw, float[] params, float[] grads, float[] state, int previous,
                               int[] layerStart, int P, int L, int paramsPerNet) {
        int n = P * paramsPerNet;
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                float g2 = 0f;
                float w2 = 0f;
                float gu = 0f;
                float u2 = 0f;
                for (int i = p * paramsPerNet + layerStart[l]; i < p * paramsPerNet + layerStart[l + 1]; i++) {
                    float u = state[previous * n + i];
                    g2 = Math.fma(grads[i], grads[i], g2);
                    w2 = Math.fma(params[i], params[i], w2);
                    gu = Math.fma(grads[i], u, gu);
                    u2 = Math.fma(u, u, u2);
                }
                int at = (p * L + l) * Stats.RAW_COUNT;
                raw[at + Stats.GRAD_SQ] = g2;
                raw[at + Stats.WEIGHT_SQ] = w2;
                raw[at + Stats.RAW_GRAD_DOT_PREVIOUS] = gu;
                raw[at + Stats.RAW_PREVIOUS_SQ] = u2;
            }
        }
    }
}
