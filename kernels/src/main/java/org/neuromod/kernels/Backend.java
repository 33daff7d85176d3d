// The step-level contract every backend implements, so a GPU backend can run a whole step as one device
// program: the host sends batch indices and hyper, and reads back only loss and stats.
package org.neuromod.kernels;

import java.util.Map;

import org.neuromod.kernels.modulation.HostModulatedRun;
import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;

/**
 * Runs training steps for a population of P networks of one shape. Buffers stay on the backend's device
 * between calls; load/read move parameters and optimizer state only when asked (initialisation,
 * checkpoints, tests). Calls are made from one thread.
 */
public interface Backend extends AutoCloseable {

    /** Short backend id: "jvm", "tornado". */
    String name();

    /** The device that runs the steps, in words (for logs and reports). */
    String device();

    /** Worker threads (JVM) or 1. */
    int threads();

    /**
     * Allocates every buffer and copies the data to the device. Batch indices of {@link #step} index
     * data.get(TRAIN); {@link #evaluate} takes any split present in {@code data}.
     */
    void prepare(StepPlan plan, int population, Map<Split, LabeledData> data);

    /** params (P, paramsPerNet) to the device. */
    void loadParams(float[] params);

    /** params (P, paramsPerNet) from the device. */
    void readParams(float[] params);

    /** Optimizer state (stateBuffers, P, paramsPerNet) to the device. */
    void loadState(float[] state);

    /** Optimizer state (stateBuffers, P, paramsPerNet) from the device. */
    void readState(float[] state);

    /**
     * One training step of every network on the same minibatch.
     *
     * @param batch indices (B) into the training split
     * @param hyper (P, L, K) step inputs: the policed learning parameters, then the rule's derived values
     * @param loss  (P) out: mean cross-entropy of the batch before the update
     * @param stats (P, L, S) out: per-layer statistics, S = plan.statCount() (see {@link Stats})
     */
    void step(int[] batch, float[] hyper, float[] loss, float[] stats);

    /**
     * Evaluates every network on a whole split. Both outputs are summed in an order fixed by the split's size,
     * so they are the same bits for any thread count or vector width.
     *
     * @param correct (P) out: samples of the split each network classifies correctly
     * @param loss    (P) out: summed cross-entropy of each network over the split
     */
    void evaluate(Split split, int[] correct, double[] loss);

    /**
     * A training run whose modulation (the modulation kernels, on {@code form}) runs on this backend between its
     * steps, from step 0 of {@code totalSteps}, on parameters and optimizer state as loaded. By default the host
     * runs it around {@link #step}, which gives exactly the bits of the training loop's own host path; a device
     * backend runs it on the device, and may run up to {@code stepsPerCall} steps in one call to it (a scheduling
     * setting: results do not depend on it).
     */
    default ModulatedRun modulated(Modulation form, long totalSteps, StepPlan plan, int stepsPerCall) {
        return new HostModulatedRun(this, new ModulationBuffers(form, plan.rule(), totalSteps), plan.batch());
    }

    /** Where a modulated run's modulation runs, in words, for the device line of `train` and `evolve`. */
    default String modulationWhere() {
        return HostModulatedRun.WHERE;
    }

    /**
     * The backend's own profile of the last training call, a step or a modulated run's steps (TornadoVM: device
     * kernel, transfer and dispatch nanoseconds, bytes copied, executions and steps, summed over the call), empty
     * where there is none.
     */
    default Map<String, Long> lastStepProfile() {
        return Map.of();
    }

    /**
     * Choices the backend made when it prepared the plan, in words, by what they apply to (TornadoVM: the kind of
     * each dense product, "forward0" -> "tiled (plain 812 us, tiled 344 us)"); empty where it makes none.
     */
    default Map<String, String> choices() {
        return Map.of();
    }

    @Override
    void close();
}
