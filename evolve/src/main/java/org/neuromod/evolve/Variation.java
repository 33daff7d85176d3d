// Variation operators of a genome kind: mutation, crossover and random genomes. Each kind registers one; the
// strategies only call this interface, so another kind plugs in without touching them.
package org.neuromod.evolve;

import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.CgpGenome;
import org.neuromod.modulators.GrnGenome;

public interface Variation {
    /** A random genome for the rule. */
    Genome random(UpdateRule rule, SplittableRandom rng);

    /** A mutated copy of parent (always valid for the rule). */
    Genome mutate(Genome parent, UpdateRule rule, SplittableRandom rng);

    /** A child mixing a and b (always valid for the rule). */
    Genome crossover(Genome a, Genome b, UpdateRule rule, SplittableRandom rng);

    /** The operators of a genome kind. */
    static Variation of(String kind) {
        return switch (kind) {
            case GrnGenome.KIND -> new GrnVariation();
            case CgpGenome.KIND -> new CgpVariation();
            default -> throw new UserException("no variation operators for modulator kind '" + kind + "'");
        };
    }
}
