// One whole training step (gather, forward, loss, backward, stats, update) of P networks on the JVM or the
// TornadoVM backend (-p backend=jvm,tornado): the unit of end-to-end throughput. Samples per second = population * batch / time per step.
package org.neuromod.bench;

import java.util.concurrent.TimeUnit;

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

import org.neuromod.kernels.jvm.JvmBackend;

@State(Scope.Thread)
// The JVM backend needs the Vector API module in every forked JVM, however the jar is started.
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBench extends SetupBench {

    @Param({"1", "8"})
    public int population;

    @Param({"128", "512,256"})
    public String hidden;

    @Param({"64"})
    public int batch;

    /** Update rule (bench/run.sh passes every registered rule to the update family). */
    @Param({"momentum"})
    public String rule;

    @Param({"1", "2"})
    public int threads;

    /** jvm, or tornado (TornadoVM on -Dneuromod.bench.device, else its default device; threads are the host's). */
    @Param({"jvm"})
    public String backend;

    /**
     * Whether the fork first runs the commands' background warm-up of the JVM's products, and waits for it: the
     * steady step after it must be as fast as without it (its kernels may be compiled on the warm-up's profile).
     */
    @Param({"false"})
    public boolean warmUp;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        Thread warming = warmUp ? JvmBackend.warmUpInBackground() : null;
        if (warming != null) {
            warming.join();
        }
        setup = new BenchSetup(backend, BenchSetup.hidden(hidden), population, batch, threads, rule, null);
    }

    @Benchmark
    public void step(Blackhole bh) {
        measuredStep(bh);
    }
}
