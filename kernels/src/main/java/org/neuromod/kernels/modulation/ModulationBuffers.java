// The buffers of a training run whose modulation runs on the backend, and its host form: before each step the
// observations, the kind's step (at modulation steps) and the policing make the step's inputs (applied) from the
// last step's loss and statistics; after it, a non-finite loss marks its member diverged and the loss is added to
// the epoch's sums. The JVM runs exactly this through any backend's step (HostModulatedRun), in the order the
// host path of the training loop runs the same bodies, so the bits are the same; a device backend keeps these
// arrays as its resident buffers and runs the *OnDevice forms.
package org.neuromod.kernels.modulation;

import java.util.Arrays;

import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;

public final class ModulationBuffers {
    public final Modulation form;   // null for a modulator without kernel bodies
    public final int rule;          // the rule's id
    public final int[] dims;        // (ModulationKernels.DIMS)
    public final float[] bounds;    // (3M) min, max, frozen
    public final float[] state;     // (P, L, W) the kind's state
    public final float[] memory;    // the observations' running means
    public final float[] obs;       // (P, L, O)
    public final float[] produced;  // (P, L, M) the modulator's outputs, mapped
    public final float[] applied;   // (P, L, K) the step's inputs: policed, then derived
    public final int[] diverged;    // (P) 1 once a member diverged
    public final float[] loss;      // (P) the last step's loss (0 before the first)
    public final float[] stats;     // (P, L, S) its statistics
    public final double[] lossSums; // (P) this epoch's summed losses
    public final long[] clock;      // {step, totalSteps}

    /** The buffers of a run of {@code form}, at its start. */
    public ModulationBuffers(Modulation form, UpdateRule rule, long totalSteps) {
        this(form, form.dims(), rule, totalSteps);
    }

    /**
     * The buffers of a run whose modulator has no kernel bodies (form null; no state): the training loop observes
     * (for a trace) and fills produced and applied itself.
     */
    public ModulationBuffers(int population, int layers, UpdateRule rule, long totalSteps) {
        this(null, ModulationKernels.dims(population, layers, rule.modulated(), rule.k(), 0, 0, 1), rule,
                totalSteps);
    }

    private ModulationBuffers(Modulation form, int[] dims, UpdateRule rule, long totalSteps) {
        this.form = form;
        this.rule = rule.id();
        this.dims = dims;
        int P = dims[ModulationKernels.P];
        int L = dims[ModulationKernels.L];
        bounds = rule.bounds();
        state = form != null ? form.start().clone() : new float[0];
        memory = new float[Observations.memorySize(P, L)];
        obs = new float[P * L * Observations.COUNT];
        produced = new float[P * L * dims[ModulationKernels.M]];
        applied = new float[P * L * dims[ModulationKernels.K]];
        diverged = new int[P];
        loss = new float[P];
        stats = new float[P * L * Stats.COUNT];
        lossSums = new double[P];
        clock = new long[] {0, totalSteps};
    }

    /** The bytes of every array a device holds for this run (with a form): the form's arrays and the run's buffers. */
    public long bytes() {
        return 4L * (form.genes().length + form.shape().length + dims.length + form.mapping().length + bounds.length
                + state.length + memory.length + obs.length + produced.length + applied.length + diverged.length
                + loss.length + stats.length) + 8L * (lossSums.length + clock.length);
    }

    /** The host form before step clock[STEP]: observations, the kind's step at modulation steps, policing. */
    public void before() {
        long step = clock[ModulationKernels.STEP];
        observe();
        if (step % dims[ModulationKernels.EVERY] == 0) {
            ModulationKernels.step(form.kind(), produced, state, obs, form.genes(), form.shape(), dims,
                    form.mapping());
        }
        police();
    }

    /** The observations of the step at clock[STEP], from the last step's loss and statistics. */
    public void observe() {
        Observations.compute(obs, memory, loss, stats, dims[ModulationKernels.P], dims[ModulationKernels.L],
                clock[ModulationKernels.STEP], clock[ModulationKernels.TOTAL_STEPS]);
    }

    /** applied from produced for the step at clock[STEP] (update number clock[STEP] + 1): the policing kernel. */
    public void police() {
        ModulationKernels.police(rule, applied, diverged, produced, bounds, dims, clock[ModulationKernels.STEP] + 1);
    }

    /** The host form after the step that wrote loss and stats: divergence, the loss sums, the next step. */
    public void after() {
        ModulationKernels.afterStep(diverged, lossSums, loss, dims);
        ModulationKernels.advance(clock);
    }

    /** A new epoch: its loss sums start at 0. */
    public void clearLossSums() {
        Arrays.fill(lossSums, 0);
    }

    /** Every array of {@code from} into {@code to}'s (buffers of the same form). */
    public static void copy(ModulationBuffers from, ModulationBuffers to) {
        System.arraycopy(from.state, 0, to.state, 0, from.state.length);
        System.arraycopy(from.memory, 0, to.memory, 0, from.memory.length);
        System.arraycopy(from.obs, 0, to.obs, 0, from.obs.length);
        System.arraycopy(from.produced, 0, to.produced, 0, from.produced.length);
        System.arraycopy(from.applied, 0, to.applied, 0, from.applied.length);
        System.arraycopy(from.diverged, 0, to.diverged, 0, from.diverged.length);
        System.arraycopy(from.loss, 0, to.loss, 0, from.loss.length);
        System.arraycopy(from.stats, 0, to.stats, 0, from.stats.length);
        System.arraycopy(from.lossSums, 0, to.lossSums, 0, from.lossSums.length);
        System.arraycopy(from.clock, 0, to.clock, 0, from.clock.length);
    }
}
