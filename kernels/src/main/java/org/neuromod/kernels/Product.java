// One dense matrix product of a training step: which layer's, and which of its three products. Backends and
// benchmarks key their choices, tasks and measurements by it; its name (forward0, weightGrad1, inputGrad1, ...)
// is made here and nowhere else.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;

/** Product {@code kind} of layer {@code layer} (an index into {@link StepPlan#layers()}). */
public record Product(int layer, Kind kind) {

    /** The three products of a dense layer's step, with the shapes of row-major C (M, N) = op(A) (M, K) · op(B). */
    public enum Kind {
        /** y (B, cOut) = act(x (B, cIn) · W (cIn, cOut) + b): M = B, N = cOut, K = cIn. */
        FORWARD("forward"),
        /** dW (cIn, cOut) = x^T · dZ (B, cOut): M = cIn, N = cOut, K = B; x is read transposed. */
        WEIGHT_GRADIENT("weightGrad"),
        /** dX (B, cIn) = dZ (B, cOut) · W^T: M = B, N = cIn, K = cOut; W is read transposed. */
        INPUT_GRADIENT("inputGrad");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name's prefix: forward, weightGrad, inputGrad. */
        public String label() {
            return label;
        }
    }

    public Product {
        if (layer < 0 || kind == null) {
            throw new IllegalArgumentException("a product needs a layer >= 0 and a kind");
        }
    }

    /** The name reports and benchmarks use: the kind's label and the layer, e.g. weightGrad0. */
    @Override
    public String toString() {
        return kind.label() + layer;
    }

    /** Whether this product's input is the batch itself, shared by the whole population (layer 0's x). */
    public boolean sharedInput() {
        return layer == 0 && kind != Kind.INPUT_GRADIENT;
    }

    /** M of this product for {@code layer} (the plan's layer of the same index) and batch B. */
    public int m(LayerPlan of, int batch) {
        return kind == Kind.WEIGHT_GRADIENT ? of.cIn() : batch;
    }

    /** N of this product. */
    public int n(LayerPlan of) {
        return kind == Kind.INPUT_GRADIENT ? of.cIn() : of.cOut();
    }

    /** K, the length of each sum. */
    public int k(LayerPlan of, int batch) {
        return switch (kind) {
            case FORWARD -> of.cIn();
            case WEIGHT_GRADIENT -> batch;
            case INPUT_GRADIENT -> of.cOut();
        };
    }

    /**
     * The products a step of {@code plan} runs: every layer's forward product (evaluation needs them all, whatever
     * the ops), then, for each DenseBackward op in order, its weight gradient and, if asked, its input gradient.
     */
    public static List<Product> of(StepPlan plan) {
        List<Product> products = new ArrayList<>();
        for (int l = 0; l < plan.layerCount(); l++) {
            products.add(new Product(l, Kind.FORWARD));
        }
        for (Op op : plan.ops()) {
            if (op instanceof Op.DenseBackward d) {
                products.add(new Product(d.layer(), Kind.WEIGHT_GRADIENT));
                if (d.inputGrad()) {
                    products.add(new Product(d.layer(), Kind.INPUT_GRADIENT));
                }
            }
        }
        return products;
    }
}
