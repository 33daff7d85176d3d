// The sums a dense layer's step is made of, as kernel-safe bodies (primitives and arrays, no Math.fma: TornadoVM's
// OpenCL backend cannot lower it): one output element of a matrix product is a strided dot product, one bias
// gradient element a strided column sum. TornadoVM's plain products call them per output element; the JVM
// backend runs register-tiled, vectorised products (jvm.Gemm) for speed, checked against the double-precision
// reference, and sums the bias gradient with the same additions in the same order as columnSum (GemmTest holds
// them to the same bits).
package org.neuromod.kernels;

public final class Dense {
    private Dense() {
    }

    /**
     * sum over i in [0, n) of a[ai + i * aStride] * b[bi + i * bStride], in increasing i from zero, each step
     * written as acc + a * b (a device compiler may contract it into one fused multiply-add).
     */
    public static float dot(float[] a, int ai, int aStride, float[] b, int bi, int bStride, int n) {
        float acc = 0f;
        for (int i = 0; i < n; i++) {
            acc += a[ai + i * aStride] * b[bi + i * bStride];
        }
        return acc;
    }

    /**
     * The bias gradient of one output: sum over rows r in [0, rows) of dZ[at + r * width], in increasing r from
     * zero (dZ (rows, width) row-major, {@code at} the column's first element).
     */
    public static float columnSum(float[] dZ, int at, int rows, int width) {
        float acc = 0f;
        for (int r = 0; r < rows; r++) {
            acc += dZ[at + r * width];
        }
        return acc;
    }
}
