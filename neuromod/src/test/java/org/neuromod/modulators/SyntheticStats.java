// Seeded synthetic training signals for modulator tests: per member a loss that falls with noise, per (member,
// layer) statistics whose norms wander in log space and whose cosine wanders in [-1, 1], so every observation
// moves the way it does in a real run without training a network.
package org.neuromod.modulators;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.neuromod.kernels.Stats;
import org.neuromod.nn.Modulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

final class SyntheticStats {
    private final int P;
    private final int L;
    private final SplittableRandom rng;
    private final double[] logNorm;  // (P, L, 3) log of the gradient, weight and update norms
    private final double[] cos;      // (P, L)
    private final float[] loss;      // (P)
    private final float[] stats;     // (P, L, S)
    private long t;

    SyntheticStats(int population, int layers, long seed) {
        P = population;
        L = layers;
        rng = new SplittableRandom(seed);
        logNorm = new double[P * L * 3];
        cos = new double[P * L];
        loss = new float[P];
        stats = new float[P * L * Stats.COUNT];
        for (int i = 0; i < logNorm.length; i++) {
            logNorm[i] = rng.nextDouble(-2, 2);
        }
    }

    /** Advances one step; the arrays returned are reused. */
    void next() {
        for (int p = 0; p < P; p++) {
            loss[p] = (float) (0.1 + 2.2 * Math.exp(-t / 150.0) * (1 + 0.3 * rng.nextGaussian() * 0.3));
            for (int l = 0; l < L; l++) {
                int pl = p * L + l;
                for (int k = 0; k < 3; k++) {
                    logNorm[pl * 3 + k] += 0.05 * rng.nextGaussian();
                }
                cos[pl] = Math.max(-1, Math.min(1, 0.95 * cos[pl] + 0.1 * rng.nextGaussian()));
                int s = pl * Stats.COUNT;
                stats[s + Stats.GRAD_SQ] = (float) Math.exp(2 * (logNorm[pl * 3] + 0.3 * rng.nextGaussian()));
                stats[s + Stats.WEIGHT_SQ] = (float) Math.exp(2 * logNorm[pl * 3 + 1]);
                stats[s + Stats.UPDATE_SQ] = (float) Math.exp(2 * (logNorm[pl * 3 + 2] + 0.3 * rng.nextGaussian()));
                stats[s + Stats.GRAD_UPDATE_COS] = (float) cos[pl];
            }
        }
        t++;
    }

    float[] loss() {
        return loss;
    }

    float[] stats() {
        return stats;
    }

    /**
     * Drives whole (reset for the sum of counts members) and each part (reset for its counts[j] members) with
     * the same seeded signals for steps steps, and checks that every part computes on its own members exactly
     * what whole computes on them.
     */
    static void assertPartsAsWhole(Modulator whole, List<Modulator> parts, int[] counts, int layers, int modulated,
                                   int steps, long seed, String label) {
        int P = Arrays.stream(counts).sum();
        int L = layers;
        int M = modulated;
        whole.reset(P, L, steps);
        for (int j = 0; j < parts.size(); j++) {
            parts.get(j).reset(counts[j], L, steps);
        }
        SyntheticStats signals = new SyntheticStats(P, L, seed);
        float[] loss = new float[P];
        float[] stats = new float[P * L * Stats.COUNT];
        for (int t = 0; t < steps; t++) {
            float[] hyper = new float[P * L * M];
            whole.next(t, loss, stats, hyper);
            int first = 0;
            for (int j = 0; j < parts.size(); j++) {
                float[] own = new float[counts[j] * L * M];
                parts.get(j).next(t, Arrays.copyOfRange(loss, first, first + counts[j]),
                        Arrays.copyOfRange(stats, first * L * Stats.COUNT, (first + counts[j]) * L * Stats.COUNT), own);
                assertArrayEquals(own, Arrays.copyOfRange(hyper, first * L * M, (first + counts[j]) * L * M),
                        label + " part " + j + " step " + t);
                first += counts[j];
            }
            signals.next();
            loss = signals.loss().clone();
            stats = signals.stats().clone();
        }
    }
}
