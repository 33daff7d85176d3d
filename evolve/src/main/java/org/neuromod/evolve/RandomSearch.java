// Random search: every generation lambda + 1 fresh random genomes, keeping the best seen; the baseline the
// strategies are tested against.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Variation;

final class RandomSearch implements Strategy {
    private final Variation variation;
    private final UpdateRule rule;
    private final int lambda;
    private Candidate best;
    private Fitness bestFitness;
    private long nextId;

    RandomSearch(Variation variation, UpdateRule rule, int lambda) {
        this.variation = variation;
        this.rule = rule;
        this.lambda = lambda;
    }

    @Override
    public List<Candidate> ask(int generation, Streams streams) {
        List<Candidate> asked = new ArrayList<>();
        for (int i = 0; i <= lambda; i++) {
            asked.add(new Candidate(nextId++, List.of(), variation.random(rule, streams.of(i))));
        }
        return asked;
    }

    @Override
    public void tell(int generation, List<Candidate> candidates, List<Fitness> fitness) {
        for (int i = 0; i < candidates.size(); i++) {
            if (bestFitness == null || Fitness.ORDER.compare(fitness.get(i), bestFitness) < 0) {
                best = candidates.get(i);
                bestFitness = fitness.get(i);
            }
        }
    }

    @Override
    public List<Genome> parents() {
        return best == null ? List.of() : List.of(best.genome());
    }

    @Override
    public State state() {
        return best == null ? new State(nextId, List.of(), List.of()) : new State(nextId, List.of(best), List.of(bestFitness));
    }

    @Override
    public void restore(State state) {
        nextId = state.nextId();
        best = state.kept().isEmpty() ? null : state.kept().get(0);
        bestFitness = state.fitness().isEmpty() ? null : state.fitness().get(0);
    }
}
