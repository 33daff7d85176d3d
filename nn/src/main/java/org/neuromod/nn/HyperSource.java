// What chooses the learning parameters of every network and layer, step by step (a modulator, a schedule,
// or constants). Implementations live in module neuromod; the training loop only calls this contract.
package org.neuromod.nn;

public interface HyperSource {

    /** Called once before a training run of {@code totalSteps} steps; clears any dynamics. */
    void reset(int population, int layers, long totalSteps);

    /**
     * Fills hyper (P, L, K) for step {@code step} from the previous step's outcome: loss (P) and
     * stats (P, L, S) of step - 1 (all zero before step 0).
     */
    void next(long step, float[] loss, float[] stats, float[] hyper);
}
