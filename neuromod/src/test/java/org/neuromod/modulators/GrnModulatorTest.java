// The GRN's dynamics (both formats) computed by hand for a tiny network, its outputs' mapping, and member independence.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.GrnKernel;
import org.neuromod.kernels.modulation.ModulationKernels;
import org.neuromod.kernels.modulation.Observations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrnModulatorTest {
    // A tiny network for the hand-computed tests: proteins inputs a, b; output o and its normaliser n; regulatory r.
    // Regulators a, b and r act on o, n and r.
    static final double BETA = 1.0;
    static final double DELTA = 0.5;
    static final double[] ID = {0.1, 0.9, 0, 0, 0.5};      // ids of a, b, (o, n unused as regulators), r
    static final double[] ENH_TAG = {0, 0, 0.2, 0.8, 0.4}; // enhancer tags of o, n, r
    static final double[] INH_TAG = {0, 0, 0.7, 0.3, 0.6};
    static final int[] REGULATORS = {0, 1, 4};
    static final int[] TARGETS = {2, 3, 4};

    /** The (target, regulator) affinities exp(-beta |tag - id|), in float as the genome stores them. */
    static float[] affinities(double[] tag) {
        float[] a = new float[9];
        for (int t = 0; t < 3; t++) {
            for (int r = 0; r < 3; r++) {
                a[t * 3 + r] = (float) Math.exp(-BETA * Math.abs((float) tag[TARGETS[t]] - (float) ID[REGULATORS[r]]));
            }
        }
        return a;
    }

    /**
     * One step of GrnKernel on the tiny network: O = 2 inputs, M = 1, 5 proteins, learning rate mapped onto
     * [0.01, 1] on a log scale. state (16): the concentrations (5), the log-concentrations (5), the drives (5), u.
     */
    static void tinyStep(float[] hyper, float[] state, float[] in, int format) {
        float[] enh = affinities(ENH_TAG);
        float[] inh = affinities(INH_TAG);
        float[] genes = new float[19];
        System.arraycopy(enh, 0, genes, 0, 9);
        System.arraycopy(inh, 0, genes, 9, 9);
        genes[18] = (float) DELTA;
        int[] dims = ModulationKernels.dims(1, 1, 1, 1, GrnKernel.width(5, 1), 5, 1);
        dims[ModulationKernels.O] = 2;
        GrnKernel.step(hyper, state, in, genes, new int[] {0, 9, 5, format}, dims, new float[] {0.01f, 1f, 1f});
    }

    @Test
    void format1FollowsTheHandComputedDynamics() {
        float[] conc = new float[16];
        conc[2] = conc[3] = conc[4] = 1f / 3;
        float[] hyper = new float[1];
        float[][] inputs = {{0.2f, 0.7f}, {1f, 0f}, {0.5f, 0.5f}};
        // the same three steps by hand, in double
        double[] c = {0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3};
        for (float[] in : inputs) {
            tinyStep(hyper, conc, in, 1);
            c[0] = in[0];
            c[1] = in[1];
            double[] updated = new double[5];
            double sum = 0;
            for (int t : TARGETS) {
                updated[t] = Math.max(0, c[t] + DELTA / 3 * drive(c, t));
                sum += updated[t];
            }
            for (int t : TARGETS) {
                c[t] = updated[t] / sum;
            }
            double u = c[2] / (c[2] + c[3]);
            double expected = 0.01 * Math.pow(100, u);
            for (int t : TARGETS) {
                assertEquals(c[t], conc[t], 1e-6, "concentration of protein " + t);
            }
            assertEquals(expected, hyper[0], 1e-6 * expected, "the output mapped onto [0.01, 1], log scale");
        }
        assertNotEquals(1f / 3, conc[2], "the dynamics moved the output protein");
    }

    /** The tiny network's drive of protein t by hand: enhancement less inhibition over the regulators. */
    private static double drive(double[] c, int t) {
        double e = 0;
        double h = 0;
        for (int r : REGULATORS) {
            e += c[r] * Math.exp(-BETA * Math.abs(ENH_TAG[t] - ID[r]));
            h += c[r] * Math.exp(-BETA * Math.abs(INH_TAG[t] - ID[r]));
        }
        return e - h;
    }

    @Test
    void format2FollowsTheHandComputedDynamics() {
        // the same tiny network as format 1's test, under format 2: log-concentrations x with decay, softmax
        float[] conc = new float[16];    // concentrations, then the log-concentrations x at 5, u at 15
        conc[2] = conc[3] = conc[4] = 1f / 3;
        float[] hyper = new float[1];
        float[][] inputs = {{0.2f, 0.7f}, {1f, 0f}, {0.5f, 0.5f}, {0f, 0f}};
        double[] c = {0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3};
        double[] level = new double[5];
        for (float[] in : inputs) {
            tinyStep(hyper, conc, in, 2);
            c[0] = in[0];
            c[1] = in[1];
            for (int t : TARGETS) {
                level[t] = (1 - GrnKernel.DECAY) * level[t] + DELTA / 3 * drive(c, t);
            }
            double sum = 0;
            for (int t : TARGETS) {
                sum += Math.exp(level[t]);
            }
            for (int t : TARGETS) {
                c[t] = Math.exp(level[t]) / sum;
            }
            double u = c[2] / (c[2] + c[3]);
            for (int t : TARGETS) {
                assertEquals(c[t], conc[t], 1e-6, "concentration of protein " + t);
                assertEquals(level[t], conc[5 + t], 1e-6, "log-concentration of protein " + t);
            }
            assertEquals(u, conc[15], 1e-6, "the output u");
            assertEquals(0.01 * Math.pow(100, u), hyper[0], 1e-6 * hyper[0], "u mapped onto [0.01, 1], log scale");
        }
    }

    private static GrnGenome sized(int regulatory, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GrnGenome random = GrnGenome.random(UpdateRules.MOMENTUM, rng);
        List<GrnGenome.Protein> proteins = new ArrayList<>(random.proteins().subList(0, Observations.COUNT + 4));
        for (int i = 0; i < regulatory; i++) {
            proteins.add(GrnGenome.randomProtein(GrnGenome.Type.REGULATORY, rng));
        }
        return new GrnGenome(GrnGenome.FORMAT, "momentum", Observations.VERSION, random.beta(), random.delta(), proteins);
    }

    @Test
    void eachMemberComputesTheSameAloneAsInAPopulationOfDifferentSizes() {
        int P = 8;
        int L = 3;
        GrnGenome[] genomes = new GrnGenome[P];
        for (int p = 0; p < P; p++) {
            genomes[p] = sized(p * 3, 100 + p); // 0 to 21 regulatory proteins
        }
        SplittableRandom rng = new SplittableRandom(9);
        int steps = 6;
        float[][] losses = new float[steps][P];
        float[][] stats = new float[steps][P * L * 4];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < P; i++) {
                losses[t][i] = (float) rng.nextDouble(0, 3);
            }
            for (int i = 0; i < stats[t].length; i++) {
                stats[t][i] = (float) rng.nextDouble(0, 1);
            }
        }
        GrnModulator population = new GrnModulator(UpdateRules.MOMENTUM, genomes, 2);
        population.reset(P, L, 100);
        float[][] together = new float[steps][P * L * 2];
        for (int t = 0; t < steps; t++) {
            population.next(t, losses[t], stats[t], together[t]);
        }
        for (int p = 0; p < P; p++) {
            GrnModulator alone = new GrnModulator(UpdateRules.MOMENTUM, new GrnGenome[] {genomes[p]}, 2);
            alone.reset(1, L, 100);
            for (int t = 0; t < steps; t++) {
                float[] hyper = new float[L * 2];
                float[] memberStats = java.util.Arrays.copyOfRange(stats[t], p * L * 4, (p + 1) * L * 4);
                alone.next(t, new float[] {losses[t][p]}, memberStats, hyper);
                assertArrayEquals(java.util.Arrays.copyOfRange(together[t], p * L * 2, (p + 1) * L * 2), hyper,
                        "member " + p + " step " + t);
            }
        }
        assertArrayEquals(together[2], together[3], "with --modulate-every 2 the outputs hold between modulations");
        assertNotEquals(java.util.Arrays.toString(together[0]), java.util.Arrays.toString(together[2]),
                "and change at each modulation");
    }

    @Test
    void outputsStayInsideTheDeclaredRanges() {
        UpdateRule rule = UpdateRules.MOMENTUM;
        GrnGenome[] genomes = new GrnGenome[16];
        for (int i = 0; i < 16; i++) {
            genomes[i] = GrnGenome.random(rule, new SplittableRandom(i));
        }
        GrnModulator m = new GrnModulator(rule, genomes, 1);
        m.reset(16, 2, 50);
        float[] hyper = new float[16 * 2 * 2];
        SplittableRandom rng = new SplittableRandom(1);
        for (int t = 0; t < 50; t++) {
            float[] stats = new float[16 * 2 * 4];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = (float) rng.nextDouble(0, 5);
            }
            m.next(t, new float[16], stats, hyper);
            for (int i = 0; i < hyper.length; i++) {
                UpdateRule.HyperParam param = rule.params().get(i % 2);
                float v = hyper[i];
                assertEquals(true, v >= param.low() && v <= param.high(), param.name() + " " + v);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> m.reset(3, 2, 10), "a population of other size");
    }

    @Test
    void aHandMadeGenomeIsLayerSpecificAndTimeVarying() throws Exception {
        // hand-made-grn.json: the learning rate rises with depth and falls with progress; momentum the opposite
        Genome genome = Genomes.read(java.nio.file.Path.of(getClass().getResource("/hand-made-grn.json").toURI()));
        UpdateRule rule = Genomes.rule(genome);
        int L = 3;
        long T = 400;
        GrnModulator m = (GrnModulator) Genomes.population(rule, new Genome[] {genome}, 1);
        m.reset(1, L, T);
        float[][] u = new float[(int) T][L * 2];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < T; t++) {
            float[] stats = new float[L * 4];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = (float) rng.nextDouble(0.5, 1.5);
            }
            float[] hyper = new float[L * 2];
            m.next(t, new float[] {1f}, stats, hyper);
            for (int i = 0; i < hyper.length; i++) {
                u[t][i] = (float) rule.params().get(i % 2).unmap(hyper[i]);
            }
        }
        for (int k = 0; k < 2; k++) {
            double betweenLayers = 0;
            double overSteps = 0;
            for (int t = 0; t < T; t++) {
                betweenLayers = Math.max(betweenLayers, Math.abs(u[t][k] - u[t][(L - 1) * 2 + k]));
                overSteps = Math.max(overSteps, Math.abs(u[t][k] - u[0][k]));
            }
            String name = rule.params().get(k).name();
            assertEquals(true, betweenLayers >= 0.1, name + " differs between layers by " + betweenLayers);
            assertEquals(true, overSteps >= 0.1, name + " changes over steps by " + overSteps);
        }
    }
}
