// How a saved genome's fitness was measured: the training setup and the generation's seeds, so `replay`
// retrains it exactly. No timestamps or paths, so equal runs write equal files.
package org.neuromod.evolve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param fitnessSeeds seed pairs the fitness is the mean over (null: one, the initSeed and orderSeed given);
 *                     replay retrains on the first pair
 */
public record ScoredWith(String data, List<Integer> hidden, String activation, int batch, int limit, int validation,
                         String rule, int modulateEvery, int epochs, long steps, long initSeed, long orderSeed,
                         int generation, long candidate, double fitness, double validationAccuracy,
                         double validationLoss, @JsonInclude(JsonInclude.Include.NON_NULL) Integer fitnessSeeds) {
    public ScoredWith {
        hidden = List.copyOf(hidden);
    }
}
