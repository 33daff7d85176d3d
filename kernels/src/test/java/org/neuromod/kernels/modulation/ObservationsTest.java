// The observation list on hand-made statistics: every value in [0, 1], never NaN (all-zero statistics, a single
// layer, a diverged loss), the running means, and member independence.
package org.neuromod.kernels.modulation;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservationsTest {

    private static float[] stats(int L, float grad, float weight, float update, float cos) {
        float[] s = new float[L * Stats.COUNT];
        for (int l = 0; l < L; l++) {
            s[l * Stats.COUNT + Stats.GRAD_SQ] = grad * grad;
            s[l * Stats.COUNT + Stats.WEIGHT_SQ] = weight * weight;
            s[l * Stats.COUNT + Stats.UPDATE_SQ] = update * update;
            s[l * Stats.COUNT + Stats.GRAD_UPDATE_COS] = cos;
        }
        return s;
    }

    private static float at(float[] obs, int layer, int o) {
        return obs[layer * Observations.COUNT + o];
    }

    @Test
    void aHandMadeSequence() {
        Observations o = new Observations(1, 3);
        // step 0: no history, all-zero statistics
        float[] obs = o.observe(0, 10, new float[1], new float[3 * Stats.COUNT]);
        for (int l = 0; l < 3; l++) {
            assertEquals(0f, at(obs, l, Observations.PROGRESS));
            assertEquals(l / 2f, at(obs, l, Observations.DEPTH));
            assertEquals(0f, at(obs, l, Observations.LOSS));
            assertEquals(0.5f, at(obs, l, Observations.LOSS_TREND), "flat when unknown");
            assertEquals(0.5f, at(obs, l, Observations.GRAD_NORM), "0 / unset mean");
            assertEquals(0.5f, at(obs, l, Observations.WEIGHT_NORM));
            assertEquals(0.5f, at(obs, l, Observations.UPDATE_NORM));
            assertEquals(0.5f, at(obs, l, Observations.AGREEMENT));
        }
        // step 1 sees step 0: loss 2, norms 3, 4, 1; cos -1. The first value is its own mean.
        obs = o.observe(1, 10, new float[] {2f}, stats(3, 3f, 4f, 1f, -1f));
        assertEquals(0.1f, at(obs, 0, Observations.PROGRESS));
        assertEquals(2f / 3, at(obs, 1, Observations.LOSS), 1e-6, "s / (1 + s) of the smoothed loss 2");
        assertEquals(0.5f, at(obs, 1, Observations.LOSS_TREND), 1e-6);
        assertEquals(0.5f, at(obs, 2, Observations.GRAD_NORM), 1e-6, "at its mean");
        assertEquals(0f, at(obs, 2, Observations.AGREEMENT), "cos -1 maps to 0");
        // step 2 sees loss 1 and a gradient norm of 9: means (2+1)/2 = 1.5 (both rates, second value), (3+9)/2 = 6
        obs = o.observe(2, 10, new float[] {1f}, stats(3, 9f, 4f, 1f, 1f));
        assertEquals(1.5f / 2.5f, at(obs, 0, Observations.LOSS), 1e-6);
        assertEquals(0.5f, at(obs, 0, Observations.LOSS_TREND), 1e-6, "slow and fast means agree over 2 steps");
        assertEquals((9f / 6) / (1 + 9f / 6), at(obs, 0, Observations.GRAD_NORM), 1e-6);
        assertEquals(1f, at(obs, 0, Observations.AGREEMENT));
        // many steps of a falling loss: the fast mean runs ahead of the slow one, so the trend rises above 0.5
        for (int t = 3; t < 60; t++) {
            obs = o.observe(t, 100, new float[] {2f / t}, stats(3, 1f, 4f, 1f, 0f));
        }
        assertTrue(at(obs, 0, Observations.LOSS_TREND) > 0.55, "falling loss: " + at(obs, 0, Observations.LOSS_TREND));
        for (float v : obs) {
            assertTrue(v >= 0f && v <= 1f, "in [0, 1]: " + v);
        }
    }

    @Test
    void aSingleLayerHasDepthZeroAndZeroStatsNeverGiveNaN() {
        Observations o = new Observations(2, 1);
        for (int t = 0; t < 5; t++) {
            float[] obs = o.observe(t, 5, new float[2], new float[2 * Stats.COUNT]);
            for (int p = 0; p < 2; p++) {
                assertEquals(0f, obs[p * Observations.COUNT + Observations.DEPTH]);
            }
            for (float v : obs) {
                assertTrue(v >= 0f && v <= 1f, "step " + t + ": " + v);
            }
        }
        // a diverged member: NaN and infinite inputs still give values in [0, 1]
        float[] bad = new float[2 * Stats.COUNT];
        java.util.Arrays.fill(bad, Float.NaN);
        float[] obs = o.observe(5, 5, new float[] {Float.POSITIVE_INFINITY, Float.NaN}, bad);
        for (float v : obs) {
            assertTrue(v >= 0f && v <= 1f, "diverged: " + v);
        }
    }

    @Test
    void aMembersObservationsDependOnlyOnItsOwnHistory() {
        Observations pair = new Observations(2, 2);
        Observations alone = new Observations(1, 2);
        for (int t = 0; t < 8; t++) {
            float[] s0 = stats(2, 1f + t, 2f, 0.5f * t, 0.1f * t);
            float[] s1 = stats(2, 7f, 0.5f + t, 3f, -0.5f);
            float[] both = new float[4 * Stats.COUNT];
            System.arraycopy(s0, 0, both, 0, s0.length);
            System.arraycopy(s1, 0, both, s0.length, s1.length);
            float[] a = pair.observe(t, 8, new float[] {1f / (t + 1), 5f}, both).clone();
            float[] b = alone.observe(t, 8, new float[] {1f / (t + 1)}, s0);
            assertEquals(java.util.Arrays.toString(b),
                    java.util.Arrays.toString(java.util.Arrays.copyOfRange(a, 0, 2 * Observations.COUNT)), "step " + t);
        }
    }
}
