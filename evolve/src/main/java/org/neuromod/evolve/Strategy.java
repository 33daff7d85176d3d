// An evolution strategy behind one ask/tell interface over immutable genomes. Randomness comes only from the
// streams it is handed, one per (generation, candidate) split from the run seed, so a strategy's choices
// depend on nothing else and a run can be repeated (or resumed) exactly.
package org.neuromod.evolve;

import java.util.List;

import org.neuromod.modulators.Genome;

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

    /** A strategy by name: "one-plus-lambda" (with neutral drift) or "mu-plus-lambda" (tournament selection). */
    static Strategy of(String name, Variation variation, org.neuromod.kernels.UpdateRule rule, int mu, int lambda) {
        return switch (name) {
            case "one-plus-lambda" -> new MuPlusLambda(variation, rule, 1, lambda, false);
            case "mu-plus-lambda" -> new MuPlusLambda(variation, rule, mu, lambda, true);
            case "random" -> new RandomSearch(variation, rule, lambda);
            default -> throw new org.neuromod.kernels.UserException("unknown strategy '" + name
                    + "' (expected one-plus-lambda, mu-plus-lambda or random)");
        };
    }
}
