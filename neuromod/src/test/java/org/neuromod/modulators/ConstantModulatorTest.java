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
}
