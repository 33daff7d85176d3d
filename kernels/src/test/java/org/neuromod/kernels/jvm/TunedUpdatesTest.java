// Every registered update rule's JVM form gives exactly the bits of its elementwise body (reached through
// UpdateRules.delta), and raw statistics equal to separate Sums passes, over ranges that start and end off
// the vector grid.
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
            for (int[] range : new int[][] {{3, 250}, {0, 16}, {5, 20}, {7, 300}}) {
                int from = range[0];
                int to = range[1];
                float[] params = Plans.uniform(rng, n, 1);
                float[] grads = Plans.uniform(rng, n, 1);
                float[] state = Plans.state(rng, rule, n, 1);
                float[] hyper = new float[3 * rule.k()];
                for (int h = 0; h < hyper.length; h += rule.k()) {
                    for (int k = 0; k < rule.modulated(); k++) {
                        hyper[h + k] = rule.params().get(k).map(rng.nextDouble());
                    }
                    rule.derive(hyper, h, 4);
                }
                int h = rule.k(); // the middle entry
                float[] lanes = new float[Sums.LANES];
                int u = rule.previousUpdate() * n;
                float gradSq = Sums.sumOfSquares(grads, from, to, lanes);
                float weightSq = Sums.sumOfSquares(params, from, to, lanes);
                float gradPrevious = Sums.dot(grads, from, state, u + from, to - from, lanes);
                float previousSq = Sums.sumOfSquares(state, u + from, u + to, lanes);
                float[] expectedParams = params.clone();
                float[] expectedState = state.clone();
                float[] deltas = new float[to - from];
                for (int i = from; i < to; i++) {
                    float d = UpdateRules.delta(rule.id(), expectedParams[i], grads[i], expectedState, i, n, hyper, h);
                    expectedParams[i] += d;
                    deltas[i - from] = d;
                }
                float updateSq = Sums.sumOfSquares(deltas, 0, deltas.length, lanes);

                float[] sums = new float[Stats.RAW_COUNT];
                TunedUpdates.of(rule).apply(params, grads, state, from, to, n, hyper, h, sums,
                        new float[TunedUpdates.SCRATCH]);
                String where = rule.name() + " [" + from + ", " + to + ")";
                assertArrayEquals(expectedParams, params, where + " params");
                assertArrayEquals(expectedState, state, where + " state");
                assertEquals(gradSq, sums[Stats.GRAD_SQ], 0f, where + " gradSq");
                assertEquals(weightSq, sums[Stats.WEIGHT_SQ], 0f, where + " weightSq");
                assertEquals(updateSq, sums[Stats.UPDATE_SQ], 0f, where + " updateSq");
                assertEquals(gradPrevious, sums[Stats.RAW_GRAD_DOT_PREVIOUS], 0f, where + " grad . previous");
                assertEquals(previousSq, sums[Stats.RAW_PREVIOUS_SQ], 0f, where + " previousSq");
            }
        }
    }
}
