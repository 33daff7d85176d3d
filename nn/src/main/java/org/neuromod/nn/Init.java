// Seeded initialisation of a population's parameters: He for ReLU layers, Glorot otherwise, zero biases.
package org.neuromod.nn;

import java.util.SplittableRandom;

import org.neuromod.kernels.Activation;
import org.neuromod.kernels.LayerPlan;

public final class Init {
    private Init() {
    }

    /** params (P, paramsPerNet), member i drawn from Seeds.split(seed, INIT, i) (see {@link #population(ParamLayout, long[])}). */
    public static float[] population(ParamLayout layout, int P, long seed) {
        return population(layout, Seeds.initKeys(seed, P));
    }

    /**
     * params (P, paramsPerNet), member i drawn from {@code new SplittableRandom(keys[i])}:
     * ReLU layers He-normal, N(0, 2/cIn) (He et al. 2015); other layers Glorot-uniform, U(+-sqrt(6/(cIn+cOut)))
     * (Glorot and Bengio 2010); biases zero.
     */
    public static float[] population(ParamLayout layout, long[] keys) {
        int P = keys.length;
        int n = layout.paramsPerNet();
        float[] params = new float[P * n];
        for (int p = 0; p < P; p++) {
            SplittableRandom rng = new SplittableRandom(keys[p]);
            for (LayerPlan layer : layout.layers()) {
                int w0 = p * n + layer.weight().offset();
                if (layer.activation() == Activation.RELU) {
                    double std = Math.sqrt(2.0 / layer.cIn());
                    for (int i = 0; i < layer.weight().size(); i++) {
                        params[w0 + i] = (float) (rng.nextGaussian() * std);
                    }
                } else {
                    double limit = Math.sqrt(6.0 / (layer.cIn() + layer.cOut()));
                    for (int i = 0; i < layer.weight().size(); i++) {
                        params[w0 + i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
                    }
                }
            }
        }
        return params;
    }
}
