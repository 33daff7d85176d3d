// Dense (fully connected) layer kernels, population-batched: forward, backwardInput, backwardWeight,
// backwardBias. Plain loop bodies in the subset TornadoVM compiles; the JVM backend runs tiled, vectorised
// equivalents (jvm.Gemm) that keep the same per-element summation order.
package org.neuromod.kernels;

/**
 * Shapes: x (P, B, cIn) or a shared (B, cIn) when {@code xNetStride} is 0; y, dZ (P, B, cOut);
 * params/grads (P, paramsPerNet) with W (cIn, cOut) at {@code wOff} and b (cOut) at {@code bOff} inside each
 * network's slice. Every sum runs over its reduction index in increasing order, starting from zero.
 */
public final class Dense {
    private Dense() {
    }

    /** y (P, B, cOut) = act(x (P|1, B, cIn) · W (cIn, cOut) + b (cOut)). */
    public static void forward(float[] y, float[] x, int xNetStride, float[] params, int paramsPerNet,
                               int wOff, int bOff, int P, int B, int cIn, int cOut, int act) {
        for (int p = 0; p < P; p++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < cOut; j++) {
                    int w = p * paramsPerNet + wOff + j;
                    int xi = p * xNetStride + b * cIn;
                    float acc = 0f;
                    for (int k = 0; k < cIn; k++) {
                        acc = Math.fma(x[xi + k], params[w + k * cOut], acc);
                    }
                    y[(p * B + b) * cOut + j] = Activation.apply(act, acc + params[p * paramsPerNet + bOff + j]);
                }
            }
        }
    }

    /** dX (P, B, cIn) = dZ (P, B, cOut) · W^T. */
    public static void backwardInput(float[] dX, float[] dZ, float[] params, int paramsPerNet, int wOff,
                                     int P, int B, int cIn, int cOut) {
        for (int p = 0; p < P; p++) {
            for (int b = 0; b < B; b++) {
                for (int k = 0; k < cIn; k++) {
                    int w = p * paramsPerNet + wOff + k * cOut;
                    int d = (p * B + b) * cOut;
                    float acc = 0f;
                    for (int j = 0; j < cOut; j++) {
                        acc = Math.fma(dZ[d + j], params[w + j], acc);
                    }
                    dX[(p * B + b) * cIn + k] = acc;
                }
            }
        }
    }

    /** dW (cIn, cOut) of every network, written into grads at wOff: dW[k, j] = sum_b x[b, k] * dZ[b, j]. */
    public static void backwardWeight(float[] grads, float[] x, int xNetStride, float[] dZ, int paramsPerNet,
                                      int wOff, int P, int B, int cIn, int cOut) {
        for (int p = 0; p < P; p++) {
            for (int k = 0; k < cIn; k++) {
                for (int j = 0; j < cOut; j++) {
                    float acc = 0f;
                    for (int b = 0; b < B; b++) {
                        acc = Math.fma(x[p * xNetStride + b * cIn + k], dZ[(p * B + b) * cOut + j], acc);
                    }
                    grads[p * paramsPerNet + wOff + k * cOut + j] = acc;
                }
            }
        }
    }

    /** dB (cOut) of every network, written into grads at bOff: dB[j] = sum_b dZ[b, j]. */
    public static void backwardBias(float[] grads, float[] dZ, int paramsPerNet, int bOff, int P, int B, int cOut) {
        for (int p = 0; p < P; p++) {
            for (int j = 0; j < cOut; j++) {
                float acc = 0f;
                for (int b = 0; b < B; b++) {
                    acc += dZ[(p * B + b) * cOut + j];
                }
                grads[p * paramsPerNet + bOff + j] = acc;
            }
        }
    }
}
