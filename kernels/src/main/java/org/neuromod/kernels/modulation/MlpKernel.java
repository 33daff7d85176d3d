// The MLP modulator's kernel body: every (member, layer) network (one tanh hidden layer) evaluated once, over the
// packed weights and state of a whole population (layouts in ModulationKernels). MlpModulator packs the genomes.
package org.neuromod.kernels.modulation;

import org.neuromod.kernels.UpdateRule;

public final class MlpKernel {
    private MlpKernel() {
    }

    /**
     * One evaluation of every (member, layer) network; its outputs u = sigmoid(z) become the state (the M previous
     * outputs) and, mapped, hyper (P, L, M). Inputs: the O observations, then the previous outputs. shape: the
     * starts of b1, w2 and b2 in genes (3), then hidden H_p (P), offset1 (P), offset2 (P); genes: w1 (H_p, O + M)
     * of member p at offset1[p] * (O + M), b1 at start + offset1[p], w2 (M, H_p) at start + offset2[p], b2 (P, M).
     * Sums run in input order; each output recomputes the hidden layer (H <= 16 units of 10 or so inputs) so the
     * body needs no scratch; hyper holds the pre-activations until every output of the (member, layer) has read
     * the previous state.
     */
    public static void step(float[] hyper, float[] state, float[] obs, float[] genes, int[] shape, int[] dims,
                            float[] mapping) {
        int P = dims[ModulationKernels.P];
        int L = dims[ModulationKernels.L];
        int O = dims[ModulationKernels.O];
        int M = dims[ModulationKernels.M];
        int W = dims[ModulationKernels.W];
        int I = O + M;
        int b1 = shape[0];
        int w2 = shape[1];
        int b2 = shape[2];
        for (int p = 0; p < P; p++) {
            int H = shape[3 + p];
            int offset1 = shape[3 + P + p];
            int offset2 = shape[3 + 2 * P + p];
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                for (int k = 0; k < M; k++) {
                    float z = genes[b2 + p * M + k];
                    for (int j = 0; j < H; j++) {
                        int w = (offset1 + j) * I;
                        float a = genes[b1 + offset1 + j];
                        for (int i = 0; i < O; i++) {
                            a += genes[w + i] * obs[s * O + i];
                        }
                        for (int i = 0; i < M; i++) {
                            a += genes[w + O + i] * state[s * W + i];
                        }
                        z += genes[w2 + offset2 + k * H + j] * (float) Math.tanh(a);
                    }
                    hyper[s * M + k] = z;
                }
                for (int k = 0; k < M; k++) {
                    float u = 1f / (1f + (float) Math.exp(-hyper[s * M + k]));
                    state[s * W + k] = u;
                    hyper[s * M + k] = UpdateRule.HyperParam.map(u, mapping[k], mapping[M + k],
                            (int) mapping[2 * M + k]);
                }
            }
        }
    }
}
