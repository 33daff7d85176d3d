// A population of CGP neuromodulators: member p runs its own program, decoded once to its active nodes, with
// one independent state (its previous outputs) per (member, layer). The per-step dynamics is one kernel-safe
// static body over flat arrays for all P members; this class packs the programs and holds the state.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;

public final class CgpModulator extends FeedbackModulator {
    // member p's active nodes are entries activeStart[p] .. activeStart[p+1] of these, in program order
    private final int[] node;       // node index j (its value lives at I + j)
    private final int[] function;
    private final int[] inA;
    private final int[] inB;
    private final float[] constant;
    private final int[] activeStart; // (P + 1)
    private final int[] outputs;     // (P, M) value indexes
    private final int maxValues;     // I + the most nodes of any member
    private float[] values;          // (P, L, maxValues) scratch

    public CgpModulator(UpdateRule rule, CgpGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery);
        activeStart = new int[P + 1];
        outputs = new int[P * M];
        int total = 0;
        int most = 0;
        boolean[][] active = new boolean[P][];
        for (int p = 0; p < P; p++) {
            genomes[p].validate(rule);
            active[p] = genomes[p].active(rule);
            for (boolean a : active[p]) {
                total += a ? 1 : 0;
            }
            most = Math.max(most, genomes[p].nodes().size());
        }
        maxValues = I + most;
        node = new int[total];
        function = new int[total];
        inA = new int[total];
        inB = new int[total];
        constant = new float[total];
        int at = 0;
        for (int p = 0; p < P; p++) {
            activeStart[p] = at;
            for (int j = 0; j < active[p].length; j++) {
                if (active[p][j]) {
                    CgpGenome.Node n = genomes[p].nodes().get(j);
                    node[at] = j;
                    function[at] = n.function();
                    inA[at] = n.a();
                    inB[at] = n.b();
                    constant[at] = (float) n.constant();
                    at++;
                }
            }
            for (int k = 0; k < M; k++) {
                outputs[p * M + k] = genomes[p].outputs().get(k);
            }
        }
        activeStart[P] = at;
    }

    @Override
    void allocate() {
        super.allocate();
        values = new float[P * L * maxValues];
    }

    @Override
    void step(float[] obs) {
        step(out, previous, values, obs, node, function, inA, inB, constant, activeStart, outputs, P, L,
                Observations.COUNT, M, maxValues, low, high, log);
    }

    /**
     * The kernel-safe body: every (member, layer) program evaluated once over its active nodes; outputs clamped to
     * [0, 1] become the state and, mapped, hyper (P, L, M). obs (P, L, O); state (P, L, M); values (P, L,
     * maxValues) scratch holding the O observations, the M previous outputs, then node j at O + M + j.
     */
    public static void step(float[] hyper, float[] state, float[] values, float[] obs, int[] node, int[] function,
                            int[] inA, int[] inB, float[] constant, int[] activeStart, int[] outputs, int P, int L,
                            int O, int M, int maxValues, float[] low, float[] high, int[] log) {
        int I = O + M;
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                int v0 = s * maxValues;
                for (int i = 0; i < O; i++) {
                    values[v0 + i] = obs[s * O + i];
                }
                for (int k = 0; k < M; k++) {
                    values[v0 + O + k] = state[s * M + k];
                }
                for (int n = activeStart[p]; n < activeStart[p + 1]; n++) {
                    values[v0 + I + node[n]] = CgpGenome.apply(function[n], values[v0 + inA[n]], values[v0 + inB[n]],
                            constant[n]);
                }
                for (int k = 0; k < M; k++) {
                    float v = values[v0 + outputs[p * M + k]];
                    float u = v > 0f ? Math.min(v, 1f) : 0f;
                    state[s * M + k] = u;
                    hyper[s * M + k] = UpdateRule.HyperParam.map(u, low[k], high[k], log[k]);
                }
            }
        }
    }
}
