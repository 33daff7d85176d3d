// A training run whose learning parameters are computed on the backend, between its steps, by the modulation
// kernels: the host hands over the epoch's batch order once and asks for steps, several per call if it likes,
// and reads the outcome (loss, statistics, the modulator's outputs and what was applied, divergence, the epoch's
// loss sums) only when it needs it. Results do not depend on how the steps are grouped into calls or on how
// often anything is read.
package org.neuromod.kernels.modulation;

public interface ModulatedRun {
    /** Where the modulation runs, in words, for the device line of `train` and `evolve`. */
    String where();

    /** A new epoch: its batch order (the training split's indices, B per step) and loss sums from 0. */
    void epoch(int[] order);

    /** Steps first .. first + count - 1 of the epoch; step s trains on order[s B .. (s + 1) B). */
    void steps(int first, int count);

    /**
     * The outcome so far into {@code into}'s arrays: the last step's loss and statistics, the modulator's outputs
     * and the inputs of the last step, the divergence flags, the epoch's loss sums and the step counter.
     */
    void read(ModulationBuffers into);
}
