// A population of GRN neuromodulators: member p is driven by its own genome, with one independent GRN state
// per (member, layer), so one genome gives layer-specific, time-varying learning parameters. The per-step
// dynamics is one kernel body over flat arrays covering all P members in one call (GrnKernel); this class is
// the thin object around it (packing, observations, the modulation period).
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.GrnKernel;
import org.neuromod.kernels.modulation.ModulationKernels;
import org.neuromod.kernels.modulation.Observations;

/**
 * Dynamics of one (member, layer) GRN per regulatory step (one per modulation step, i.e. at the steps t with
 * t % modulateEvery == 0; the outputs hold in between). Proteins are ordered O inputs, two outputs per modulated
 * parameter (the parameter's protein, then its normaliser), then the regulatory ones; the regulators r are the
 * inputs and the regulatory proteins, R of them. At every regulatory step the input concentrations are set to
 * the observations, and each non-input protein j gets, from the previous concentrations c,
 * e_j = sum_r c_r exp(-beta |enh_j - id_r|) and i_j = sum_r c_r exp(-beta |inh_j - id_r|).
 * <p>
 * <b>Format 2</b> (what {@code modulator new} and evolution write): each non-input protein carries a
 * log-concentration x_j, starting at 0, and x_j <- (1 - lambda) x_j + delta / R (e_j - i_j), lambda =
 * {@link GrnKernel#DECAY}; the concentrations are the softmax of x over the non-input proteins (so they sum to 1 and
 * none is ever 0). This is Banzhaf's multiplicative regulation dc_j/dt = delta (e_j - i_j) c_j taken in the
 * log domain, plus a first-order decay of every log-concentration towards the uniform share, which bounds x by
 * delta/R max|e - i| / lambda: no protein can die, and no output can saturate for good. Parameter k's output is
 * u = c_out / (c_out + c_norm) = 1 / (1 + exp(x_norm - x_out)), defined and continuous everywhere.
 * <p>
 * <b>Format 1</b> (read, never written by this build; computes exactly what it did): c_j <- max(0, c_j +
 * delta / R (e_j - i_j)), then the non-input concentrations are divided by their sum, or all set to 1 / (N - O)
 * when every one is 0; u = c_out / (c_out + c_norm), or 0.5 when both are 0. A protein clamped at 0 stays there
 * while it is inhibited more than enhanced, which is how format-1 outputs go dead.
 * <p>
 * Either way non-input proteins start at 1 / (N - O), so every output starts at 0.5, and u is mapped onto the
 * parameter by its declared range and scale.
 */
public final class GrnModulator extends PopulationModulator {
    public GrnModulator(UpdateRule rule, GrnGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery, pack(rule, genomes));
    }

    /**
     * The genomes as GrnKernel reads them. genes: the enhancer affinities of every member, (targets, regulators)
     * each, member p's at affOffset[p], then the inhibitor affinities in the same layout, then delta (P); shape:
     * affOffset (P + 1), the protein counts N_p (P), the genome formats (P). The extra size is the largest N_p;
     * the capacities are those of members with the most regulatory proteins.
     */
    private static Packed pack(UpdateRule rule, GrnGenome[] genomes) {
        int P = genomes.length;
        int M = rule.modulated();
        int O = Observations.COUNT;
        int[] shape = new int[3 * P + 1];
        int max = 0;
        for (int p = 0; p < P; p++) {
            genomes[p].validate(rule);
            int n = genomes[p].proteins().size();
            shape[P + 1 + p] = n;
            shape[2 * P + 1 + p] = genomes[p].format();
            max = Math.max(max, n);
            shape[p + 1] = shape[p] + (n - O) * (n - 2 * M);
        }
        int affinities = shape[P];
        float[] genes = new float[2 * affinities + P];
        for (int p = 0; p < P; p++) {
            GrnGenome g = genomes[p];
            genes[2 * affinities + p] = (float) g.delta();
            float beta = (float) g.beta();
            int n = g.proteins().size();
            int regs = n - 2 * M;
            for (int t = 0; t < n - O; t++) {
                GrnGenome.Protein target = g.proteins().get(O + t);
                for (int r = 0; r < regs; r++) {
                    // regulators: the inputs, then the regulatory proteins after the 2M outputs
                    GrnGenome.Protein regulator = g.proteins().get(r < O ? r : r + 2 * M);
                    int at = shape[p] + t * regs + r;
                    genes[at] = (float) Math.exp(-beta * Math.abs((float) target.enhancer() - (float) regulator.id()));
                    genes[affinities + at] = (float) Math.exp(-beta * Math.abs((float) target.inhibitor()
                            - (float) regulator.id()));
                }
            }
        }
        int most = O + 2 * M + GrnGenome.MAX_REGULATORY;
        return new Packed(ModulationKernels.GRN, genes, shape, max, 2 * P * (most - O) * (most - 2 * M) + P,
                shape.length, most);
    }

    @Override
    int width() {
        return GrnKernel.width(packed.extraCapacity(), M);
    }

    private int maxProteins() {
        return packed.extra();
    }

    private int proteins(int p) {
        return packed.shape()[P + 1 + p];
    }

    /**
     * conc: inputs 0, every other protein of member p 1 / (N_p - O), padding 0; the format-2 log-concentrations,
     * the drives and the outputs 0.
     */
    @Override
    void start(float[] state) {
        java.util.Arrays.fill(state, 0f);
        int width = dims[ModulationKernels.W];
        for (int p = 0; p < P; p++) {
            float c = 1f / (proteins(p) - Observations.COUNT);
            for (int l = 0; l < L; l++) {
                for (int j = Observations.COUNT; j < proteins(p); j++) {
                    state[(p * L + l) * width + j] = c;
                }
            }
        }
    }

    public UpdateRule rule() {
        return rule;
    }

    /**
     * One concentration per protein slot: "c." and the input's observation, the parameter (and "Norm" for its
     * normaliser), or "regulatory" and its number, up to the largest genome's protein count.
     */
    @Override
    public java.util.List<String> stateNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < maxProteins(); i++) {
            int o = i - Observations.COUNT;
            names.add("c." + (i < Observations.COUNT ? Observations.NAMES.get(i)
                    : o < 2 * M ? rule.params().get(o / 2).name() + (o % 2 == 0 ? "" : "Norm")
                    : "regulatory" + (o - 2 * M)));
        }
        return names;
    }

    @Override
    public void state(int p, int l, float[] into) {
        int c0 = (p * L + l) * dims[ModulationKernels.W];
        for (int i = 0; i < maxProteins(); i++) {
            into[i] = i < proteins(p) ? state[c0 + i] : Float.NaN;
        }
    }

    /** The outputs u in [0, 1] of the last regulatory step, (P, L, M); a copy. */
    public float[] outputs() {
        int width = dims[ModulationKernels.W];
        float[] u = new float[P * L * M];
        for (int s = 0; s < P * L; s++) {
            System.arraycopy(state, s * width + 3 * dims[ModulationKernels.EXTRA], u, s * M, M);
        }
        return u;
    }

    /** The proteins' concentrations after the last regulatory step, (P, L, maxProteins); a copy. */
    public float[] concentrations() {
        int width = dims[ModulationKernels.W];
        float[] c = new float[P * L * maxProteins()];
        for (int s = 0; s < P * L; s++) {
            System.arraycopy(state, s * width, c, s * maxProteins(), maxProteins());
        }
        return c;
    }
}
