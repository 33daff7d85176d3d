// A population of CGP neuromodulators: member p runs its own program, decoded once to its active nodes, with
// one independent state (its previous outputs) per (member, layer). This class decodes and packs the programs;
// the step is the kernel body CgpKernel.step, over all P members at once.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.CgpKernel;
import org.neuromod.kernels.modulation.ModulationKernels;

public final class CgpModulator extends FeedbackModulator {

    public CgpModulator(UpdateRule rule, CgpGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery, pack(rule, genomes));
    }

    /**
     * The programs as CgpKernel reads them. shape: activeStart (P + 1), the outputs' value indexes (P, M), then per
     * active node, members in order and each in program order, its node index, function, inputs a and b (4 blocks
     * of activeStart[P]); genes: each active node's constant. The extra size is the values of the largest program;
     * the capacities are those of programs of MAX_NODES active nodes.
     */
    private static Packed pack(UpdateRule rule, CgpGenome[] genomes) {
        int P = genomes.length;
        int M = rule.modulated();
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
        int nodes = P + 1 + P * M;
        int[] shape = new int[nodes + 4 * total];
        float[] constant = new float[total];
        int at = 0;
        for (int p = 0; p < P; p++) {
            shape[p] = at;
            for (int j = 0; j < active[p].length; j++) {
                if (active[p][j]) {
                    CgpGenome.Node n = genomes[p].nodes().get(j);
                    shape[nodes + at] = j;
                    shape[nodes + total + at] = n.function();
                    shape[nodes + 2 * total + at] = n.a();
                    shape[nodes + 3 * total + at] = n.b();
                    constant[at] = (float) n.constant();
                    at++;
                }
            }
            for (int k = 0; k < M; k++) {
                shape[P + 1 + p * M + k] = genomes[p].outputs().get(k);
            }
        }
        shape[P] = at;
        int nodesCapacity = P * CgpGenome.MAX_NODES;
        return new Packed(ModulationKernels.CGP, constant, shape, inputs(rule) + most, nodesCapacity,
                nodes + 4 * nodesCapacity, inputs(rule) + CgpGenome.MAX_NODES);
    }

    @Override
    int width() {
        return CgpKernel.width(packed.extraCapacity(), M);
    }
}
