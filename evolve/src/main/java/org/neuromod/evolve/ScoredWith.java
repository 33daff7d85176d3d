// How a saved genome's fitness was measured: the training setup and the generation's seeds, so `replay`
// retrains it exactly. No timestamps or paths, so equal runs write equal files.
package org.neuromod.evolve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param fitnessSeeds seed pairs the fitness is the mean over (null: one, the initSeed and orderSeed given);
 *                     replay retrains on the first pair
 * @param setups       in a run over several setups, the setups that scored it, each with its own and the
 *                     reference's scores (null otherwise); the fields above then describe the run's first setup
 *                     and fitness is the aggregate
 */
public record ScoredWith(String data, List<Integer> hidden, String activation, int batch, int limit, int validation,
                         String rule, int modulateEvery, int epochs, long steps, long initSeed, long orderSeed,
                         int generation, long candidate, double fitness, double validationAccuracy,
                         double validationLoss, @JsonInclude(JsonInclude.Include.NON_NULL) Integer fitnessSeeds,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<SetupScore> setups) {
    public ScoredWith {
        hidden = List.copyOf(hidden);
        setups = setups == null ? null : List.copyOf(setups);
    }

    /** What scored the genome on one of its setups, as a single-setup block (replay retrains it alone). */
    public ScoredWith on(SetupScore score) {
        Setup s = score.setup();
        return new ScoredWith(s.data(), s.hidden(), s.activation(), s.batch(), s.limit(), s.validation(), rule,
                modulateEvery, s.epochs(), s.steps(), initSeed, orderSeed, generation, candidate,
                score.fitness() == null ? Double.NaN : score.fitness(), score.fitness() == null ? Double.NaN
                : 1 - score.fitness(), score.validationLoss() == null ? Double.NaN : score.validationLoss(), null, null);
    }

    /** A setup that scored a genome: its index in the run's list, the genome's and the reference's scores. */
    public record SetupScore(int index, Setup setup, Double fitness, Double validationLoss, Double referenceFitness,
                             Double referenceLoss) {
    }
}
