// Student-t intervals against values computed by hand and published quantiles.
package org.neuromod.evolve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedTest {
    @Test
    void quantilesMatchPublishedTablesAndTheExpansionJoinsThemSmoothly() {
        assertEquals(12.7062, Paired.t975(1), 1e-4);
        assertEquals(2.2622, Paired.t975(9), 1e-4);
        assertEquals(2.0423, Paired.t975(30), 1e-4);
        assertEquals(2.0211, Paired.t975(40), 2e-4, "published t(0.975, 40)");
        assertEquals(1.9840, Paired.t975(100), 2e-4, "published t(0.975, 100)");
        assertTrue(Paired.t975(31) < Paired.t975(30) && Paired.t975(31) > 2.03, "continuous past the table");
        assertTrue(Double.isNaN(Paired.t975(0)));
    }

    @Test
    void intervalsOfAMeanAndOfAPairedDifference() {
        double[] a = {0.90, 0.92, 0.94, 0.96};
        Paired.Interval i = Paired.of(a);
        double std = Math.sqrt((0.03 * 0.03 + 0.01 * 0.01) * 2 / 3);
        assertEquals(0.93, i.mean(), 1e-12);
        assertEquals(std, i.std(), 1e-12);
        assertEquals(0.93 - 3.1824 * std / 2, i.low(), 1e-9);
        assertEquals(0.93 + 3.1824 * std / 2, i.high(), 1e-9);
        // pairing removes the shared per-seed spread: constant differences give a zero-width interval
        double[] b = {0.89, 0.91, 0.93, 0.95};
        Paired.Interval d = Paired.difference(a, b);
        assertEquals(0.01, d.mean(), 1e-12);
        assertEquals(0.0, d.high() - d.low(), 1e-9);
        assertTrue(Double.isNaN(Paired.of(new double[] {0.5}).low()), "one seed has no interval");
    }
}
