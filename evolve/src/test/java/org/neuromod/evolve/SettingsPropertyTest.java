// The one settings validation path against 1000 random settings, sizes, counts and rates drawn across their
// types' whole ranges (overflowing values included): each is refused as a user error or its networks fit (the
// parameter layout builds and the population's buffers pass Footprint); nothing else is ever thrown.
package org.neuromod.evolve;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuromod.kernels.Activation;
import org.neuromod.kernels.Footprint;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.kernels.UserException;
import org.neuromod.nn.MlpSpec;
import org.neuromod.nn.ParamLayout;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SettingsPropertyTest {
    /** Mostly a sensible count in [1, sane], sometimes anything an int can hold. */
    static int count(SplittableRandom r, int sane) {
        return r.nextInt(30) != 0 ? r.nextInt(1, sane + 1) : anInt(r);
    }

    static int anInt(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(-3, 4);
            case 1 -> r.nextInt(1, 300);
            case 2 -> r.nextInt(1, 100_000);
            case 3 -> Integer.MAX_VALUE - r.nextInt(3);
            case 4 -> Integer.MIN_VALUE + r.nextInt(3);
            default -> r.nextInt();
        };
    }

    static long aLong(SplittableRandom r) {
        return r.nextBoolean() ? anInt(r) : switch (r.nextInt(3)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> Long.MIN_VALUE;
            default -> r.nextLong();
        };
    }

    static String aName(SplittableRandom r, List<String> valid) {
        return r.nextInt(40) == 0 ? "nonsense" : valid.get(r.nextInt(valid.size()));
    }

    static List<Integer> widths(SplittableRandom r) {
        List<Integer> widths = new ArrayList<>();
        for (int i = r.nextInt(4); i >= 0; i--) {
            widths.add(r.nextInt(10) == 0 ? anInt(r) : count(r, 4096));
        }
        return widths;
    }

    static long steps(SplittableRandom r) {
        return r.nextInt(20) != 0 ? r.nextInt(0, 1000) : aLong(r);
    }

    static Setup setup(SplittableRandom r) {
        return new Setup(aName(r, List.of("mnist", "fashion")), null, widths(r), aName(r, List.of("relu", "tanh")),
                count(r, 3), steps(r), count(r, 512), count(r, 60000) - 1, count(r, 20000));
    }

    @Test
    void everyRandomSettingIsRefusedAsAUserErrorOrFits() {
        SplittableRandom r = new SplittableRandom(20261203);
        int refused = 0;
        int fits = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            List<Setup> setups = r.nextInt(4) == 0 ? List.of(setup(r), setup(r)) : null;
            double minutes = switch (r.nextInt(40)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> -r.nextDouble();
                default -> r.nextDouble(0, 100);
            };
            Settings s = new Settings(aName(r, List.of("mnist", "fashion")), widths(r),
                    aName(r, List.of("relu", "tanh", "sigmoid", "identity")), count(r, 512), count(r, 60000) - 1,
                    count(r, 20000), aName(r, UpdateRules.names()), count(r, 10), aName(r, List.of("auto", "jvm")), null,
                    count(r, Runtime.getRuntime().availableProcessors()), aLong(r), count(r, 1000), count(r, 3),
                    steps(r), aName(r, org.neuromod.modulators.Genomes.KINDS), aName(r, Strategy.names()),
                    count(r, 5000), count(r, 5000), count(r, 512), minutes, r.nextBoolean() ? null : count(r, 3),
                    setups, r.nextBoolean() ? null : aName(r, List.of("mean", "worst")),
                    setups == null || r.nextBoolean() ? null : count(r, 2), r.nextInt(4) == 0 ? List.of(setup(r)) : null);
            try {
                SettingsFile.check(s, "random settings " + i);
            } catch (UserException e) {
                refused++;
                continue;
            } catch (RuntimeException e) {
                fail("settings " + i + " threw " + e + " instead of a user error: " + s);
            }
            // accepted: its networks must fit
            int population = Math.min(s.maxPopulation(), Strategy.kind(s.strategy()).candidates().of(s.mu(), s.lambda()));
            for (Setup setup : s.scoredSetups()) {
                ParamLayout layout = ParamLayout.of(new MlpSpec(784, setup.hidden(), Activation.parse(setup.activation()),
                        10));
                long exact = 0;
                int[] w = layout.spec().widths();
                for (int l = 0; l + 1 < w.length; l++) {
                    exact += ((long) w[l] + 1) * w[l + 1];
                }
                assertTrue(layout.paramsPerNet() == exact, "no size overflowed: " + layout.paramsPerNet() + " vs "
                        + exact + " for " + setup.hidden());
                Footprint.check(layout.plan(setup.batch(), UpdateRules.byName(s.rule())), population,
                        Footprint.availableHeap());
            }
            fits++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(refused >= 50 && fits >= 50, "both outcomes are drawn: " + refused + " refused, " + fits + " fit");
        assertTrue(seconds < 30, "validation only: " + seconds + " s");
    }
}
