// Variation operators of a genome kind: random genomes, mutation and crossover. Each kind's registry entry
// (Genomes.REGISTRY) holds its operators; evolution strategies only call this interface, so a new kind plugs in
// without touching them.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;

public interface Variation {
    /** A random genome for the rule. */
    Genome random(UpdateRule rule, SplittableRandom rng);

    /** A mutated copy of parent (always valid for the rule). */
    Genome mutate(Genome parent, UpdateRule rule, SplittableRandom rng);

    /** A child mixing a and b (always valid for the rule). */
    Genome crossover(Genome a, Genome b, UpdateRule rule, SplittableRandom rng);
}
