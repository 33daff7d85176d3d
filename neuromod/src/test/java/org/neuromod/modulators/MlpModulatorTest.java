// The MLP modulator's forward pass computed by hand (in double) for a tiny network over a few steps, with its
// previous outputs fed back as inputs.
package org.neuromod.modulators;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.modulation.Observations;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MlpModulatorTest {

    @Test
    void theForwardPassFollowsTheHandComputation() {
        UpdateRule rule = UpdateRules.MOMENTUM; // M = 2 outputs, I = 8 + 2 inputs
        int I = FeedbackModulator.inputs(rule);
        int H = 4;
        List<Double> w1 = new ArrayList<>();
        for (int j = 0; j < H; j++) {
            for (int i = 0; i < I; i++) {
                w1.add((double) (float) (0.1 * ((i + 2 * j) % 5) - 0.2));
            }
        }
        List<Double> b1 = List.of(0.1, -0.1, 0.2, 0.0);
        List<Double> w2 = List.of(0.5, -0.4, 0.3, 0.2, -0.6, 0.1, 0.7, -0.3);
        List<Double> b2 = List.of(0.05, -0.05);
        MlpGenome g = new MlpGenome(1, "momentum", Observations.VERSION, H, 0.1, w1, b1, w2, b2);
        MlpModulator m = new MlpModulator(rule, new MlpGenome[] {g}, 1);
        int L = 2;
        m.reset(1, L, 10);
        Observations seen = new Observations(1, L);
        double[][] previous = {{0.5, 0.5}, {0.5, 0.5}};
        SyntheticStats signals = new SyntheticStats(1, L, 4);
        float[] loss = new float[1];
        float[] stats = new float[L * Stats.COUNT];
        for (int t = 0; t < 4; t++) {
            float[] hyper = new float[L * 2];
            m.next(t, loss, stats, hyper);
            float[] obs = seen.observe(t, 10, loss, stats);
            for (int l = 0; l < L; l++) {
                double[] x = new double[I];
                for (int i = 0; i < 8; i++) {
                    x[i] = obs[l * 8 + i];
                }
                x[8] = previous[l][0];
                x[9] = previous[l][1];
                double[] u = new double[2];
                for (int k = 0; k < 2; k++) {
                    double z = b2.get(k);
                    for (int j = 0; j < H; j++) {
                        double a = b1.get(j);
                        for (int i = 0; i < I; i++) {
                            a += w1.get(j * I + i) * x[i];
                        }
                        z += w2.get(k * H + j) * Math.tanh(a);
                    }
                    u[k] = 1 / (1 + Math.exp(-z));
                    double expected = rule.params().get(k).map(u[k]);
                    assertEquals(expected, hyper[l * 2 + k], 1e-5 * Math.abs(expected), "step " + t + " layer " + l
                            + " output " + k);
                }
                previous[l] = u;
            }
            signals.next();
            loss = signals.loss().clone();
            stats = signals.stats().clone();
        }
    }
}
