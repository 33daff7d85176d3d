// A population of MLP neuromodulators: member p is driven by its own genome's network, one independent state (its
// previous outputs) per (member, layer). The per-step computation is one kernel-safe static body over flat arrays
// for all P members; this class packs the genomes (PopulationModulator keeps the observations and the period).
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;

public final class MlpModulator extends FeedbackModulator {
    private final int[] hidden;      // (P) H_p
    private final int[] offset1;     // (P) start of member p's w1 (H_p, I) and b1 (H_p) in weights1 / bias1
    private final int[] offset2;     // (P) start of member p's w2 (M, H_p) in weights2
    private final float[] weights1;
    private final float[] bias1;
    private final float[] weights2;
    private final float[] bias2;     // (P, M)

    public MlpModulator(UpdateRule rule, MlpGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery);
        hidden = new int[P];
        offset1 = new int[P];
        offset2 = new int[P];
        int h = 0;
        for (int p = 0; p < P; p++) {
            genomes[p].validate(rule);
            hidden[p] = genomes[p].hidden();
            offset1[p] = h;
            h += hidden[p];
        }
        weights1 = new float[h * I];
        bias1 = new float[h];
        weights2 = new float[h * M];
        bias2 = new float[P * M];
        for (int p = 0; p < P; p++) {
            MlpGenome g = genomes[p];
            offset2[p] = offset1[p] * M;
            for (int i = 0; i < g.w1().size(); i++) {
                weights1[offset1[p] * I + i] = g.w1().get(i).floatValue();
            }
            for (int j = 0; j < hidden[p]; j++) {
                bias1[offset1[p] + j] = g.b1().get(j).floatValue();
            }
            for (int i = 0; i < g.w2().size(); i++) {
                weights2[offset2[p] + i] = g.w2().get(i).floatValue();
            }
            for (int k = 0; k < M; k++) {
                bias2[p * M + k] = g.b2().get(k).floatValue();
            }
        }
    }

    @Override
    void step(float[] obs) {
        step(out, previous, obs, weights1, bias1, weights2, bias2, hidden, offset1, offset2, P, L, Observations.COUNT, M,
                low, high, log);
    }

    /**
     * The kernel-safe body: every (member, layer) network evaluated once; its outputs u become the state and,
     * mapped, hyper (P, L, M). obs (P, L, O); state (P, L, M); member p's w1 (H_p, O + M) at offset1[p] * (O + M),
     * b1 (H_p) at offset1[p], w2 (M, H_p) at offset2[p], b2 (M) at p * M. Sums run in input order; each output
     * recomputes the hidden layer (H <= 16 units of 10 or so inputs) so the body needs no scratch; hyper holds the
     * pre-activations until every output of the (member, layer) has read the previous state.
     */
    public static void step(float[] hyper, float[] state, float[] obs, float[] weights1, float[] bias1,
                            float[] weights2, float[] bias2, int[] hidden, int[] offset1, int[] offset2, int P, int L,
                            int O, int M, float[] low, float[] high, int[] log) {
        int I = O + M;
        for (int p = 0; p < P; p++) {
            int H = hidden[p];
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                for (int k = 0; k < M; k++) {
                    float z = bias2[p * M + k];
                    for (int j = 0; j < H; j++) {
                        int w = (offset1[p] + j) * I;
                        float a = bias1[offset1[p] + j];
                        for (int i = 0; i < O; i++) {
                            a += weights1[w + i] * obs[s * O + i];
                        }
                        for (int i = 0; i < M; i++) {
                            a += weights1[w + O + i] * state[s * M + i];
                        }
                        z += weights2[offset2[p] + k * H + j] * (float) Math.tanh(a);
                    }
                    hyper[s * M + k] = z;
                }
                for (int k = 0; k < M; k++) {
                    float u = 1f / (1f + (float) Math.exp(-hyper[s * M + k]));
                    state[s * M + k] = u;
                    hyper[s * M + k] = UpdateRule.HyperParam.map(u, low[k], high[k], log[k]);
                }
            }
        }
    }
}
