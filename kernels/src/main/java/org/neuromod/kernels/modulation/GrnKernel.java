// The GRN modulator's kernel body: one regulatory step of every (member, layer) gene regulatory network, over the
// packed genomes and state of a whole population (layouts in ModulationKernels). The dynamics and both genome
// formats are described on GrnModulator, which packs the genomes.
//
// Two entry points, one body. The JVM's affinity sums use Math.fma, as they always have (the recorded digests hold
// those bits); TornadoVM cannot compile Math.fma (it inlines the JDK's BigDecimal fallback), not even behind a
// branch on a baked flag. So the sums are the one part written twice, drive (fused) and driveOnDevice (a multiply
// then an add); everything else is shared. ModulationKernelsTest holds the two within a tolerance on the JVM, and
// the TornadoVM test holds the device within it too.
package org.neuromod.kernels.modulation;

import org.neuromod.kernels.UpdateRule;

public final class GrnKernel {
    /** Format 2's decay rate lambda of the log-concentrations per regulatory step. */
    public static final float DECAY = 0.05f;

    private GrnKernel() {
    }

    /**
     * State of one (member, layer): the concentrations, format 2's log-concentrations (format 1's scratch), the
     * drive e - h of each non-input protein, each X = dims[EXTRA] wide (the largest member's protein count), then
     * the M outputs u in [0, 1].
     */
    public static int width(int maxProteins, int M) {
        return 3 * maxProteins + M;
    }

    /** The JVM form: one regulatory step of every (member, layer); the affinity sums fuse their multiply-adds. */
    public static void step(float[] hyper, float[] state, float[] obs, float[] genes, int[] shape, int[] dims,
                            float[] mapping) {
        int P = dims[ModulationKernels.P];
        int L = dims[ModulationKernels.L];
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                load(state, obs, dims, s);
                drive(state, genes, shape, dims, p, s);
                regulate(hyper, state, genes, shape, dims, mapping, p, s);
            }
        }
    }

    /** The device form: {@link #step} with the affinity sums as a multiply then an add (no Math.fma). */
    public static void stepOnDevice(float[] hyper, float[] state, float[] obs, float[] genes, int[] shape, int[] dims,
                                    float[] mapping) {
        int P = dims[ModulationKernels.P];
        int L = dims[ModulationKernels.L];
        for (int p = 0; p < P; p++) {
            for (int l = 0; l < L; l++) {
                int s = p * L + l;
                load(state, obs, dims, s);
                driveOnDevice(state, genes, shape, dims, p, s);
                regulate(hyper, state, genes, shape, dims, mapping, p, s);
            }
        }
    }

    /** The input proteins' concentrations are the observations of (member, layer) s. */
    private static void load(float[] state, float[] obs, int[] dims, int s) {
        int O = dims[ModulationKernels.O];
        int c0 = s * dims[ModulationKernels.W];
        for (int i = 0; i < O; i++) {
            state[c0 + i] = obs[s * O + i];
        }
    }

    /**
     * drive_t = e_t - i_t of every non-input protein t of member p, from the concentrations: e_t = sum_r c_r enh_tr
     * and i_t = sum_r c_r inh_tr over the regulators r (the inputs, then the regulatory proteins).
     */
    private static void drive(float[] state, float[] genes, int[] shape, int[] dims, int p, int s) {
        int O = dims[ModulationKernels.O];
        int M = dims[ModulationKernels.M];
        int X = dims[ModulationKernels.EXTRA];
        int c0 = s * dims[ModulationKernels.W];
        int P = dims[ModulationKernels.P];
        int n = shape[P + 1 + p];
        int regs = n - 2 * M;
        int inh = shape[P];
        for (int t = 0; t < n - O; t++) {
            float e = 0f;
            float h = 0f;
            int a = shape[p] + t * regs;
            for (int r = 0; r < regs; r++) {
                float c = state[c0 + (r < O ? r : r + 2 * M)];
                e = Math.fma(c, genes[a + r], e);
                h = Math.fma(c, genes[inh + a + r], h);
            }
            state[c0 + 2 * X + t] = e - h;
        }
    }

    /** {@link #drive} as a multiply then an add, for devices. */
    private static void driveOnDevice(float[] state, float[] genes, int[] shape, int[] dims, int p, int s) {
        int O = dims[ModulationKernels.O];
        int M = dims[ModulationKernels.M];
        int X = dims[ModulationKernels.EXTRA];
        int c0 = s * dims[ModulationKernels.W];
        int P = dims[ModulationKernels.P];
        int n = shape[P + 1 + p];
        int regs = n - 2 * M;
        int inh = shape[P];
        for (int t = 0; t < n - O; t++) {
            float e = 0f;
            float h = 0f;
            int a = shape[p] + t * regs;
            for (int r = 0; r < regs; r++) {
                float c = state[c0 + (r < O ? r : r + 2 * M)];
                e = c * genes[a + r] + e;
                h = c * genes[inh + a + r] + h;
            }
            state[c0 + 2 * X + t] = e - h;
        }
    }

    /**
     * From the drives: the new concentrations (format 1: clamped and renormalised; format 2: decayed
     * log-concentrations and their softmax), the outputs u and, mapped, hyper.
     */
    private static void regulate(float[] hyper, float[] state, float[] genes, int[] shape, int[] dims,
                                 float[] mapping, int p, int s) {
        int P = dims[ModulationKernels.P];
        int O = dims[ModulationKernels.O];
        int M = dims[ModulationKernels.M];
        int X = dims[ModulationKernels.EXTRA];
        int c0 = s * dims[ModulationKernels.W];
        int x0 = c0 + X;
        int d0 = c0 + 2 * X;
        int n = shape[P + 1 + p];
        int format = shape[2 * P + 1 + p];
        float rate = genes[2 * shape[P] + p] / (n - 2 * M);
        float sum = 0f;
        float top = -Float.MAX_VALUE;
        for (int t = 0; t < n - O; t++) {
            if (format == 1) {
                float v = Math.max(0f, state[c0 + O + t] + rate * state[d0 + t]);
                state[x0 + O + t] = v;
                sum += v;
            } else {
                float x = (1f - DECAY) * state[x0 + O + t] + rate * state[d0 + t];
                state[x0 + O + t] = x;
                top = Math.max(top, x);
            }
        }
        if (format == 1) {
            for (int t = 0; t < n - O; t++) {
                state[c0 + O + t] = sum > 0f ? state[x0 + O + t] / sum : 1f / (n - O);
            }
        } else {
            // softmax of the log-concentrations, shifted by their largest so no exp overflows
            for (int t = 0; t < n - O; t++) {
                float v = (float) Math.exp(state[x0 + O + t] - top);
                state[c0 + O + t] = v;
                sum += v;
            }
            for (int t = 0; t < n - O; t++) {
                state[c0 + O + t] = state[c0 + O + t] / sum;
            }
        }
        for (int k = 0; k < M; k++) {
            float u;
            if (format == 1) {
                float cOut = state[c0 + O + 2 * k];
                float cNorm = state[c0 + O + 2 * k + 1];
                u = cOut + cNorm > 0f ? cOut / (cOut + cNorm) : 0.5f;
            } else {
                u = 1f / (1f + (float) Math.exp(state[x0 + O + 2 * k + 1] - state[x0 + O + 2 * k]));
            }
            state[c0 + 3 * X + k] = u;
            hyper[s * M + k] = UpdateRule.HyperParam.map(u, mapping[k], mapping[M + k], (int) mapping[2 * M + k]);
        }
    }
}
