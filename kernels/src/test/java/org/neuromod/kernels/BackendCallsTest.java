// The argument checks both backends share: wrong step buffers, a batch index outside the data, a split that was
// not prepared and a copy of the wrong length are refused naming what is wrong; an evaluation starts from zero.
package org.neuromod.kernels;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendCallsTest {
    private static final StepPlan PLAN = Plans.mlp(4, Activation.RELU, UpdateRules.MOMENTUM, 5, 3, 2);

    @Test
    void stepBuffersAndBatchIndicesAreChecked() {
        int P = 2;
        float[] hyper = new float[P * 2 * PLAN.rule().k()];
        float[] stats = new float[P * 2 * PLAN.statCount()];
        assertDoesNotThrow(() -> BackendCalls.checkStep(PLAN, P, 10, new int[] {0, 1, 2, 9}, hyper, new float[P],
                stats));
        IllegalArgumentException wrongLoss = assertThrows(IllegalArgumentException.class, () -> BackendCalls.checkStep(
                PLAN, P, 10, new int[4], hyper, new float[P + 1], stats));
        assertTrue(wrongLoss.getMessage().contains("loss 3/2"), wrongLoss.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> BackendCalls.checkStep(
                PLAN, P, 10, new int[] {0, 10, 1, 2}, hyper, new float[P], stats));
        assertTrue(outside.getMessage().contains("batch index 10 outside 0..9"), outside.getMessage());
    }

    @Test
    void anEvaluationNeedsItsSplitAndStartsFromZero() {
        LabeledData test = new LabeledData(new float[10], new int[2], 2, 5);
        int[] correct = {3, 4};
        double[] loss = {1, 2};
        assertSame(test, BackendCalls.evaluated(Map.of(Split.TEST, test), Split.TEST, 2, correct, loss));
        assertArrayEquals(new int[2], correct);
        assertArrayEquals(new double[2], loss);
        assertThrows(IllegalArgumentException.class, () -> BackendCalls.evaluated(Map.of(Split.TEST, test),
                Split.VALIDATION, 2, correct, loss));
        assertThrows(IllegalArgumentException.class, () -> BackendCalls.evaluated(Map.of(Split.TEST, test),
                Split.TEST, 3, correct, loss));
    }

    @Test
    void copiesMustHaveTheHeldLength() {
        float[] held = new float[4];
        BackendCalls.copyIn(new float[] {1, 2, 3}, held, 3, "params");
        float[] out = new float[3];
        BackendCalls.copyOut(held, 3, out, "params");
        assertArrayEquals(new float[] {1, 2, 3}, out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendCalls.copyIn(new float[2], held, 3, "optimizer state"));
        assertTrue(e.getMessage().contains("optimizer state has 2 floats, expected 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackendCalls.copyOut(held, 3, new float[4], "params"));
    }
}
