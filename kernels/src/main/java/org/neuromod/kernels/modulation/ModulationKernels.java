// The modulation kernels: what runs between two training steps to choose the next step's learning parameters,
// written once as kernel-safe static bodies over flat arrays for a whole population, so the JVM calls them on the
// host and TornadoVM compiles them (the *OnDevice forms: the same bodies, reading per-step scalars from arrays).
//
//   observe   the observations of every (member, layer) from the last step's loss and statistics (Observations);
//   step      one step of the modulator kind's dynamics, its outputs mapped onto the rule's parameters: the kind is
//             an int id, dispatched by one switch, like UpdateRules.delta;
//   police    non-finite values mark their member diverged, the rest are clamped into the rule's bounds, a diverged
//             member gets the rule's frozen values; then the rule's derived inputs (UpdateRules.derive).
//
// Every kind reads the same packed arrays, so one signature serves them all:
//   hyper    (P, L, M)  out: the mapped outputs
//   state    (P, L, W)  the kind's state per (member, layer), W = dims[W]
//   obs      (P, L, O)  this step's observations
//   genes    float      the population's genomes, packed by the kind (its kernel class documents the layout)
//   shape    int        their structure: offsets, sizes, node wiring
//   dims     (DIMS)     P, L, O, M, W, the kind's extra size, the modulation period, K
//   mapping  (3M)       each parameter's low, high and scale (0 linear, 1 log) of HyperParam.map
// Every per-step scalar (the step, the run's length) is read from a small array, clock = {step, totalSteps},
// because TornadoVM bakes scalar arguments into the compiled kernel.
package org.neuromod.kernels.modulation;

import org.neuromod.kernels.UpdateRules;

public final class ModulationKernels {
    /** Kind ids: fixed values per layer, and the evolved kinds. */
    public static final int CONSTANT = 0;
    public static final int GRN = 1;
    public static final int CGP = 2;
    public static final int MLP = 3;

    /** Indexes into dims. */
    public static final int P = 0;
    public static final int L = 1;
    public static final int O = 2;
    public static final int M = 3;
    public static final int W = 4;
    public static final int EXTRA = 5;
    public static final int EVERY = 6;
    public static final int K = 7;
    public static final int DIMS = 8;

    /** Indexes into clock. */
    public static final int STEP = 0;
    public static final int TOTAL_STEPS = 1;

    private ModulationKernels() {
    }

    /** dims for P members, L layers, M modulated of K step inputs, state width W, extra size, period every. */
    public static int[] dims(int population, int layers, int modulated, int k, int width, int extra, int every) {
        int[] dims = new int[DIMS];
        dims[P] = population;
        dims[L] = layers;
        dims[O] = Observations.COUNT;
        dims[M] = modulated;
        dims[W] = width;
        dims[EXTRA] = extra;
        dims[EVERY] = every;
        dims[K] = k;
        return dims;
    }

    /** The JVM form of one step of kind {@code kind}; an unknown kind writes NaN, which policing catches. */
    public static void step(int kind, float[] hyper, float[] state, float[] obs, float[] genes, int[] shape,
                            int[] dims, float[] mapping) {
        switch (kind) {
            case CONSTANT:
                constant(hyper, genes, dims);
                break;
            case GRN:
                GrnKernel.step(hyper, state, obs, genes, shape, dims, mapping);
                break;
            case CGP:
                CgpKernel.step(hyper, state, obs, genes, shape, dims, mapping);
                break;
            case MLP:
                MlpKernel.step(hyper, state, obs, genes, shape, dims, mapping);
                break;
            default:
                unknown(hyper, dims);
                break;
        }
    }

    /** Constant values: genes (L, M), the same for every member. */
    static void constant(float[] hyper, float[] genes, int[] dims) {
        int lm = dims[L] * dims[M];
        for (int p = 0; p < dims[P]; p++) {
            for (int i = 0; i < lm; i++) {
                hyper[p * lm + i] = genes[i];
            }
        }
    }

    private static void unknown(float[] hyper, int[] dims) {
        for (int i = 0; i < dims[P] * dims[L] * dims[M]; i++) {
            hyper[i] = Float.NaN;
        }
    }

    /**
     * The device form of the observations: {@link Observations#compute} at step clock[STEP] of clock[TOTAL_STEPS],
     * memory ({@link Observations#memorySize}) the running means.
     */
    public static void observeOnDevice(float[] obs, float[] memory, float[] loss, float[] stats, int[] dims,
                                       long[] clock) {
        Observations.compute(obs, memory, loss, stats, dims[P], dims[L], clock[STEP], clock[TOTAL_STEPS]);
    }

    /**
     * The device form of a modulation step: {@link #step} at steps t with t % dims[EVERY] == 0, else nothing; the
     * same bodies, except GRN's sums (see GrnKernel). It is the task's root, and dispatches itself: TornadoVM
     * refuses to inline a callee of more than about 600 nodes, and a dispatch over every kind is larger.
     */
    public static void modulateOnDevice(int kind, float[] hyper, float[] state, float[] obs, float[] genes,
                                        int[] shape, int[] dims, float[] mapping, long[] clock) {
        if (clock[STEP] % dims[EVERY] == 0) {
            switch (kind) {
                case CONSTANT:
                    constant(hyper, genes, dims);
                    break;
                case GRN:
                    GrnKernel.stepOnDevice(hyper, state, obs, genes, shape, dims, mapping);
                    break;
                case CGP:
                    CgpKernel.step(hyper, state, obs, genes, shape, dims, mapping);
                    break;
                case MLP:
                    MlpKernel.step(hyper, state, obs, genes, shape, dims, mapping);
                    break;
                default:
                    unknown(hyper, dims);
                    break;
            }
        }
    }

    /**
     * applied (P, L, K) from produced (P, L, M) for update number t (1, 2, ...): a NaN or infinite value marks its
     * member diverged (diverged (P), 1 once diverged); values are clamped into [min, max]; a diverged member gets
     * the frozen values; then rule {@code rule} derives the values after the M modulated ones. bounds (3M): each
     * parameter's min, max and frozen value.
     */
    public static void police(int rule, float[] applied, int[] diverged, float[] produced, float[] bounds, int[] dims,
                              long t) {
        int pl = dims[L];
        int m = dims[M];
        int k = dims[K];
        for (int p = 0; p < dims[P]; p++) {
            for (int i = p * pl * m; i < (p + 1) * pl * m; i++) {
                if (!(Math.abs(produced[i]) <= Float.MAX_VALUE)) {
                    diverged[p] = 1;
                }
            }
            for (int l = 0; l < pl; l++) {
                int h = (p * pl + l) * k;
                for (int j = 0; j < m; j++) {
                    float v = produced[(p * pl + l) * m + j];
                    applied[h + j] = diverged[p] != 0 ? bounds[2 * m + j]
                            : Math.min(bounds[m + j], Math.max(bounds[j], v));
                }
                UpdateRules.derive(rule, applied, h, t);
            }
        }
    }

    /** The device form of {@link #police} for the update of step clock[STEP] (update number clock[STEP] + 1). */
    public static void policeOnDevice(int rule, float[] applied, int[] diverged, float[] produced, float[] bounds,
                                      int[] dims, long[] clock) {
        police(rule, applied, diverged, produced, bounds, dims, clock[STEP] + 1);
    }

    /**
     * After a step: a NaN or infinite loss (P) marks its member diverged, and each loss is added to the epoch's sums
     * (P, in double, in step order).
     */
    public static void afterStep(int[] diverged, double[] lossSums, float[] loss, int[] dims) {
        for (int p = 0; p < dims[P]; p++) {
            lossSums[p] += loss[p];
            if (!(Math.abs(loss[p]) <= Float.MAX_VALUE)) {
                diverged[p] = 1;
            }
        }
    }

    /**
     * The device form of {@link #afterStep} for the step at clock[STEP]: order holds the epoch's batch order and,
     * last, the run's step at which the epoch began, where the loss sums start again from 0.
     */
    public static void afterStepOnDevice(int[] diverged, double[] lossSums, float[] loss, int[] dims, int[] order,
                                         long[] clock) {
        if (clock[STEP] == order[order.length - 1]) {
            for (int p = 0; p < dims[P]; p++) {
                lossSums[p] = 0;
            }
        }
        afterStep(diverged, lossSums, loss, dims);
    }

    /** A single-thread task: the step counter moves on, for the next step's kernels. */
    public static void advance(long[] clock) {
        clock[STEP] = clock[STEP] + 1;
    }
}
