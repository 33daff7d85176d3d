// An evolution strategy behind one ask/tell interface over immutable genomes. Randomness comes only from the
// streams it is handed, one per (generation, candidate) split from the run seed, so a strategy's choices
// depend on nothing else and a run can be repeated (or resumed) exactly.
package org.neuromod.evolve;

import java.util.List;

import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Variation;

public interface Strategy {
    /** The candidates of generation g (its parents, re-scored, among them); streams.of(i) is candidate i's randomness. */
    List<Candidate> ask(int generation, Streams streams);

    /** The fitness of every candidate asked for in generation g, in the order asked. */
    void tell(int generation, List<Candidate> candidates, List<Fitness> fitness);

    /** The genomes the strategy keeps between generations (its state), best first. */
    List<Genome> parents();

    /** Everything the strategy carries from one generation to the next, for a checkpoint. */
    State state();

    /** Continues from a checkpointed state: the next ask is the one the saved strategy would have made. */
    void restore(State state);

    /**
     * A strategy's state between generations: the candidates it keeps (best first), their last fitness, and
     * the id the next new candidate gets. Random streams derive from (seed, generation, candidate), so no
     * generator state is part of it.
     */
    record State(long nextId, List<Candidate> kept, List<Fitness> fitness) {
        public State {
            kept = List.copyOf(kept);
            fitness = List.copyOf(fitness);
            if (kept.size() != fitness.size()) {
                throw new IllegalArgumentException("a state needs one fitness per kept candidate");
            }
        }
    }

    /** Random streams of one generation: stream i belongs to candidate i. */
    interface Streams {
        java.util.SplittableRandom of(int candidate);
    }

    /** Builds a strategy of a kind for a kind's variation, a rule, mu and lambda. */
    @FunctionalInterface
    interface Factory {
        Strategy make(Variation variation, org.neuromod.kernels.UpdateRule rule, int mu, int lambda);
    }

    /** Candidates a strategy trains per generation, from mu and lambda. */
    @FunctionalInterface
    interface Candidates {
        int of(int mu, int lambda);
    }

    /** A strategy's registry entry: its name, one-line description, factory and candidates per generation. */
    record Kind(String name, String description, Factory factory, Candidates candidates) {
    }

    /** The strategies `evolve --strategy` and settings files accept; every fact about each is here. */
    List<Kind> REGISTRY = List.of(
            new Kind("mu-plus-lambda", "mu parents re-scored every generation; each of lambda children from a "
                    + "binary tournament, crossed with a second winner half of the time, then mutated",
                    (v, r, mu, lambda) -> new MuPlusLambda(v, r, mu, lambda, true), (mu, lambda) -> mu + lambda),
            new Kind("one-plus-lambda", "lambda mutants of one parent; a child that ties its parent replaces it "
                    + "(neutral drift)", (v, r, mu, lambda) -> new MuPlusLambda(v, r, 1, lambda, false),
                    (mu, lambda) -> 1 + lambda),
            new Kind("random", "random search: lambda + 1 random genomes every generation, the best kept",
                    (v, r, mu, lambda) -> new RandomSearch(v, r, lambda), (mu, lambda) -> lambda + 1));

    static List<String> names() {
        return REGISTRY.stream().map(Kind::name).toList();
    }

    /** A strategy kind by name. */
    static Kind kind(String name) {
        for (Kind k : REGISTRY) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new org.neuromod.kernels.UserException("unknown strategy '" + name + "' (expected one of "
                + String.join(", ", names()) + ")");
    }

    /** A strategy by name. */
    static Strategy of(String name, Variation variation, org.neuromod.kernels.UpdateRule rule, int mu, int lambda) {
        return kind(name).factory().make(variation, rule, mu, lambda);
    }
}
