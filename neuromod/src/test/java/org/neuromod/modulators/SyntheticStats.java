// Seeded synthetic training signals for modulator tests: per member a loss that falls with noise, per (member,
// layer) statistics whose norms wander in log space and whose cosine wanders in [-1, 1], so every observation
// moves the way it does in a real run without training a network.
package org.neuromod.modulators;

import java.util.SplittableRandom;

import org.neuromod.kernels.Stats;

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
}
