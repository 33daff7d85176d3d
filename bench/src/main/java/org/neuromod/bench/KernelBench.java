// Each kernel family on the JVM or the TornadoVM backend (-p backend=jvm,tornado), isolated: the backend runs a
// step plan holding just that op, over buffers prepared (and, for the backward ops, filled) once outside the
// measurement. On TornadoVM the statistics and the update are one fused kernel, so "stats" and "update" both
// time it; a TornadoVM step also pays its fixed dispatch and transfer of the step input and outputs.
package org.neuromod.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.neuromod.kernels.Op;
import org.neuromod.kernels.UpdateRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

@State(Scope.Thread)
// The JVM backend needs the Vector API module in every forked JVM, however the jar is started.
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelBench extends SetupBench {

    /** Op family: gather, forward (all layers), loss, backward (all layers, with activation backward), stats, update. */
    @Param({"gather", "forward", "loss", "backward", "stats", "update"})
    public String op;

    @Param({"1", "8"})
    public int population;

    @Param({"128"})
    public String hidden;

    @Param({"64"})
    public int batch;

    /** Update rule (bench/run.sh passes every registered rule to the update family). */
    @Param({"momentum"})
    public String rule;

    @Param({"2"})
    public int threads;

    /** jvm, or tornado (TornadoVM on -Dneuromod.bench.device, else its default device; threads are the host's). */
    @Param({"jvm"})
    public String backend;

    @Setup(Level.Trial)
    public void setUp() {
        List<Integer> widths = BenchSetup.hidden(hidden);
        List<Op> standard = BenchSetup.layout(widths).plan(batch, UpdateRules.byName(rule)).ops();
        // Buffers the op reads but no op in the list writes (activations, gradients) stay zero: the kernels do
        // the same work whatever the values, and zeros never make denormals.
        setup = new BenchSetup(backend, widths, population, batch, threads, rule, standard.stream().filter(this::inFamily).toList());
    }

    private boolean inFamily(Op o) {
        return switch (op) {
            case "gather" -> o instanceof Op.Gather;
            case "forward" -> o instanceof Op.DenseForward;
            case "loss" -> o instanceof Op.SoftmaxCrossEntropy;
            case "backward" -> o instanceof Op.DenseBackward || o instanceof Op.ActivationBackward;
            case "stats" -> o instanceof Op.LayerStats;
            case "update" -> o instanceof Op.Update;
            default -> throw new IllegalArgumentException("unknown op family " + op);
        };
    }

    @Benchmark
    public void run(Blackhole bh) {
        measuredStep(bh);
    }
}
