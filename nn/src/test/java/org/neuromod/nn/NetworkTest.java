// Network description and initialisation: layout offsets, seeded streams, He/Glorot statistics.
package org.neuromod.nn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.LayerPlan;
import org.neuromod.kernels.Op;
import org.neuromod.kernels.Reference;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    @Test
    void layoutPlacesEachLayerContiguously() {
        ParamLayout layout = ParamLayout.of(new MlpSpec(784, List.of(128), Activation.RELU, 10));
        assertEquals(784 * 128 + 128 + 128 * 10 + 10, layout.paramsPerNet());
        LayerPlan first = layout.layers().get(0);
        LayerPlan last = layout.layers().get(1);
        assertEquals(0, first.weight().offset());
        assertEquals(784 * 128, first.bias().offset());
        assertEquals(first.end(), last.start());
        assertEquals(Activation.IDENTITY, last.activation(), "the output layer is linear");
        StepPlan plan = layout.plan(64, UpdateRules.MOMENTUM);
        assertEquals(List.of(new Op.Gather(), new Op.DenseForward(0), new Op.DenseForward(1),
                new Op.SoftmaxCrossEntropy(), new Op.DenseBackward(1, true), new Op.ActivationBackward(0),
                new Op.DenseBackward(0, false), new Op.LayerStats(), new Op.Update()), plan.ops());
    }

    @Test
    void hiddenWidthsParseAndRejectNonsense() {
        assertEquals(List.of(256, 128), MlpSpec.parseHidden("256, 128"));
        assertThrows(UserException.class, () -> MlpSpec.parseHidden("12,x"));
        assertThrows(UserException.class, () -> MlpSpec.parseHidden("0"));
        assertThrows(UserException.class, () -> MlpSpec.parseHidden("-5"));
    }

    @Test
    void memberInitDependsOnlyOnSeedAndIndex() {
        ParamLayout layout = ParamLayout.of(new MlpSpec(30, List.of(20), Activation.TANH, 10));
        int n = layout.paramsPerNet();
        float[] one = Init.population(layout, 1, 42);
        float[] eight = Init.population(layout, 8, 42);
        assertArrayEquals(one, Reference.member(eight, 0, n));
        assertNotEquals(Reference.member(eight, 0, n)[0], Reference.member(eight, 1, n)[0]);
        assertNotEquals(one[0], Init.population(layout, 1, 43)[0], "the seed reaches the generator");
    }

    @Test
    void heAndGlorotHaveTheirVariancesAndBiasesStartAtZero() {
        ParamLayout layout = ParamLayout.of(new MlpSpec(784, List.of(128), Activation.RELU, 10));
        float[] params = Init.population(layout, 1, 7);
        LayerPlan relu = layout.layers().get(0);
        LayerPlan linear = layout.layers().get(1);
        double var = 0;
        for (int i = relu.weight().offset(); i < relu.weight().end(); i++) {
            var += params[i] * params[i];
        }
        var /= relu.weight().size();
        assertEquals(2.0 / 784, var, 0.05 * 2.0 / 784, "He-normal variance 2/cIn");
        double limit = Math.sqrt(6.0 / (128 + 10));
        double max = 0;
        for (int i = linear.weight().offset(); i < linear.weight().end(); i++) {
            max = Math.max(max, Math.abs(params[i]));
        }
        assertTrue(max <= limit && max > 0.9 * limit, "Glorot-uniform within +-" + limit + ", max " + max);
        for (LayerPlan layer : layout.layers()) {
            for (int i = layer.bias().offset(); i < layer.bias().end(); i++) {
                assertEquals(0f, params[i]);
            }
        }
    }
}
