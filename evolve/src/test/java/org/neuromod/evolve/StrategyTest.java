// Each strategy beats random search at equal evaluations on a fixed toy objective (no training): the distance
// of a genome's constants and fixed proteins' tags to a target genome. Median over 10 seeds of the best
// objective after 25 generations.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Variation;
import org.neuromod.modulators.GrnGenome;

import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategyTest {
    static final UpdateRule RULE = UpdateRules.MOMENTUM;
    static final GrnGenome TARGET = GrnGenome.random(RULE, new SplittableRandom(999));
    static final int GENERATIONS = 25;

    /** Mean absolute distance to TARGET over beta, delta and the tags of the input and output proteins. */
    static double objective(Genome genome) {
        GrnGenome g = (GrnGenome) genome;
        double sum = Math.abs(g.beta() - TARGET.beta()) / 2 + Math.abs(g.delta() - TARGET.delta()) / 2;
        int fixed = 12;
        for (int i = 0; i < fixed; i++) {
            GrnGenome.Protein p = g.proteins().get(i);
            GrnGenome.Protein t = TARGET.proteins().get(i);
            sum += Math.abs(p.id() - t.id()) + Math.abs(p.enhancer() - t.enhancer()) + Math.abs(p.inhibitor() - t.inhibitor());
        }
        return sum / (2 + 3 * fixed);
    }

    /** A deterministic evaluator of the toy objective; counts evaluations. */
    static final class Toy implements Evaluator {
        int evaluations;

        @Override
        public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed) {
            evaluations += genomes.size();
            List<Fitness> f = new ArrayList<>();
            for (Genome g : genomes) {
                f.add(Fitness.of(objective(g)));
            }
            return f;
        }
    }

    static double bestAfter(Strategy strategy, long seed, int[] evaluations) {
        Toy toy = new Toy();
        double best = Double.POSITIVE_INFINITY;
        for (int g = 0; g < GENERATIONS; g++) {
            List<Candidate> asked = strategy.ask(g, Evolution.streams(seed, g));
            List<Fitness> fitness = toy.evaluate(asked.stream().map(Candidate::genome).toList(), 0, 0);
            strategy.tell(g, asked, fitness);
            for (Fitness f : fitness) {
                best = Math.min(best, f.loss());
            }
        }
        evaluations[0] = toy.evaluations;
        return best;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[4] + s[5]) / 2;
    }

    @Test
    void bothStrategiesBeatRandomSearchAtEqualEvaluations() {
        Variation grn = org.neuromod.modulators.Genomes.kind(GrnGenome.KIND).variation();
        // (1 + 8) and random with 8 + 1 per generation; (4 + 8) and random with 11 + 1
        String[][] pairs = {{"one-plus-lambda", "1", "8", "8"}, {"mu-plus-lambda", "4", "8", "11"}};
        for (String[] pair : pairs) {
            double[] strategy = new double[10];
            double[] random = new double[10];
            for (int seed = 0; seed < 10; seed++) {
                int[] a = new int[1];
                int[] b = new int[1];
                strategy[seed] = bestAfter(Strategy.of(pair[0], grn, RULE, Integer.parseInt(pair[1]),
                        Integer.parseInt(pair[2])), seed, a);
                random[seed] = bestAfter(Strategy.of("random", grn, RULE, 1, Integer.parseInt(pair[3])), seed, b);
                assertTrue(a[0] == b[0], "equal evaluations: " + a[0] + " vs " + b[0]);
            }
            assertTrue(median(strategy) < median(random), pair[0] + ": median best " + median(strategy)
                    + " against random search's " + median(random));
        }
    }

    @Test
    void aDivergedCandidateRanksLastAndTheRunGoesOn() {
        Variation grn = org.neuromod.modulators.Genomes.kind(GrnGenome.KIND).variation();
        Strategy strategy = Strategy.of("mu-plus-lambda", grn, RULE, 3, 6);
        for (int g = 0; g < 6; g++) {
            List<Candidate> asked = strategy.ask(g, Evolution.streams(5, g));
            List<Fitness> fitness = new ArrayList<>();
            for (int i = 0; i < asked.size(); i++) {
                // every third candidate diverges; the others score by the toy objective
                fitness.add(i % 3 == 0 ? new Fitness(Double.NaN, Double.NaN, true, Double.NaN)
                        : Fitness.of(objective(asked.get(i).genome())));
            }
            strategy.tell(g, asked, fitness);
            for (Genome parent : strategy.parents()) {
                int index = asked.stream().map(Candidate::genome).toList().indexOf(parent);
                assertTrue(index % 3 != 0 || !fitness.get(index).bad(), "a diverged candidate survived in generation " + g);
            }
        }
        assertTrue(Fitness.ORDER.compare(new Fitness(Double.NaN, 0, true, 0), Fitness.of(0.99)) > 0, "diverged ranks last");
        assertTrue(Fitness.ORDER.compare(Fitness.of(Double.POSITIVE_INFINITY), Fitness.of(0.99)) > 0, "so does infinity");
    }
}
