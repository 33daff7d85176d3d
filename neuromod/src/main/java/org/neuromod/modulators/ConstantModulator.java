// The simplest modulator: the same learning parameters for every network, layer and step (plain SGD or
// momentum with fixed hyper-parameters), the baseline every evolved modulator is compared against.
package org.neuromod.modulators;

import java.util.Arrays;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.nn.HyperSource;

public final class ConstantModulator implements HyperSource {
    private final float[] values;

    /** values (K): one value per learning parameter of the rule, each inside the rule's bounds. */
    public ConstantModulator(UpdateRule rule, float... values) {
        if (values.length != rule.k()) {
            throw new IllegalArgumentException("update rule '" + rule.name() + "' takes " + rule.k()
                    + " learning parameters, got " + values.length);
        }
        for (int k = 0; k < values.length; k++) {
            UpdateRule.HyperParam param = rule.params().get(k);
            if (!param.contains(values[k])) {
                throw new IllegalArgumentException(param.name() + " must be in [" + param.min() + ", " + param.max()
                        + "], got " + values[k]);
            }
        }
        this.values = values.clone();
    }

    @Override
    public void reset(int population, int layers, long totalSteps) {
        // no dynamics
    }

    @Override
    public void next(long step, float[] loss, float[] stats, float[] hyper) {
        for (int i = 0; i < hyper.length; i += values.length) {
            System.arraycopy(values, 0, hyper, i, values.length);
        }
    }

    public float[] values() {
        return Arrays.copyOf(values, values.length);
    }
}
