// Variation of MLP genomes: Gaussian mutation of every weight and bias with a self-adaptive step size (the step
// size is mutated first, log-normally, then used: Schwefel's one-fifth-free self-adaptation), occasionally adding
// or removing a hidden unit; and a uniform crossover of hidden units. Every result is valid: weights clamped into
// range, 4 to 16 hidden units, values stored as floats.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.UpdateRule;

final class MlpVariation {
    /** Probability that a mutation also adds or removes a hidden unit. */
    static final double RESIZE = 0.1;

    static MlpGenome mutate(MlpGenome g, UpdateRule rule, SplittableRandom rng) {
        int n = g.w1().size() + g.b1().size() + g.w2().size() + g.b2().size();
        double tau = 1 / Math.sqrt(n);
        double sigma = (float) Math.max(MlpGenome.MIN_SIGMA, Math.min(MlpGenome.MAX_SIGMA,
                g.sigma() * Math.exp(tau * rng.nextGaussian())));
        List<Double> w1 = perturbed(g.w1(), sigma, rng);
        List<Double> b1 = perturbed(g.b1(), sigma, rng);
        List<Double> w2 = perturbed(g.w2(), sigma, rng);
        List<Double> b2 = perturbed(g.b2(), sigma, rng);
        int H = g.hidden();
        int I = FeedbackModulator.inputs(rule);
        int M = rule.modulated();
        if (rng.nextDouble() < RESIZE) {
            boolean grow = H == MlpGenome.MIN_HIDDEN || (H < MlpGenome.MAX_HIDDEN && rng.nextBoolean());
            if (grow) {
                // a new unit with random incoming weights and zero outgoing ones: the function is unchanged
                w1.addAll(MlpGenome.gaussian(I, I, rng));
                b1.add(0.0);
                List<Double> wider = new ArrayList<>();
                for (int k = 0; k < M; k++) {
                    wider.addAll(w2.subList(k * H, (k + 1) * H));
                    wider.add(0.0);
                }
                w2 = wider;
                H++;
            } else {
                int drop = rng.nextInt(H);
                List<Double> narrower1 = new ArrayList<>();
                List<Double> bias = new ArrayList<>();
                List<Double> narrower2 = new ArrayList<>();
                for (int j = 0; j < H; j++) {
                    if (j != drop) {
                        narrower1.addAll(w1.subList(j * I, (j + 1) * I));
                        bias.add(b1.get(j));
                    }
                }
                for (int k = 0; k < M; k++) {
                    for (int j = 0; j < H; j++) {
                        if (j != drop) {
                            narrower2.add(w2.get(k * H + j));
                        }
                    }
                }
                w1 = narrower1;
                b1 = bias;
                w2 = narrower2;
                H--;
            }
        }
        return new MlpGenome(g.format(), g.rule(), g.observations(), H, sigma, w1, b1, w2, b2);
    }

    private static List<Double> perturbed(List<Double> values, double sigma, SplittableRandom rng) {
        List<Double> v = new ArrayList<>(values.size());
        for (double x : values) {
            v.add(MlpGenome.weight(x + sigma * rng.nextGaussian()));
        }
        return v;
    }

    /**
     * Uniform crossover of hidden units: the child has a's hidden units; unit j (its incoming weights, bias and
     * outgoing weights together) comes from b with probability 1/2 when b has a unit j; each output bias and the
     * step size from either parent.
     */
    static MlpGenome crossover(MlpGenome a, MlpGenome b, UpdateRule rule, SplittableRandom rng) {
        int H = a.hidden();
        int I = FeedbackModulator.inputs(rule);
        int M = rule.modulated();
        List<Double> w1 = new ArrayList<>(a.w1());
        List<Double> b1 = new ArrayList<>(a.b1());
        List<Double> w2 = new ArrayList<>(a.w2());
        for (int j = 0; j < H; j++) {
            if (j < b.hidden() && rng.nextBoolean()) {
                for (int i = 0; i < I; i++) {
                    w1.set(j * I + i, b.w1().get(j * I + i));
                }
                b1.set(j, b.b1().get(j));
                for (int k = 0; k < M; k++) {
                    w2.set(k * H + j, b.w2().get(k * b.hidden() + j));
                }
            }
        }
        List<Double> b2 = new ArrayList<>();
        for (int k = 0; k < M; k++) {
            b2.add((rng.nextBoolean() ? a : b).b2().get(k));
        }
        return new MlpGenome(a.format(), a.rule(), a.observations(), H, rng.nextBoolean() ? a.sigma() : b.sigma(), w1,
                b1, w2, b2);
    }
}
