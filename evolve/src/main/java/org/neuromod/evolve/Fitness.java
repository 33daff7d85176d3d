// A candidate's score: a loss, lower is better (1 - validation accuracy), the mean validation cross-entropy as
// tie-breaker, and divergence, which ranks last. Ordering is defined once, here.
package org.neuromod.evolve;

import java.util.Comparator;

/**
 * @param loss               1 - validation accuracy (NaN when diverged)
 * @param tieBreak           mean validation cross-entropy
 * @param diverged           whether the network's loss or learning parameters became NaN or infinite
 * @param validationAccuracy fraction of the validation split classified correctly
 */
public record Fitness(double loss, double tieBreak, boolean diverged, double validationAccuracy) {

    /** Lower is better; diverged, NaN or infinite scores rank last (among themselves, as equal). */
    public static final Comparator<Fitness> ORDER = (a, b) -> {
        boolean badA = a.bad();
        boolean badB = b.bad();
        if (badA || badB) {
            return Boolean.compare(badA, badB);
        }
        int c = Double.compare(a.loss, b.loss);
        return c != 0 ? c : Double.compare(a.tieBreak, b.tieBreak);
    };

    public boolean bad() {
        return diverged || !Double.isFinite(loss) || !Double.isFinite(tieBreak);
    }

    /** Whether this is at least as good as other (a tie counts: neutral drift). */
    public boolean noWorseThan(Fitness other) {
        return ORDER.compare(this, other) <= 0;
    }

    /** A loss-only score (toy objectives, tests). */
    public static Fitness of(double loss) {
        return new Fitness(loss, 0, false, Double.NaN);
    }
}
