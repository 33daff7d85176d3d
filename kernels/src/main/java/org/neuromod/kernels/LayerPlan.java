// One dense layer of a step plan: its shape, activation and where its parameters live in a network's slice.
package org.neuromod.kernels;

/**
 * y (B, cOut) = activation(x (B, cIn) · W (cIn, cOut) + b (cOut)).
 * {@code weight} is a (cIn, cOut) view and {@code bias} a (1, cOut) view that directly follows it, so a layer's
 * parameters form one contiguous segment: per-layer statistics and updates run over a single range.
 */
public record LayerPlan(int cIn, int cOut, Activation activation, View weight, View bias) {
    public LayerPlan {
        if (weight.rows() != cIn || weight.cols() != cOut) {
            throw new IllegalArgumentException("weight view " + weight + " is not (" + cIn + ", " + cOut + ")");
        }
        if (bias.rows() != 1 || bias.cols() != cOut) {
            throw new IllegalArgumentException("bias view " + bias + " is not (1, " + cOut + ")");
        }
        if (bias.offset() != weight.end()) {
            throw new IllegalArgumentException("bias must directly follow the weights (offset " + weight.end()
                    + "), got " + bias.offset());
        }
    }

    /** First element of this layer's parameter segment (weights then bias). */
    public int start() {
        return weight.offset();
    }

    /** One past the last element of this layer's parameter segment. */
    public int end() {
        return bias.end();
    }
}
