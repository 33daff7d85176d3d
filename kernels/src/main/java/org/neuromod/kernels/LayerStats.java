// Per-(network, layer) statistics measured on the device each step: the modulators' view of each layer.
package org.neuromod.kernels;

public final class LayerStats {
    private LayerStats() {
    }

    /**
     * stats (P, L, S): GRAD_SQ and WEIGHT_SQ of every network's layer segments. Layer l of network p spans
     * [p*paramsPerNet + layerStart[l], p*paramsPerNet + layerStart[l+1]); layerStart has L+1 entries.
     */
    public static void compute(float[] stats, float[] params, float[] grads, int[] layerStart,
                               int P, int L, int paramsPerNet) {
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                float g2 = 0f;
                float w2 = 0f;
                for (int i = p * paramsPerNet + layerStart[l]; i < p * paramsPerNet + layerStart[l + 1]; i++) {
                    g2 = Math.fma(grads[i], grads[i], g2);
                    w2 = Math.fma(params[i], params[i], w2);
                }
                stats[(p * L + l) * Stats.COUNT + Stats.GRAD_SQ] = g2;
                stats[(p * L + l) * Stats.COUNT + Stats.WEIGHT_SQ] = w2;
            }
        }
    }
}
