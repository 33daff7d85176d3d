// Finite-difference checks of the reference's backpropagation on tiny networks: the reference is only worth
// comparing against if its gradients are right.
package org.neuromod.kernels;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.neuromod.kernels.Close.assertClose;

class GradientCheckTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void referenceGradientsMatchCentralDifferences(Activation act) {
        SplittableRandom rng = new SplittableRandom(7 + act.ordinal());
        StepPlan plan = Plans.mlp(4, act, UpdateRules.SGD, 6, 5, 4, 3);
        LabeledData data = Plans.data(rng, 10, 6, 3);
        int[] batch = {1, 4, 9, 2};
        double[] params = Reference.toDouble(Plans.params(rng, plan, 1));
        double[] analytic = Reference.gradients(plan, params, data, batch);
        double[] numeric = Reference.numericGradient(plan, params, data, batch, 1e-6);
        assertClose(act + " gradient", numeric, analytic, 1e-7, 1e-5);
    }
}
