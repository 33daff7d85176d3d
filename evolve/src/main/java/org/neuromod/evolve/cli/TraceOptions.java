// What a trace adds beside the learning parameters: --eval-every (test-accuracy rows) and --trace-state (the
// modulator's internal state). One definition for `train --trace` and `replay`, checked alike.
package org.neuromod.evolve.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

final class TraceOptions {
    @Option(names = "--eval-every", description = "Add test-accuracy rows to the trace every N steps (default: none).")
    Long evalEvery;

    @Option(names = "--trace-state", description = "Add the modulator's internal state to the trace (the GRN's "
            + "protein concentrations, CGP's and MLP's previous outputs).")
    boolean traceState;

    /** Checks --eval-every: a positive step count (a flag error, exit 2, of spec's command). */
    void check(CommandSpec spec) {
        if (evalEvery != null) {
            NetworkOptions.positive(spec, "--eval-every", evalEvery);
        }
    }

    /** The test-accuracy period, 0 for none. */
    long evalPeriod() {
        return evalEvery == null ? 0 : evalEvery;
    }
}
