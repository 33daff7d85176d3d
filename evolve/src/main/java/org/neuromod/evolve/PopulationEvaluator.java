// The default evaluator: a generation's candidates train together as one population on a prepared backend
// (chunks of at most maxPopulation), member i driven by candidate i's genome, all from the same initial weights
// on the same batch order; fitness is read on the validation split once, at the end of the budget. The test
// set is never evaluated. Backends are prepared once per chunk size and reused generation after generation.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.ForwardingBackend;
import org.neuromod.kernels.Split;
import org.neuromod.kernels.StepPlan;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.kernels.modulation.ModulatedRun;
import org.neuromod.kernels.modulation.Modulation;
import org.neuromod.kernels.modulation.ModulationBuffers;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.nn.Modulator;
import org.neuromod.nn.ParamLayout;
import org.neuromod.nn.Trainer;
import org.neuromod.nn.TrainingData;

public final class PopulationEvaluator implements Evaluator {
    private final Supplier<Backend> backends;
    private final ParamLayout layout;
    private final UpdateRule rule;
    private final TrainingData data;
    private final int batch;
    private final int epochs;
    private final long steps;
    private final int modulateEvery;
    private final int maxPopulation;
    private final Runnable everyStep;
    private final Map<Integer, Trainer> trainers = new HashMap<>();
    private int stepsPerCall = 1;
    private final List<Timed> opened = new ArrayList<>();
    private long networkSamples;

    /**
     * @param epochs the budget in epochs, or with steps > 0 the epochs needed for that many steps
     * @param steps     the budget in steps (0: whole epochs)
     * @param everyStep called after every training step (a stop request throws from it, abandoning the evaluation)
     */
    public PopulationEvaluator(Supplier<Backend> backends, ParamLayout layout, UpdateRule rule, TrainingData data,
                               int batch, int epochs, long steps, int modulateEvery, int maxPopulation,
                               Runnable everyStep) {
        if (data.validation() == null) {
            throw new UserException("evolution needs a validation split (--validation > 0): fitness is measured on it");
        }
        this.backends = backends;
        this.layout = layout;
        this.rule = rule;
        this.data = data;
        this.batch = batch;
        this.epochs = epochs;
        this.steps = steps;
        this.modulateEvery = modulateEvery;
        this.maxPopulation = maxPopulation;
        this.everyStep = everyStep;
    }

    /**
     * Up to k training steps per call of the backend (a scheduling setting: the fitness is the same for every k);
     * set before the first evaluation.
     */
    public PopulationEvaluator stepsPerCall(int k) {
        if (!trainers.isEmpty()) {
            throw new IllegalStateException("steps per call are set before the first evaluation");
        }
        stepsPerCall = k;
        return this;
    }

    public PopulationEvaluator(Supplier<Backend> backends, ParamLayout layout, UpdateRule rule, TrainingData data,
                               int batch, int epochs, long steps, int modulateEvery, int maxPopulation) {
        this(backends, layout, rule, data, batch, epochs, steps, modulateEvery, maxPopulation, () -> {
        });
    }

    @Override
    public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed) {
        return score(genomes.size(), (from, to) -> Genomes.population(rule,
                genomes.subList(from, to).toArray(Genome[]::new), modulateEvery), initSeed, orderSeed);
    }

    /** The modulator of members [from, to) of a scoring, trained together as one population. */
    @FunctionalInterface
    public interface Chunk {
        Modulator members(int from, int to);
    }

    /**
     * Scores {@code members} modulated networks, chunks of at most maxPopulation trained together from the same
     * initial weights on the same batch order; member i's fitness is i-th in the list.
     */
    public List<Fitness> score(int members, Chunk chunks, long initSeed, long orderSeed) {
        List<Fitness> fitness = new ArrayList<>();
        for (int from = 0; from < members; from += maxPopulation) {
            int to = Math.min(members, from + maxPopulation);
            int P = to - from;
            Trainer trainer = trainers.computeIfAbsent(P, size -> {
                Timed backend = new Timed(backends.get());
                opened.add(backend);
                return new Trainer(backend, layout, rule, data, batch, size).stepsPerCall(stepsPerCall);
            });
            long[] seeds = new long[P];
            Arrays.fill(seeds, initSeed);
            Trainer.Result result = trainer.train(new Trainer.Run(epochs, seeds, orderSeed, false, false, steps),
                    chunks.members(from, to), Trainer.Progress.NONE,
                    Trainer.StepObserver.counting((last, steps) -> {
                        for (int s = 0; s < steps; s++) {
                            CrashPoints.step();
                            everyStep.run();
                        }
                    }));
            networkSamples += result.networkSamples();
            for (int p = 0; p < P; p++) {
                double accuracy = result.validation().accuracy()[p];
                double loss = result.validation().meanLoss()[p];
                boolean diverged = result.diverged()[p];
                fitness.add(new Fitness(diverged ? Double.NaN : 1 - accuracy, loss, diverged, accuracy));
            }
        }
        return fitness;
    }

    @Override
    public double backendSeconds() {
        long nanos = 0;
        for (Timed t : opened) {
            nanos += t.nanos;
        }
        return nanos / 1e9;
    }

    @Override
    public long networkSamples() {
        return networkSamples;
    }

    /** The device of the backends (for provenance). */
    public String device() {
        return opened.isEmpty() ? "" : opened.get(0).device();
    }

    public String backendName() {
        return opened.isEmpty() ? "" : opened.get(0).name();
    }

    @Override
    public void close() {
        for (Timed t : opened) {
            t.close();
        }
    }

    /**
     * A backend whose step and evaluate calls and modulated runs are timed, to report the time the driver spends
     * outside them; every other method of the contract is passed through (ForwardingBackend).
     */
    static final class Timed extends ForwardingBackend {
        long nanos;

        Timed(Backend inner) {
            super(inner);
        }

        @Override public void step(int[] b, float[] hyper, float[] loss, float[] stats) {
            long t = System.nanoTime();
            inner.step(b, hyper, loss, stats);
            nanos += System.nanoTime() - t;
        }
        @Override public void evaluate(Split split, int[] correct, double[] loss) {
            long t = System.nanoTime();
            inner.evaluate(split, correct, loss);
            nanos += System.nanoTime() - t;
        }

        /** The inner backend's modulated run, its steps timed (with the modulation between them). */
        @Override public ModulatedRun modulated(Modulation form, long totalSteps, StepPlan plan, int stepsPerCall) {
            ModulatedRun run = inner.modulated(form, totalSteps, plan, stepsPerCall);
            return new ModulatedRun() {
                @Override public String where() { return run.where(); }
                @Override public void epoch(int[] order) { run.epoch(order); }
                @Override public void read(ModulationBuffers into) { run.read(into); }
                @Override public void steps(int first, int count) {
                    long t = System.nanoTime();
                    run.steps(first, count);
                    nanos += System.nanoTime() - t;
                }
            };
        }
    }
}
