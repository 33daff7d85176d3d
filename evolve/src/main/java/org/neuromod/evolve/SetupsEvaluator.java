// Fitness over several setups: each candidate trains on every setup of the generation (all of them, or K drawn
// per generation from the run seed, the same K for every candidate), and beside the candidates the reference (a
// constant modulator at the rule's standard values) trains on the same seeds. Per setup s, with
// eps = 1 / (validation size of s):
//     r_s = (f_candidate + eps) / (f_reference + eps)
// where f is 1 - validation accuracy (a diverged reference counts as guessing, 1 - 1/classes); the fitness is the
// mean of r_s (summed in the list's order, divided by K) or the worst, the tie-break the same formula on the
// validation cross-entropy. A candidate that diverges on any setup ranks last. With one setup nothing of this
// runs: the run's fitness is the plain one.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.modulators.Genome;
import org.neuromod.nn.Seeds;

public final class SetupsEvaluator implements Evaluator {
    public static final List<String> AGGREGATES = List.of("mean", "worst");

    /** One setup's evaluator, its validation size and its classes. */
    public record Part(Setup setup, PopulationEvaluator evaluator, int validation, int classes) {
    }

    private final List<Part> parts;
    private final UpdateRule rule;
    private final boolean worst;
    private final int perGeneration;
    private final long runSeed;
    private Scores last;

    /**
     * @param perGeneration setups scored per generation (all of them when it equals the list's size)
     */
    public SetupsEvaluator(List<Part> parts, UpdateRule rule, String aggregate, int perGeneration, long runSeed) {
        if (!AGGREGATES.contains(aggregate) || perGeneration < 1 || perGeneration > parts.size()) {
            throw new IllegalArgumentException("aggregate " + aggregate + ", " + perGeneration + " of " + parts.size());
        }
        this.parts = List.copyOf(parts);
        this.rule = rule;
        this.worst = aggregate.equals("worst");
        this.perGeneration = perGeneration;
        this.runSeed = runSeed;
    }

    /**
     * The setups generation g is scored on, in list order: all of them, or perGeneration drawn without
     * replacement from the stream (run seed, SETUPS, g).
     */
    public static List<Integer> drawn(long runSeed, int generation, int setups, int perGeneration) {
        int[] order = new int[setups];
        for (int i = 0; i < setups; i++) {
            order[i] = i;
        }
        if (perGeneration < setups) {
            SplittableRandom rng = Seeds.split(runSeed, Seeds.Purpose.SETUPS, generation);
            for (int i = 0; i < perGeneration; i++) {
                int j = i + rng.nextInt(setups - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[] chosen = Arrays.copyOf(order, perGeneration);
        Arrays.sort(chosen);
        return Arrays.stream(chosen).boxed().toList();
    }

    /**
     * What one evaluation measured per setup: the setups (indexes into the run's list), per candidate and setup
     * the fitness and validation loss, the reference's, and the seconds each setup took.
     */
    public record Scores(List<Integer> setups, double[][] fitness, double[][] loss, double[] referenceFitness,
                         double[] referenceLoss, double[] seconds) {
    }

    @Override
    public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed) {
        throw new UnsupportedOperationException("scoring over setups needs the generation (to draw its setups)");
    }

    @Override
    public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed, int generation) {
        List<Integer> chosen = drawn(runSeed, generation, parts.size(), perGeneration);
        int n = genomes.size();
        int k = chosen.size();
        double[][] f = new double[n][k];
        double[][] loss = new double[n][k];
        boolean[] diverged = new boolean[n];
        double[] refF = new double[k];
        double[] refLoss = new double[k];
        double[] seconds = new double[k];
        double[] accuracy = new double[n];
        for (int j = 0; j < k; j++) {
            long start = System.nanoTime();
            Part part = parts.get(chosen.get(j));
            List<Fitness> scores = part.evaluator().evaluate(genomes, initSeed, orderSeed);
            Fitness ref = part.evaluator().score(1, (from, to) -> new ConstantModulator(rule, rule.standards()),
                    initSeed, orderSeed).get(0);
            refF[j] = ref.bad() ? 1 - 1.0 / part.classes() : ref.loss();
            // a diverged reference counts as guessing: error 1 - 1/classes, cross-entropy ln(classes)
            refLoss[j] = ref.bad() ? Math.log(part.classes()) : ref.tieBreak();
            for (int c = 0; c < n; c++) {
                Fitness s = scores.get(c);
                f[c][j] = s.loss();
                loss[c][j] = s.tieBreak();
                diverged[c] |= s.bad();
                accuracy[c] += s.validationAccuracy() / k;
            }
            seconds[j] = (System.nanoTime() - start) / 1e9;
        }
        List<Fitness> fitness = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            double[] eps = new double[k];
            for (int j = 0; j < k; j++) {
                eps[j] = 1.0 / parts.get(chosen.get(j)).validation();
            }
            double r = combine(f[c], refF, eps);
            double t = combine(loss[c], refLoss, eps);
            fitness.add(diverged[c] ? new Fitness(Double.NaN, Double.NaN, true, accuracy[c])
                    : new Fitness(r, t, false, accuracy[c]));
        }
        last = new Scores(chosen, f, loss, refF, refLoss, seconds);
        return fitness;
    }

    /** The aggregate of (value + eps) / (reference + eps) over setups: mean (summed in order, / K) or worst. */
    double combine(double[] value, double[] reference, double[] eps) {
        return aggregate(value, reference, eps, worst);
    }

    public static double aggregate(double[] value, double[] reference, double[] eps, boolean worst) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < value.length; j++) {
            double r = (value[j] + eps[j]) / (reference[j] + eps[j]);
            sum += r;
            max = Math.max(max, r);
        }
        return worst ? max : sum / value.length;
    }

    @Override
    public Scores lastScores() {
        return last;
    }

    @Override
    public double backendSeconds() {
        return parts.stream().mapToDouble(p -> p.evaluator().backendSeconds()).sum();
    }

    @Override
    public long networkSamples() {
        return parts.stream().mapToLong(p -> p.evaluator().networkSamples()).sum();
    }

    @Override
    public void close() {
        parts.forEach(p -> p.evaluator().close());
    }
}
