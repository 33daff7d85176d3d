// CPU-tuned equivalents of the Dense kernels: register-blocked matrix products with the Vector API.
//
// Every output element is accumulated in one vector lane, with fused multiply-adds over the reduction index
// in increasing order from zero, exactly as the plain kernel bodies in Dense do. Tiling only decides which
// lane of which register holds an element, never the order of its sum, so results are bitwise identical
// whatever the thread count, the tile a worker picks, or the population the network trains in.
package org.neuromod.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.neuromod.kernels.Activation;

final class Gemm {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector (16 with AVX-512). */
    static final int V = F.length();
    /** Output rows per tile. */
    static final int MR = 4;
    /** Output columns per full tile: four vectors, so a tile keeps 16 accumulators in registers. */
    static final int NR = 4 * V;

    private static final FloatVector ZERO = FloatVector.zero(F);
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);

    private Gemm() {
    }

    /** Column tiles of an N-wide output: full NR-wide tiles, then single-vector tiles (the last one masked). */
    static int colTiles(int N) {
        int full = N / NR;
        return full + (N - full * NR + V - 1) / V;
    }

    /** Row blocks of an M-high output. */
    static int rowBlocks(int M) {
        return (M + MR - 1) / MR;
    }

    /**
     * One tile of C (M, N) = A (M, K) · Bm (K, N), stored as act(acc + bias) when {@code bias} is non-null,
     * else as acc. Addressing: A(m, k) = a[aOff + m*aRow + k*aCol] (so a transposed A is just other strides),
     * Bm(k, n) = b[bOff + k*N + n], C(m, n) = c[cOff + m*N + n], bias(n) = bias[biasOff + n].
     */
    static void tile(float[] c, int cOff, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff,
                     float[] bias, int biasOff, int act, int M, int N, int K, int rowBlock, int colTile) {
        int m0 = rowBlock * MR;
        int rows = Math.min(MR, M - m0);
        int full = N / NR;
        if (colTile < full) {
            int n0 = colTile * NR;
            tile4(c, cOff + m0 * N + n0, a, aOff + m0 * aRow, aRow, aCol, b, bOff + n0, bias,
                    biasOff + n0, act, rows, N, K);
        } else {
            int n0 = full * NR + (colTile - full) * V;
            tile1(c, cOff + m0 * N + n0, a, aOff + m0 * aRow, aRow, aCol, b, bOff + n0, bias,
                    biasOff + n0, act, rows, N, K, F.indexInRange(n0, N));
        }
    }

    // Rows past M (rows < MR) re-read row 0 of the tile, which is valid memory; their results are not stored.
    private static void tile4(float[] c, int ci, float[] a, int ai, int aRow, int aCol, float[] b, int bi,
                              float[] bias, int biasOff, int act, int rows, int N, int K) {
        int r1 = rows > 1 ? aRow : 0;
        int r2 = rows > 2 ? 2 * aRow : 0;
        int r3 = rows > 3 ? 3 * aRow : 0;
        FloatVector c00 = ZERO, c01 = ZERO, c02 = ZERO, c03 = ZERO;
        FloatVector c10 = ZERO, c11 = ZERO, c12 = ZERO, c13 = ZERO;
        FloatVector c20 = ZERO, c21 = ZERO, c22 = ZERO, c23 = ZERO;
        FloatVector c30 = ZERO, c31 = ZERO, c32 = ZERO, c33 = ZERO;
        for (int k = 0; k < K; k++) {
            int bk = bi + k * N;
            int ak = ai + k * aCol;
            FloatVector b0 = FloatVector.fromArray(F, b, bk);
            FloatVector b1 = FloatVector.fromArray(F, b, bk + V);
            FloatVector b2 = FloatVector.fromArray(F, b, bk + 2 * V);
            FloatVector b3 = FloatVector.fromArray(F, b, bk + 3 * V);
            FloatVector x = FloatVector.broadcast(F, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[ak + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[ak + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[ak + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        store4(c, ci, c00, c01, c02, c03, bias, biasOff, act);
        if (rows > 1) {
            store4(c, ci + N, c10, c11, c12, c13, bias, biasOff, act);
        }
        if (rows > 2) {
            store4(c, ci + 2 * N, c20, c21, c22, c23, bias, biasOff, act);
        }
        if (rows > 3) {
            store4(c, ci + 3 * N, c30, c31, c32, c33, bias, biasOff, act);
        }
    }

    private static void tile1(float[] c, int ci, float[] a, int ai, int aRow, int aCol, float[] b, int bi,
                              float[] bias, int biasOff, int act, int rows, int N, int K, VectorMask<Float> m) {
        int r1 = rows > 1 ? aRow : 0;
        int r2 = rows > 2 ? 2 * aRow : 0;
        int r3 = rows > 3 ? 3 * aRow : 0;
        FloatVector c0 = ZERO, c1 = ZERO, c2 = ZERO, c3 = ZERO;
        for (int k = 0; k < K; k++) {
            int ak = ai + k * aCol;
            FloatVector b0 = FloatVector.fromArray(F, b, bi + k * N, m);
            c0 = FloatVector.broadcast(F, a[ak]).fma(b0, c0);
            c1 = FloatVector.broadcast(F, a[ak + r1]).fma(b0, c1);
            c2 = FloatVector.broadcast(F, a[ak + r2]).fma(b0, c2);
            c3 = FloatVector.broadcast(F, a[ak + r3]).fma(b0, c3);
        }
        store1(c, ci, c0, bias, biasOff, act, m);
        if (rows > 1) {
            store1(c, ci + N, c1, bias, biasOff, act, m);
        }
        if (rows > 2) {
            store1(c, ci + 2 * N, c2, bias, biasOff, act, m);
        }
        if (rows > 3) {
            store1(c, ci + 3 * N, c3, bias, biasOff, act, m);
        }
    }

    private static void store4(float[] c, int ci, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3,
                               float[] bias, int biasOff, int act) {
        if (bias == null) {
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + V);
            v2.intoArray(c, ci + 2 * V);
            v3.intoArray(c, ci + 3 * V);
        } else {
            activate(v0.add(FloatVector.fromArray(F, bias, biasOff)), act).intoArray(c, ci);
            activate(v1.add(FloatVector.fromArray(F, bias, biasOff + V)), act).intoArray(c, ci + V);
            activate(v2.add(FloatVector.fromArray(F, bias, biasOff + 2 * V)), act).intoArray(c, ci + 2 * V);
            activate(v3.add(FloatVector.fromArray(F, bias, biasOff + 3 * V)), act).intoArray(c, ci + 3 * V);
        }
    }

    private static void store1(float[] c, int ci, FloatVector v, float[] bias, int biasOff, int act,
                               VectorMask<Float> m) {
        if (bias != null) {
            v = activate(v.add(FloatVector.fromArray(F, bias, biasOff, m)), act);
        }
        v.intoArray(c, ci, m);
    }

    /** Activation.apply, lane-wise. */
    static FloatVector activate(FloatVector z, int act) {
        if (act == Activation.RELU.code()) {
            return z.max(ZERO);
        } else if (act == Activation.TANH.code()) {
            return z.lanewise(VectorOperators.TANH);
        } else if (act == Activation.SIGMOID.code()) {
            return ONE.div(z.neg().lanewise(VectorOperators.EXP).add(ONE));
        }
        return z;
    }

    /** Activation.derivativeFromOutput, lane-wise, with the same operations so both give identical bits. */
    static FloatVector derivativeFromOutput(FloatVector y, int act) {
        if (act == Activation.RELU.code()) {
            return ZERO.blend(ONE, y.compare(VectorOperators.GT, 0f));
        } else if (act == Activation.TANH.code()) {
            return ONE.sub(y.mul(y));
        } else if (act == Activation.SIGMOID.code()) {
            return y.mul(ONE.sub(y));
        }
        return ONE;
    }

    /** dZ (n) *= f'(y (n)) over [from, to): Activation.backward on a range, vectorised. */
    static void activationBackward(float[] dZ, float[] y, int from, int to, int act) {
        int i = from;
        for (; i <= to - V; i += V) {
            FloatVector d = FloatVector.fromArray(F, dZ, i);
            d.mul(derivativeFromOutput(FloatVector.fromArray(F, y, i), act)).intoArray(dZ, i);
        }
        for (; i < to; i++) {
            dZ[i] = dZ[i] * Activation.derivativeFromOutput(act, y[i]);
        }
    }

    /**
     * out (N) = column sums of a (rows, N) starting at aOff, each summed over rows in increasing order
     * (Dense.backwardBias's order).
     */
    static void columnSums(float[] out, int outOff, float[] a, int aOff, int rows, int N) {
        for (int n0 = 0; n0 < N; n0 += V) {
            VectorMask<Float> m = F.indexInRange(n0, N);
            FloatVector acc = ZERO;
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(F, a, aOff + r * N + n0, m));
            }
            acc.intoArray(out, outOff + n0, m);
        }
    }

    /**
     * Sum of squares of a[from, to): lane j accumulates elements from + j, from + j + V, ... with fused
     * multiply-adds; the lanes are then added in index order (reduceLanes' order is unspecified), then the tail.
     * {@code lanes} is scratch of at least V floats.
     */
    static float sumOfSquares(float[] a, int from, int to, float[] lanes) {
        FloatVector acc = ZERO;
        int i = from;
        for (; i <= to - V; i += V) {
            FloatVector v = FloatVector.fromArray(F, a, i);
            acc = v.fma(v, acc);
        }
        acc.intoArray(lanes, 0);
        float sum = 0f;
        for (int j = 0; j < V; j++) {
            sum += lanes[j];
        }
        for (; i < to; i++) {
            sum = Math.fma(a[i], a[i], sum);
        }
        return sum;
    }

    /** dst (cols, rows) = src (rows, cols) transposed. */
    static void transpose(float[] dst, int dOff, float[] src, int sOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int s = sOff + r * cols;
            for (int col = 0; col < cols; col++) {
                dst[dOff + col * rows + r] = src[s + col];
            }
        }
    }
}
