// Every registered update rule's JVM form gives exactly the bits of its elementwise body, and statistics
// equal to a separate sum-of-squares pass, over ranges that start and end off the vector grid.
package org.neuromod.kernels.jvm;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TunedUpdatesTest {

    @Test
    void tunedFormsMatchTheBodiesBitForBit() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 300;
        for (UpdateRule rule : UpdateRules.all()) {
            float[] params = Plans.uniform(rng, n, 1);
            float[] grads = Plans.uniform(rng, n, 1);
            float[] state = Plans.uniform(rng, rule.stateBuffers() * n, 1);
            float[] hyper = {0.3f, 0.07f, 0.91f, 0.5f}; // h = 1 picks (0.07, 0.91, ...)
            int from = 3;
            int to = 250;
            float[] lanes = new float[Gemm.V];
            float gradSq = Gemm.sumOfSquares(grads, from, to, lanes);
            float weightSq = Gemm.sumOfSquares(params, from, to, lanes);
            float[] expectedParams = params.clone();
            float[] expectedState = state.clone();
            float[] deltas = new float[to - from];
            for (int i = from; i < to; i++) {
                float d = rule.body().delta(expectedParams[i], grads[i], expectedState, i, n, hyper, 1);
                expectedParams[i] += d;
                deltas[i - from] = d;
            }
            float updateSq = Gemm.sumOfSquares(deltas, 0, deltas.length, lanes);

            float[] sums = new float[Stats.COUNT];
            TunedUpdates.of(rule).apply(params, grads, state, from, to, n, hyper, 1, sums,
                    new float[JvmBackend.CHUNK + Gemm.V]);
            assertArrayEquals(expectedParams, params, rule.name() + " params");
            assertArrayEquals(expectedState, state, rule.name() + " state");
            assertEquals(gradSq, sums[Stats.GRAD_SQ], 0f, rule.name() + " gradSq");
            assertEquals(weightSq, sums[Stats.WEIGHT_SQ], 0f, rule.name() + " weightSq");
            assertEquals(updateSq, sums[Stats.UPDATE_SQ], 0f, rule.name() + " updateSq");
        }
    }
}
