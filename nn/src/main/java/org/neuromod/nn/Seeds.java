// Seeded randomness: every random choice of a run derives from the one seed in its configuration through
// named, indexed streams, so results never depend on the order streams are created in.
package org.neuromod.nn;

import java.util.SplittableRandom;

public final class Seeds {
    private Seeds() {
    }

    /** Stream purposes; each gets its own family of streams from one run seed. */
    public enum Purpose {
        /** Initial weights of population member i. */
        INIT,
        /** Minibatch order of epoch e, shared by the whole population. */
        SHUFFLE,
        /** Evolution: the training seeds of generation g (index 2g: initial weights, 2g + 1: batch order). */
        GENERATION,
        /** Evolution: the variation stream of generation g, split again per candidate. */
        VARIATION,
        /** Baseline search: one stream per baseline, split again per trial. */
        BASELINE,
        /** Evolution scored on several seed pairs per generation: the extra pairs of generation g. */
        RESCORE,
        /** Evolution over several setups: the setups drawn for generation g. */
        SETUPS
    }

    /**
     * split(seed, i) for a purpose: an independent generator that depends only on (seed, purpose, index). Member i
     * of a population starts from split(seed, INIT, i), so a population of one equals member 0 of a population of 8.
     */
    public static SplittableRandom split(long seed, Purpose purpose, long index) {
        return new SplittableRandom(key(seed, purpose, index));
    }

    /**
     * The 64-bit key of stream (seed, purpose, index): split(...) is {@code new SplittableRandom(key(...))}. A
     * member's initial weights are named by such a key, so a member can carry its own seed into any population.
     */
    public static long key(long seed, Purpose purpose, long index) {
        long purposeSeed = mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (purpose.ordinal() + 1)));
        return mix64(purposeSeed + 0xBF58476D1CE4E5B9L * (index + 1));
    }

    /** keys (P) of members 0..P-1 of a population seeded with {@code seed}: key(seed, INIT, i). */
    public static long[] initKeys(long seed, int population) {
        long[] keys = new long[population];
        for (int i = 0; i < population; i++) {
            keys[i] = key(seed, Purpose.INIT, i);
        }
        return keys;
    }

    /** Stafford's variant 13 finaliser (as in SplitMix64): a bijective, well-mixing 64-bit hash. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
