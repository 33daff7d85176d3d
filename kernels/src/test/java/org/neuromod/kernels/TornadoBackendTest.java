// The TornadoVM backend, reached only through the backend registry: every step against the double-precision
// reference, 50 steps of a 784-128-64-10 population against the JVM backend for every registered rule, training
// twice on one plan, the device and profiler it reports, and its two kinds of dense product (plain @Parallel
// loops and KernelContext tiles in local memory), each forced by configuration against the reference, and chosen
// by measurement. Skipped (with the reason) where TornadoVM is not
// installed; with TORNADOVM_HOME set, a missing backend or OpenCL device is a failure, not a skip.
package org.neuromod.kernels;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuromod.kernels.jvm.JvmBackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuromod.kernels.Close.assertClose;

class TornadoBackendTest {
    private static BackendProvider provider;

    @BeforeEach
    void tornado() {
        // per test, so that each one is reported skipped with the reason
        Assumptions.assumeTrue(System.getenv("TORNADOVM_HOME") != null, "TORNADOVM_HOME not set");
        if (provider != null) {
            return;
        }
        provider = Backends.provider("tornado");
        assertNotNull(provider, "TORNADOVM_HOME is set but the TornadoVM backend did not load (built without the "
                + "tornado profile, or the JVM lacks TornadoVM's flags)");
        assertFalse(provider.devices().isEmpty(), "TornadoVM finds no OpenCL device");
    }

    /** The system property that picks the TornadoVM backend's dense products: plain, tiled or auto. */
    private static final String PRODUCTS = "neuromod.tornado.products";

    private static Backend open() {
        return provider.open(System.getenv("NEUROMOD_TORNADO_DEVICE"), 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh", "sigmoid", "identity"})
    void everyStepMatchesTheReference(String activation) {
        for (UpdateRule rule : UpdateRules.all()) {
            StepPlan plan = Plans.mlp(12, Activation.parse(activation), rule, 30, 17, 9, 5);
            SplittableRandom rng = new SplittableRandom(3);
            LabeledData train = Plans.data(rng, 80, 30, 5);
            LabeledData test = Plans.data(rng, 700, 30, 5);
            int P = 3;
            int n = plan.paramsPerNet();
            float[] params = Plans.params(rng, plan, P);
            float[] state = Plans.state(rng, rule, P * n, 0.01);
            try (Backend backend = open()) {
                backend.prepare(plan, P, Map.of(Split.TRAIN, train, Split.TEST, test));
                backend.loadParams(params);
                backend.loadState(state);
                String label = activation + " " + rule.name() + " ";
                StepCheck.After after = StepCheck.steps(backend, plan, P, params, state, train, rng, 3, label);
                StepCheck.evaluation(backend, plan, P, after.params(), test, 1, label);
            }
        }
    }

    /** Loss of each of the steps on both backends, from the same start; the backends train twice on one plan. */
    private static float[][] losses(Backend backend, StepPlan plan, int P, LabeledData data, float[][] starts,
                                    int steps) {
        float[][] all = new float[starts.length * steps][];
        backend.prepare(plan, P, Map.of(Split.TRAIN, data));
        for (int run = 0; run < starts.length; run++) {
            SplittableRandom rng = new SplittableRandom(40 + run);
            backend.loadParams(starts[run]);
            backend.loadState(new float[plan.rule().stateBuffers() * starts[run].length]);
            for (int s = 0; s < steps; s++) {
                float[] hyper = new float[P * plan.layerCount() * plan.rule().k()];
                for (int h = 0; h < hyper.length; h += plan.rule().k()) {
                    for (int k = 0; k < plan.rule().modulated(); k++) {
                        UpdateRule.HyperParam param = plan.rule().params().get(k);
                        hyper[h + k] = param.rate() ? 0.4f * param.standard() : param.map(0.9);
                    }
                    plan.rule().derive(hyper, h, s + 1);
                }
                float[] loss = new float[P];
                backend.step(Plans.batch(rng, plan.batch(), data.count()), hyper, loss,
                        new float[P * plan.layerCount() * plan.statCount()]);
                all[run * steps + s] = loss;
            }
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh"})
    void fiftyStepsOfAPopulationMatchTheJvmBackendForEveryRuleTwiceOnOnePlan(String activation) {
        int P = 8;
        SplittableRandom rng = new SplittableRandom(7);
        LabeledData data = Plans.data(rng, 2000, 784, 10);
        for (UpdateRule rule : UpdateRules.all()) {
            StepPlan plan = Plans.mlp(64, Activation.parse(activation), rule, 784, 128, 64, 10);
            float[][] starts = {Plans.params(rng, plan, P), Plans.params(rng, plan, P)};
            float[][] jvm;
            try (Backend backend = new JvmBackend(2)) {
                jvm = losses(backend, plan, P, data, starts, 50);
            }
            try (Backend backend = open()) {
                float[][] device = losses(backend, plan, P, data, starts, 50);
                for (int s = 0; s < jvm.length; s++) {
                    String what = activation + " " + rule.name() + (s < 50 ? " first" : " second (re-loaded)")
                            + " population, step " + s % 50;
                    if (s % 50 < 20) {
                        assertClose(what + " loss", jvm[s], device[s], 0, 1e-3);
                    } else {
                        // rounding differences grow with the steps, member by member: a rule that divides by the
                        // gradient's own running magnitude (RMSprop) moves a weight whose gradient is rounding noise
                        // by a whole step, so single members drift apart within tens of steps; the population's
                        // mean loss stays close
                        assertClose(what + " mean loss", new float[] {mean(jvm[s])}, new float[] {mean(device[s])},
                                0, 1e-2);
                    }
                }
            }
        }
    }

    private static float mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return (float) (sum / values.length);
    }

    /** Runs body with the products property set to value (null: unset), restoring it after. */
    private static void withProducts(String value, Runnable body) {
        String before = System.getProperty(PRODUCTS);
        if (value == null) {
            System.clearProperty(PRODUCTS);
        } else {
            System.setProperty(PRODUCTS, value);
        }
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(PRODUCTS);
            } else {
                System.setProperty(PRODUCTS, before);
            }
        }
    }

    /**
     * Each kind of dense product, forced by configuration, against the reference: forward, input gradient and
     * weight gradient, with the first layer's input shared by the population and the layers above per member.
     * The second shape leaves partial tiles (of 16) in every dimension and spans several tiles in each.
     */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "tiled"})
    void eachKindOfProductMatchesTheReference(String kind) {
        withProducts(kind, () -> {
            for (int[] shape : new int[][] {{12, 30, 17, 9, 5}, {37, 40, 33, 18, 5}}) {
                UpdateRule rule = UpdateRules.MOMENTUM;
                StepPlan plan = Plans.mlp(shape[0], Activation.TANH, rule, shape[1], shape[2], shape[3], shape[4]);
                SplittableRandom rng = new SplittableRandom(5);
                LabeledData train = Plans.data(rng, 90, shape[1], shape[4]);
                LabeledData test = Plans.data(rng, 600, shape[1], shape[4]);
                int P = 3;
                int n = plan.paramsPerNet();
                int L = plan.layerCount();
                float[] params = Plans.params(rng, plan, P);
                float[] state = Plans.state(rng, rule, P * n, 0.01);
                try (Backend backend = open()) {
                    backend.prepare(plan, P, Map.of(Split.TRAIN, train, Split.TEST, test));
                    Map<String, String> choices = backend.choices();
                    assertEquals(3 * L - 1, choices.size(), "a choice per dense product: " + choices);
                    for (Map.Entry<String, String> choice : choices.entrySet()) {
                        assertTrue(choice.getValue().startsWith(kind + " "), PRODUCTS + "=" + kind + " but " + choice);
                    }
                    backend.loadParams(params);
                    backend.loadState(state);
                    String label = kind + " B=" + shape[0] + " ";
                    StepCheck.After after = StepCheck.steps(backend, plan, P, params, state, train, rng, 2, label);
                    StepCheck.evaluation(backend, plan, P, after.params(), test, 1, label);
                }
            }
        });
    }

    @Test
    void productsAreChosenByMeasurementAndTheChoiceIsReported() {
        withProducts(null, () -> {
            StepPlan plan = Plans.mlp(32, Activation.RELU, UpdateRules.SGD, 64, 48, 10);
            SplittableRandom rng = new SplittableRandom(2);
            LabeledData data = Plans.data(rng, 100, 64, 10);
            try (Backend backend = open()) {
                backend.prepare(plan, 4, Map.of(Split.TRAIN, data));
                Map<String, String> choices = backend.choices();
                assertEquals(java.util.Set.of("forward0", "forward1", "inputGrad1", "weightGrad0", "weightGrad1"),
                        choices.keySet());
                Pattern measured = Pattern.compile("(plain|tiled) \\(measured: plain ([0-9.]+) us, tiled ([0-9.]+) us\\)");
                for (Map.Entry<String, String> choice : choices.entrySet()) {
                    Matcher m = measured.matcher(choice.getValue());
                    assertTrue(m.matches(), "a measured choice: " + choice);
                    double plain = Double.parseDouble(m.group(2));
                    double tiled = Double.parseDouble(m.group(3));
                    assertTrue(plain > 0 && tiled > 0, choice.toString());
                    assertEquals(plain <= tiled ? "plain" : "tiled", m.group(1), "the faster one: " + choice);
                }
                backend.loadParams(Plans.params(rng, plan, 4));
                backend.loadState(new float[4 * plan.paramsPerNet()]);
                float[] loss = new float[4];
                backend.step(Plans.batch(rng, 32, 100), Plans.hyper(rng, plan, 4), loss, new float[4 * 2 * plan.statCount()]);
                for (float l : loss) {
                    assertTrue(Float.isFinite(l) && l > 0, "a step on the chosen products: " + java.util.Arrays.toString(loss));
                }
            }
        });
    }

    @Test
    void anUnknownProductKindIsRefusedNamingTheSetting() {
        withProducts("fast", () -> {
            StepPlan plan = Plans.mlp(8, Activation.RELU, UpdateRules.SGD, 20, 10, 4);
            try (Backend backend = open()) {
                UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
                        () -> backend.prepare(plan, 2, Map.of(Split.TRAIN, Plans.data(new SplittableRandom(1), 40, 20, 4))));
                assertTrue(e.getMessage().contains(PRODUCTS) && e.getMessage().contains("fast"), e.getMessage());
            }
        });
    }

    @Test
    void namesItsDeviceAndReportsDeviceKernelTime() {
        StepPlan plan = Plans.mlp(8, Activation.RELU, UpdateRules.MOMENTUM, 20, 10, 4);
        SplittableRandom rng = new SplittableRandom(1);
        LabeledData data = Plans.data(rng, 40, 20, 4);
        try (Backend backend = open()) {
            backend.prepare(plan, 2, Map.of(Split.TRAIN, data));
            backend.loadParams(Plans.params(rng, plan, 2));
            backend.loadState(new float[2 * plan.paramsPerNet()]);
            backend.step(Plans.batch(rng, 8, 40), Plans.hyper(rng, plan, 2), new float[2], new float[2 * 2 * plan.statCount()]);
            assertEquals("tornado", backend.name());
            String device = backend.device();
            assertTrue(provider.devices().stream().anyMatch(line -> line.contains(device.split(" ")[2])),
                    device + " is one of " + provider.devices());
            Long kernel = backend.lastStepProfile().get("deviceKernelNanos");
            assertNotNull(kernel, "TornadoVM's profiler ran");
            assertTrue(kernel > 0, "the step ran kernels on the device: " + backend.lastStepProfile());
        }
    }

    @Test
    void aPopulationBeyondTheDevicesMemoryIsRefusedBeforeAllocating() {
        StepPlan plan = Plans.mlp(64, Activation.RELU, UpdateRules.MOMENTUM, 784, 4096, 10);
        LabeledData data = Plans.data(new SplittableRandom(1), 100, 784, 10);
        try (Backend backend = open()) {
            // 640 networks of 3,256,330 parameters: each buffer under a Java array's limit, params, gradients and
            // velocity together 25 GB, more than a CPU OpenCL device of this kind of machine or a usual GPU offers
            Footprint.TooLarge e = org.junit.jupiter.api.Assertions.assertThrows(Footprint.TooLarge.class,
                    () -> backend.prepare(plan, 640, Map.of(Split.TRAIN, data)));
            assertTrue(e.getMessage().contains("640") && e.getMessage().contains("of global memory of")
                    && e.getMessage().contains("at most " + e.fits() + " fits"), e.getMessage());
            assertTrue(e.fits() >= 1 && e.fits() < 640, "a smaller population fits: " + e.fits());
        }
    }
}
