// The population training loop: seeds, determinism across population and threads, the step-to-step
// hand-off of stats to the HyperSource, learning, divergence and data splitting.
package org.neuromod.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Backend;
import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Plans;
import org.neuromod.kernels.Reference;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
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
    private static HyperSource constant(float lr, float momentum) {
        return new HyperSource() {
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

    /** A separable task: the label is the arg-max of a fixed random projection of the features. */
    private static TrainingData separable(long seed, int train, int test, int width) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] projection = Plans.uniform(rng, width * 4, 1);
        LabeledData[] sets = new LabeledData[2];
        int[] counts = {train, test};
        for (int s = 0; s < 2; s++) {
            LabeledData d = Plans.data(rng, counts[s], width, 4);
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 4; c++) {
                    double score = 0;
                    for (int k = 0; k < width; k++) {
                        score += (d.x()[i * width + k] - 0.5) * projection[k * 4 + c];
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
                d.y()[i] = best;
            }
            sets[s] = d;
        }
        return new TrainingData(sets[0], null, sets[1], 4);
    }

    private static Trainer.Result train(int threads, int P, long seed, TrainingData data, HyperSource hyper,
                                        int epochs) {
        return train(threads, P, seed, data, hyper, epochs, Activation.RELU);
    }

    private static Trainer.Result train(int threads, int P, long seed, TrainingData data, HyperSource hyper,
                                        int epochs, Activation activation) {
        ParamLayout layout = ParamLayout.of(new MlpSpec(data.inputWidth(), List.of(24, 12), activation, 4));
        try (Backend backend = new JvmBackend(threads)) {
            return Trainer.train(backend, layout, RULE, data, new Trainer.Config(epochs, 16, P, seed), hyper, r -> {
            });
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
    void eachStepSeesThePreviousStepsStats() {
        TrainingData data = separable(5, 160, 50, 20);
        List<float[]> seen = new ArrayList<>();
        List<float[]> returned = new ArrayList<>();
        HyperSource recording = new HyperSource() {
            @Override
            public void reset(int population, int layers, long totalSteps) {
                assertEquals(2, population);
                assertEquals(3, layers);
                assertEquals(160 / 16 * 2, totalSteps);
            }

            @Override
            public void next(long step, float[] loss, float[] stats, float[] hyper) {
                assertEquals(seen.size(), step);
                seen.add(stats.clone());
                if (step > 0) {
                    returned.add(stats.clone()); // what step - 1 reported
                }
                Arrays.fill(hyper, 0.01f);
            }
        };
        train(1, 2, 3, data, recording, 2);
        assertEquals(20, seen.size());
        assertArrayEquals(new float[2 * 3 * Stats.COUNT], seen.get(0), "step 0 sees zero history");
        for (float[] stats : returned) {
            for (int i = 0; i < stats.length; i++) {
                assertTrue(stats[i] > 0, "a later step sees the previous step's non-zero norms");
            }
        }
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
        assertThrows(IllegalArgumentException.class, () -> TrainingData.of(splits, 90, 20));
        assertThrows(IllegalArgumentException.class, () -> TrainingData.of(splits, 0, 100));
    }
}
