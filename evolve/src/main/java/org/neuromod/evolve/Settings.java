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
 * @param setups        two or more setups every candidate is scored on (SetupsEvaluator), null for the one setup
 *                      the fields above describe; with setups, those fields are the first setup's
 * @param aggregate     "mean" (null) or "worst" of the per-setup normalised fitness
 * @param setupsPerGeneration setups drawn per generation (null: all)
 * @param holdout       setups never used for selection, measured on the winner after the last generation
 */
public record Settings(String data, List<Integer> hidden, String activation, int batch, int limit, int validation,
                       String rule, int modulateEvery, String backend, String device, int threads, long seed,
                       int generations, int epochs, long steps, String kind, String strategy, int lambda, int mu,
                       int maxPopulation, double maxMinutes,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer fitnessSeeds,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Setup> setups,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String aggregate,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer setupsPerGeneration,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<Setup> holdout) {
    /** Keys a settings file may leave out (their defaults). */
    public static final List<String> OPTIONAL = List.of("fitnessSeeds", "setups", "aggregate", "setupsPerGeneration",
            "holdout");

    public Settings {
        hidden = List.copyOf(hidden);
        if (fitnessSeeds != null && fitnessSeeds == 1) {
            fitnessSeeds = null;
        }
        setups = setups == null || setups.isEmpty() ? null : List.copyOf(setups);
        holdout = holdout == null || holdout.isEmpty() ? null : List.copyOf(holdout);
        if ("mean".equals(aggregate)) {
            aggregate = null;
        }
        if (setupsPerGeneration != null && setups != null && setupsPerGeneration == setups.size()) {
            setupsPerGeneration = null;
        }
    }

    /** The setups candidates are scored on: the list, or the one the single-setup fields describe. */
    public List<Setup> scoredSetups() {
        return setups != null ? setups : List.of(new Setup(data, null, hidden, activation, epochs, steps, batch, limit,
                validation));
    }

    /** "mean" or "worst". */
    public String aggregation() {
        return aggregate == null ? "mean" : aggregate;
    }

    /** Setups scored per generation. */
    public int setupsScored() {
        return setupsPerGeneration != null ? setupsPerGeneration : scoredSetups().size();
    }

    /** Seed pairs per candidate and generation (1 unless fitnessSeeds says more). */
    public int scoringSeeds() {
        return fitnessSeeds == null ? 1 : fitnessSeeds;
    }

    /** Training steps of one candidate on {@code trainCount} images: its epochs, or its step budget when less. */
    public long trainingSteps(int trainCount) {
        long all = (long) (trainCount / batch) * epochs;
        return steps > 0 ? Math.min(steps, all) : all;
    }
}
