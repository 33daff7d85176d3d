// The register-blocked matrix product against a plain product, over shapes that hit every edge: row
// remainders, masked column tails, one-vector tiles, transposed (strided) A, bias and activations.
package org.neuromod.kernels.jvm;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuromod.kernels.Close.ATOL;
import static org.neuromod.kernels.Close.RTOL;
import static org.neuromod.kernels.Close.RTOL_SUM;
import static org.neuromod.kernels.Close.assertClose;

class GemmTest {
    private final SplittableRandom rng = new SplittableRandom(3);

    @ParameterizedTest(name = "M={0} N={1} K={2} transposedA={3}")
    @CsvSource({
        "1, 1, 1, false", "4, 64, 8, false", "5, 10, 3, false", "7, 17, 33, true", "64, 128, 784, false",
        "13, 65, 9, true", "3, 130, 64, true", "8, 16, 1, false", "2, 79, 5, false", "25, 10, 70, true",
        "64, 10, 128, false", "17, 3, 4, false"})
    void tilesCoverTheProductExactlyOnce(int M, int N, int K, boolean transposedA) {
        float[] a = Plans.uniform(rng, M * K + 3, 1);
        float[] b = Plans.uniform(rng, K * N + 2 + Gemm.V, 1); // B's buffer has a vector of slack (Gemm.padded)
        int aOff = 3;
        int bOff = 2;
        int aRow = transposedA ? 1 : K;
        int aCol = transposedA ? M : 1;
        double[] expected = new double[M * N];
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < K; k++) {
                    expected[m * N + n] += (double) a[aOff + m * aRow + k * aCol] * b[bOff + k * N + n];
                }
            }
        }
        float[] c = new float[M * N + 1];
        c[M * N] = 42f; // a guard past the end must survive
        for (int t = 0; t < Gemm.tiles(M, N); t++) {
            Gemm.tile(c, 0, a, aOff, aRow, aCol, b, bOff, null, 0, 0, M, N, K, t);
        }
        assertEquals(42f, c[M * N]);
        assertClose("C", expected, java.util.Arrays.copyOf(c, M * N), ATOL, K > 100 ? RTOL_SUM : RTOL);
    }

    @Test
    void theTileFitsTheRegisters() {
        assertArrayEquals(new int[] {4, 4}, Gemm.tile(null, 32), "32 registers: 16 accumulators");
        assertArrayEquals(new int[] {6, 2}, Gemm.tile("", 16), "16 registers: 12 accumulators");
        assertArrayEquals(new int[] {4, 4}, Gemm.tile("4x4", 16), "forced");
        assertThrows(IllegalStateException.class, () -> Gemm.tile("8x8", 32));
        // this JVM: HotSpot on x86 says its register file through UseAVX (3 = AVX-512, 32 registers)
        assertEquals(Gemm.tileName(), Gemm.MR + "x" + Gemm.NV);
        assertTrue(Gemm.REGISTERS == 16 || Gemm.REGISTERS == 32);
    }

    @Test
    void epilogueAddsBiasThenActivates() {
        int M = 6;
        int N = 37;
        int K = 5;
        float[] a = Plans.uniform(rng, M * K, 1);
        float[] b = Plans.uniform(rng, K * N + Gemm.V, 1);
        float[] bias = Plans.uniform(rng, N + 4, 1);
        for (Activation act : Activation.values()) {
            float[] c = new float[M * N];
            for (int t = 0; t < Gemm.tiles(M, N); t++) {
                Gemm.tile(c, 0, a, 0, K, 1, b, 0, bias, 4, act.code(), M, N, K, t);
            }
            double[] expected = new double[M * N];
            for (int m = 0; m < M; m++) {
                for (int n = 0; n < N; n++) {
                    double z = bias[4 + n];
                    for (int k = 0; k < K; k++) {
                        z += (double) a[m * K + k] * b[k * N + n];
                    }
                    expected[m * N + n] = Reference.activate(act, z);
                }
            }
            assertClose("epilogue " + act, expected, c, ATOL, RTOL);
        }
    }

    @Test
    void vectorHelpersMatchTheirScalarDefinitions() {
        float[] x = Plans.uniform(rng, 53, 2);
        double expected = 0;
        for (int i = 5; i < 50; i++) {
            expected += (double) x[i] * x[i];
        }
        assertClose("sumOfSquares", expected, Sums.sumOfSquares(x, 5, 50, new float[Sums.LANES]), ATOL, RTOL);

        float[] sums = new float[21];
        Gemm.columnSums(sums, 1, x, 2, 2, 20);
        for (int n = 0; n < 20; n++) {
            assertEquals(x[2 + n] + x[22 + n], sums[1 + n], 0f, "column " + n);
        }
        float[] dZ = Gemm.padded(7 * 37);
        for (int i = 0; i < 7 * 37; i++) {
            dZ[i] = x[i % x.length] * (1 + i % 5);
        }
        float[] bias = Gemm.padded(37);
        Gemm.columnSums(bias, 0, dZ, 0, 7, 37);
        for (int n = 0; n < 37; n++) {
            assertEquals(org.neuromod.kernels.Dense.columnSum(dZ, n, 7, 37), bias[n], 0f, "the body's bits, column " + n);
        }

        float[] t = new float[6];
        float[] source = {1, 2, 3, 4, 5, 6};
        Gemm.transposeRows(t, 0, source, 0, 2, 3, 0, 1);
        assertClose("transpose of row 0", new double[] {1, 0, 2, 0, 3, 0}, t, 0, 0);
        Gemm.transposeRows(t, 0, source, 0, 2, 3, 1, 2);
        assertClose("transpose", new double[] {1, 4, 2, 5, 3, 6}, t, 0, 0);

        for (Activation act : Activation.values()) {
            float[] y = new float[37];
            for (int i = 0; i < y.length; i++) {
                y[i] = Activation.apply(act.code(), x[i]);
            }
            float[] vector = x.clone();
            float[] scalar = x.clone();
            Gemm.activationBackward(vector, y, 0, y.length, act.code());
            for (int i = 0; i < y.length; i++) {
                scalar[i] = scalar[i] * Activation.derivativeFromOutput(act.code(), y[i]);
            }
            assertClose("activation backward " + act, scalar, vector, 0, 0);
        }
    }
}
