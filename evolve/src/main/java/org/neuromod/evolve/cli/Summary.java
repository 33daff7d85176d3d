// One-line summaries of per-member values for progress and result lines.
package org.neuromod.evolve.cli;

import java.util.Arrays;

final class Summary {
    private Summary() {
    }

    /** "0.9731" for one member; "median 0.9712 (min 0.9650, max 0.9780) over 8" for a population. */
    static String describe(float[] values) {
        if (values.length == 1) {
            return String.format("%.4f", values[0]);
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        float median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format("median %.4f (min %.4f, max %.4f) over %d", median, sorted[0], sorted[n - 1], n);
    }
}
