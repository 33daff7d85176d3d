// The constant baseline: the same values in every (network, layer) slot, every step, within the rule's bounds.
package org.neuromod.modulators;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConstantModulatorTest {

    @Test
    void fillsEveryNetworkAndLayerEveryStep() {
        ConstantModulator constant = new ConstantModulator(UpdateRules.MOMENTUM, 0.05f, 0.9f);
        float[] hyper = new float[3 * 2 * 2]; // (P=3, L=2, K=2)
        constant.reset(3, 2, 10);
        for (long step = 0; step < 3; step++) {
            java.util.Arrays.fill(hyper, -1f);
            constant.next(step, new float[3], new float[3 * 2 * 3], hyper);
            assertArrayEquals(new float[] {0.05f, 0.9f, 0.05f, 0.9f, 0.05f, 0.9f, 0.05f, 0.9f, 0.05f, 0.9f, 0.05f, 0.9f},
                    hyper, "step " + step);
        }
    }

    @Test
    void rejectsValuesOutsideTheRulesBoundsOrOfTheWrongCount() {
        assertThrows(IllegalArgumentException.class, () -> new ConstantModulator(UpdateRules.MOMENTUM, 0.05f));
        assertThrows(UserException.class, () -> new ConstantModulator(UpdateRules.MOMENTUM, 0.05f, 1.5f));
        assertThrows(UserException.class, () -> new ConstantModulator(UpdateRules.SGD, -0.1f));
        assertThrows(UserException.class, () -> new ConstantModulator(UpdateRules.SGD, Float.NaN));
    }

    @Test
    void perLayerValuesFollowRelativeDepthOnAnotherNetwork() {
        float[][] layers = {{0.1f, 0.9f}, {0.001f, 0.5f}, {0.01f, 0.1f}}; // set for a 3-layer network
        ConstantModulator m = ConstantModulator.perLayer(UpdateRules.MOMENTUM, layers);
        float[] same = new float[2 * 3 * 2];
        m.reset(2, 3, 10);
        m.next(0, new float[2], new float[2 * 3 * 4], same);
        assertArrayEquals(new float[] {0.1f, 0.9f, 0.001f, 0.5f, 0.01f, 0.1f, 0.1f, 0.9f, 0.001f, 0.5f, 0.01f, 0.1f},
                same, "at the depth it was set for, every layer gets its own values, for every member");
        float[] deeper = new float[5 * 2];
        m.reset(1, 5, 10);
        m.next(0, new float[1], new float[5 * 4], deeper);
        // layers at relative depth 0, 0.25, 0.5, 0.75, 1: halfway between set layers 0 and 1 for depth 0.25
        assertArrayEquals(new float[] {0.1f, 0.9f, 0.01f, 0.7f, 0.001f, 0.5f, (float) Math.sqrt(0.001 * 0.01), 0.3f,
            0.01f, 0.1f}, deeper, 1e-6f, "geometric for the learning rate, linear for momentum");
        float[] single = new float[2];
        m.reset(1, 1, 10);
        m.next(0, new float[1], new float[4], single);
        assertArrayEquals(new float[] {0.1f, 0.9f}, single, "a single layer takes the first layer's values");
        assertThrows(UserException.class, () -> ConstantModulator.perLayer(UpdateRules.MOMENTUM,
                new float[][] {{0.1f, 0.9f}, {0.1f, 2f}}));
    }
}
