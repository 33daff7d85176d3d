// A mixed population: each part computes on its own members exactly what it computes alone.
package org.neuromod.modulators;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.nn.Modulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MixedModulatorTest {

    private static List<Modulator> parts(UpdateRule rule) {
        GrnGenome[] grn = {GrnGenome.random(rule, new SplittableRandom(1)), GrnGenome.random(rule, new SplittableRandom(2))};
        return List.of(new ConstantModulator(rule, 0.05f, 0.9f),
                new GrnModulator(rule, grn, 2),
                new ScheduleModulator(rule, ScheduleModulator.Shape.COSINE, new float[] {0.2f, 0.5f}, new double[0], 1, 0.1, 0),
                ConstantModulator.perLayer(rule, new float[][] {{0.01f, 0.1f}, {0.3f, 0.8f}}));
    }

    @Test
    void eachPartDrivesItsMembersAsItWouldAlone() {
        UpdateRule rule = UpdateRules.MOMENTUM;
        int[] counts = {1, 2, 1, 1};
        int P = 5;
        int L = 2;
        int M = rule.modulated();
        MixedModulator mixed = new MixedModulator(parts(rule), counts);
        List<Modulator> alone = parts(rule);
        mixed.reset(P, L, 40);
        for (int j = 0; j < alone.size(); j++) {
            alone.get(j).reset(counts[j], L, 40);
        }
        SyntheticStats signals = new SyntheticStats(P, L, 3);
        float[] loss = new float[P];
        float[] stats = new float[P * L * Stats.COUNT];
        for (int t = 0; t < 40; t++) {
            float[] hyper = new float[P * L * M];
            mixed.next(t, loss, stats, hyper);
            int first = 0;
            for (int j = 0; j < alone.size(); j++) {
                float[] own = new float[counts[j] * L * M];
                alone.get(j).next(t, Arrays.copyOfRange(loss, first, first + counts[j]),
                        Arrays.copyOfRange(stats, first * L * Stats.COUNT, (first + counts[j]) * L * Stats.COUNT), own);
                assertArrayEquals(own, Arrays.copyOfRange(hyper, first * L * M, (first + counts[j]) * L * M),
                        "part " + j + " step " + t);
                first += counts[j];
            }
            signals.next();
            loss = signals.loss().clone();
            stats = signals.stats().clone();
        }
        assertEquals(P, Arrays.stream(counts).sum());
    }
}
