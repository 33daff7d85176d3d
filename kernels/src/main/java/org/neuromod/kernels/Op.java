// The vocabulary of a training step: the network layer describes a step as an ordered list of these,
// and each backend runs (JVM) or compiles (TornadoVM) that list.
package org.neuromod.kernels;

/** One operation of a training step. Layers are referenced by their index in {@link StepPlan#layers()}. */
public sealed interface Op {
    /** x0 (B, inputWidth) and labels (B) gathered from the training data at the step's batch indices. */
    record Gather() implements Op {}

    /** act[layer] (P, B, cOut) = activation(act[layer-1] · W + b); layer 0 reads the gathered batch. */
    record DenseForward(int layer) implements Op {}

    /** Mean softmax cross-entropy of the last layer's outputs: loss (P), correct counts, dAct[last]. */
    record SoftmaxCrossEntropy() implements Op {}

    /** dAct[layer] *= activation'(act[layer]), turning the gradient w.r.t. outputs into one w.r.t. pre-activations. */
    record ActivationBackward(int layer) implements Op {}

    /** dW, dB of the layer into the gradient buffer; with inputGrad also dAct[layer-1] = dZ · W^T. */
    record DenseBackward(int layer, boolean inputGrad) implements Op {}

    /** The statistics' raw sums that precede the update (gradient and weight norms, agreement with the previous update). */
    record LayerStats() implements Op {}

    /** The update rule applied per (network, layer) with hyper (P, L, K); also the update's squared norm, then stats (P, L, S). */
    record Update() implements Op {}
}
