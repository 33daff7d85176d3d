// The shared kernel bodies, composed as a backend composes them (one output element per call), against the
// double-precision reference: Dense's sums as each of the three products and the bias gradient, activations
// and their derivatives, softmax cross-entropy rows and their mean, the gather of batch rows.
package org.neuromod.kernels;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL;
import static org.neuromod.kernels.Close.assertClose;

class KernelBodiesTest {
    private static final int P = 3;
    private static final int B = 5;
    private static final int C_IN = 7;
    private static final int C_OUT = 6;
    // one network's slice: some padding, then W (cIn, cOut), then b (cOut)
    private static final int W_OFF = 3;
    private static final int B_OFF = W_OFF + C_IN * C_OUT;
    private static final int PPN = B_OFF + C_OUT + 2;

    private final SplittableRandom rng = new SplittableRandom(42);

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseForwardMatchesReferenceWithSharedAndPerNetworkInput(Activation act) {
        float[] params = Plans.uniform(rng, P * PPN, 0.7);
        float[] shared = Plans.uniform(rng, B * C_IN, 1);
        float[] perNet = Plans.uniform(rng, P * B * C_IN, 1);
        for (boolean isShared : new boolean[] {true, false}) {
            float[] x = isShared ? shared : perNet;
            float[] y = new float[P * B * C_OUT];
            int xNetStride = isShared ? 0 : B * C_IN;
            for (int p = 0; p < P; p++) {
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < C_OUT; j++) {
                        float z = Dense.dot(x, p * xNetStride + b * C_IN, 1, params, p * PPN + W_OFF + j, C_OUT, C_IN);
                        y[(p * B + b) * C_OUT + j] = Activation.apply(act.code(), z + params[p * PPN + B_OFF + j]);
                    }
                }
            }
            for (int p = 0; p < P; p++) {
                float[] xp = isShared ? shared : Reference.member(perNet, p, B * C_IN);
                double[] expected = Reference.denseForward(Reference.toDouble(xp),
                        Reference.toDouble(Reference.member(params, p, PPN)), W_OFF, B_OFF, B, C_IN, C_OUT, act);
                assertClose("forward " + act + " p=" + p + " shared=" + isShared, expected,
                        Reference.member(y, p, B * C_OUT), ATOL, RTOL);
            }
        }
    }

    @Test
    void denseBackwardMatchesReference() {
        float[] params = Plans.uniform(rng, P * PPN, 0.7);
        float[] x = Plans.uniform(rng, P * B * C_IN, 1);
        float[] dZ = Plans.uniform(rng, P * B * C_OUT, 1);
        float[] dX = new float[P * B * C_IN];
        float[] grads = new float[P * PPN];
        for (int p = 0; p < P; p++) {
            for (int b = 0; b < B; b++) {
                for (int k = 0; k < C_IN; k++) {
                    dX[(p * B + b) * C_IN + k] = Dense.dot(dZ, (p * B + b) * C_OUT, 1, params,
                            p * PPN + W_OFF + k * C_OUT, 1, C_OUT);
                }
            }
            for (int k = 0; k < C_IN; k++) {
                for (int j = 0; j < C_OUT; j++) {
                    grads[p * PPN + W_OFF + k * C_OUT + j] = Dense.dot(x, p * B * C_IN + k, C_IN, dZ,
                            p * B * C_OUT + j, C_OUT, B);
                }
            }
            for (int j = 0; j < C_OUT; j++) {
                grads[p * PPN + B_OFF + j] = Dense.columnSum(dZ, p * B * C_OUT + j, B, C_OUT);
            }
        }
        for (int p = 0; p < P; p++) {
            double[] xp = Reference.toDouble(Reference.member(x, p, B * C_IN));
            double[] dZp = Reference.toDouble(Reference.member(dZ, p, B * C_OUT));
            double[] wp = Reference.toDouble(Reference.member(params, p, PPN));
            assertClose("dX p=" + p, Reference.denseBackwardInput(dZp, wp, W_OFF, B, C_IN, C_OUT),
                    Reference.member(dX, p, B * C_IN), ATOL, RTOL);
            float[] gp = Reference.member(grads, p, PPN);
            assertClose("dW p=" + p, Reference.denseBackwardWeight(xp, dZp, B, C_IN, C_OUT),
                    java.util.Arrays.copyOfRange(gp, W_OFF, B_OFF), ATOL, RTOL);
            assertClose("dB p=" + p, Reference.denseBackwardBias(dZp, B, C_OUT),
                    java.util.Arrays.copyOfRange(gp, B_OFF, B_OFF + C_OUT), ATOL, RTOL);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationBackwardMatchesReference(Activation act) {
        float[] z = Plans.uniform(rng, 40, 3);
        float[] y = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = Activation.apply(act.code(), z[i]);
            assertClose(act + " apply", Reference.activate(act, z[i]), y[i], ATOL, RTOL);
        }
        float[] dY = Plans.uniform(rng, z.length, 1);
        float[] dZ = dY.clone();
        for (int i = 0; i < dZ.length; i++) {
            dZ[i] = dZ[i] * Activation.derivativeFromOutput(act.code(), y[i]);
        }
        assertClose(act + " backward", Reference.activationBackward(Reference.toDouble(dY), Reference.toDouble(y), act),
                dZ, ATOL, RTOL);
    }

    @Test
    void softmaxCrossEntropyMatchesReferenceAndSurvivesLargeLogits() {
        int classes = 4;
        float[] logits = Plans.uniform(rng, P * B * classes, 4);
        logits[0] = 1000f; // exp(1000) overflows float; the max shift must keep this finite
        logits[5] = -1000f;
        int[] labels = {0, 1, 2, 3, 1};
        float[] dLogits = new float[logits.length];
        float[] rowLoss = new float[P * B];
        int[] rowCorrect = new int[P * B];
        float[] loss = new float[P];
        for (int r = 0; r < P * B; r++) {
            SoftmaxCrossEntropy.row(dLogits, rowLoss, rowCorrect, logits, labels, r, B, classes);
        }
        SoftmaxCrossEntropy.meanLoss(loss, rowLoss, P, B);
        for (int p = 0; p < P; p++) {
            double[] expectedD = new double[B * classes];
            int[] correct = new int[1];
            double expectedLoss = Reference.softmaxCrossEntropy(expectedD, correct,
                    Reference.toDouble(Reference.member(logits, p, B * classes)), labels, B, classes);
            assertClose("loss p=" + p, expectedLoss, loss[p], ATOL, RTOL);
            assertClose("dLogits p=" + p, expectedD, Reference.member(dLogits, p, B * classes), ATOL, RTOL);
            int hits = 0;
            for (int b = 0; b < B; b++) {
                hits += rowCorrect[p * B + b];
            }
            assertEquals(correct[0], hits, "correct count p=" + p);
        }
    }

    @Test
    void gatherCopiesTheIndexedRows() {
        LabeledData data = Plans.data(rng, 20, 3, 10);
        int[] idx = {19, 0, 7, 7};
        float[] x = new float[idx.length * 3];
        int[] y = new int[idx.length];
        for (int b = 0; b < idx.length; b++) {
            Gather.row(x, y, data.x(), data.y(), idx, b, 3);
        }
        for (int b = 0; b < idx.length; b++) {
            assertEquals(data.y()[idx[b]], y[b]);
            for (int k = 0; k < 3; k++) {
                assertEquals(data.x()[idx[b] * 3 + k], x[b * 3 + k]);
            }
        }
    }
}
