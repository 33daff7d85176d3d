// The population training loop: seeded init, one shared shuffle per epoch, full minibatches only, the
// learning parameters chosen each step by a HyperSource from the previous step's stats, and evaluation
// per member. The backend does the arithmetic; this class only drives it.
package org.neuromod.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;

public final class Trainer {
    private Trainer() {
    }

    /** epochs >= 1, batch >= 1, population >= 1; seed drives init and shuffling. */
    public record Config(int epochs, int batch, int population, long seed) {
        public Config {
            if (epochs < 1 || batch < 1 || population < 1) {
                throw new IllegalArgumentException("epochs, batch and population must be >= 1");
            }
        }
    }

    /**
     * After each epoch: mean training loss per member (NaN once a member diverged), seconds spent training in the
     * epoch, and validation accuracy per member (null without a validation split).
     */
    public record EpochReport(int epoch, int epochs, float[] meanLoss, double seconds, float[] validationAccuracy) {
    }

    public interface Progress {
        void epoch(EpochReport report);
    }

    /**
     * @param testAccuracy       (P) fraction of the test set each member classifies correctly
     * @param validationAccuracy (P), empty without a validation split
     * @param diverged           (P) whether a member's loss became NaN or infinite (it keeps its place; its
     *                           accuracy is whatever its weights give)
     * @param trainSeconds       time in the training loop only: no loading, initialisation or evaluation
     * @param networkSamples     samples trained, summed over members
     * @param params             (P, paramsPerNet) final parameters
     */
    public record Result(float[] testAccuracy, float[] validationAccuracy, boolean[] diverged, double trainSeconds,
                         long networkSamples, long steps, float[] params) {
        public double samplesPerSecond() {
            return networkSamples / trainSeconds;
        }
    }

    /** Trains a population from seeded initial weights; {@code backend} must be unprepared or reusable. */
    public static Result train(Backend backend, ParamLayout layout, UpdateRule rule, TrainingData data,
                               Config config, HyperSource hyperSource, Progress progress) {
        int P = config.population();
        int B = config.batch();
        int n = data.train().count();
        if (n < B) {
            throw new IllegalArgumentException("--batch " + B + " is larger than the " + n + " training images");
        }
        StepPlan plan = layout.plan(B, rule);
        int L = plan.layerCount();
        backend.prepare(plan, P, data.splits());
        backend.loadParams(Init.population(layout, P, config.seed()));
        backend.loadState(new float[rule.stateBuffers() * P * layout.paramsPerNet()]);

        int stepsPerEpoch = n / B; // the last partial batch is dropped
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        hyperSource.reset(P, L, totalSteps);
        int[] order = new int[n];
        int[] batch = new int[B];
        float[] hyper = new float[P * L * rule.k()];
        float[] loss = new float[P];
        float[] stats = new float[P * L * Stats.COUNT];
        double[] lossSum = new double[P];
        boolean[] diverged = new boolean[P];
        long step = 0;
        long nanos = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, Seeds.split(config.seed(), Seeds.Purpose.SHUFFLE, epoch));
            Arrays.fill(lossSum, 0);
            long start = System.nanoTime();
            for (int s = 0; s < stepsPerEpoch; s++, step++) {
                System.arraycopy(order, s * B, batch, 0, B);
                hyperSource.next(step, loss, stats, hyper);
                backend.step(batch, hyper, loss, stats);
                for (int p = 0; p < P; p++) {
                    lossSum[p] += loss[p];
                }
            }
            long epochNanos = System.nanoTime() - start;
            nanos += epochNanos;
            float[] meanLoss = new float[P];
            for (int p = 0; p < P; p++) {
                diverged[p] |= !Double.isFinite(lossSum[p]);
                meanLoss[p] = diverged[p] ? Float.NaN : (float) (lossSum[p] / stepsPerEpoch);
            }
            float[] validation = data.validation() == null ? null : accuracy(backend, Split.VALIDATION,
                    data.validation().count(), P);
            progress.epoch(new EpochReport(epoch + 1, config.epochs(), meanLoss, epochNanos / 1e9, validation));
        }
        float[] test = accuracy(backend, Split.TEST, data.test().count(), P);
        float[] validation = data.validation() == null ? new float[0]
                : accuracy(backend, Split.VALIDATION, data.validation().count(), P);
        float[] params = new float[P * layout.paramsPerNet()];
        backend.readParams(params);
        return new Result(test, validation, diverged, nanos / 1e9, step * B * (long) P, step, params);
    }

    private static float[] accuracy(Backend backend, Split split, int count, int P) {
        int[] correct = new int[P];
        backend.evaluate(split, correct);
        float[] accuracy = new float[P];
        for (int p = 0; p < P; p++) {
            accuracy[p] = (float) correct[p] / count;
        }
        return accuracy;
    }

    /** order (n) = a uniformly random permutation of 0..n-1 (Fisher-Yates), the same for every member. */
    static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
