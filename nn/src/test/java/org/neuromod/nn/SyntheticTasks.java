// Small synthetic training tasks for tests of the training loop, here and in the modules above.
package org.neuromod.nn;

import java.util.SplittableRandom;

import org.neuromod.kernels.LabeledData;
import org.neuromod.kernels.Plans;

public final class SyntheticTasks {
    private SyntheticTasks() {
    }

    /** A separable task: the label is the arg-max of a fixed random projection of the features. */
    public static TrainingData separable(long seed, int train, int test, int width) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] projection = Plans.uniform(rng, width * 4, 1);
        LabeledData[] sets = new LabeledData[2];
        int[] counts = {train, test};
        for (int s = 0; s < 2; s++) {
            LabeledData d = Plans.data(rng, counts[s], width, 4);
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 4; c++) {
                    double score = 0;
                    for (int k = 0; k < width; k++) {
                        score += (d.x()[i * width + k] - 0.5) * projection[k * 4 + c];
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
                d.y()[i] = best;
            }
            sets[s] = d;
        }
        return new TrainingData(sets[0], null, sets[1], 4);
    }

}
