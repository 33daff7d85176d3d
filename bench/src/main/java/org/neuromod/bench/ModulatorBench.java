// One modulator step (observations included) for a population of 64 networks of 784-256-128-10 (L = 3), per
// modulator kind: run next to StepBench at P = 64, B = 64 on the same network to see the modulator's share of
// a training step (bench/run.sh does), and with -prof gc to see that a step allocates nothing.
package org.neuromod.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.neuromod.kernels.Stats;
import org.neuromod.kernels.UpdateRule;
import org.neuromod.kernels.UpdateRules;
import org.neuromod.modulators.ConstantModulator;
import org.neuromod.modulators.Genome;
import org.neuromod.modulators.Genomes;
import org.neuromod.modulators.ScheduleModulator;
import org.neuromod.nn.Modulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

@State(Scope.Thread)
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModulatorBench {
    static final int P = 64;
    static final int L = 3;

    /** Modulator kind: the baselines, and every registered genome kind. */
    @Param({"constant", "step", "cosine", "grn"})
    public String kind;

    private Modulator modulator;
    private float[] loss;
    private float[] stats;
    private float[] hyper;
    private long step;

    @Setup
    public void setUp() {
        UpdateRule rule = UpdateRules.MOMENTUM;
        float[] start = {0.05f, 0.9f};
        modulator = switch (kind) {
            case "constant" -> new ConstantModulator(rule, start);
            case "step" -> new ScheduleModulator(rule, ScheduleModulator.Shape.STEP, start, new double[] {0.5, 0.75},
                    0.1, 0, 0);
            case "cosine" -> new ScheduleModulator(rule, ScheduleModulator.Shape.COSINE, start, new double[0], 1, 0.05, 0);
            default -> {
                Genome[] genomes = new Genome[P];
                for (int p = 0; p < P; p++) {
                    genomes[p] = Genomes.random(kind, rule, p + 1);
                }
                yield Genomes.population(rule, genomes, 1);
            }
        };
        modulator.reset(P, L, 1_000_000);
        SplittableRandom rng = new SplittableRandom(2);
        loss = new float[P];
        stats = new float[P * L * Stats.COUNT];
        for (int p = 0; p < P; p++) {
            loss[p] = (float) rng.nextDouble(0.1, 2.5);
        }
        for (int i = 0; i < stats.length; i++) {
            stats[i] = (float) rng.nextDouble(0, 1);
        }
        hyper = new float[P * L * rule.modulated()];
    }

    @Benchmark
    public void next(Blackhole bh) {
        // the step count wraps before the schedule ends, so the work per call stays the same
        modulator.next(step++ % 500_000, loss, stats, hyper);
        bh.consume(hyper);
    }
}
