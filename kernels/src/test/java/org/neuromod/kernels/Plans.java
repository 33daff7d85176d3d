// Test helper: step plans of small MLPs with a standard, contiguous parameter layout, and random inputs.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

public final class Plans {
    private Plans() {
    }

    /** widths = {inputWidth, hidden..., classes}; every hidden layer uses {@code hidden}, the last is linear. */
    public static StepPlan mlp(int batch, Activation hidden, UpdateRule rule, int... widths) {
        List<LayerPlan> layers = new ArrayList<>();
        int offset = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            int cIn = widths[l];
            int cOut = widths[l + 1];
            View w = new View(offset, cIn, cOut);
            View b = new View(w.end(), 1, cOut);
            layers.add(new LayerPlan(cIn, cOut, l + 2 == widths.length ? Activation.IDENTITY : hidden, w, b));
            offset = b.end();
        }
        return StepPlan.standard(widths[0], widths[widths.length - 1], batch, layers, offset, rule);
    }

    public static float[] uniform(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /**
     * Optimizer state (stateBuffers, count) uniform in +-scale; buffers after the first are kept non-negative,
     * as Adam's second moment is.
     */
    public static float[] state(SplittableRandom rng, UpdateRule rule, int count, double scale) {
        float[] state = uniform(rng, rule.stateBuffers() * count, scale);
        for (int i = count; i < state.length; i++) {
            state[i] = Math.abs(state[i]);
        }
        return state;
    }

    /** count samples in [0, 1) of the given width with labels in [0, classes). */
    public static LabeledData data(SplittableRandom rng, int count, int width, int classes) {
        float[] x = new float[count * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = rng.nextInt(classes);
        }
        return new LabeledData(x, y, count, width);
    }

    /** Parameters of P networks, each uniform in +-scale/sqrt(cIn) per layer. */
    public static float[] params(SplittableRandom rng, StepPlan plan, int P) {
        float[] params = new float[P * plan.paramsPerNet()];
        for (int p = 0; p < P; p++) {
            for (LayerPlan layer : plan.layers()) {
                double scale = 1.5 / Math.sqrt(layer.cIn());
                for (int i = layer.start(); i < layer.end(); i++) {
                    params[p * plan.paramsPerNet() + i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
                }
            }
        }
        return params;
    }

    public static int[] batch(SplittableRandom rng, int B, int count) {
        int[] idx = new int[B];
        for (int b = 0; b < B; b++) {
            idx[b] = rng.nextInt(count);
        }
        return idx;
    }

    /**
     * hyper (P, L, K): each modulated learning parameter drawn inside its bounds (capped at 0.5 for stability),
     * then the rule's derived values for a random update number in 1..50.
     */
    public static float[] hyper(SplittableRandom rng, StepPlan plan, int P) {
        UpdateRule rule = plan.rule();
        int K = rule.k();
        float[] hyper = new float[P * plan.layerCount() * K];
        for (int h = 0; h < hyper.length; h += K) {
            for (int k = 0; k < rule.modulated(); k++) {
                UpdateRule.HyperParam param = rule.params().get(k);
                double max = Math.min(param.max(), 0.5);
                hyper[h + k] = (float) (param.min() + rng.nextDouble() * (max - param.min()));
            }
            rule.derive(hyper, h, 1 + rng.nextInt(50));
        }
        return hyper;
    }
}
