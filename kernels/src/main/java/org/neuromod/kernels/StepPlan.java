// What a backend needs to run training steps: network shape, parameter views, update rule and the ordered ops.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * One training step of a population of identically shaped dense networks.
 *
 * @param inputWidth   features per sample (784 for MNIST)
 * @param classes      outputs of the last layer
 * @param batch        B, samples per step
 * @param layers       the dense layers, input to output; their parameter segments tile [0, paramsPerNet)
 * @param paramsPerNet parameters of one network
 * @param rule         the update rule the Update op applies
 * @param ops          the step, in order
 */
public record StepPlan(int inputWidth, int classes, int batch, List<LayerPlan> layers, int paramsPerNet,
                       UpdateRule rule, List<Op> ops) {

    public StepPlan {
        layers = List.copyOf(layers);
        ops = List.copyOf(ops);
        if (layers.isEmpty() || batch <= 0) {
            throw new IllegalArgumentException("a plan needs at least one layer and a positive batch");
        }
        int expectedIn = inputWidth;
        int offset = 0;
        for (LayerPlan layer : layers) {
            if (layer.cIn() != expectedIn || layer.start() != offset) {
                throw new IllegalArgumentException("layer " + layer + " does not follow its predecessor (cIn "
                        + expectedIn + ", start " + offset + ")");
            }
            expectedIn = layer.cOut();
            offset = layer.end();
        }
        if (expectedIn != classes || offset != paramsPerNet) {
            throw new IllegalArgumentException("layers end with width " + expectedIn + " at " + offset
                    + ", expected " + classes + " classes and " + paramsPerNet + " parameters");
        }
        for (Op op : ops) {
            int layer = switch (op) {
                case Op.DenseForward f -> f.layer();
                case Op.ActivationBackward a -> a.layer();
                case Op.DenseBackward d -> d.layer();
                default -> 0;
            };
            boolean inputGradBelowFirst = op instanceof Op.DenseBackward d && d.inputGrad() && d.layer() == 0;
            if (layer < 0 || layer >= layers.size() || inputGradBelowFirst) {
                throw new IllegalArgumentException("op " + op + " names no valid layer");
            }
        }
    }

    /**
     * The standard step, the same order on every backend (ARCHITECTURE.md): gather, forward through every layer,
     * softmax cross-entropy, backward through every layer (activation backward, then dense backward; the input
     * gradient only where a layer below needs it), layer statistics, modulated update.
     */
    public static StepPlan standard(int inputWidth, int classes, int batch, List<LayerPlan> layers,
                                    int paramsPerNet, UpdateRule rule) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.Gather());
        for (int l = 0; l < layers.size(); l++) {
            ops.add(new Op.DenseForward(l));
        }
        ops.add(new Op.SoftmaxCrossEntropy());
        for (int l = layers.size() - 1; l >= 0; l--) {
            if (layers.get(l).activation() != Activation.IDENTITY) {
                ops.add(new Op.ActivationBackward(l));
            }
            ops.add(new Op.DenseBackward(l, l > 0));
        }
        ops.add(new Op.LayerStats());
        ops.add(new Op.Update());
        return new StepPlan(inputWidth, classes, batch, layers, paramsPerNet, rule, ops);
    }

    /** L, the number of layers. */
    public int layerCount() {
        return layers.size();
    }

    /** layerStart (L + 1): segment boundaries of the layers inside one network's parameters. */
    public int[] layerStarts() {
        int[] starts = new int[layers.size() + 1];
        for (int l = 0; l < layers.size(); l++) {
            starts[l] = layers.get(l).start();
        }
        starts[layers.size()] = paramsPerNet;
        return starts;
    }

    /** S, the statistics per (network, layer) each step reports: {@link Stats#NAMES}, version {@link Stats#VERSION}. */
    public int statCount() {
        return Stats.COUNT;
    }

    /** Names of the S statistics, in the order stats (P, L, S) holds them. */
    public List<String> stats() {
        return Stats.NAMES;
    }

    /** Width of the widest layer output. */
    public int maxWidth() {
        int max = 0;
        for (LayerPlan layer : layers) {
            max = Math.max(max, layer.cOut());
        }
        return max;
    }
}
