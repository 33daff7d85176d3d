// A modulator kind whose members read back their own previous outputs: each (member, layer) keeps its last outputs
// u in [0, 1] (0.5 at the start of a run) and feeds them to its program or network beside the observations. CGP
// and MLP are such kinds; this class holds that state, its names and its inputs' count once.
package org.neuromod.modulators;

import java.util.Arrays;
import java.util.List;

import org.neuromod.kernels.UpdateRule;

abstract class FeedbackModulator extends PopulationModulator {
    final int I;       // a member's inputs: inputs(rule)
    float[] previous;  // (P, L, M) the previous outputs in [0, 1]

    FeedbackModulator(UpdateRule rule, int population, int modulateEvery) {
        super(rule, population, modulateEvery);
        I = inputs(rule);
    }

    /** I, a member's inputs: the observations, then its previous outputs. */
    static int inputs(UpdateRule rule) {
        return Observations.COUNT + rule.modulated();
    }

    @Override
    void allocate() {
        previous = new float[P * L * M];
    }

    @Override
    void start() {
        Arrays.fill(previous, 0.5f);
    }

    /** The previous outputs read back: "previous." and the parameter's name. */
    @Override
    public List<String> stateNames() {
        return rule.params().stream().map(param -> "previous." + param.name()).toList();
    }

    @Override
    public void state(int p, int l, float[] into) {
        System.arraycopy(previous, (p * L + l) * M, into, 0, M);
    }
}
