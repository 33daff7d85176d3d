// A population of MLP neuromodulators: member p is driven by its own genome's network, one independent state (its
// previous outputs) per (member, layer). This class packs the genomes; the step is the kernel body MlpKernel.step,
// over all P members at once (PopulationModulator keeps the observations and the period).
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.ModulationKernels;

public final class MlpModulator extends FeedbackModulator {

    public MlpModulator(UpdateRule rule, MlpGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery, pack(rule, genomes));
    }

    /**
     * The networks as MlpKernel reads them. genes: w1 (H_p, I) of every member, then b1 (H_p each), w2 (M, H_p each)
     * and b2 (P, M); shape: the starts of b1, w2 and b2 in genes, then hidden H_p (P), offset1 (P, in hidden
     * units) and offset2 (P, offset1 * M). The capacity is that of networks of MAX_HIDDEN units.
     */
    private static Packed pack(UpdateRule rule, MlpGenome[] genomes) {
        int P = genomes.length;
        int M = rule.modulated();
        int I = inputs(rule);
        int[] shape = new int[3 + 3 * P];
        int h = 0;
        for (int p = 0; p < P; p++) {
            genomes[p].validate(rule);
            shape[3 + p] = genomes[p].hidden();
            shape[3 + P + p] = h;
            shape[3 + 2 * P + p] = h * M;
            h += genomes[p].hidden();
        }
        shape[0] = h * I;
        shape[1] = shape[0] + h;
        shape[2] = shape[1] + h * M;
        float[] genes = new float[shape[2] + P * M];
        for (int p = 0; p < P; p++) {
            MlpGenome g = genomes[p];
            int offset1 = shape[3 + P + p];
            for (int i = 0; i < g.w1().size(); i++) {
                genes[offset1 * I + i] = g.w1().get(i).floatValue();
            }
            for (int j = 0; j < g.hidden(); j++) {
                genes[shape[0] + offset1 + j] = g.b1().get(j).floatValue();
            }
            for (int i = 0; i < g.w2().size(); i++) {
                genes[shape[1] + shape[3 + 2 * P + p] + i] = g.w2().get(i).floatValue();
            }
            for (int k = 0; k < M; k++) {
                genes[shape[2] + p * M + k] = g.b2().get(k).floatValue();
            }
        }
        int hidden = P * MlpGenome.MAX_HIDDEN;
        return new Packed(ModulationKernels.MLP, genes, shape, 0, hidden * (I + 1 + M) + P * M, shape.length, 0);
    }

    @Override
    int width() {
        return M;
    }
}
