// What every evolved modulator kind shares: a population of P members for one update rule, the observations it
// reads, the modulation period (its dynamics step at t % modulateEvery == 0 and its outputs hold in between),
// and the mapping of outputs in [0, 1] onto the rule's parameters. A kind packs its members' genomes into the
// arrays its kernel body reads (ModulationKernels) and says where its state starts; the step itself is that
// kernel body, the same one a device runs.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationKernels;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.nn.Modulator;

abstract class PopulationModulator implements Modulator {
    /**
     * A kind's genomes as its kernel body reads them: kind id, genes, shape, and its extra size (the largest
     * member's); and the sizes the kind's largest genomes would need for the same population, so that a backend
     * sizes its buffers once for every generation (the arrays are padded to them, dims[EXTRA] is extraCapacity).
     */
    record Packed(int kind, float[] genes, int[] shape, int extra, int genesCapacity, int shapeCapacity,
                  int extraCapacity) {
        Packed {
            if (genes.length > genesCapacity || shape.length > shapeCapacity || extra > extraCapacity) {
                throw new IllegalArgumentException("a genome larger than its kind's largest");
            }
            genes = java.util.Arrays.copyOf(genes, genesCapacity);
            shape = java.util.Arrays.copyOf(shape, shapeCapacity);
        }
    }

    final UpdateRule rule;
    final int modulateEvery;
    final int P;
    final int M;
    final float[] mapping;  // (3M) the declared mapping of each parameter
    final Packed packed;
    int L;
    long totalSteps;
    private Observations observations;
    int[] dims;             // (ModulationKernels.DIMS)
    float[] state;          // (P, L, W) the kind's state
    float[] out;            // (P, L, M) the current outputs, mapped

    PopulationModulator(UpdateRule rule, int population, int modulateEvery, Packed packed) {
        if (modulateEvery < 1) {
            throw new IllegalArgumentException("modulateEvery must be >= 1");
        }
        this.rule = rule;
        this.modulateEvery = modulateEvery;
        this.P = population;
        this.M = rule.modulated();
        this.mapping = rule.mapping();
        this.packed = packed;
    }

    @Override
    public final void reset(int population, int layers, long totalSteps) {
        if (population != P) {
            throw new IllegalArgumentException("this modulator holds " + P + " genomes, not " + population);
        }
        if (out == null || L != layers) {
            L = layers;
            out = new float[P * L * M];
            observations = new Observations(P, L);
            int width = width();
            dims = ModulationKernels.dims(P, L, M, rule.k(), width, packed.extraCapacity(), modulateEvery);
            state = new float[P * L * width];
        }
        this.totalSteps = totalSteps;
        observations.reset();
        start(state);
    }

    @Override
    public final void next(long step, float[] loss, float[] stats, float[] hyper) {
        float[] obs = observations.observe(step, totalSteps, loss, stats);
        if (step % modulateEvery == 0) {
            ModulationKernels.step(packed.kind(), out, state, obs, packed.genes(), packed.shape(), dims, mapping);
        }
        System.arraycopy(out, 0, hyper, 0, out.length);
    }

    /**
     * This population as the modulation kernels read it, for a run over {@code layers} layers, its state as it
     * stands (a run's start right after reset); reset for those layers first when it was not.
     */
    @Override
    public final Modulation modulation(int layers) {
        if (out == null || L != layers) {
            reset(P, layers, totalSteps);
        }
        return new Modulation(packed.kind(), packed.genes().clone(), packed.shape().clone(), dims.clone(),
                mapping.clone(), state.clone());
    }

    @Override
    public final void follow(float[] runState) {
        if (runState.length != state.length) {
            throw new IllegalArgumentException("a run state of " + runState.length + " values for " + state.length);
        }
        state = runState;
    }

    /** W, the state's width per (member, layer), for the kind's largest genomes (packed.extraCapacity()). */
    abstract int width();

    /** Puts the state (P, L, W) at the start of a run (L is set). */
    abstract void start(float[] state);
}
