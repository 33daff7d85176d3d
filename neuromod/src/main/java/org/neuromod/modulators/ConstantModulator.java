// The simplest modulator: the same learning parameters for every network, layer and step (plain SGD, momentum
// or Adam with fixed hyper-parameters), the baseline every evolved modulator is compared against.
package org.neuromod.modulators;

import java.util.Arrays;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.Modulator;

public final class ConstantModulator implements Modulator {
    private final float[] values;

    /** values (M): one value per modulated learning parameter of the rule, each inside the rule's bounds. */
    public ConstantModulator(UpdateRule rule, float... values) {
        if (values.length != rule.modulated()) {
            throw new IllegalArgumentException("update rule '" + rule.name() + "' takes " + rule.modulated()
                    + " learning parameters, got " + values.length);
        }
        for (int k = 0; k < values.length; k++) {
            UpdateRule.HyperParam param = rule.params().get(k);
            if (!param.contains(values[k])) {
                throw new UserException(param.name() + " must be in [" + param.min() + ", " + param.max()
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
