// A population of GRN neuromodulators: member p is driven by its own genome, with one independent GRN state
// per (member, layer), so one genome gives layer-specific, time-varying learning parameters. The per-step
// dynamics is one kernel-safe static body over flat arrays covering all P members in one call; this class is
// the thin object around it (packing, observations, the modulation period).
package org.neuromod.modulators;

import java.util.Arrays;

import org.neuromod.kernels.UpdateRule;

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
 * {@link #DECAY}; the concentrations are the softmax of x over the non-input proteins (so they sum to 1 and
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
    /** Format 2's decay rate lambda of the log-concentrations per regulatory step. */
    public static final float DECAY = 0.05f;

    // packed genomes, member p at affOffset[p]: enh, inh (targets, regulators) affinities, computed once
    private final float[] enh;
    private final float[] inh;
    private final int[] affOffset;   // (P + 1)
    private final int[] proteins;    // (P) N_p, proteins of member p
    private final float[] delta;     // (P)
    private final int[] format;      // (P) genome format of member p
    private final int maxProteins;   // state padding
    private float[] conc;            // (P, L, maxProteins) concentrations
    private float[] next;            // (P, L, maxProteins) format 1: the update before renormalising; format 2: x
    private float[] raw;             // (P, L, M) the current outputs u in [0, 1]

    public GrnModulator(UpdateRule rule, GrnGenome[] genomes, int modulateEvery) {
        super(rule, genomes.length, modulateEvery);
        affOffset = new int[P + 1];
        proteins = new int[P];
        delta = new float[P];
        format = new int[P];
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
            format[p] = g.format();
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
    void allocate() {
        conc = new float[P * L * maxProteins];
        next = new float[P * L * maxProteins];
        raw = new float[P * L * M];
    }

    @Override
    void start() {
        initialState(conc, next, proteins, P, L, maxProteins);
    }

    @Override
    void step(float[] obs) {
        step(out, raw, conc, next, obs, enh, inh, affOffset, proteins, delta, format, P, L, maxProteins,
                Observations.COUNT, M, low, high, log);
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
        for (int i = 0; i < maxProteins; i++) {
            int o = i - Observations.COUNT;
            names.add("c." + (i < Observations.COUNT ? Observations.NAMES.get(i)
                    : o < 2 * M ? rule.params().get(o / 2).name() + (o % 2 == 0 ? "" : "Norm")
                    : "regulatory" + (o - 2 * M)));
        }
        return names;
    }

    @Override
    public void state(int p, int l, float[] into) {
        for (int i = 0; i < maxProteins; i++) {
            into[i] = i < proteins[p] ? conc[(p * L + l) * maxProteins + i] : Float.NaN;
        }
    }

    /** The outputs u in [0, 1] of the last regulatory step, (P, L, M); a view, valid until the next step. */
    public float[] outputs() {
        return raw;
    }

    /** The proteins' concentrations after the last regulatory step, (P, L, maxProteins); a view. */
    public float[] concentrations() {
        return conc;
    }

    /**
     * conc (P, L, maxProteins): inputs 0, every other protein of member p 1 / (N_p - O), padding 0; next (the
     * format-2 log-concentrations) 0.
     */
    static void initialState(float[] conc, float[] next, int[] proteins, int P, int L, int maxProteins) {
        Arrays.fill(conc, 0f);
        Arrays.fill(next, 0f);
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
     * The kernel-safe body: one regulatory step of every (member, layer) GRN, its outputs u into raw (P, L, M)
     * and mapped into hyper (P, L, M). obs (P, L, O); conc and next (P, L, maxProteins), proteins ordered O
     * inputs, 2M outputs, then regulatory (next: format 1's scratch, format 2's log-concentrations); enh and inh
     * packed per member at affOffset, (targets, regulators) each; proteins, delta and format (P); low, high, log
     * (M) the mapping.
     */
    public static void step(float[] hyper, float[] raw, float[] conc, float[] next, float[] obs, float[] enh,
                            float[] inh, int[] affOffset, int[] proteins, float[] delta, int[] format, int P, int L,
                            int maxProteins, int O, int M, float[] low, float[] high, int[] log) {
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
                float top = -Float.MAX_VALUE;
                for (int t = 0; t < n - O; t++) {
                    float e = 0f;
                    float h = 0f;
                    int a = affOffset[p] + t * regs;
                    for (int r = 0; r < regs; r++) {
                        float c = conc[c0 + (r < O ? r : r + 2 * M)];
                        e = Math.fma(c, enh[a + r], e);
                        h = Math.fma(c, inh[a + r], h);
                    }
                    if (format[p] == 1) {
                        float v = Math.max(0f, conc[c0 + O + t] + rate * (e - h));
                        next[c0 + O + t] = v;
                        sum += v;
                    } else {
                        float x = (1f - DECAY) * next[c0 + O + t] + rate * (e - h);
                        next[c0 + O + t] = x;
                        top = Math.max(top, x);
                    }
                }
                if (format[p] == 1) {
                    for (int t = 0; t < n - O; t++) {
                        conc[c0 + O + t] = sum > 0f ? next[c0 + O + t] / sum : 1f / (n - O);
                    }
                } else {
                    // softmax of the log-concentrations, shifted by their largest so no exp overflows
                    for (int t = 0; t < n - O; t++) {
                        float v = (float) Math.exp(next[c0 + O + t] - top);
                        conc[c0 + O + t] = v;
                        sum += v;
                    }
                    for (int t = 0; t < n - O; t++) {
                        conc[c0 + O + t] = conc[c0 + O + t] / sum;
                    }
                }
                for (int k = 0; k < M; k++) {
                    float u;
                    if (format[p] == 1) {
                        float cOut = conc[c0 + O + 2 * k];
                        float cNorm = conc[c0 + O + 2 * k + 1];
                        u = cOut + cNorm > 0f ? cOut / (cOut + cNorm) : 0.5f;
                    } else {
                        u = 1f / (1f + (float) Math.exp(next[c0 + O + 2 * k + 1] - next[c0 + O + 2 * k]));
                    }
                    raw[(p * L + l) * M + k] = u;
                    hyper[(p * L + l) * M + k] = UpdateRule.HyperParam.map(u, low[k], high[k], log[k]);
                }
            }
        }
    }
}
