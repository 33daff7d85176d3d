// The shared closeness assertion of every backend-vs-reference test: elementwise |e - a| <= atol + rtol*|e|,
// failing with the worst mismatches listed so a wrong index pattern is visible at a glance.
package org.neuromod.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

public final class Close {
    /** Tolerances for elementwise results. */
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-4;
    /** Relative tolerance for results that sum hundreds of terms in float. */
    public static final double RTOL_SUM = 1e-3;

    private static final int SHOWN = 8;

    private Close() {
    }

    public static void assertClose(String label, double[] expected, float[] actual, double atol, double rtol) {
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        assertClose(label, expected, a, atol, rtol);
    }

    public static void assertClose(String label, float[] expected, float[] actual, double atol, double rtol) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        assertClose(label, e, actual, atol, rtol);
    }

    public static void assertClose(String label, double[] expected, double[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(label + ": length " + actual.length + ", expected " + expected.length);
        }
        record Miss(int index, double expected, double actual, double excess) {
        }
        List<Miss> misses = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double allowed = atol + rtol * Math.abs(e);
            double err = Math.abs(e - a);
            if (!(err <= allowed)) { // also catches NaN
                misses.add(new Miss(i, e, a, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed));
            }
        }
        if (!misses.isEmpty()) {
            misses.sort(Comparator.comparingDouble(Miss::excess).reversed());
            StringBuilder msg = new StringBuilder(label).append(": ").append(misses.size()).append(" of ")
                    .append(expected.length).append(" elements off (atol ").append(atol).append(", rtol ")
                    .append(rtol).append("); worst:");
            for (Miss m : misses.subList(0, Math.min(SHOWN, misses.size()))) {
                msg.append(String.format("%n  [%d] expected %.8g actual %.8g (%.1fx the tolerance)",
                        m.index(), m.expected(), m.actual(), m.excess()));
            }
            System.err.println(msg);
            fail(msg.toString());
        }
    }

    public static void assertClose(String label, double expected, double actual, double atol, double rtol) {
        assertClose(label, new double[] {expected}, new double[] {actual}, atol, rtol);
    }
}
