// Scoring each candidate on several seed pairs: the first pair is the generation's own (so one pair changes
// nothing), the others are distinct and reproducible, and the fitness is their mean, diverged if any diverged.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.neuromod.modulators.Genome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitnessSeedsTest {
    /** A fake evaluator: candidate i's loss is a function of i and the seeds; candidate 1 diverges on odd calls. */
    static final class Recording implements Evaluator {
        final List<long[]> seeds = new ArrayList<>();

        @Override
        public List<Fitness> evaluate(List<Genome> genomes, long initSeed, long orderSeed) {
            seeds.add(new long[] {initSeed, orderSeed});
            List<Fitness> f = new ArrayList<>();
            for (int i = 0; i < genomes.size(); i++) {
                double loss = ((initSeed ^ orderSeed) & 1023) / 1024.0 + i;
                boolean diverged = i == 1 && seeds.size() % 2 == 0;
                f.add(new Fitness(diverged ? Double.NaN : loss, loss + 1, diverged, 1 - loss));
            }
            return f;
        }
    }

    @Test
    void onePairIsTheGenerationsOwnAndSeveralAreAveraged() {
        List<Genome> genomes = new ArrayList<>(java.util.Collections.nCopies(3, (Genome) null));
        Recording one = new Recording();
        List<Fitness> single = Evolution.score(one, genomes, 5, 7, 1);
        assertArrayEquals(new long[] {Evolution.initSeed(5, 7), Evolution.orderSeed(5, 7)}, one.seeds.get(0));
        assertEquals(1, one.seeds.size());

        Recording three = new Recording();
        List<Fitness> mean = Evolution.score(three, genomes, 5, 7, 3);
        assertEquals(3, three.seeds.size());
        assertArrayEquals(one.seeds.get(0), three.seeds.get(0), "the first pair is the generation's own");
        Set<Long> distinct = new HashSet<>();
        three.seeds.forEach(s -> {
            distinct.add(s[0]);
            distinct.add(s[1]);
        });
        assertEquals(6, distinct.size(), "every pair is new");
        assertArrayEquals(three.seeds.get(2), Evolution.seedPair(5, 7, 2), "reproducible");
        double expected = 0;
        for (long[] s : three.seeds) {
            expected += ((s[0] ^ s[1]) & 1023) / 1024.0 / 3;
        }
        assertEquals(expected, mean.get(0).loss(), 1e-12, "the mean over the pairs");
        assertEquals(single.get(0).loss() + 0, ((one.seeds.get(0)[0] ^ one.seeds.get(0)[1]) & 1023) / 1024.0, 1e-12);
        assertTrue(mean.get(1).diverged() && mean.get(1).bad(), "diverged on one pair is diverged");
        assertTrue(!mean.get(2).diverged());
    }
}
