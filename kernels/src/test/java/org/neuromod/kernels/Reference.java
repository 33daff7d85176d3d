// The plain, single-threaded, double-precision reference of every op and of a whole step, for one network.
// Same names and parameter order as the kernels; written for obviousness, not speed. Every backend and every
// kernel body is tested against it.
package org.neuromod.kernels;

import java.util.Arrays;

public final class Reference {
    private Reference() {
    }

    /** Everything one step of one network produces. stats (L, S); outputs[l] (B, cOut_l). */
    public record StepResult(double loss, int correct, double[] grads, float[] params, float[] state,
                             double[] stats, double[][] outputs) {
    }

    public static double activate(Activation act, double z) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> Math.max(0, z);
            case TANH -> Math.tanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    /** f'(z) through y = f(z). */
    public static double derivative(Activation act, double y) {
        return switch (act) {
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
        };
    }

    /** y (B, cOut) = act(x (B, cIn) · W (cIn, cOut) + b). W at wOff, b at bOff of params. */
    public static double[] denseForward(double[] x, double[] params, int wOff, int bOff, int B, int cIn, int cOut,
                                        Activation act) {
        double[] y = new double[B * cOut];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < cOut; j++) {
                double z = params[bOff + j];
                for (int k = 0; k < cIn; k++) {
                    z += x[b * cIn + k] * params[wOff + k * cOut + j];
                }
                y[b * cOut + j] = activate(act, z);
            }
        }
        return y;
    }

    /** dX (B, cIn) = dZ (B, cOut) · W^T. */
    public static double[] denseBackwardInput(double[] dZ, double[] params, int wOff, int B, int cIn, int cOut) {
        double[] dX = new double[B * cIn];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < cIn; k++) {
                for (int j = 0; j < cOut; j++) {
                    dX[b * cIn + k] += dZ[b * cOut + j] * params[wOff + k * cOut + j];
                }
            }
        }
        return dX;
    }

    /** dW (cIn, cOut) = x^T · dZ. */
    public static double[] denseBackwardWeight(double[] x, double[] dZ, int B, int cIn, int cOut) {
        double[] dW = new double[cIn * cOut];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < cIn; k++) {
                for (int j = 0; j < cOut; j++) {
                    dW[k * cOut + j] += x[b * cIn + k] * dZ[b * cOut + j];
                }
            }
        }
        return dW;
    }

    /** dB (cOut) = column sums of dZ (B, cOut). */
    public static double[] denseBackwardBias(double[] dZ, int B, int cOut) {
        double[] dB = new double[cOut];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < cOut; j++) {
                dB[j] += dZ[b * cOut + j];
            }
        }
        return dB;
    }

    /** dZ = dY * f'(y), elementwise. */
    public static double[] activationBackward(double[] dY, double[] y, Activation act) {
        double[] dZ = new double[dY.length];
        for (int i = 0; i < dY.length; i++) {
            dZ[i] = dY[i] * derivative(act, y[i]);
        }
        return dZ;
    }

    /**
     * Mean cross-entropy of softmax(logits (B, C)) against labels; fills dLogits (B, C) with its gradient and
     * correct[0] with the number of rows whose first arg-max is the label.
     */
    public static double softmaxCrossEntropy(double[] dLogits, int[] correct, double[] logits, int[] labels,
                                             int B, int C) {
        double total = 0;
        correct[0] = 0;
        for (int b = 0; b < B; b++) {
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < C; c++) {
                if (logits[b * C + c] > max) {
                    max = logits[b * C + c];
                    arg = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < C; c++) {
                sum += Math.exp(logits[b * C + c] - max);
            }
            double logSum = Math.log(sum) + max;
            total += logSum - logits[b * C + labels[b]];
            for (int c = 0; c < C; c++) {
                double softmax = Math.exp(logits[b * C + c] - logSum);
                dLogits[b * C + c] = (softmax - (c == labels[b] ? 1 : 0)) / B;
            }
            correct[0] += arg == labels[b] ? 1 : 0;
        }
        return total / B;
    }

    /** The rows of data at batch, as doubles (B, width), and their labels. */
    public static double[] gather(LabeledData data, int[] batch, int[] labels) {
        double[] x = new double[batch.length * data.width()];
        for (int b = 0; b < batch.length; b++) {
            labels[b] = data.y()[batch[b]];
            for (int k = 0; k < data.width(); k++) {
                x[b * data.width() + k] = data.x()[batch[b] * data.width() + k];
            }
        }
        return x;
    }

    /** Layer outputs [l] (B, cOut_l) of one network on x (B, inputWidth). */
    public static double[][] forward(StepPlan plan, double[] params, double[] x, int B) {
        double[][] out = new double[plan.layerCount()][];
        double[] in = x;
        for (int l = 0; l < plan.layerCount(); l++) {
            LayerPlan layer = plan.layers().get(l);
            out[l] = denseForward(in, params, layer.weight().offset(), layer.bias().offset(), B, layer.cIn(),
                    layer.cOut(), layer.activation());
            in = out[l];
        }
        return out;
    }

    /** Mean loss of one network on a batch, for finite differences. */
    public static double loss(StepPlan plan, double[] params, LabeledData data, int[] batch) {
        int[] labels = new int[batch.length];
        double[][] out = forward(plan, params, gather(data, batch, labels), batch.length);
        return softmaxCrossEntropy(new double[out[out.length - 1].length], new int[1], out[out.length - 1], labels,
                batch.length, plan.classes());
    }

    /** Gradient of {@link #loss} by central differences with step eps, (paramsPerNet). */
    public static double[] numericGradient(StepPlan plan, double[] params, LabeledData data, int[] batch,
                                           double eps) {
        double[] w = params.clone();
        double[] numeric = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = params[i] + eps;
            double up = loss(plan, w, data, batch);
            w[i] = params[i] - eps;
            double down = loss(plan, w, data, batch);
            w[i] = params[i];
            numeric[i] = (up - down) / (2 * eps);
        }
        return numeric;
    }

    /** Gradient of {@link #loss} by backpropagation, (paramsPerNet). */
    public static double[] gradients(StepPlan plan, double[] params, LabeledData data, int[] batch) {
        return backprop(plan, params, data, batch, new double[1], new int[1], new double[1][][]);
    }

    private static double[] backprop(StepPlan plan, double[] params, LabeledData data, int[] batch,
                                     double[] loss, int[] correct, double[][][] outputs) {
        int B = batch.length;
        int L = plan.layerCount();
        int[] labels = new int[B];
        double[] x = gather(data, batch, labels);
        double[][] out = forward(plan, params, x, B);
        outputs[0] = out;
        double[] dY = new double[out[L - 1].length];
        loss[0] = softmaxCrossEntropy(dY, correct, out[L - 1], labels, B, plan.classes());
        double[] grads = new double[plan.paramsPerNet()];
        for (int l = L - 1; l >= 0; l--) {
            LayerPlan layer = plan.layers().get(l);
            double[] dZ = activationBackward(dY, out[l], layer.activation());
            double[] in = l == 0 ? x : out[l - 1];
            double[] dW = denseBackwardWeight(in, dZ, B, layer.cIn(), layer.cOut());
            double[] dB = denseBackwardBias(dZ, B, layer.cOut());
            System.arraycopy(dW, 0, grads, layer.weight().offset(), dW.length);
            System.arraycopy(dB, 0, grads, layer.bias().offset(), dB.length);
            if (l > 0) {
                dY = denseBackwardInput(dZ, params, layer.weight().offset(), B, layer.cIn(), layer.cOut());
            }
        }
        return grads;
    }

    /**
     * One full step of one network: forward, loss, backward, statistics, then the plan's update rule applied
     * to each parameter (its body is the rule's single definition; here it runs on a one-network view).
     *
     * @param params (paramsPerNet)
     * @param state  (stateBuffers, paramsPerNet)
     * @param hyper  (L, K)
     */
    public static StepResult step(StepPlan plan, float[] params, float[] state, LabeledData data, int[] batch,
                                  float[] hyper) {
        int L = plan.layerCount();
        int K = plan.rule().k();
        double[] w = toDouble(params);
        double[] loss = new double[1];
        int[] correct = new int[1];
        double[][][] outputs = new double[1][][];
        double[] grads = backprop(plan, w, data, batch, loss, correct, outputs);
        double[] stats = new double[L * Stats.COUNT];
        float[] newParams = params.clone();
        float[] newState = state.clone();
        int n = plan.paramsPerNet();
        int previous = plan.rule().previousUpdate() * n;
        for (int l = 0; l < L; l++) {
            LayerPlan layer = plan.layers().get(l);
            double dot = 0;
            double previousSq = 0;
            for (int i = layer.start(); i < layer.end(); i++) {
                stats[l * Stats.COUNT + Stats.GRAD_SQ] += grads[i] * grads[i];
                stats[l * Stats.COUNT + Stats.WEIGHT_SQ] += w[i] * w[i];
                dot += grads[i] * state[previous + i];
                previousSq += (double) state[previous + i] * state[previous + i];
                float d = UpdateRules.delta(plan.rule().id(), params[i], (float) grads[i], newState, i, n, hyper, l * K);
                newParams[i] = params[i] + d;
                stats[l * Stats.COUNT + Stats.UPDATE_SQ] += (double) d * d;
            }
            double norms = Math.sqrt(stats[l * Stats.COUNT + Stats.GRAD_SQ] * previousSq);
            stats[l * Stats.COUNT + Stats.GRAD_UPDATE_COS] = norms > 0 ? dot / norms : 0;
        }
        return new StepResult(loss[0], correct[0], grads, newParams, newState, stats, outputs[0]);
    }

    /** Samples of data that one network classifies correctly (first arg-max of its logits). */
    public static int correct(StepPlan plan, float[] params, LabeledData data) {
        int[] all = new int[data.count()];
        Arrays.setAll(all, i -> i);
        int[] labels = new int[all.length];
        double[][] out = forward(plan, toDouble(params), gather(data, all, labels), all.length);
        int[] correct = new int[1];
        softmaxCrossEntropy(new double[out[out.length - 1].length], correct, out[out.length - 1], labels,
                all.length, plan.classes());
        return correct[0];
    }

    /** Summed cross-entropy of one network over all samples of data. */
    public static double summedLoss(StepPlan plan, float[] params, LabeledData data) {
        int[] all = new int[data.count()];
        Arrays.setAll(all, i -> i);
        int[] labels = new int[all.length];
        double[][] out = forward(plan, toDouble(params), gather(data, all, labels), all.length);
        double[] logits = out[out.length - 1];
        return softmaxCrossEntropy(new double[logits.length], new int[1], logits, labels, all.length,
                plan.classes()) * all.length;
    }

    /** Network p's slice of a (P, n) population buffer. */
    public static float[] member(float[] population, int p, int n) {
        return Arrays.copyOfRange(population, p * n, (p + 1) * n);
    }

    /** Network p's slice of a (S, P, n) state buffer, as (S, n). */
    public static float[] memberState(float[] state, int buffers, int P, int p, int n) {
        float[] out = new float[buffers * n];
        for (int s = 0; s < buffers; s++) {
            System.arraycopy(state, (s * P + p) * n, out, s * n, n);
        }
        return out;
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
