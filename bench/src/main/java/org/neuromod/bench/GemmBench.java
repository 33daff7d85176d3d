// Each matrix product of a training step (GemmShapes) on the JVM backend, alone, over a population: one op is the
// product for every member, so GFLOP/s = 2 M N K P / time. bench/gemm.sh runs it next to OpenBLAS SGEMM on the same
// shapes and reports both. The forward product includes its bias and activation, the input gradient its transpose
// of W (OpenBLAS gets both for free through its flags): the JVM side is charged for more work, not less.
package org.neuromod.bench;

import java.util.concurrent.TimeUnit;

import org.neuromod.kernels.jvm.LayerProducts;
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
import org.openjdk.jmh.annotations.TearDown;

@State(Scope.Thread)
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBench {

    /** A product of the step (GemmShapes names them). */
    @Param({"forward0", "weightGrad0", "forward1", "weightGrad1", "inputGrad1"})
    public String shape;

    @Param({"1", "8", "32"})
    public int population;

    @Param({"128"})
    public String hidden;

    @Param({"64"})
    public int batch;

    @Param({"2"})
    public int threads;

    private LayerProducts products;

    @Setup(Level.Trial)
    public void setUp() {
        GemmShapes.Shape s = GemmShapes.named(shape, hidden, batch);
        products = new LayerProducts(s.kind(), population, batch, s.cIn(), s.cOut(), s.sharedInput(), threads);
        System.out.println("GemmBench: " + LayerProducts.tile());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        products.close();
    }

    @Benchmark
    public void run() {
        products.run();
    }
}
