// The evolution driver: generation after generation, ask the strategy for candidates, score them with the
// generation's training seeds (drawn from the run seed, shared by every candidate), tell the strategy, and
// record the generation in the run directory (log lines, the best genome so far).
package org.neuromod.evolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neuromod.modulators.Genome;
import org.neuromod.nn.Seeds;

public final class Evolution {
    private Evolution() {
    }

    /** One generation's summary, as logged. */
    /** @param setups null, or the setups the generation was scored on with their seconds, in order */
    public record GenerationReport(int generation, int generations, double best, double median, double seconds,
                                   double backendSeconds, double networkSamplesPerSecond, int diverged,
                                   List<Integer> setups, double[] setupSeconds) {
    }

    public interface Listener {
        void generation(GenerationReport report);
    }

    /**
     * The best candidate scored so far, with the seeds it was scored with and, in a run over several setups, what
     * it and the reference scored on each of the generation's setups (null otherwise).
     */
    public record Best(Candidate candidate, Fitness fitness, int generation, long initSeed, long orderSeed,
                       PerSetup perSetup) {
        public Best(Candidate candidate, Fitness fitness, int generation, long initSeed, long orderSeed) {
            this(candidate, fitness, generation, initSeed, orderSeed, null);
        }
    }

    /** One candidate's scores on the setups (indexes into the run's list) of its generation, and the reference's. */
    public record PerSetup(List<Integer> setups, double[] fitness, double[] loss, double[] referenceFitness,
                           double[] referenceLoss) {
        static PerSetup of(SetupsEvaluator.Scores s, int candidate) {
            return s == null ? null : new PerSetup(s.setups(), s.fitness()[candidate], s.loss()[candidate],
                    s.referenceFitness(), s.referenceLoss());
        }
    }

    /** Training seeds of generation g: the initial-weights key and the batch-order seed every candidate shares. */
    public static long initSeed(long runSeed, int generation) {
        return Seeds.key(runSeed, Seeds.Purpose.GENERATION, 2L * generation);
    }

    public static long orderSeed(long runSeed, int generation) {
        return Seeds.key(runSeed, Seeds.Purpose.GENERATION, 2L * generation + 1);
    }

    /**
     * Seed pair k of generation g when each candidate is scored on several: k = 0 is (initSeed, orderSeed) of the
     * generation, the others come from their own stream, so a run scored on one pair is unchanged.
     */
    public static long[] seedPair(long runSeed, int generation, int k) {
        if (k == 0) {
            return new long[] {initSeed(runSeed, generation), orderSeed(runSeed, generation)};
        }
        long g = Seeds.key(runSeed, Seeds.Purpose.RESCORE, generation);
        return new long[] {Seeds.key(g, Seeds.Purpose.RESCORE, 2L * k), Seeds.key(g, Seeds.Purpose.RESCORE, 2L * k + 1)};
    }

    /**
     * The genomes' fitness on {@code pairs} seed pairs of generation g: one pair is the evaluator's answer; more
     * are averaged (loss, tie-break and validation accuracy; diverged on any pair is diverged).
     */
    static List<Fitness> score(Evaluator evaluator, List<Genome> genomes, long runSeed, int g, int pairs) {
        long[] first = seedPair(runSeed, g, 0);
        List<Fitness> fitness = evaluator.evaluate(genomes, first[0], first[1], g);
        if (pairs == 1) {
            return fitness;
        }
        double[] loss = new double[genomes.size()];
        double[] tie = new double[genomes.size()];
        double[] accuracy = new double[genomes.size()];
        boolean[] diverged = new boolean[genomes.size()];
        for (int k = 0; k < pairs; k++) {
            List<Fitness> f = k == 0 ? fitness : evaluator.evaluate(genomes, seedPair(runSeed, g, k)[0],
                    seedPair(runSeed, g, k)[1]);
            for (int i = 0; i < genomes.size(); i++) {
                loss[i] += f.get(i).loss() / pairs;
                tie[i] += f.get(i).tieBreak() / pairs;
                accuracy[i] += f.get(i).validationAccuracy() / pairs;
                diverged[i] |= f.get(i).diverged();
            }
        }
        List<Fitness> mean = new ArrayList<>();
        for (int i = 0; i < genomes.size(); i++) {
            mean.add(new Fitness(diverged[i] ? Double.NaN : loss[i], tie[i], diverged[i], accuracy[i]));
        }
        return mean;
    }

    /** Candidate i's random stream in generation g. */
    public static Strategy.Streams streams(long runSeed, int generation) {
        long g = Seeds.key(runSeed, Seeds.Purpose.VARIATION, generation);
        return i -> Seeds.split(g, Seeds.Purpose.VARIATION, i);
    }

    /** How a run ended: every generation done, or stopped early after generationsDone (the last checkpoint). */
    public enum End { FINISHED, OUT_OF_TIME, SIGNAL }

    /** @param best null only when stopped before any generation finished */
    public record Outcome(End end, int generationsDone, Best best) {
    }

    /** Runs generations [0, generations) from scratch. */
    public static Outcome run(Settings settings, Strategy strategy, Evaluator evaluator, RunDirectory out,
                              Listener listener) throws IOException {
        return run(settings, strategy, evaluator, out, listener, null, Stopping.never());
    }

    /**
     * Runs generations [from.generationsDone, generations), continuing from a checkpoint (null: from scratch).
     * After each generation its log lines, the best genome and then the checkpoint are written; a stop asked
     * for by {@code stopping} abandons the generation in progress, so the run ends at its last checkpoint.
     */
    public static Outcome run(Settings settings, Strategy strategy, Evaluator evaluator, RunDirectory out,
                              Listener listener, Checkpoint from, Stopping stopping) throws IOException {
        Best best = null;
        int first = 0;
        if (from != null) {
            strategy.restore(from.strategy());
            best = from.best();
            first = from.generationsDone();
        }
        double slowest = 0;
        for (int g = first; g < settings.generations(); g++) {
            if (stopping.outOfTime(slowest)) {
                return new Outcome(End.OUT_OF_TIME, g, best);
            }
            CrashPoints.generation(g);
            long start = System.nanoTime();
            double backendBefore = evaluator.backendSeconds();
            long samplesBefore = evaluator.networkSamples();
            long initSeed = initSeed(settings.seed(), g);
            long orderSeed = orderSeed(settings.seed(), g);
            List<Candidate> candidates;
            List<Fitness> fitness;
            try {
                stopping.checkStep();
                candidates = strategy.ask(g, streams(settings.seed(), g));
                fitness = score(evaluator, candidates.stream().map(Candidate::genome).toList(), settings.seed(), g,
                        settings.scoringSeeds());
            } catch (Stopping.Abandoned e) {
                return new Outcome(End.SIGNAL, g, best);
            }
            strategy.tell(g, candidates, fitness);
            SetupsEvaluator.Scores scores = evaluator.lastScores();
            for (int i = 0; i < candidates.size(); i++) {
                if (best == null || Fitness.ORDER.compare(fitness.get(i), best.fitness()) < 0) {
                    best = new Best(candidates.get(i), fitness.get(i), g, initSeed, orderSeed, PerSetup.of(scores, i));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            slowest = Math.max(slowest, seconds);
            double backend = evaluator.backendSeconds() - backendBefore;
            GenerationReport report = new GenerationReport(g, settings.generations(), bestOf(fitness),
                    median(fitness), seconds, backend, (evaluator.networkSamples() - samplesBefore) / seconds,
                    (int) fitness.stream().filter(Fitness::bad).count(), scores == null ? null : scores.setups(),
                    scores == null ? null : scores.seconds());
            out.logGeneration(report, candidates, fitness, scores, evaluator.lastWorkers());
            out.writeBest(best, settings);
            out.writeCheckpoint(new Checkpoint(g + 1, strategy.state(), best, SettingsFile.results(settings)));
            listener.generation(report);
        }
        return new Outcome(End.FINISHED, Math.max(first, settings.generations()), best);
    }

    static double bestOf(List<Fitness> fitness) {
        return fitness.stream().sorted(Fitness.ORDER).findFirst().map(Fitness::loss).orElse(Double.NaN);
    }

    /** Median loss, diverged candidates counting as +infinity. */
    static double median(List<Fitness> fitness) {
        double[] v = fitness.stream().mapToDouble(f -> f.bad() ? Double.POSITIVE_INFINITY : f.loss()).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The genomes of candidates, in order. */
    static List<Genome> genomes(List<Candidate> candidates) {
        return new ArrayList<>(candidates.stream().map(Candidate::genome).toList());
    }
}
