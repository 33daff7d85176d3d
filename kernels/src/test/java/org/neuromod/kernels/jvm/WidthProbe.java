// Test helper run in a forked JVM: trains small relu and identity networks with every registered rule for a
// few steps, evaluates them, and prints the backend's device line and a SHA-256 of every bit produced
// (parameters, optimizer state, losses, statistics, evaluation), so runs under different forced vector widths
// can be compared.
package org.neuromod.kernels.jvm;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

public final class WidthProbe {
    private WidthProbe() {
    }

    /**
     * args: activation names, e.g. "relu identity", optionally after "--small" (a network small enough for the
     * interpreter) and "--population=N" (default 3). Prints "device: ..." then "digest: ...".
     */
    public static void main(String[] args) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        String device = "";
        boolean small = java.util.Arrays.asList(args).contains("--small");
        int P = java.util.Arrays.stream(args).filter(a -> a.startsWith("--population="))
                .mapToInt(a -> Integer.parseInt(a.substring("--population=".length()))).findFirst().orElse(3);
        for (String name : args) {
            if (name.startsWith("--")) {
                continue;
            }
            for (UpdateRule rule : UpdateRules.all()) {
                // 100*70 weights span several update chunks; odd widths exercise every tail
                StepPlan plan = small ? Plans.mlp(8, Activation.parse(name), rule, 100, 21, 10)
                        : Plans.mlp(20, Activation.parse(name), rule, 100, 70, 33, 10);
                SplittableRandom rng = new SplittableRandom(5);
                LabeledData data = Plans.data(rng, 600, 100, 10);
                try (JvmBackend backend = new JvmBackend(2)) {
                    device = backend.device();
                    backend.prepare(plan, P, Map.of(Split.TRAIN, data, Split.TEST, data));
                    backend.loadParams(Plans.params(rng, plan, P));
                    float[] loss = new float[P];
                    float[] stats = new float[P * plan.layerCount() * plan.statCount()];
                    for (int s = 0; s < (small ? 2 : 5); s++) {
                        backend.step(Plans.batch(rng, plan.batch(), data.count()), Plans.hyper(rng, plan, P), loss, stats);
                        update(digest, loss);
                        update(digest, stats);
                    }
                    float[] params = new float[P * plan.paramsPerNet()];
                    float[] state = new float[rule.stateBuffers() * P * plan.paramsPerNet()];
                    backend.readParams(params);
                    backend.readState(state);
                    int[] correct = new int[P];
                    double[] testLoss = new double[P];
                    backend.evaluate(Split.TEST, correct, testLoss);
                    update(digest, params);
                    update(digest, state);
                    for (int p = 0; p < P; p++) {
                        digest.update(ByteBuffer.allocate(12).putInt(correct[p]).putDouble(testLoss[p]).array());
                    }
                }
            }
        }
        System.out.println("device: " + device);
        System.out.println("digest: " + HexFormat.of().formatHex(digest.digest()));
    }

    private static void update(MessageDigest digest, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
        for (float v : values) {
            bytes.putInt(Float.floatToRawIntBits(v));
        }
        digest.update(bytes.array());
    }
}
