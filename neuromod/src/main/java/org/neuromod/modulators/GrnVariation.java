// Variation of GRN genomes (the GRNEAT-style operators): add, delete or modify a protein, modify beta or delta,
// and a crossover that takes each input and output protein from either parent and splices their regulatory
// proteins at one point. Every result is a valid genome: tags in [0, 1], constants in their range, at most
// MAX_REGULATORY regulatory proteins; values are stored as floats so a saved genome computes what was scored.
// Children keep their (first) parent's format, so a run started in format 1 stays in format 1 when resumed.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.modulation.Observations;
import org.neuromod.modulators.GrnGenome.Protein;
import org.neuromod.modulators.GrnGenome.Type;

final class GrnVariation {
    /** Standard deviation of a tag or constant perturbation. */
    static final double SIGMA = 0.1;

    static GrnGenome mutate(GrnGenome g, UpdateRule rule, SplittableRandom rng) {
        List<Protein> proteins = new ArrayList<>(g.proteins());
        double beta = g.beta();
        double delta = g.delta();
        int regulatoryStart = Observations.COUNT + 2 * rule.modulated();
        double r = rng.nextDouble();
        if (r < 0.15 && g.regulatory() < GrnGenome.MAX_REGULATORY) {
            proteins.add(GrnGenome.randomProtein(Type.REGULATORY, rng));
        } else if (r < 0.30 && g.regulatory() > 0) {
            proteins.remove(regulatoryStart + rng.nextInt(g.regulatory()));
        } else if (r < 0.45) {
            if (rng.nextBoolean()) {
                beta = constant(beta + rng.nextGaussian() * SIGMA);
            } else {
                delta = constant(delta + rng.nextGaussian() * SIGMA);
            }
        } else {
            int i = rng.nextInt(proteins.size());
            Protein p = proteins.get(i);
            int which = rng.nextInt(3);
            double id = which == 0 ? tag(p.id(), rng) : p.id();
            double enhancer = which == 1 ? tag(p.enhancer(), rng) : p.enhancer();
            double inhibitor = which == 2 ? tag(p.inhibitor(), rng) : p.inhibitor();
            proteins.set(i, new Protein(p.type(), id, enhancer, inhibitor));
        }
        return new GrnGenome(g.format(), g.rule(), g.observations(), beta, delta, proteins);
    }

    static GrnGenome crossover(GrnGenome a, GrnGenome b, UpdateRule rule, SplittableRandom rng) {
        int fixed = Observations.COUNT + 2 * rule.modulated();
        List<Protein> proteins = new ArrayList<>();
        for (int i = 0; i < fixed; i++) {
            proteins.add((rng.nextBoolean() ? a : b).proteins().get(i));
        }
        int cutA = rng.nextInt(a.regulatory() + 1);
        int cutB = rng.nextInt(b.regulatory() + 1);
        proteins.addAll(a.proteins().subList(fixed, fixed + cutA));
        proteins.addAll(b.proteins().subList(fixed + cutB, b.proteins().size()));
        while (proteins.size() - fixed > GrnGenome.MAX_REGULATORY) {
            proteins.remove(proteins.size() - 1);
        }
        return new GrnGenome(a.format(), a.rule(), a.observations(), rng.nextBoolean() ? a.beta() : b.beta(),
                rng.nextBoolean() ? a.delta() : b.delta(), proteins);
    }

    /** A tag perturbed by N(0, SIGMA), or (one time in ten) drawn anew; clamped into [0, 1]. */
    private static double tag(double value, SplittableRandom rng) {
        double v = rng.nextDouble() < 0.1 ? rng.nextDouble() : value + rng.nextGaussian() * SIGMA;
        return (float) Math.max(0, Math.min(1, v));
    }

    private static double constant(double value) {
        return (float) Math.max(GrnGenome.MIN_CONSTANT, Math.min(GrnGenome.MAX_CONSTANT, value));
    }
}
