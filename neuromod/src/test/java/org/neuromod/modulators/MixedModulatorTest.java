// A mixed population: each part computes on its own members exactly what it computes alone.
package org.neuromod.modulators;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.nn.Modulator;


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
        MixedModulator mixed = new MixedModulator(parts(rule), counts);
        SyntheticStats.assertPartsAsWhole(mixed, parts(rule), counts, 2, rule.modulated(), 40, 3, "mixed");
    }
}
