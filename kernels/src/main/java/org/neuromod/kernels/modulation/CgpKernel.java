// The CGP modulator's kernel body: every (member, layer) program evaluated once over its active nodes, with the
// function set, over the packed programs and state of a whole population (layouts in ModulationKernels). CgpGenome
// describes the programs; CgpModulator decodes and packs them.
package org.neuromod.kernels.modulation;

import org.neuromod.kernels.UpdateRule;

public final class CgpKernel {
    private CgpKernel() {
    }

    /** State of one (member, layer): its M previous outputs, then the values (dims[EXTRA] of them) as scratch. */
    public static int width(int maxValues, int M) {
        return M + maxValues;
    }

    /**
     * One evaluation of every (member, layer) program. Values: the O observations, the M previous outputs, then node
     * j at O + M + j; outputs clamped to [0, 1] become the previous outputs and, mapped, hyper (P, L, M).
     * shape: activeStart (P + 1), the output value indexes (P, M), then per active node, in program order, its
     * node index, function, inputs a and b (4 blocks of activeStart[P]); genes: each active node's constant.
     */
    public static void step(float[] hyper, float[] state, float[] obs, float[] genes, int[] shape, int[] dims,
                            float[] mapping) {
        int P = dims[ModulationKernels.P];
        int L = dims[ModulationKernels.L];
        int O = dims[ModulationKernels.O];
        int M = dims[ModulationKernels.M];
        int W = dims[ModulationKernels.W];
        int I = O + M;
        int T = shape[P];
        int nodes = P + 1 + P * M;
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                int v0 = s * W + M;
                for (int i = 0; i < O; i++) {
                    state[v0 + i] = obs[s * O + i];
                }
                for (int k = 0; k < M; k++) {
                    state[v0 + O + k] = state[s * W + k];
                }
                for (int n = shape[p]; n < shape[p + 1]; n++) {
                    state[v0 + I + shape[nodes + n]] = apply(shape[nodes + T + n], state[v0 + shape[nodes + 2 * T + n]],
                            state[v0 + shape[nodes + 3 * T + n]], genes[n]);
                }
                for (int k = 0; k < M; k++) {
                    float v = state[v0 + shape[P + 1 + p * M + k]];
                    float u = v > 0f ? Math.min(v, 1f) : 0f;
                    state[s * W + k] = u;
                    hyper[s * M + k] = UpdateRule.HyperParam.map(u, mapping[k], mapping[M + k],
                            (int) mapping[2 * M + k]);
                }
            }
        }
    }

    /**
     * The function set (names and arities on CgpGenome): every result finite, within [-1e6, 1e6] (protected
     * division and root).
     */
    public static float apply(int function, float x, float y, float c) {
        float v;
        switch (function) {
            case 0: v = x + y; break;
            case 1: v = x - y; break;
            case 2: v = x * y; break;
            case 3: v = Math.abs(y) > 1e-6f ? x / y : 1f; break;
            case 4: v = Math.min(x, y); break;
            case 5: v = Math.max(x, y); break;
            case 6: v = Math.abs(x); break;
            case 7: v = (float) Math.sqrt(Math.abs(x)); break;
            case 8: v = (float) Math.tanh(x); break;
            case 9: v = (float) Math.exp(-x * x); break;
            case 10: v = c; break;
            default: v = 0.5f * x; break;
        }
        // NaN fails both comparisons and becomes 0
        return v >= -1e6f ? Math.min(v, 1e6f) : (v < -1e6f ? -1e6f : 0f);
    }
}
