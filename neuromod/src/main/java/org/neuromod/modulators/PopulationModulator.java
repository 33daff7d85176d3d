// What every evolved modulator kind shares: a population of P members for one update rule, the observations it
// reads, the modulation period (its dynamics step at t % modulateEvery == 0 and its outputs hold in between),
// and the mapping of outputs in [0, 1] onto the rule's parameters. A kind supplies its per-(member, layer) state
// and its step.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.nn.Modulator;

abstract class PopulationModulator implements Modulator {
    final UpdateRule rule;
    final int modulateEvery;
    final int P;
    final int M;
    final float[] low;   // (M) the declared mapping of each parameter
    final float[] high;  // (M)
    final int[] log;     // (M)
    int L;
    long totalSteps;
    private Observations observations;
    float[] out;         // (P, L, M) the current outputs, mapped

    PopulationModulator(UpdateRule rule, int population, int modulateEvery) {
        if (modulateEvery < 1) {
            throw new IllegalArgumentException("modulateEvery must be >= 1");
        }
        this.rule = rule;
        this.modulateEvery = modulateEvery;
        this.P = population;
        this.M = rule.modulated();
        OutputMapping mapping = OutputMapping.of(rule);
        low = mapping.low();
        high = mapping.high();
        log = mapping.log();
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
            allocate();
        }
        this.totalSteps = totalSteps;
        observations.reset();
        start();
    }

    @Override
    public final void next(long step, float[] loss, float[] stats, float[] hyper) {
        float[] obs = observations.observe(step, totalSteps, loss, stats);
        if (step % modulateEvery == 0) {
            step(obs);
        }
        System.arraycopy(out, 0, hyper, 0, out.length);
    }

    /** Allocates the state of P members and L layers (L is set). */
    abstract void allocate();

    /** Puts the state at the start of a run. */
    abstract void start();

    /** One step of every (member, layer) from this step's observations (P, L, O), its outputs mapped into out. */
    abstract void step(float[] obs);
}
