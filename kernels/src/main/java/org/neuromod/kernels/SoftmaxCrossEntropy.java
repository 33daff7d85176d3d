// Softmax cross-entropy over the last layer's outputs: per-row loss and hit, and the gradient of the
// batch-mean loss with respect to the logits.
package org.neuromod.kernels;

public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * Row r = p*B + b of logits (P, B, C) with labels (B): rowLoss[r] = -log softmax(logits)[label];
     * rowCorrect[r] = 1 if the first arg-max is the label; dLogits row r = (softmax - onehot(label)) / B, the
     * gradient of the mean loss over the batch. The max is subtracted before exponentiating so large logits do not
     * overflow.
     */
    public static void row(float[] dLogits, float[] rowLoss, int[] rowCorrect, float[] logits, int[] labels,
                           int r, int B, int C) {
        int base = r * C;
        int label = labels[r % B];
        int argMax = argMax(logits, base, C);
        float max = logits[base + argMax];
        float sum = 0f;
        for (int c = 0; c < C; c++) {
            float e = (float) Math.exp(logits[base + c] - max);
            dLogits[base + c] = e;
            sum += e;
        }
        float inv = 1f / sum;
        float invB = 1f / B;
        for (int c = 0; c < C; c++) {
            float target = c == label ? 1f : 0f;
            dLogits[base + c] = (dLogits[base + c] * inv - target) * invB;
        }
        rowLoss[r] = (float) Math.log(sum) + max - logits[base + label];
        rowCorrect[r] = argMax == label ? 1 : 0;
    }

    /**
     * rowLoss[r] = -log softmax(logits row r)[label] and rowCorrect[r] = 1 if its first arg-max is the label:
     * the loss and hit of {@link #row} without the gradient, with the same arithmetic (for evaluation).
     */
    public static void lossRow(float[] rowLoss, int[] rowCorrect, float[] logits, int label, int r, int C) {
        int base = r * C;
        int argMax = argMax(logits, base, C);
        float max = logits[base + argMax];
        float sum = 0f;
        for (int c = 0; c < C; c++) {
            sum += (float) Math.exp(logits[base + c] - max);
        }
        rowLoss[r] = (float) Math.log(sum) + max - logits[base + label];
        rowCorrect[r] = argMax == label ? 1 : 0;
    }

    /** Index of the first largest of logits[base .. base + C): the predicted class. */
    public static int argMax(float[] logits, int base, int C) {
        int best = 0;
        for (int c = 1; c < C; c++) {
            if (logits[base + c] > logits[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** loss (P) = mean over b of rowLoss (P, B): {@link #mean} of every network. */
    public static void meanLoss(float[] loss, float[] rowLoss, int P, int B) {
        for (int p = 0; p < P; p++) {
            loss[p] = mean(rowLoss, p, B);
        }
    }

    /** Network p's mean loss over its B rows of rowLoss (P, B), summed in row order. Kernel-safe. */
    public static float mean(float[] rowLoss, int p, int B) {
        float sum = 0f;
        for (int b = 0; b < B; b++) {
            sum += rowLoss[p * B + b];
        }
        return sum / B;
    }
}
