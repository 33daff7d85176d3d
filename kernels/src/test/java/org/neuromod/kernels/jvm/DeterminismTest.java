// Bitwise determinism of the JVM backend: the same network gives the same bits whatever the thread count,
// and whether it trains alone or as one member of a population.
package org.neuromod.kernels.jvm;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Reference;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class DeterminismTest {
    // 100*70 weights span two update chunks; 70 and 10 columns exercise masked tails; B = 20 a row remainder.
    private static final StepPlan PLAN = Plans.mlp(20, Activation.RELU, UpdateRules.MOMENTUM, 100, 70, 10);
    private static final int STEPS = 4;

    /** Everything a run produces: final params, state, and every step's loss and stats. */
    private record Run(float[] params, float[] state, float[] losses, float[] stats, int[] correct, double[] testLoss) {
    }

    private static Run train(int threads, int P, float[] params, float[][] hyper, LabeledData data) {
        int n = PLAN.paramsPerNet();
        int L = PLAN.layerCount();
        SplittableRandom batches = new SplittableRandom(99);
        float[] losses = new float[STEPS * P];
        float[] allStats = new float[STEPS * P * L * Stats.COUNT];
        try (JvmBackend backend = new JvmBackend(threads)) {
            backend.prepare(PLAN, P, Map.of(Split.TRAIN, data, Split.TEST, data));
            backend.loadParams(params);
            for (int s = 0; s < STEPS; s++) {
                float[] loss = new float[P];
                float[] stats = new float[P * L * Stats.COUNT];
                backend.step(Plans.batch(batches, PLAN.batch(), data.count()), hyper[s], loss, stats);
                System.arraycopy(loss, 0, losses, s * P, P);
                System.arraycopy(stats, 0, allStats, s * stats.length, stats.length);
            }
            float[] out = new float[P * n];
            float[] state = new float[PLAN.rule().stateBuffers() * P * n];
            backend.readParams(out);
            backend.readState(state);
            int[] correct = new int[P];
            double[] testLoss = new double[P];
            backend.evaluate(Split.TEST, correct, testLoss);
            return new Run(out, state, losses, allStats, correct, testLoss);
        }
    }

    private static float[][] hyper(SplittableRandom rng, int P) {
        float[][] h = new float[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            h[s] = Plans.hyper(rng, PLAN, P);
        }
        return h;
    }

    @Test
    void threadCountDoesNotChangeABit() {
        SplittableRandom rng = new SplittableRandom(21);
        LabeledData data = Plans.data(rng, 700, 100, 10);
        float[] params = Plans.params(rng, PLAN, 3);
        float[][] hyper = hyper(rng, 3);
        Run one = train(1, 3, params, hyper, data);
        for (int threads : new int[] {2, 3}) {
            Run many = train(threads, 3, params, hyper, data);
            assertArrayEquals(one.params(), many.params(), "params with " + threads + " threads");
            assertArrayEquals(one.state(), many.state(), "state with " + threads + " threads");
            assertArrayEquals(one.losses(), many.losses(), "losses with " + threads + " threads");
            assertArrayEquals(one.stats(), many.stats(), "stats with " + threads + " threads");
            assertArrayEquals(one.correct(), many.correct(), "test hits with " + threads + " threads");
            assertArrayEquals(one.testLoss(), many.testLoss(), "test loss with " + threads + " threads");
        }
        assertFalse(Arrays.equals(params, one.params()), "training must have changed the parameters");
    }

    @Test
    void aMemberTrainsTheSameAloneAsInAPopulationOfEight() {
        int P = 8;
        int member = 5;
        int n = PLAN.paramsPerNet();
        int lk = PLAN.layerCount() * PLAN.rule().k();
        int ls = PLAN.layerCount() * Stats.COUNT;
        SplittableRandom rng = new SplittableRandom(8);
        LabeledData data = Plans.data(rng, 300, 100, 10);
        float[] params = Plans.params(rng, PLAN, P);
        float[][] hyper = hyper(rng, P);
        float[][] alone = new float[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            alone[s] = Reference.member(hyper[s], member, lk);
        }
        Run population = train(2, P, params, hyper, data);
        Run single = train(2, 1, Reference.member(params, member, n), alone, data);
        assertArrayEquals(Reference.member(population.params(), member, n), single.params(), "params");
        assertArrayEquals(Reference.member(population.state(), member, n), single.state(), "state");
        for (int s = 0; s < STEPS; s++) {
            assertArrayEquals(new float[] {population.losses()[s * P + member]},
                    new float[] {single.losses()[s]}, "loss of step " + s);
            assertArrayEquals(Arrays.copyOfRange(population.stats(), (s * P + member) * ls, (s * P + member + 1) * ls),
                    Arrays.copyOfRange(single.stats(), s * ls, (s + 1) * ls), "stats of step " + s);
        }
        assertArrayEquals(new int[] {population.correct()[member]}, single.correct(), "test hits");
        assertArrayEquals(new double[] {population.testLoss()[member]}, single.testLoss(), "test loss");
    }
}
