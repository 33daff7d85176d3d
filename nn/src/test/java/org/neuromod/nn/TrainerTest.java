// The population training loop: seeds (one per member), determinism across population and threads, the
// step-to-step hand-off of loss and stats to the Modulator, policing of learning parameters, divergence,
// training again on a prepared backend, and data splitting.
package org.neuromod.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.ForwardingBackend;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Reference;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.jvm.JvmBackend;
import org.neuromod.nn.data.DataSplits;
import org.neuromod.nn.data.ImageSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final UpdateRule RULE = UpdateRules.MOMENTUM;

    /** Constant (lr, momentum) everywhere. */
    private static Modulator constant(float lr, float momentum) {
        return new Modulator() {
            @Override
            public void reset(int population, int layers, long totalSteps) {
            }

            @Override
            public void next(long step, float[] loss, float[] stats, float[] hyper) {
                for (int i = 0; i < hyper.length; i += 2) {
                    hyper[i] = lr;
                    hyper[i + 1] = momentum;
                }
            }
        };
    }

    private static TrainingData separable(long seed, int train, int test, int width) {
        return SyntheticTasks.separable(seed, train, test, width);
    }

    private static Trainer.Result train(int threads, int P, long seed, TrainingData data, Modulator hyper,
                                        int epochs) {
        return train(threads, P, seed, data, hyper, epochs, Activation.RELU);
    }

    private static ParamLayout layout(TrainingData data, Activation activation) {
        return ParamLayout.of(new MlpSpec(data.inputWidth(), List.of(24, 12), activation, 4));
    }

    private static Trainer.Result train(int threads, int P, long seed, TrainingData data, Modulator hyper,
                                        int epochs, Activation activation) {
        try (Backend backend = new JvmBackend(threads)) {
            Trainer trainer = new Trainer(backend, layout(data, activation), RULE, data, 16, P);
            return trainer.train(Trainer.Run.standard(epochs, P, seed), hyper, Trainer.Progress.NONE);
        }
    }

    @Test
    void learnsASeparableTask() {
        TrainingData data = separable(1, 2000, 500, 20);
        Trainer.Result result = train(2, 2, 5, data, constant(0.01f, 0.9f), 10);
        for (float accuracy : result.testAccuracy()) {
            assertTrue(accuracy > 0.85, "test accuracy " + accuracy + " after 10 epochs (chance: 0.25)");
        }
        assertEquals(10L * (2000 / 16) * 16 * 2, result.networkSamples());
        assertTrue(result.trainSeconds() > 0);
    }

    @Test
    void aPopulationOfOneIsMemberZeroOfAPopulationOfEight() {
        TrainingData data = separable(2, 600, 200, 20);
        Trainer.Result one = train(2, 1, 77, data, constant(0.05f, 0.9f), 2);
        Trainer.Result eight = train(2, 8, 77, data, constant(0.05f, 0.9f), 2);
        int n = one.params().length;
        assertArrayEquals(one.params(), Reference.member(eight.params(), 0, n), "member 0 parameters");
        assertEquals(one.testAccuracy()[0], eight.testAccuracy()[0]);
        assertNotEquals(Arrays.toString(Reference.member(eight.params(), 0, n)),
                Arrays.toString(Reference.member(eight.params(), 1, n)), "members start from different weights");
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        TrainingData data = separable(3, 600, 200, 20);
        Trainer.Result one = train(1, 3, 9, data, constant(0.05f, 0.9f), 2);
        Trainer.Result two = train(2, 3, 9, data, constant(0.05f, 0.9f), 2);
        assertArrayEquals(one.params(), two.params());
        assertArrayEquals(one.testAccuracy(), two.testAccuracy());
    }

    @Test
    void theSeedIsApplied() {
        TrainingData data = separable(4, 300, 100, 20);
        Trainer.Result a = train(1, 1, 1, data, constant(0.05f, 0.9f), 1);
        Trainer.Result b = train(1, 1, 2, data, constant(0.05f, 0.9f), 1);
        Trainer.Result again = train(1, 1, 1, data, constant(0.05f, 0.9f), 1);
        assertFalse(Arrays.equals(a.params(), b.params()), "different seeds, different runs");
        assertArrayEquals(a.params(), again.params(), "same seed, same run");
    }

    @Test
    void eachStepSeesExactlyThePreviousStepsLossAndStats() {
        TrainingData data = separable(5, 160, 50, 20);
        List<float[]> seenLoss = new ArrayList<>();
        List<float[]> seenStats = new ArrayList<>();
        List<float[]> reportedLoss = new ArrayList<>();
        List<float[]> reportedStats = new ArrayList<>();
        int[] resets = new int[1];
        Modulator recording = new Modulator() {
            @Override
            public void reset(int population, int layers, long totalSteps) {
                assertEquals(2, population);
                assertEquals(3, layers);
                assertEquals(160 / 16 * 2, totalSteps);
                resets[0]++;
            }

            @Override
            public void next(long step, float[] loss, float[] stats, float[] hyper) {
                assertEquals(seenLoss.size(), step);
                seenLoss.add(loss.clone());
                seenStats.add(stats.clone());
                for (int i = 0; i < hyper.length; i += 2) {
                    hyper[i] = 0.01f + 0.001f * step; // varies, so every step's stats differ
                    hyper[i + 1] = 0.9f;
                }
            }
        };
        try (Backend backend = new JvmBackend(1)) {
            Trainer trainer = new Trainer(backend, layout(data, Activation.RELU), RULE, data, 16, 2);
            trainer.train(Trainer.Run.standard(2, 2, 3), recording, Trainer.Progress.NONE,
                    (step, observations, produced, applied, loss, stats) -> {
                        reportedLoss.add(loss.clone());
                        reportedStats.add(stats.clone());
                    });
        }
        assertEquals(1, resets[0]);
        assertEquals(20, seenLoss.size());
        assertArrayEquals(new float[2], seenLoss.get(0), "step 0 sees zero loss");
        assertArrayEquals(new float[2 * 3 * Stats.COUNT], seenStats.get(0), "step 0 sees zero history");
        for (int t = 1; t < 20; t++) {
            assertArrayEquals(reportedLoss.get(t - 1), seenLoss.get(t), "step " + t + " sees step " + (t - 1) + "'s loss");
            assertArrayEquals(reportedStats.get(t - 1), seenStats.get(t), "step " + t + " sees step " + (t - 1) + "'s stats");
            assertFalse(Arrays.equals(seenStats.get(t), seenStats.get(t - 1)), "stats change from step to step");
        }
        for (float[] stats : reportedStats) {
            for (int i = 0; i < stats.length; i += Stats.COUNT) {
                assertTrue(stats[i + Stats.GRAD_SQ] > 0 && stats[i + Stats.WEIGHT_SQ] > 0 && stats[i + Stats.UPDATE_SQ] > 0,
                        "norms are measured");
                assertTrue(Math.abs(stats[i + Stats.GRAD_UPDATE_COS]) <= 1, "a cosine");
            }
        }
        assertTrue(reportedStats.get(5)[Stats.GRAD_UPDATE_COS] != 0, "later steps compare with the previous update");
    }

    @Test
    void eachMemberTrainsTheSameAloneAsWithSevenOthersOfOtherSeeds() {
        TrainingData data = new TrainingData(separable(7, 400, 100, 20).train(), separable(8, 100, 100, 20).train(),
                separable(9, 10, 100, 20).test(), 4);
        long[] seeds = {11, -4, 1L << 40, 987654321, 3, 0, 77, Long.MAX_VALUE};
        ParamLayout layout = layout(data, Activation.RELU);
        Trainer.Result population;
        try (Backend backend = new JvmBackend(2)) {
            population = new Trainer(backend, layout, RULE, data, 16, 8)
                    .train(new Trainer.Run(2, seeds, 5, true, false), constant(0.05f, 0.9f), Trainer.Progress.NONE);
        }
        int n = layout.paramsPerNet();
        for (int i = 0; i < 8; i++) {
            try (Backend backend = new JvmBackend(1)) {
                Trainer.Result alone = new Trainer(backend, layout, RULE, data, 16, 1).train(
                        new Trainer.Run(2, new long[] {seeds[i]}, 5, true, false), constant(0.05f, 0.9f),
                        Trainer.Progress.NONE);
                assertArrayEquals(Reference.member(population.params(), i, n), alone.params(), "member " + i);
                assertEquals(population.validation().meanLoss()[i], alone.validation().meanLoss()[0], 0.0,
                        "validation loss of member " + i);
                assertEquals(population.test().accuracy()[i], alone.test().accuracy()[0], 0f);
            }
        }
        assertNotEquals(Arrays.toString(Reference.member(population.params(), 0, n)),
                Arrays.toString(Reference.member(population.params(), 1, n)), "the seeds are applied");
    }

    /** Counts prepare calls and passes everything to a JVM backend. */
    private static final class CountingBackend extends ForwardingBackend {
        int prepared;

        CountingBackend() {
            super(new JvmBackend(2));
        }

        @Override
        public void prepare(StepPlan plan, int population, Map<Split, LabeledData> data) {
            prepared++;
            inner.prepare(plan, population, data);
        }
    }

    @Test
    void aPreparedBackendTrainsAgainExactlyAsAFreshOne() {
        TrainingData data = separable(10, 480, 100, 20);
        ParamLayout layout = layout(data, Activation.RELU);
        for (UpdateRule rule : UpdateRules.all()) {
            Modulator modulator = new Modulator() {
                @Override
                public void reset(int population, int layers, long totalSteps) {
                }

                @Override
                public void next(long step, float[] loss, float[] stats, float[] hyper) {
                    for (int i = 0; i < hyper.length; i++) {
                        hyper[i] = rule.params().get(i % rule.modulated()).map(0.4 + 0.01 * (step % 7));
                    }
                }
            };
            Trainer.Run first = Trainer.Run.standard(1, 3, 1);
            Trainer.Run second = new Trainer.Run(2, new long[] {5, 6, 7}, 9, true, true);
            Trainer.Result fresh;
            try (Backend backend = new JvmBackend(2)) {
                fresh = new Trainer(backend, layout, rule, data, 16, 3).train(second, modulator, Trainer.Progress.NONE);
            }
            try (CountingBackend backend = new CountingBackend()) {
                Trainer trainer = new Trainer(backend, layout, rule, data, 16, 3);
                Trainer.Result a = trainer.train(first, modulator, Trainer.Progress.NONE);
                Trainer.Result b = trainer.train(second, modulator, Trainer.Progress.NONE);
                Trainer.Result c = trainer.train(first, modulator, Trainer.Progress.NONE);
                assertEquals(1, backend.prepared, rule.name() + ": prepare is called once for three trainings");
                assertArrayEquals(fresh.params(), b.params(), rule.name() + ": second training == fresh");
                assertArrayEquals(fresh.test().meanLoss(), b.test().meanLoss(), rule.name());
                assertArrayEquals(a.params(), c.params(), rule.name() + ": the third repeats the first");
                assertFalse(Arrays.equals(a.params(), b.params()), rule.name() + ": the runs differ");
            }
        }
    }

    @Test
    void policingClampsFreezesAndLeavesTheOthersUntouched() {
        TrainingData data = separable(12, 320, 100, 20);
        int L = 3;
        // member 0 sane; member 1 produces NaN from step 4 on; member 2 asks for lr 50 (clamped to 10) and
        // momentum 5 (clamped to 0.999), then diverges by loss
        Modulator mixed = new Modulator() {
            @Override
            public void reset(int population, int layers, long totalSteps) {
            }

            @Override
            public void next(long step, float[] loss, float[] stats, float[] hyper) {
                for (int l = 0; l < L; l++) {
                    hyper[(0 * L + l) * 2] = 0.05f;
                    hyper[(0 * L + l) * 2 + 1] = 0.9f;
                    hyper[(1 * L + l) * 2] = step >= 4 && l == 1 ? Float.NaN : 0.05f;
                    hyper[(1 * L + l) * 2 + 1] = 0.9f;
                    hyper[(2 * L + l) * 2] = 50f;
                    hyper[(2 * L + l) * 2 + 1] = 5f;
                }
            }
        };
        List<float[]> applied = new ArrayList<>();
        List<float[]> stats = new ArrayList<>();
        Trainer.Result result;
        ParamLayout layout = layout(data, Activation.IDENTITY);
        try (Backend backend = new JvmBackend(2)) {
            result = new Trainer(backend, layout, RULE, data, 16, 3).train(Trainer.Run.standard(2, 3, 4), mixed,
                    Trainer.Progress.NONE, (step, o, p, a, loss, s) -> {
                        applied.add(a.clone());
                        stats.add(s.clone());
                    });
        }
        assertArrayEquals(new boolean[] {false, true, true}, result.diverged());
        assertArrayEquals(new float[] {10f, 0.999f}, Arrays.copyOfRange(applied.get(0), 2 * L * 2, 2 * L * 2 + 2),
                "out-of-bounds values are clamped into the rule's bounds");
        for (int t = 4; t < applied.size(); t++) {
            for (int l = 0; l < L; l++) {
                assertArrayEquals(new float[] {0f, 0f}, Arrays.copyOfRange(applied.get(t), (L + l) * 2, (L + l) * 2 + 2),
                        "member 1 gets the frozen values at step " + t);
                assertEquals(0f, stats.get(t)[(L + l) * Stats.COUNT + Stats.UPDATE_SQ],
                        "member 1 stops moving at step " + t);
            }
        }
        assertTrue(stats.get(3)[(L + 1) * Stats.COUNT + Stats.UPDATE_SQ] > 0, "member 1 moved before step 4");
        Trainer.Result alone = train(2, 1, 4, data, constant(0.05f, 0.9f), 2, Activation.IDENTITY);
        assertArrayEquals(alone.params(), Reference.member(result.params(), 0, layout.paramsPerNet()),
                "the sane member's result is unchanged by its neighbours");
    }

    @Test
    void aDivergingMemberIsFlaggedAndTheRunCompletes() {
        TrainingData data = separable(6, 320, 100, 20);
        // a linear network with lr 10 and momentum 0.999 grows its logits until they overflow
        Trainer.Result result = train(1, 1, 1, data, constant(10f, 0.999f), 3, Activation.IDENTITY);
        assertTrue(result.diverged()[0], "lr 10 with momentum 0.999 must blow up");
        assertEquals(1, result.testAccuracy().length);
    }

    @Test
    void shuffleIsASeededPermutation() {
        int[] a = new int[100];
        int[] b = new int[100];
        Trainer.shuffle(a, Seeds.split(1, Seeds.Purpose.SHUFFLE, 0));
        Trainer.shuffle(b, Seeds.split(1, Seeds.Purpose.SHUFFLE, 1));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(a, b), "each epoch has its own order");
        int[] again = new int[100];
        Trainer.shuffle(again, Seeds.split(1, Seeds.Purpose.SHUFFLE, 0));
        assertArrayEquals(a, again);
    }

    @Test
    void trainingDataHoldsOutTheTailAndLimitsTheHead() {
        ImageSet train = new ImageSet(new float[100 * 4], new int[100], 100, 2, 2, 10);
        for (int i = 0; i < 100; i++) {
            train.labels()[i] = i % 10;
            train.images()[i * 4] = i;
        }
        ImageSet test = new ImageSet(new float[10 * 4], new int[10], 10, 2, 2, 10);
        DataSplits splits = new DataSplits(train, test);
        TrainingData data = TrainingData.of(splits, 30, 20);
        assertEquals(30, data.train().count());
        assertEquals(20, data.validation().count());
        assertEquals(80f, data.validation().x()[0], "validation starts at image 80");
        assertEquals(80, TrainingData.of(splits, 0, 20).train().count());
        assertEquals(null, TrainingData.of(splits, 0, 0).validation());
        assertThrows(UserException.class, () -> TrainingData.of(splits, 90, 20));
        assertThrows(UserException.class, () -> TrainingData.of(splits, 0, 100));
    }
}
