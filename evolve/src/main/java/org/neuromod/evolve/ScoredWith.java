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

    /**
     * Checks what a file says scored a genome before anything is trained on it: every setup's values in range,
     * sizes that fit, modulateEvery positive, the rule the genome's; a problem is one UserException naming the
     * source and the key.
     */
    public void check(String source, org.neuromod.kernels.UpdateRule genomeRule) {
        if (!genomeRule.name().equals(rule)) {
            throw new org.neuromod.kernels.UserException(source + ": key 'rule': '" + rule + "' is not the genome's rule '"
                    + genomeRule.name() + "'");
        }
        if (modulateEvery < 1) {
            throw new org.neuromod.kernels.UserException(source + ": key 'modulateEvery': must be a positive integer, "
                    + "got " + modulateEvery);
        }
        List<Setup> all = new java.util.ArrayList<>();
        all.add(new Setup(data, null, hidden, activation, epochs, steps, batch, limit, Math.max(1, validation)));
        if (setups != null) {
            setups.forEach(x -> all.add(x.setup()));
        }
        for (Setup s : all) {
            s.check(source);
            if (validation < 0) {
                throw new org.neuromod.kernels.UserException(source + ": key 'validation': must not be negative, got "
                        + validation);
            }
            try {
                org.neuromod.kernels.Footprint.check(org.neuromod.nn.ParamLayout.of(new org.neuromod.nn.MlpSpec(28 * 28,
                        s.hidden(), org.neuromod.kernels.Activation.parse(s.activation()), 10)).plan(s.batch(), genomeRule),
                        1, org.neuromod.kernels.Footprint.availableHeap());
            } catch (org.neuromod.kernels.UserException e) {
                throw new org.neuromod.kernels.UserException(source + ": key 'hidden': " + e.getMessage());
            }
        }
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
