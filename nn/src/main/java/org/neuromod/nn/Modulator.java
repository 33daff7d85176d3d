// The training loop's port for whatever sets the learning parameters of every network and layer, step by
// step: a neuromodulator, a schedule, or constants. Implementations live in module neuromod; the loop only
// calls this contract, then polices what it returns (Trainer).
package org.neuromod.nn;

import java.util.List;

import org.neuromod.kernels.modulation.Modulation;

public interface Modulator {

    /**
     * Called at the start of every training run (also when a prepared backend trains again); clears all
     * dynamics.
     */
    void reset(int population, int layers, long totalSteps);

    /**
     * Fills hyper (P, L, M), the M modulated learning parameters of the update rule for step {@code step},
     * from the outcome of step - 1: loss (P) and stats (P, L, S), all zero before step 0.
     */
    void next(long step, float[] loss, float[] stats, float[] hyper);

    /**
     * This modulator as the modulation kernels read it, for a run over {@code layers} layers after the last
     * {@link #reset}, so a backend can run it between its steps (on its device); null where it has no kernel
     * bodies, and the training loop calls {@link #next} on the host.
     */
    default Modulation modulation(int layers) {
        return null;
    }

    /**
     * For a run whose modulation runs on a backend ({@link #modulation}): the run's state (P, L, W) as the
     * training loop last read it, so {@link #state} reports from it; the array is refreshed in place.
     */
    default void follow(float[] state) {
    }

    /**
     * Names of the internal state values kept per (member, layer), for traces (the GRN's protein concentrations,
     * CGP's previous outputs); empty for a modulator without dynamics.
     */
    default List<String> stateNames() {
        return List.of();
    }

    /**
     * Member p's state in layer l after the last {@link #next}, in the order of {@link #stateNames()}, into
     * {@code into}; NaN where member p has fewer values than the largest member.
     */
    default void state(int p, int l, float[] into) {
    }

    /**
     * {@code m} without its kernel bodies: the training loop calls its {@link #next} on the host between steps
     * (to compare a backend's own modulation with the host path).
     */
    static Modulator onTheHost(Modulator m) {
        return new Modulator() {
            @Override
            public void reset(int population, int layers, long totalSteps) {
                m.reset(population, layers, totalSteps);
            }

            @Override
            public void next(long step, float[] loss, float[] stats, float[] hyper) {
                m.next(step, loss, stats, hyper);
            }
        };
    }
}
