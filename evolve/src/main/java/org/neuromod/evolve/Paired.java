// Summaries of paired results over seeds: means, sample standard deviations and 95% confidence intervals from
// Student's t distribution (two-sided, n - 1 degrees of freedom), for the mean of a row and for the mean of its
// per-seed differences to a reference row.
package org.neuromod.evolve;

public final class Paired {
    /** t such that P(|T| <= t) = 0.95 for Student's t with 1..30 degrees of freedom. */
    private static final double[] T975 = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
        2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    /** A mean with its 95% interval (NaN bounds for fewer than 2 values). */
    public record Interval(double mean, double low, double high, double std, int n) {
    }

    private Paired() {
    }

    /**
     * The two-sided 95% quantile of Student's t with df degrees of freedom: tabulated up to 30, then the
     * Cornish-Fisher expansion around the normal quantile (error below 1e-4 there).
     */
    public static double t975(int df) {
        if (df < 1) {
            return Double.NaN;
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }

    /** Mean, sample standard deviation and 95% interval of the mean of values. */
    public static Interval of(double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN, Double.NaN, n);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double half = t975(n - 1) * std / Math.sqrt(n);
        return new Interval(mean, mean - half, mean + half, std, n);
    }

    /** The interval of the mean of a[i] - b[i] (a and b paired by index). */
    public static Interval difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return of(d);
    }
}
