// CGP programs: decoded and evaluated by hand (an inactive node must not matter), the printed expression,
// protected operations never giving NaN, member independence, and the genome file format.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.Observations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgpModulatorTest {
    static final UpdateRule RULE = UpdateRules.SGD; // one output: learningRate, log [1e-4, 1]
    static final int I = Observations.COUNT + 1;     // 8 observations, then the previous output

    /** node 0 = 0.25; node 1 = progress * depth; node 2 (inactive) = lossTrend / gradNorm; node 3 = node 1 + node 0 */
    static CgpGenome handMade(int inactiveFunction) {
        List<CgpGenome.Node> nodes = List.of(
                new CgpGenome.Node(10, 0, 0, 0.25),
                new CgpGenome.Node(2, 0, 1, 0),
                new CgpGenome.Node(inactiveFunction, 3, 4, 0.5),
                new CgpGenome.Node(0, I + 1, I, 0));
        return new CgpGenome(CgpGenome.FORMAT, "sgd", Observations.VERSION, nodes, List.of(I + 3));
    }

    @Test
    void aProgramDecodedAndEvaluatedByHand() {
        // node 3 reads node 1 and node 0 (the constant 0.25); node 2 is inactive
        CgpGenome g = handMade(3);
        assertArrayEquals(new boolean[] {true, true, false, true}, g.active(RULE));
        float[][] results = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            CgpModulator m = new CgpModulator(RULE, new CgpGenome[] {handMade(variant == 0 ? 3 : 8)}, 1);
            m.reset(1, 3, 10);
            float[] hyper = new float[3];
            m.next(0, new float[1], new float[3 * 4], hyper); // step 0: progress 0
            m.next(5, new float[1], new float[3 * 4], hyper); // progress 0.5, depth l/2
            results[variant] = hyper.clone();
        }
        for (int l = 0; l < 3; l++) {
            double u = 0.5 * (l / 2.0) + 0.25;
            assertEquals(1e-4 * Math.pow(1e4, u), results[0][l], 1e-6 * results[0][l], "layer " + l);
        }
        assertArrayEquals(results[0], results[1], "the inactive node's function does not matter");
        assertEquals("learningRate = clamp01(((progress * depth) + 0.2500))\n",
                g.describe().lines().skip(2).findFirst().orElse("") + "\n");
    }

    @Test
    void protectedOperationsNeverGiveNaN() {
        float[] values = {0f, -0f, 1e-9f, -1f, 1f, 3e38f, -3e38f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};
        for (int f = 0; f < CgpGenome.FUNCTIONS.size(); f++) {
            for (float x : values) {
                for (float y : values) {
                    float v = org.neuromod.kernels.modulation.CgpKernel.apply(f, x, y, 0.5f);
                    assertTrue(Float.isFinite(v) && Math.abs(v) <= 1e6f,
                            CgpGenome.FUNCTIONS.get(f) + "(" + x + ", " + y + ") = " + v);
                }
            }
        }
    }

    @Test
    void eachMemberComputesTheSameAloneAsInAPopulationOfEight() {
        UpdateRule rule = UpdateRules.MOMENTUM;
        int P = 8;
        int L = 2;
        CgpGenome[] genomes = new CgpGenome[P];
        for (int p = 0; p < P; p++) {
            CgpGenome r = CgpGenome.random(rule, new SplittableRandom(40 + p));
            // programs of different lengths
            List<CgpGenome.Node> nodes = new ArrayList<>(r.nodes().subList(0, 6 + 2 * p));
            List<Integer> outputs = List.of(r.outputs().get(0) % (Observations.COUNT + 2 + nodes.size()),
                    Observations.COUNT + 2 + nodes.size() - 1);
            genomes[p] = new CgpGenome(CgpGenome.FORMAT, "momentum", 1, nodes, outputs);
        }
        SplittableRandom rng = new SplittableRandom(2);
        CgpModulator together = new CgpModulator(rule, genomes, 1);
        together.reset(P, L, 20);
        float[][] loss = new float[6][P];
        float[][] stats = new float[6][P * L * 4];
        float[][] hyper = new float[6][P * L * 2];
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < P; i++) {
                loss[t][i] = (float) rng.nextDouble(0, 2);
            }
            for (int i = 0; i < stats[t].length; i++) {
                stats[t][i] = (float) rng.nextDouble(0, 1);
            }
            together.next(t, loss[t], stats[t], hyper[t]);
        }
        for (int p = 0; p < P; p++) {
            CgpModulator alone = new CgpModulator(rule, new CgpGenome[] {genomes[p]}, 1);
            alone.reset(1, L, 20);
            for (int t = 0; t < 6; t++) {
                float[] h = new float[L * 2];
                alone.next(t, new float[] {loss[t][p]}, java.util.Arrays.copyOfRange(stats[t], p * L * 4, (p + 1) * L * 4), h);
                assertArrayEquals(java.util.Arrays.copyOfRange(hyper[t], p * L * 2, (p + 1) * L * 2), h,
                        "member " + p + " step " + t);
            }
        }
    }

    @Test
    void genomeFilesRoundTripAndBadOnesAreRefused() {
        Genome g = Genomes.random("cgp", UpdateRules.ADAM, 5);
        assertEquals(g, Genomes.parse(Genomes.toJson(g)));
        String json = Genomes.toJson(g);
        String[][] bad = {
            {"\"format\" : 1", "\"format\" : 4", "newer than this build"},
            {"\"rule\" : \"adam\"", "\"rule\" : \"adamw\"", "unknown update rule"},
            {"\"function\" : [0-9]+", "\"function\" : 99", "no function of the set"},
            {"\"a\" : [0-9]+", "\"a\" : 500", "reads a value outside"},
            {"\"constant\" : [-0-9.eE]+", "\"constant\" : 4.5", "constant outside"},
            {"\"constant\" : [-0-9.eE]+", "\"constant\" : NaN", "not valid genome JSON"},
        };
        for (String[] edit : bad) {
            String text = json.replaceFirst(edit[0], edit[1]);
            assertTrue(!text.equals(json), edit[0]);
            UserException e = assertThrows(UserException.class, () -> Genomes.parse(text), edit[1]);
            assertTrue(e.getMessage().contains(edit[2]), e.getMessage());
        }
        assertThrows(UserException.class, () -> Genomes.parse(json.substring(0, json.length() / 3)), "truncated");
        assertThrows(UserException.class, () -> Genomes.parse(""), "empty");
    }
}
