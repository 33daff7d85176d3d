// Populations for the modulation tests: random genomes of a kind, member p mutated p x seed times, so that the
// members (and the generations, seed by seed) differ in size and content.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;

final class MutatedGenomes {
    private MutatedGenomes() {
    }

    static Genome[] of(Genomes.Kind kind, UpdateRule rule, int population, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Genome[] genomes = new Genome[population];
        for (int p = 0; p < population; p++) {
            genomes[p] = kind.random(rule, rng);
            for (int m = 0; m < p * seed; m++) {
                genomes[p] = kind.variation().mutate(genomes[p], rule, rng);
            }
        }
        return genomes;
    }
}
