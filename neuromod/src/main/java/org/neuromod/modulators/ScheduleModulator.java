// The schedule baselines: the learning rate follows a fixed curve over training (step decay, or cosine with an
// optional linear warm-up), every other learning parameter stays constant. The same for every network and
// layer; these are what an evolved modulator has to beat.
package org.neuromod.modulators;

import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.Modulator;

public final class ScheduleModulator implements Modulator {
    public enum Shape { STEP, COSINE }

    private final Shape shape;
    private final float[] start;   // (M) starting values; the learning rate at index lr
    private final int lr;
    private final double[] at;     // step decay: fractions of the run at which the rate is multiplied by gamma
    private final double gamma;
    private final double warmup;   // cosine: fraction of the run spent warming up linearly
    private final double floor;    // cosine: the final rate as a fraction of the starting one
    private long totalSteps;

    /**
     * @param values (M) starting values of the rule's parameters, each inside its bounds
     * @param at     step decay: the fractions of the run (in (0, 1), increasing) at which the rate drops by gamma
     * @param gamma  step decay factor in (0, 1]
     * @param warmup cosine: linear warm-up over this fraction of the run, in [0, 1)
     * @param floor  cosine: final rate / starting rate, in [0, 1]
     */
    public ScheduleModulator(UpdateRule rule, Shape shape, float[] values, double[] at, double gamma, double warmup,
                             double floor) {
        this.start = new ConstantModulator(rule, values).values();
        this.shape = shape;
        this.lr = rule.rate();
        check(at, gamma, warmup, floor);
        this.at = at.clone();
        this.gamma = gamma;
        this.warmup = warmup;
        this.floor = floor;
    }

    /** The schedule's settings, checked; a bad one is a UserException starting with its flag. */
    public static void check(double[] at, double gamma, double warmup, double floor) {
        for (int i = 0; i < at.length; i++) {
            if (!(at[i] > 0 && at[i] < 1) || (i > 0 && !(at[i] > at[i - 1]))) {
                throw new UserException("--step-at: fractions must be increasing and inside (0, 1), got "
                        + java.util.Arrays.toString(at));
            }
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new UserException("--step-gamma must be in (0, 1], got " + gamma);
        }
        if (!(warmup >= 0 && warmup < 1)) {
            throw new UserException("--warmup must be in [0, 1), got " + warmup);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new UserException("--lr-floor must be in [0, 1], got " + floor);
        }
    }

    @Override
    public void reset(int population, int layers, long totalSteps) {
        this.totalSteps = totalSteps;
    }

    /** The learning rate at step t of T. */
    public double rate(long t) {
        double a0 = start[lr];
        double x = totalSteps > 0 ? (double) t / totalSteps : 0;
        if (shape == Shape.STEP) {
            double a = a0;
            for (double f : at) {
                if (x >= f) {
                    a *= gamma;
                }
            }
            return a;
        }
        long warm = (long) Math.floor(warmup * totalSteps);
        if (t < warm) {
            return a0 * (t + 1) / warm;
        }
        double y = totalSteps > warm ? (double) (t - warm) / (totalSteps - warm) : 0;
        return a0 * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * y)));
    }

    @Override
    public void next(long step, float[] loss, float[] stats, float[] hyper) {
        float a = (float) rate(step);
        for (int i = 0; i < hyper.length; i += start.length) {
            System.arraycopy(start, 0, hyper, i, start.length);
            hyper[i + lr] = a;
        }
    }
}
