// What scores a generation: genomes and the generation's training seeds in, a fitness per genome out. The
// default trains them as one population in this process; a cluster evaluator can replace it without changing
// the driver.
package org.neuromod.evolve;

import java.util.List;

import org.neuromod.modulators.Genome;

public interface Evaluator extends AutoCloseable {
    /**
     * @param initSeed  initial-weights key every candidate starts from (the same weights for all)
     * @param orderSeed seed of the minibatch order every candidate sees
     */
    List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed);

    /** The same for generation g (an evaluator over several setups draws the generation's setups from it). */
    default List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed, int generation) {
        return evaluate(genomes, initSeed, orderSeed);
    }

    /** What the last evaluation measured per setup (null when it scores one setup). */
    default SetupsEvaluator.Scores lastScores() {
        return null;
    }

    /** Seconds spent so far inside the backend's step and evaluate calls (NaN when not measured). */
    default double backendSeconds() {
        return Double.NaN;
    }

    /**
     * Which worker scored each candidate of the last scoring, in candidate order (a cluster's evaluator); empty
     * when this process scored them.
     */
    default List<String> lastWorkers() {
        return List.of();
    }

    /** Network-samples trained so far. */
    default long networkSamples() {
        return 0;
    }

    @Override
    default void close() {
    }
}
