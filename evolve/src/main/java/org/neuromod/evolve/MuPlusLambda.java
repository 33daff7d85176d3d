// (mu + lambda) evolution: mu parents, re-scored every generation on that generation's training seeds, and
// lambda children; the best mu of parents and children survive. With mu = 1 and no crossover it is the
// (1 + lambda) strategy of CGP (Miller): children are mutants of the parent, and a child that ties its parent
// replaces it (neutral drift). With tournament selection each child comes from a binary tournament among the
// parents, crossed with a second tournament winner half of the time, then mutated.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Variation;

final class MuPlusLambda implements Strategy {
    private final Variation variation;
    private final UpdateRule rule;
    private final int mu;
    private final int lambda;
    private final boolean tournament;
    private List<Candidate> parents = List.of();
    private List<Fitness> parentFitness = List.of();
    private long nextId;

    MuPlusLambda(Variation variation, UpdateRule rule, int mu, int lambda, boolean tournament) {
        if (mu < 1 || lambda < 1) {
            throw new org.neuromod.kernels.UserException("--mu and --lambda must be >= 1, got " + mu + " and " + lambda);
        }
        this.variation = variation;
        this.rule = rule;
        this.mu = mu;
        this.lambda = lambda;
        this.tournament = tournament;
    }

    @Override
    public List<Candidate> ask(int generation, Streams streams) {
        List<Candidate> asked = new ArrayList<>();
        if (parents.isEmpty()) {
            // generation 0: mu + lambda random genomes
            for (int i = 0; i < mu + lambda; i++) {
                asked.add(new Candidate(nextId++, List.of(), variation.random(rule, streams.of(i))));
            }
            return asked;
        }
        for (Candidate parent : parents) {
            asked.add(new Candidate(parent.id(), List.of(parent.id()), parent.genome()));
        }
        for (int i = 0; i < lambda; i++) {
            SplittableRandom rng = streams.of(parents.size() + i);
            Candidate a = tournament ? pick(rng) : parents.get(0);
            Genome child = a.genome();
            List<Long> lineage = List.of(a.id());
            if (tournament && parents.size() > 1 && rng.nextBoolean()) {
                Candidate b = pick(rng);
                child = variation.crossover(child, b.genome(), rule, rng);
                lineage = List.of(a.id(), b.id());
            }
            asked.add(new Candidate(nextId++, lineage, variation.mutate(child, rule, rng)));
        }
        return asked;
    }

    /** Binary tournament among the parents by their last fitness. */
    private Candidate pick(SplittableRandom rng) {
        int x = rng.nextInt(parents.size());
        int y = rng.nextInt(parents.size());
        return Fitness.ORDER.compare(parentFitness.get(y), parentFitness.get(x)) < 0 ? parents.get(y) : parents.get(x);
    }

    @Override
    public void tell(int generation, List<Candidate> candidates, List<Fitness> fitness) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        int parentCount = parents.size();
        // best first; among equals a child goes before a parent (neutral drift), then the order asked
        Comparator<Integer> byFitness = (i, j) -> Fitness.ORDER.compare(fitness.get(i), fitness.get(j));
        order.sort(byFitness.thenComparing(i -> i < parentCount ? 1 : 0).thenComparing(i -> i));
        List<Candidate> next = new ArrayList<>();
        List<Fitness> nextFitness = new ArrayList<>();
        for (int k = 0; k < mu && k < order.size(); k++) {
            next.add(candidates.get(order.get(k)));
            nextFitness.add(fitness.get(order.get(k)));
        }
        parents = List.copyOf(next);
        parentFitness = List.copyOf(nextFitness);
    }

    @Override
    public List<Genome> parents() {
        return parents.stream().map(Candidate::genome).toList();
    }

    @Override
    public State state() {
        return new State(nextId, parents, parentFitness);
    }

    @Override
    public void restore(State state) {
        if (state.kept().size() > mu) {
            throw new IllegalArgumentException("a checkpoint with " + state.kept().size() + " parents for mu = " + mu);
        }
        parents = state.kept();
        parentFitness = state.fitness();
        nextId = state.nextId();
    }
}
