// What StepBench and KernelBench share around their BenchSetup: TornadoVM's profile summed over the measured
// iterations only, the trial's end (profile report, close), and the measured call itself. Each subclass makes
// `setup` in its own trial set-up, from its own parameters.
package org.neuromod.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

public abstract class SetupBench {
    protected BenchSetup setup;

    /** TornadoVM's profile is summed over the measured iterations only. */
    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
        setup.profileFromNow(iteration.getType() == IterationType.MEASUREMENT);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        setup.finish(params);
    }

    /** One step of the set-up's plan; its outputs consumed so that nothing is optimised away. */
    protected void measuredStep(Blackhole bh) {
        setup.step();
        bh.consume(setup.loss);
        bh.consume(setup.stats);
    }
}
