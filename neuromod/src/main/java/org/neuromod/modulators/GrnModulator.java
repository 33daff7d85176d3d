// A population of GRN neuromodulators: member p is driven by its own genome, with one independent GRN state
// per (member, layer), so one genome gives layer-specific, time-varying learning parameters. The per-step
// dynamics is one kernel-safe static body over flat arrays covering all P members in one call; this class is
// the thin object around it (packing, observations, the modulation period).
package org.neuromod.modulators;

import java.util.Arrays;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.nn.Modulator;

/**
 * Dynamics of one (member, layer) GRN per regulatory step (one per modulation step):
 * input concentrations are set to the observations; each non-input protein j gets
 * e_j = sum_r c_r exp(-beta |enh_j - id_r|) and i_j = sum_r c_r exp(-beta |inh_j - id_r|) over the regulators r
 * (inputs and regulatory proteins), c_j <- max(0, c_j + delta / R (e_j - i_j)) with R regulators, all from the
 * previous concentrations; then the non-input concentrations are renormalised to sum 1 (uniform if all are 0).
 * Parameter k's output is o = c_out / (c_out + c_norm) (0.5 when both are 0), mapped onto the parameter by its
 * declared range and scale. Non-input proteins start at 1 / (non-input count), so every output starts at 0.5.
 */
public final class GrnModulator implements Modulator {
    private final UpdateRule rule;
    private final int modulateEvery;
    private final int P;
    private final int M;
    // packed genomes, member p at affOffset[p]: enh, inh (targets, regulators) affinities, computed once
    private final float[] enh;
    private final float[] inh;
    private final int[] affOffset;   // (P + 1)
    private final int[] proteins;    // (P) N_p, proteins of member p
    private final float[] delta;     // (P)
    private final int maxProteins;   // state padding
    private final float[] low;       // (M) mapping of each parameter
    private final float[] high;      // (M)
    private final int[] log;         // (M)

    private int L;
    private long totalSteps;
    private Observations observations;
    private float[] conc;            // (P, L, maxProteins)
    private float[] next;            // (P, L, maxProteins)
    private float[] out;             // (P, L, M) the current outputs, mapped

    public GrnModulator(UpdateRule rule, GrnGenome[] genomes, int modulateEvery) {
        if (modulateEvery < 1) {
            throw new IllegalArgumentException("modulateEvery must be >= 1");
        }
        this.rule = rule;
        this.modulateEvery = modulateEvery;
        this.P = genomes.length;
        this.M = rule.modulated();
        affOffset = new int[P + 1];
        proteins = new int[P];
        delta = new float[P];
        int max = 0;
        for (int p = 0; p < P; p++) {
            genomes[p].validate(rule);
            int n = genomes[p].proteins().size();
            proteins[p] = n;
            max = Math.max(max, n);
            affOffset[p + 1] = affOffset[p] + (n - Observations.COUNT) * regulators(n);
        }
        maxProteins = max;
        enh = new float[affOffset[P]];
        inh = new float[affOffset[P]];
        for (int p = 0; p < P; p++) {
            GrnGenome g = genomes[p];
            delta[p] = (float) g.delta();
            float beta = (float) g.beta();
            int n = proteins[p];
            int regs = regulators(n);
            for (int t = 0; t < n - Observations.COUNT; t++) {
                GrnGenome.Protein target = g.proteins().get(Observations.COUNT + t);
                for (int r = 0; r < regs; r++) {
                    GrnGenome.Protein regulator = g.proteins().get(regulatorProtein(r));
                    int at = affOffset[p] + t * regs + r;
                    enh[at] = (float) Math.exp(-beta * Math.abs((float) target.enhancer() - (float) regulator.id()));
                    inh[at] = (float) Math.exp(-beta * Math.abs((float) target.inhibitor() - (float) regulator.id()));
                }
            }
        }
        OutputMapping mapping = OutputMapping.of(rule);
        low = mapping.low();
        high = mapping.high();
        log = mapping.log();
    }

    /** Regulators of an n-protein GRN: the inputs and the regulatory proteins. */
    private int regulators(int n) {
        return n - 2 * M;
    }

    /** Protein index of regulator r: inputs first, then the regulatory proteins after the outputs. */
    private int regulatorProtein(int r) {
        return r < Observations.COUNT ? r : r + 2 * M;
    }

    @Override
    public void reset(int population, int layers, long totalSteps) {
        if (population != P) {
            throw new IllegalArgumentException("this modulator holds " + P + " genomes, not " + population);
        }
        if (conc == null || L != layers) {
            L = layers;
            conc = new float[P * L * maxProteins];
            next = new float[P * L * maxProteins];
            out = new float[P * L * M];
            observations = new Observations(P, L);
        }
        this.totalSteps = totalSteps;
        observations.reset();
        initialState(conc, proteins, P, L, maxProteins);
    }

    @Override
    public void next(long step, float[] loss, float[] stats, float[] hyper) {
        float[] obs = observations.observe(step, totalSteps, loss, stats);
        if (step % modulateEvery == 0) {
            step(out, conc, next, obs, enh, inh, affOffset, proteins, delta, P, L, maxProteins, Observations.COUNT, M,
                    low, high, log);
        }
        System.arraycopy(out, 0, hyper, 0, out.length);
    }

    public UpdateRule rule() {
        return rule;
    }

    /** conc (P, L, maxProteins): inputs 0, every other protein of member p 1 / (N_p - O), padding 0. */
    static void initialState(float[] conc, int[] proteins, int P, int L, int maxProteins) {
        Arrays.fill(conc, 0f);
        for (int p = 0; p < P; p++) {
            float c = 1f / (proteins[p] - Observations.COUNT);
            for (int l = 0; l < L; l++) {
                for (int j = Observations.COUNT; j < proteins[p]; j++) {
                    conc[(p * L + l) * maxProteins + j] = c;
                }
            }
        }
    }

    /**
     * The kernel-safe body: one regulatory step of every (member, layer) GRN, then its outputs mapped into
     * hyper (P, L, M). obs (P, L, O); conc and next (P, L, maxProteins), proteins ordered O inputs, 2M outputs,
     * then regulatory; enh and inh packed per member at affOffset, (targets, regulators) each; proteins (P);
     * delta (P); low, high, log (M) the mapping.
     */
    public static void step(float[] hyper, float[] conc, float[] next, float[] obs, float[] enh, float[] inh,
                            int[] affOffset, int[] proteins, float[] delta, int P, int L, int maxProteins, int O,
                            int M, float[] low, float[] high, int[] log) {
        for (int p = 0; p < P; p++) {
            int n = proteins[p];
            int regs = n - 2 * M;
            float rate = delta[p] / regs;
            for (int l = 0; l < L; l++) {
                int c0 = (p * L + l) * maxProteins;
                for (int i = 0; i < O; i++) {
                    conc[c0 + i] = obs[(p * L + l) * O + i];
                }
                float sum = 0f;
                for (int t = 0; t < n - O; t++) {
                    float e = 0f;
                    float h = 0f;
                    int a = affOffset[p] + t * regs;
                    for (int r = 0; r < regs; r++) {
                        float c = conc[c0 + (r < O ? r : r + 2 * M)];
                        e = Math.fma(c, enh[a + r], e);
                        h = Math.fma(c, inh[a + r], h);
                    }
                    float v = Math.max(0f, conc[c0 + O + t] + rate * (e - h));
                    next[c0 + O + t] = v;
                    sum += v;
                }
                for (int t = 0; t < n - O; t++) {
                    conc[c0 + O + t] = sum > 0f ? next[c0 + O + t] / sum : 1f / (n - O);
                }
                for (int k = 0; k < M; k++) {
                    float cOut = conc[c0 + O + 2 * k];
                    float cNorm = conc[c0 + O + 2 * k + 1];
                    float u = cOut + cNorm > 0f ? cOut / (cOut + cNorm) : 0.5f;
                    hyper[(p * L + l) * M + k] = UpdateRule.HyperParam.map(u, low[k], high[k], log[k]);
                }
            }
        }
    }
}
