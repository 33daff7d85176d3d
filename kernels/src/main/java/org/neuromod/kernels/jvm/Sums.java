// Reductions in one order that no machine changes: the JVM backend's statistics and evaluation sums give the
// same bits whatever the vector width (128, 256 or 512 bits) or the thread count.
//
// The order: a range of n elements is summed in LANES = 16 interleaved lanes; lane j accumulates elements j,
// j + 16, j + 32, ... of every full block of 16 with fused multiply-adds from zero; the 16 lanes are then
// added in index order, and the elements after the last full block are fused in one by one. A machine with
// vectors of V lanes covers the 16 lanes with 16 / V stripes: stripe r walks the blocks holding lanes
// [r*V, (r+1)*V), so every lane sees exactly the sequence above.
package org.neuromod.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.neuromod.kernels.Stats;

final class Sums {
    /** Interleaved lanes of every reduction: fixed, independent of the machine. */
    static final int LANES = 16;
    /** Species of the reductions: the backend's width, within 128..512 bits so that it divides LANES. */
    static final VectorSpecies<Float> S = VectorSpecies.of(float.class,
            VectorShape.forBitSize(Math.max(128, Math.min(512, Gemm.F.vectorBitSize()))));
    /** Lanes per vector of S (4, 8 or 16). */
    static final int SV = S.length();
    /** Stripes per block of LANES. */
    static final int STRIPES = LANES / SV;

    private Sums() {
    }

    /** Elements of a range of n that lie in full blocks of LANES. */
    static int blocked(int n) {
        return n / LANES * LANES;
    }

    /**
     * sum over j in [0, n) of a[ai + j] * b[bi + j], in the fixed order. {@code lanes} is scratch of at least
     * LANES floats.
     */
    static float dot(float[] a, int ai, float[] b, int bi, int n, float[] lanes) {
        int full = blocked(n);
        for (int r = 0; r < STRIPES; r++) {
            FloatVector acc = FloatVector.zero(S);
            for (int j = r * SV; j < full; j += LANES) {
                acc = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), acc);
            }
            acc.intoArray(lanes, r * SV);
        }
        float sum = fold(lanes, 0);
        for (int j = full; j < n; j++) {
            sum = Math.fma(a[ai + j], b[bi + j], sum);
        }
        return sum;
    }

    /** Sum of squares of a[from, to) in the fixed order. */
    static float sumOfSquares(float[] a, int from, int to, float[] lanes) {
        return dot(a, from, a, from, to - from, lanes);
    }

    /**
     * The statistics' raw sums that precede an update, for elements [i, i + len) with the previous update at
     * state[u ..]: gradient and weight squares, gradient x previous update and the previous update's square, into
     * out[at + Stats.GRAD_SQ ...] (Stats.UPDATE_SQ is left to the update). {@code lanes}: scratch of LANES floats.
     */
    static void beforeUpdate(float[] out, int at, float[] params, float[] grads, float[] state, int i, int u, int len,
                             float[] lanes) {
        out[at + Stats.GRAD_SQ] = dot(grads, i, grads, i, len, lanes);
        out[at + Stats.WEIGHT_SQ] = dot(params, i, params, i, len, lanes);
        out[at + Stats.RAW_GRAD_DOT_PREVIOUS] = dot(grads, i, state, u, len, lanes);
        out[at + Stats.RAW_PREVIOUS_SQ] = dot(state, u, state, u, len, lanes);
    }

    /** lanes[at] + ... + lanes[at + LANES - 1], added in index order from zero. */
    static float fold(float[] lanes, int at) {
        float sum = 0f;
        for (int j = 0; j < LANES; j++) {
            sum += lanes[at + j];
        }
        return sum;
    }
}
