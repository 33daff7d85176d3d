// The population training loop: seeded init (one seed per member), one shared shuffle per epoch, full
// minibatches only, the learning parameters chosen each step by a Modulator from the previous step's stats and
// policed by the policing kernel (ModulationKernels.police) for every backend, and evaluation per member. The
// backend does the arithmetic; this class only drives it. One Trainer prepares its backend once and can train on
// it again and again (generation after generation) without re-uploading data or recompiling.
package org.neuromod.nn;

import java.util.SplittableRandom;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Footprint;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.HostModulatedRun;
import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.kernels.modulation.ModulationKernels;

public final class Trainer {
    private final Backend backend;
    private final ParamLayout layout;
    private final UpdateRule rule;
    private final TrainingData data;
    private final int P;
    private final int B;
    private final int L;
    private final StepPlan plan;
    private int stepsPerCall = 1;
    private String where = "";

    /**
     * One training run on the prepared backend.
     *
     * @param epochs            passes over the training set (>= 1)
     * @param initSeeds         (P) initial-weights key of each member ({@link Seeds#key}, {@link Seeds#initKeys})
     * @param shuffleSeed       seed of the minibatch order, shared by the population: epoch e is shuffled by
     *                          Seeds.split(shuffleSeed, SHUFFLE, e)
     * @param evaluateTest      whether the test set is evaluated at the end (evolution never looks at it)
     * @param validateEachEpoch whether the validation split is evaluated after every epoch (for progress) or
     *                          only once, at the end
     * @param maxSteps          stop after this many steps (0: train all the epochs)
     */
    public record Run(int epochs, long[] initSeeds, long shuffleSeed, boolean evaluateTest, boolean validateEachEpoch,
                      long maxSteps) {
        public Run {
            if (epochs < 1 || initSeeds.length < 1 || maxSteps < 0) {
                throw new IllegalArgumentException("a run needs epochs >= 1, at least one member and maxSteps >= 0");
            }
            initSeeds = initSeeds.clone();
        }

        public Run(int epochs, long[] initSeeds, long shuffleSeed, boolean evaluateTest, boolean validateEachEpoch) {
            this(epochs, initSeeds, shuffleSeed, evaluateTest, validateEachEpoch, 0);
        }

        /** `train`'s run: member i starts from Seeds.split(seed, INIT, i), the order from seed; everything evaluated. */
        public static Run standard(int epochs, int population, long seed) {
            return new Run(epochs, Seeds.initKeys(seed, population), seed, true, true);
        }
    }

    /**
     * After each epoch: mean training loss per member (NaN once a member diverged), seconds spent training in the
     * epoch, and validation accuracy per member (null when not evaluated this epoch).
     */
    public record EpochReport(int epoch, int epochs, float[] meanLoss, double seconds, float[] validationAccuracy) {
    }

    public interface Progress {
        void epoch(EpochReport report);

        Progress NONE = report -> {
        };
    }

    /** Sees every step's learning parameters as the modulator produced them and as applied after policing. */
    public interface StepObserver {
        /**
         * The values of a read step ({@link #readEvery}); every array is the run's and is refreshed in place.
         *
         * @param observations (P, L, O) what the modulator observed for this step
         * @param produced     (P, L, M) what the modulator returned for this step
         * @param applied      (P, L, K) what the backend received: policed values, then the rule's derived values
         * @param loss         (P) this step's loss
         * @param stats        (P, L, S) this step's statistics
         */
        void step(long step, float[] observations, float[] produced, float[] applied, float[] loss, float[] stats);

        /**
         * The steps whose values {@link #step} reads: every this many from step 0, and the run's last; 0 for none.
         * The values come from the backend only at those steps, and the steps between run as many per call as
         * {@link Trainer#stepsPerCall} allows.
         */
        default long readEvery() {
            return 1;
        }

        /** After each call of the backend: it ran {@code steps} steps, up to step {@code last} (0-based). */
        default void ran(long last, int steps) {
        }

        /** Evaluate the test set after every this many steps (0: never); the time is not counted as training. */
        default long evaluateEvery() {
            return 0;
        }

        /** The test evaluation after step {@code step} (0-based), when {@link #evaluateEvery()} asks for it. */
        default void evaluated(long step, Evaluation test) {
        }

        StepObserver NONE = counting((last, steps) -> {
        });

        /** An observer that reads no values and is told after each call of the backend how many steps it ran. */
        static StepObserver counting(Ran ran) {
            return new StepObserver() {
                @Override
                public void step(long step, float[] observations, float[] produced, float[] applied, float[] loss,
                                 float[] stats) {
                }

                @Override
                public long readEvery() {
                    return 0;
                }

                @Override
                public void ran(long last, int steps) {
                    ran.ran(last, steps);
                }
            };
        }

        /** What a counting observer does after each call. */
        @FunctionalInterface
        interface Ran {
            void ran(long last, int steps);
        }
    }

    /** One evaluation of every member: accuracy (P) in [0, 1] and mean cross-entropy (P). */
    public record Evaluation(float[] accuracy, double[] meanLoss) {
    }

    /**
     * @param test           evaluation on the test set (null when the run did not evaluate it)
     * @param validation     evaluation on the validation split (null without one)
     * @param diverged       (P) whether a member's loss or learning parameters became NaN or infinite; from
     *                       then on its update was frozen (it keeps its place; its accuracy is whatever its
     *                       weights give)
     * @param trainSeconds   time in the training loop only: no loading, initialisation or evaluation
     * @param networkSamples samples trained, summed over members
     * @param params         (P, paramsPerNet) final parameters
     */
    public record Result(Evaluation test, Evaluation validation, boolean[] diverged, double trainSeconds,
                         long networkSamples, long steps, float[] params) {
        public double samplesPerSecond() {
            return networkSamples / trainSeconds;
        }

        /** (P) test accuracy; empty when the test set was not evaluated. */
        public float[] testAccuracy() {
            return test == null ? new float[0] : test.accuracy();
        }

        /** (P) validation accuracy; empty without a validation split. */
        public float[] validationAccuracy() {
            return validation == null ? new float[0] : validation.accuracy();
        }
    }

    /** Prepares {@code backend} (once) for a population of P networks trained with minibatches of B. */
    public Trainer(Backend backend, ParamLayout layout, UpdateRule rule, TrainingData data, int batch, int population) {
        if (batch < 1 || population < 1) {
            throw new IllegalArgumentException("batch and population must be >= 1");
        }
        int n = data.train().count();
        if (n < batch) {
            throw new UserException("--batch " + batch + " is larger than the " + n + " training images");
        }
        this.backend = backend;
        this.layout = layout;
        this.rule = rule;
        this.data = data;
        this.P = population;
        this.B = batch;
        this.plan = layout.plan(batch, rule);
        Footprint.check(plan, population, Footprint.availableHeap());
        this.L = plan.layerCount();
        backend.prepare(plan, population, data.splits());
    }

    public int population() {
        return P;
    }

    /**
     * Runs up to k steps per call of the backend when nothing watches every step (a scheduling setting: the results
     * are the same for every k).
     */
    public Trainer stepsPerCall(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("steps per call must be >= 1, got " + k);
        }
        stepsPerCall = k;
        return this;
    }

    /** Where the last run's modulation ran, in words (empty before the first run). */
    public String modulationWhere() {
        return where;
    }

    /** Steps of a run of {@code epochs} epochs: the last partial batch of each epoch is dropped. */
    public long steps(int epochs) {
        return (long) (data.train().count() / B) * epochs;
    }

    public Result train(Run run, Modulator modulator, Progress progress) {
        return train(run, modulator, progress, StepObserver.NONE);
    }

    /**
     * Trains the population from the run's initial weights with zero optimizer state. Before every step the
     * modulator's values are policed: a NaN or infinite value marks its member diverged; values outside the
     * rule's validity bounds are clamped; a diverged member (by loss or by its learning parameters) gets the
     * rule's frozen values from then on, so it stops moving while the rest train on.
     */
    public Result train(Run run, Modulator modulator, Progress progress, StepObserver observer) {
        if (run.initSeeds().length != P) {
            throw new IllegalArgumentException("the run has " + run.initSeeds().length + " init seeds for "
                    + P + " members");
        }
        int n = data.train().count();
        backend.loadParams(Init.population(layout, run.initSeeds()));
        backend.loadState(new float[rule.stateBuffers() * P * layout.paramsPerNet()]);
        int stepsPerEpoch = n / B;
        long totalSteps = run.maxSteps() > 0 ? Math.min(run.maxSteps(), steps(run.epochs())) : steps(run.epochs());
        modulator.reset(P, L, totalSteps);
        Modulation form = modulator.modulation(L);
        ModulationBuffers seen;  // what the host reads of the run
        ModulatedRun steps;
        if (form != null) {
            seen = new ModulationBuffers(form, rule, totalSteps);
            modulator.follow(seen.state);
            steps = backend.modulated(form, totalSteps, plan, stepsPerCall);
        } else {
            seen = new ModulationBuffers(P, L, rule, totalSteps);
            // such a modulator observes for itself: the loop observes only for an observer that reads them
            boolean observe = observer.readEvery() > 0;
            steps = new HostModulatedRun(backend, seen, B, b -> {
                if (observe) {
                    b.observe();
                }
                modulator.next(b.clock[ModulationKernels.STEP], b.loss, b.stats, b.produced);
                b.police();
            });
        }
        where = steps.where();
        int[] order = new int[n];
        long readEvery = observer.readEvery();
        long every = observer.evaluateEvery();
        Evaluation validation = null;
        long step = 0;
        long nanos = 0;
        int epochs = (int) Math.min(run.epochs(), (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch);
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, Seeds.split(run.shuffleSeed(), Seeds.Purpose.SHUFFLE, epoch));
            long start = System.nanoTime();
            steps.epoch(order);
            int epochSteps = (int) Math.min(stepsPerEpoch, totalSteps - step);
            for (int s = 0; s < epochSteps; ) {
                // up to stepsPerCall, never past a read step or an evaluation
                int count = Math.min(stepsPerCall, epochSteps - s);
                if (readEvery > 0) {
                    long read = Math.min(totalSteps - 1, (step + readEvery - 1) / readEvery * readEvery);
                    count = (int) Math.min(count, read - step + 1);
                }
                if (every > 0) {
                    count = (int) Math.min(count, every - step % every);
                }
                steps.steps(s, count);
                s += count;
                step += count;
                observer.ran(step - 1, count);
                if (readEvery > 0 && ((step - 1) % readEvery == 0 || step == totalSteps)) {
                    steps.read(seen);
                    observer.step(step - 1, seen.obs, seen.produced, seen.applied, seen.loss, seen.stats);
                }
                if (every > 0 && step % every == 0) {
                    long paused = System.nanoTime();
                    observer.evaluated(step - 1, evaluate(Split.TEST, data.test().count()));
                    start += System.nanoTime() - paused;
                }
            }
            steps.read(seen);
            long epochNanos = System.nanoTime() - start;
            nanos += epochNanos;
            float[] meanLoss = new float[P];
            for (int p = 0; p < P; p++) {
                meanLoss[p] = seen.diverged[p] != 0 ? Float.NaN
                        : (float) (seen.lossSums[p] / Math.max(1, epochSteps));
            }
            boolean last = epoch + 1 == epochs;
            validation = data.validation() != null && (run.validateEachEpoch() || last)
                    ? evaluate(Split.VALIDATION, data.validation().count()) : null;
            progress.epoch(new EpochReport(epoch + 1, epochs, meanLoss, epochNanos / 1e9,
                    validation == null ? null : validation.accuracy()));
        }
        Evaluation test = run.evaluateTest() ? evaluate(Split.TEST, data.test().count()) : null;
        float[] params = new float[P * layout.paramsPerNet()];
        backend.readParams(params);
        boolean[] diverged = new boolean[P];
        for (int p = 0; p < P; p++) {
            diverged[p] = seen.diverged[p] != 0;
        }
        return new Result(test, validation, diverged, nanos / 1e9, step * B * (long) P, step, params);
    }

    private Evaluation evaluate(Split split, int count) {
        int[] correct = new int[P];
        double[] loss = new double[P];
        backend.evaluate(split, correct, loss);
        float[] accuracy = new float[P];
        for (int p = 0; p < P; p++) {
            accuracy[p] = (float) correct[p] / count;
            loss[p] /= count;
        }
        return new Evaluation(accuracy, loss);
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
