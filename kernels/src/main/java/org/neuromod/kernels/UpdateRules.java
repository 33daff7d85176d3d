// The registry of update rules ("modulation kernels") and their elementwise bodies.
//
// Adding a rule: write its static body below (kernel-safe: primitives, arrays, static calls), declare its
// learning parameters with their bounds and its number of state buffers, and add it to ALL. The shared
// update-rule tests and benchmarks iterate over ALL, so they pick it up.
package org.neuromod.kernels;

import java.util.List;

import org.neuromod.kernels.UpdateRule.HyperParam;

public final class UpdateRules {

    /** Plain SGD: w <- w - alpha*g. */
    public static final UpdateRule SGD = new UpdateRule("sgd",
            List.of(new HyperParam("learningRate", 0f, 10f)), 0, UpdateRules::sgd);

    /**
     * Momentum SGD as in the paper's base optimizer (NEUROMODULATION.md): v <- beta*v - alpha*g; w <- w + v.
     */
    public static final UpdateRule MOMENTUM = new UpdateRule("momentum",
            List.of(new HyperParam("learningRate", 0f, 10f), new HyperParam("momentum", 0f, 0.999f)), 1,
            UpdateRules::momentum);

    private static final List<UpdateRule> ALL = List.of(SGD, MOMENTUM);

    private UpdateRules() {
    }

    public static List<UpdateRule> all() {
        return ALL;
    }

    public static UpdateRule byName(String name) {
        for (UpdateRule rule : ALL) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown update rule '" + name + "' (known: "
                + String.join(", ", ALL.stream().map(UpdateRule::name).toList()) + ")");
    }

    // hyper[h] = alpha (learning rate)
    public static float sgd(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        return -hyper[h] * g;
    }

    // hyper[h] = alpha, hyper[h + 1] = beta; state[i] = v (velocity)
    public static float momentum(float w, float g, float[] state, int i, int n, float[] hyper, int h) {
        float v = hyper[h + 1] * state[i] - hyper[h] * g;
        state[i] = v;
        return v;
    }
}
