// The resolved settings of an evolution run: what `evolve` takes on the command line, written to the run
// directory as config.yaml in the schema a later --config reads (SettingsFile checks such a file). Everything
// here but threads and maxMinutes decides the results; generations only how many there are.
package org.neuromod.evolve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param limit         train on the first N training images (0: all not held out)
 * @param validation    images held out of the training file for fitness
 * @param steps         per-candidate budget in steps (0: whole epochs)
 * @param maxPopulation candidates trained together at most (a generation above it trains in chunks)
 * @param maxMinutes    time budget of each invocation (a start or a resume) in minutes; 0 for none
 * @param fitnessSeeds  training seed pairs each candidate is scored on per generation, its fitness their mean;
 *                      null for 1. Optional keys like this one are left out of config.yaml at their defaults, so
 *                      a run that does not use them writes the files it always wrote.
 */
public record Settings(String data, List<Integer> hidden, String activation, int batch, int limit, int validation,
                       String rule, int modulateEvery, String backend, String device, int threads, long seed,
                       int generations, int epochs, long steps, String kind, String strategy, int lambda, int mu,
                       int maxPopulation, double maxMinutes,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer fitnessSeeds) {
    /** Keys a settings file may leave out (their defaults). */
    public static final List<String> OPTIONAL = List.of("fitnessSeeds");

    public Settings {
        hidden = List.copyOf(hidden);
        if (fitnessSeeds != null && fitnessSeeds == 1) {
            fitnessSeeds = null;
        }
    }

    /** Seed pairs per candidate and generation (1 unless fitnessSeeds says more). */
    public int scoringSeeds() {
        return fitnessSeeds == null ? 1 : fitnessSeeds;
    }
}
