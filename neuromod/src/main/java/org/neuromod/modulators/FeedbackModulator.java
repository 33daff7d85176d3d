// A modulator kind whose members read back their own previous outputs: each (member, layer) keeps its last outputs
// u in [0, 1] (0.5 at the start of a run) and feeds them to its program or network beside the observations. CGP
// and MLP are such kinds; this class starts that state and names it, and counts the inputs once.
package org.neuromod.modulators;

import java.util.Arrays;
import java.util.List;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.ModulationKernels;
import org.neuromod.kernels.modulation.Observations;

abstract class FeedbackModulator extends PopulationModulator {
    FeedbackModulator(UpdateRule rule, int population, int modulateEvery, Packed packed) {
        super(rule, population, modulateEvery, packed);
    }

    /** I, a member's inputs: the observations, then its previous outputs. */
    static int inputs(UpdateRule rule) {
        return Observations.COUNT + rule.modulated();
    }

    /** Each (member, layer) starts with previous outputs of 0.5 (the state's first M values), the rest 0. */
    @Override
    void start(float[] state) {
        int width = dims[ModulationKernels.W];
        Arrays.fill(state, 0f);
        for (int s = 0; s < P * L; s++) {
            Arrays.fill(state, s * width, s * width + M, 0.5f);
        }
    }

    /** The previous outputs read back: "previous." and the parameter's name. */
    @Override
    public List<String> stateNames() {
        return rule.params().stream().map(param -> "previous." + param.name()).toList();
    }

    @Override
    public void state(int p, int l, float[] into) {
        System.arraycopy(state, (p * L + l) * dims[ModulationKernels.W], into, 0, M);
    }
}
