// Format 2's promise: GRN outputs do not go dead. An output u (in [0, 1]) is pinned when |du| < 1e-6 for 50
// consecutive steps while at least one of its (member, layer)'s observations moves by more than 0.01 over the
// same steps. 200 random genomes per format, 3 layers, 500 steps of synthetic statistics.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.Observations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrnPinnedTest {
    static final int GENOMES = 200;
    static final int LAYERS = 3;
    static final int STEPS = 500;
    static final int WINDOW = 50;

    /** The share of (genome, layer, parameter) outputs pinned at some point of the run. */
    static double pinnedShare(int format) {
        UpdateRule rule = UpdateRules.MOMENTUM;
        int M = rule.modulated();
        int O = Observations.COUNT;
        GrnGenome[] genomes = new GrnGenome[GENOMES];
        for (int g = 0; g < GENOMES; g++) {
            genomes[g] = GrnGenome.random(rule, new SplittableRandom(g)).inFormat(format);
        }
        GrnModulator m = new GrnModulator(rule, genomes, 1);
        m.reset(GENOMES, LAYERS, STEPS);
        Observations seen = new Observations(GENOMES, LAYERS);
        SyntheticStats signals = new SyntheticStats(GENOMES, LAYERS, 11);
        int outputs = GENOMES * LAYERS * M;
        float[][] u = new float[STEPS][];
        float[][] obs = new float[STEPS][];
        float[] loss = new float[GENOMES];
        float[] stats = new float[GENOMES * LAYERS * Stats.COUNT];
        float[] hyper = new float[outputs];
        for (int t = 0; t < STEPS; t++) {
            m.next(t, loss, stats, hyper);
            u[t] = m.outputs().clone();
            obs[t] = seen.observe(t, STEPS, loss, stats).clone();
            signals.next();
            loss = signals.loss().clone();
            stats = signals.stats().clone();
        }
        int pinned = 0;
        for (int i = 0; i < outputs; i++) {
            int pl = i / M;
            int still = 0;
            for (int t = 1; t < STEPS; t++) {
                still = Math.abs(u[t][i] - u[t - 1][i]) < 1e-6f ? still + 1 : 0;
                if (still >= WINDOW && inputsMoved(obs, pl * O, O, t - WINDOW, t)) {
                    pinned++;
                    break;
                }
            }
        }
        return (double) pinned / outputs;
    }

    /** Whether one of the O observations at offset moved by more than 0.01 over steps from..to. */
    static boolean inputsMoved(float[][] obs, int offset, int O, int from, int to) {
        for (int o = 0; o < O; o++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int t = from; t <= to; t++) {
                lo = Math.min(lo, obs[t][offset + o]);
                hi = Math.max(hi, obs[t][offset + o]);
            }
            if (hi - lo > 0.01f) {
                return true;
            }
        }
        return false;
    }

    @Test
    void atMostOnePercentOfFormat2OutputsArePinnedWhereFormat1PinsMany() {
        double format2 = pinnedShare(2);
        double format1 = pinnedShare(1);
        String rates = String.format("pinned outputs: format 1 %.1f%%, format 2 %.1f%%", 100 * format1, 100 * format2);
        System.out.println("GrnPinnedTest: " + rates);
        assertTrue(format2 <= 0.01, rates);
        assertTrue(format1 > 5 * Math.max(format2, 0.01), "format 1 is the reason format 2 exists: " + rates);
    }

    @Test
    void anOutputWhoseTwoProteinsVanishStaysFiniteAndMovesContinuously() {
        // every regulator has id 0; both output proteins are inhibited at full affinity (inhibitor tag 0) and
        // enhanced weakly (tags 1.0 and 0.9), while the regulatory protein is enhanced at full affinity: both
        // output proteins are driven towards 0, and the difference of their drives still follows the inputs
        UpdateRule rule = UpdateRules.SGD;
        int O = Observations.COUNT;
        java.util.List<GrnGenome.Protein> proteins = new java.util.ArrayList<>();
        for (int i = 0; i < O; i++) {
            proteins.add(new GrnGenome.Protein(GrnGenome.Type.INPUT, 0.0, 0.5, 0.5));
        }
        proteins.add(new GrnGenome.Protein(GrnGenome.Type.OUTPUT, 0.5, 1.0, 0.0));   // learning rate
        proteins.add(new GrnGenome.Protein(GrnGenome.Type.OUTPUT, 0.5, 0.9, 0.0));   // its normaliser
        proteins.add(new GrnGenome.Protein(GrnGenome.Type.REGULATORY, 0.0, 0.0, 1.0));
        for (int format = 1; format <= GrnGenome.FORMAT; format++) {
            GrnGenome g = new GrnGenome(format, rule.name(), Observations.VERSION, 2.0, 2.0, proteins);
            GrnModulator m = new GrnModulator(rule, new GrnGenome[] {g}, 1);
            m.reset(1, 1, 1000);
            float[] hyper = new float[1];
            float[] stats = new float[Stats.COUNT];
            float[] previous = null;
            float smallest = Float.MAX_VALUE;
            float largestJump = 0f;
            float first = Float.NaN;
            for (int t = 0; t < 400; t++) {
                // the loss observation sweeps slowly up and down: the output's inputs keep moving
                float loss = (float) (1 + Math.sin(t / 30.0));
                m.next(t, new float[] {loss}, stats, hyper);
                float u = m.outputs()[0];
                float[] c = m.concentrations();
                smallest = Math.min(smallest, Math.max(c[O], c[O + 1]));
                assertTrue(Float.isFinite(u) && u >= 0f && u <= 1f, "format " + format + " step " + t + ": u " + u);
                if (previous != null) {
                    largestJump = Math.max(largestJump, Math.abs(u - previous[0]));
                }
                if (t == 200) {
                    first = u;
                }
                previous = new float[] {u};
            }
            if (format == 1) {
                assertEquals(0f, smallest, "format 1: both output proteins die");
                assertEquals(0.5f, previous[0], "format 1: the 0/0 fallback holds the output at 0.5");
                assertEquals(first, previous[0], "format 1: and it never moves again");
            } else {
                assertTrue(smallest > 0f && smallest < 0.01f, "format 2: both output proteins fall close to 0 (" + smallest + ")");
                assertTrue(previous[0] != first, "format 2: the output still follows its inputs (" + first + " -> " + previous[0] + ")");
                assertTrue(largestJump < 0.05f, "format 2: continuously, by small steps (largest " + largestJump + ")");
            }
        }
    }
}
