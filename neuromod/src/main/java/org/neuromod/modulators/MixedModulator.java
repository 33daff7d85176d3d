// A population whose members are driven by different modulators: part j drives the next counts[j] members, seeing
// only their losses and statistics. This is how a random search over baseline settings, or a comparison of
// genomes and baselines, trains as one population: each part behaves exactly as it would on its members alone.
package org.neuromod.modulators;

import java.util.List;

import org.neuromod.nn.Modulator;

public final class MixedModulator implements Modulator {
    private final List<Modulator> parts;
    private final int[] counts;
    private final int P;
    private int L;
    private float[][] loss;    // per part (counts[j])
    private float[][] stats;   // per part (counts[j], L, S)
    private float[][] hyper;   // per part (counts[j], L, M)

    /** counts[j] members for parts.get(j), in order. */
    public MixedModulator(List<? extends Modulator> parts, int[] counts) {
        if (parts.size() != counts.length || parts.isEmpty()) {
            throw new IllegalArgumentException("one member count per part");
        }
        int total = 0;
        for (int c : counts) {
            if (c < 1) {
                throw new IllegalArgumentException("every part drives at least one member");
            }
            total += c;
        }
        this.parts = List.copyOf(parts);
        this.counts = counts.clone();
        this.P = total;
    }

    /** One member per modulator. */
    public static MixedModulator ofMembers(List<? extends Modulator> members) {
        int[] ones = new int[members.size()];
        java.util.Arrays.fill(ones, 1);
        return new MixedModulator(members, ones);
    }

    @Override
    public void reset(int population, int layers, long totalSteps) {
        if (population != P) {
            throw new IllegalArgumentException("this modulator drives " + P + " members, not " + population);
        }
        L = layers;
        loss = new float[parts.size()][];
        stats = null;
        hyper = null;
        for (int j = 0; j < parts.size(); j++) {
            loss[j] = new float[counts[j]];
            parts.get(j).reset(counts[j], layers, totalSteps);
        }
    }

    @Override
    public void next(long step, float[] allLoss, float[] allStats, float[] allHyper) {
        int S = allStats.length / (P * L);
        int M = allHyper.length / (P * L);
        if (stats == null) {
            stats = new float[parts.size()][];
            hyper = new float[parts.size()][];
            for (int j = 0; j < parts.size(); j++) {
                stats[j] = new float[counts[j] * L * S];
                hyper[j] = new float[counts[j] * L * M];
            }
        }
        int first = 0;
        for (int j = 0; j < parts.size(); j++) {
            System.arraycopy(allLoss, first, loss[j], 0, counts[j]);
            System.arraycopy(allStats, first * L * S, stats[j], 0, stats[j].length);
            parts.get(j).next(step, loss[j], stats[j], hyper[j]);
            System.arraycopy(hyper[j], 0, allHyper, first * L * M, hyper[j].length);
            first += counts[j];
        }
    }

    @Override
    public List<String> stateNames() {
        return parts.get(0).stateNames();
    }

    @Override
    public void state(int p, int l, float[] into) {
        int first = 0;
        for (int j = 0; j < parts.size(); j++) {
            if (p < first + counts[j]) {
                if (parts.get(j).stateNames().equals(stateNames())) {
                    parts.get(j).state(p - first, l, into);
                } else {
                    java.util.Arrays.fill(into, Float.NaN);
                }
                return;
            }
            first += counts[j];
        }
    }
}
