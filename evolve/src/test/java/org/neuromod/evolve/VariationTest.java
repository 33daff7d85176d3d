// GRN variation keeps genomes valid (property test over many seeds) and does change them.
package org.neuromod.evolve;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Variation;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.GrnGenome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariationTest {

    @Test
    void mutationAndCrossoverKeepGenomesValidAndChangeThem() {
        Variation grn = org.neuromod.modulators.Genomes.kind(GrnGenome.KIND).variation();
        for (UpdateRule rule : UpdateRules.all()) {
            int changed = 0;
            for (int seed = 0; seed < 400; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                Genome a = grn.random(rule, rng);
                Genome b = grn.random(rule, rng);
                // a long lineage reaches the size limits and the range edges
                for (int k = 0; k < 30; k++) {
                    a = grn.mutate(a, rule, rng);
                }
                Genome m = grn.mutate(a, rule, rng);
                Genome c = grn.crossover(a, b, rule, rng);
                for (Genome g : new Genome[] {a, m, c}) {
                    g.validate(rule);
                    assertTrue(((GrnGenome) g).regulatory() <= GrnGenome.MAX_REGULATORY);
                    assertEquals(g, Genomes.parse(Genomes.toJson(g)), "survives its file format");
                }
                changed += m.equals(a) ? 0 : 1;
            }
            assertTrue(changed >= 390, rule.name() + ": mutation changed only " + changed + " of 400 genomes");
        }
    }

    @Test
    void cgpMutationKeepsGenomesValidAndTouchesInactiveGenes() {
        Variation cgp = org.neuromod.modulators.Genomes.kind(org.neuromod.modulators.CgpGenome.KIND).variation();
        int inactiveTouched = 0;
        for (UpdateRule rule : UpdateRules.all()) {
            for (int seed = 0; seed < 300; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                org.neuromod.modulators.CgpGenome a = (org.neuromod.modulators.CgpGenome) cgp.random(rule, rng);
                org.neuromod.modulators.CgpGenome m = (org.neuromod.modulators.CgpGenome) cgp.mutate(a, rule, rng);
                Genome c = cgp.crossover(a, cgp.random(rule, rng), rule, rng);
                m.validate(rule);
                c.validate(rule);
                assertTrue(!m.equals(a), "a mutation changes at least one gene");
                boolean[] active = a.active(rule);
                for (int j = 0; j < active.length; j++) {
                    if (!active[j] && !a.nodes().get(j).equals(m.nodes().get(j))) {
                        inactiveTouched++;
                    }
                }
            }
        }
        assertTrue(inactiveTouched > 100, "inactive genes are mutated too: " + inactiveTouched);
    }
}
