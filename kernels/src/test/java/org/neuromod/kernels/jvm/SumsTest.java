// The fixed reduction order, written out as plain scalar loops: 16 interleaved lanes with fused multiply-adds,
// lanes added in index order, then the tail. The vector implementation must give exactly these bits.
package org.neuromod.kernels.jvm;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Plans;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SumsTest {

    private static float scalarDot(float[] a, int ai, float[] b, int bi, int n) {
        float[] lane = new float[16];
        int full = n / 16 * 16;
        for (int i = 0; i < full; i++) {
            lane[i % 16] = Math.fma(a[ai + i], b[bi + i], lane[i % 16]);
        }
        float sum = 0f;
        for (float l : lane) {
            sum += l;
        }
        for (int i = full; i < n; i++) {
            sum = Math.fma(a[ai + i], b[bi + i], sum);
        }
        return sum;
    }

    @Test
    void vectorSumsFollowTheDocumentedOrder() {
        SplittableRandom rng = new SplittableRandom(4);
        float[] a = Plans.uniform(rng, 5000, 3);
        float[] b = Plans.uniform(rng, 5000, 3);
        float[] lanes = new float[Sums.LANES];
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 100, 2048, 4990}) {
            for (int off : new int[] {0, 1, 7}) {
                assertEquals(scalarDot(a, off, b, 0, n), Sums.dot(a, off, b, 0, n, lanes), 0f, "dot n=" + n);
                assertEquals(scalarDot(a, off, a, off, n), Sums.sumOfSquares(a, off, off + n, lanes), 0f,
                        "sum of squares n=" + n + " off=" + off);
            }
        }
    }
}
