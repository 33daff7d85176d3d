// The JVM backend's whole step, multi-step training and evaluation against the double-precision reference,
// its gradients against finite differences, and its input checks.
package org.neuromod.kernels.jvm;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Reference;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepCheck;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL_SUM;
import static org.neuromod.kernels.Close.assertClose;

class JvmBackendTest {

    @ParameterizedTest(name = "{0} {1} P={2} threads={3} widths={4}")
    @CsvSource({
        "relu, momentum, 1, 1, 784-128-10",
        "relu, momentum, 3, 2, 50-33-17-10",
        "relu, adam, 3, 2, 50-33-17-10",
        "tanh, adam, 2, 1, 20-64-10",
        "tanh, sgd, 2, 2, 20-64-10",
        "sigmoid, momentum, 4, 3, 30-8-5",
        "identity, momentum, 2, 2, 12-70-3"})
    void stepsMatchTheReference(String activation, String rule, int P, int threads, String widths) {
        int[] w = java.util.Arrays.stream(widths.split("-")).mapToInt(Integer::parseInt).toArray();
        StepPlan plan = Plans.mlp(16, Activation.parse(activation), UpdateRules.byName(rule), w);
        SplittableRandom rng = new SplittableRandom(11);
        LabeledData train = Plans.data(rng, 100, w[0], w[w.length - 1]);
        LabeledData test = Plans.data(rng, 600, w[0], w[w.length - 1]);
        int n = plan.paramsPerNet();
        int L = plan.layerCount();
        UpdateRule ur = plan.rule();
        float[] params = Plans.params(rng, plan, P);
        float[] state = Plans.state(rng, ur, P * n, 0.01);
        try (JvmBackend backend = new JvmBackend(threads)) {
            backend.prepare(plan, P, Map.of(Split.TRAIN, train, Split.TEST, test));
            backend.loadParams(params);
            backend.loadState(state);
            // each step continues from the backend's own state, so the steps chain
            StepCheck.After after = StepCheck.steps(backend, plan, P, params, state, train, rng, 3, "");
            StepCheck.evaluation(backend, plan, P, after.params(), test, 0, "");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // One SGD step with learning rate 1 moves each parameter by exactly -gradient.
        SplittableRandom rng = new SplittableRandom(5);
        StepPlan plan = Plans.mlp(8, Activation.TANH, UpdateRules.SGD, 9, 7, 4);
        LabeledData train = Plans.data(rng, 30, 9, 4);
        int[] batch = Plans.batch(rng, 8, 30);
        float[] params = Plans.params(rng, plan, 1);
        float[] after = new float[params.length];
        float[] hyper = new float[plan.layerCount() * plan.rule().k()];
        java.util.Arrays.fill(hyper, 1f);
        try (JvmBackend backend = new JvmBackend(2)) {
            backend.prepare(plan, 1, Map.of(Split.TRAIN, train));
            backend.loadParams(params);
            backend.step(batch, hyper, new float[1], new float[plan.layerCount() * Stats.COUNT]);
            backend.readParams(after);
        }
        double[] numeric = Reference.numericGradient(plan, Reference.toDouble(params), train, batch, 1e-5);
        double[] backendGrad = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            backendGrad[i] = (double) params[i] - after[i];
        }
        assertClose("backend gradient vs finite differences", numeric, backendGrad, 2e-6, 1e-3);
    }

    @Test
    void rejectsMismatchedBuffersAndIndices() {
        SplittableRandom rng = new SplittableRandom(1);
        StepPlan plan = Plans.mlp(4, Activation.RELU, UpdateRules.MOMENTUM, 6, 5, 3);
        LabeledData train = Plans.data(rng, 10, 6, 3);
        try (JvmBackend backend = new JvmBackend(1)) {
            assertThrows(IllegalStateException.class, () -> backend.loadParams(new float[1]));
            backend.prepare(plan, 2, Map.of(Split.TRAIN, train));
            float[] hyper = new float[2 * 2 * 2];
            float[] loss = new float[2];
            float[] stats = new float[2 * 2 * Stats.COUNT];
            assertThrows(IllegalArgumentException.class, () -> backend.loadParams(new float[3]));
            assertThrows(IllegalArgumentException.class, () -> backend.step(new int[3], hyper, loss, stats));
            assertThrows(IllegalArgumentException.class, () -> backend.step(new int[] {0, 1, 2, 10}, hyper, loss, stats));
            assertThrows(IllegalArgumentException.class, () -> backend.step(new int[4], new float[3], loss, stats));
            assertThrows(IllegalArgumentException.class, () -> backend.evaluate(Split.TEST, new int[2], new double[2]));
            assertThrows(IllegalArgumentException.class, () -> backend.evaluate(Split.TRAIN, new int[2], new double[1]));
        }
    }
}
