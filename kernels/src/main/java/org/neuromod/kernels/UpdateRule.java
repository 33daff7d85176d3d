// An update rule ("modulation kernel"): how one parameter moves given its gradient, its optimizer state and
// the learning parameters the modulator chose for its (network, layer) this step.
package org.neuromod.kernels;

import java.util.List;

/**
 * An elementwise optimizer step with K modulated learning parameters read from hyper (P, L, K) and
 * {@code stateBuffers} optimizer-state buffers, each shaped like the parameters (P, paramsPerNet).
 *
 * @param name         registry name, used on the command line and in saved files
 * @param params       the K learning parameters, in the order they sit in hyper's last dimension
 * @param stateBuffers number of state buffers (momentum: 1, plain SGD: 0)
 * @param body         the elementwise body, the one definition every backend runs
 */
public record UpdateRule(String name, List<HyperParam> params, int stateBuffers, Body body) {

    /**
     * The elementwise body. Kernel-safe: primitives, arrays and static calls only, so the same static method
     * can be wrapped in a TornadoVM kernel.
     */
    @FunctionalInterface
    public interface Body {
        /**
         * Updates the optimizer state of parameter {@code i} and returns the change to apply to it (w += delta).
         *
         * @param w     the parameter's current value
         * @param g     its gradient this step
         * @param state all state buffers stacked, (stateBuffers, n): buffer s of parameter i is state[s*n + i]
         * @param i     the parameter's flat index in (P, paramsPerNet)
         * @param n     P * paramsPerNet, the stride between state buffers
         * @param hyper (P, L, K) learning parameters
         * @param h     index of this parameter's (network, layer) entry in hyper: its k-th parameter is hyper[h + k]
         */
        float delta(float w, float g, float[] state, int i, int n, float[] hyper, int h);
    }

    /** A modulated learning parameter and the closed range a modulator may set it to. */
    public record HyperParam(String name, float min, float max) {
        public HyperParam {
            if (!(min <= max)) {
                throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
            }
        }

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    public UpdateRule {
        params = List.copyOf(params);
        if (stateBuffers < 0) {
            throw new IllegalArgumentException("negative state buffer count");
        }
    }

    /** K, the number of learning parameters per (network, layer). */
    public int k() {
        return params.size();
    }

    /** Index of the named parameter in hyper's last dimension. */
    public int indexOf(String paramName) {
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k).name().equals(paramName)) {
                return k;
            }
        }
        throw new IllegalArgumentException("update rule '" + name + "' has no parameter '" + paramName + "'");
    }
}
