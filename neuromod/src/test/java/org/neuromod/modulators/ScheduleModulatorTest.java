// The schedule baselines: step decay and cosine (with warm-up) start at the given rate and follow their curves.
package org.neuromod.modulators;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleModulatorTest {

    @Test
    void stepDecayDropsAtTheGivenFractions() {
        ScheduleModulator m = new ScheduleModulator(UpdateRules.MOMENTUM, ScheduleModulator.Shape.STEP,
                new float[] {0.1f, 0.9f}, new double[] {0.5, 0.75}, 0.1, 0, 0);
        m.reset(2, 2, 100);
        float[] hyper = new float[2 * 2 * 2];
        m.next(0, new float[2], new float[16], hyper);
        assertEquals(0.1f, hyper[0]);
        assertEquals(0.9f, hyper[1], "momentum stays");
        m.next(50, new float[2], new float[16], hyper);
        assertEquals(0.01f, hyper[6], 1e-8);
        m.next(99, new float[2], new float[16], hyper);
        assertEquals(0.001f, hyper[2], 1e-9);
    }

    @Test
    void cosineWarmsUpThenFallsToItsFloor() {
        ScheduleModulator m = new ScheduleModulator(UpdateRules.ADAM, ScheduleModulator.Shape.COSINE,
                new float[] {0.001f}, new double[0], 1, 0.1, 0.1);
        m.reset(1, 1, 100);
        assertEquals(0.001 / 10, m.rate(0), 1e-9, "warm-up starts at 1/10 of the rate");
        assertEquals(0.001, m.rate(9), 1e-9);
        assertEquals(0.001, m.rate(10), 1e-9, "cosine starts at the full rate");
        assertEquals(0.001 * (0.1 + 0.9 * 0.5), m.rate(55), 1e-9, "half way");
        assertEquals(0.0001, m.rate(100), 1e-9, "ends at the floor");
        assertThrows(UserException.class, () -> new ScheduleModulator(UpdateRules.SGD, ScheduleModulator.Shape.COSINE,
                new float[] {0.1f}, new double[0], 1, 1.5, 0));
    }
}
