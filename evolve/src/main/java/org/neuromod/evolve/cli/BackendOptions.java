// The flags that choose where and how training runs: --backend, --device, --threads, --steps-per-call. One
// definition for every command that trains (through NetworkOptions, or directly as replay does), so they agree on
// names, defaults, help and checks.
package org.neuromod.evolve.cli;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.Backends;
import org.neuromod.kernels.jvm.JvmBackend;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

final class BackendOptions {
    @Option(names = "--threads", description = "Worker threads of the JVM backend (default: available cores).")
    Integer threads;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, jvm or tornado (default: ${DEFAULT-VALUE}; "
            + "auto uses TornadoVM only for a GPU or other accelerator).")
    String backend;

    @Option(names = "--device", description = "A TornadoVM device id from 'neuromod devices' (e.g. 0:0); a CPU "
            + "OpenCL device is used only when named here.")
    String device;

    @Option(names = "--steps-per-call", defaultValue = "1", description = "Training steps per call of the backend "
            + "between the steps a trace or an evaluation reads (TornadoVM runs several in one execution of its "
            + "task graph; default: ${DEFAULT-VALUE}). The results are the same for every value.")
    int stepsPerCall;

    /** The checked worker thread count. */
    int threadCount;

    /** Checks the three flags; a bad one is a flag error (exit 2) of {@code spec}'s command, naming it. */
    void check(CommandSpec spec) {
        if (!Backends.CHOICES.contains(backend)) {
            throw NetworkOptions.bad(spec, "--backend", "must be one of " + String.join(", ", Backends.CHOICES) + ", got '" + backend
                    + "'");
        }
        threadCount = NetworkOptions.threadCount(threads, spec);
        NetworkOptions.positive(spec, "--steps-per-call", stepsPerCall);
        if (device != null && backend.equals("jvm")) {
            throw NetworkOptions.bad(spec, "--device", "names a TornadoVM device; it does not go with --backend jvm");
        }
        if (device != null && Backends.provider("tornado") == null) {
            throw NetworkOptions.bad(spec, "--device", "names a TornadoVM device, but this build or JVM has no TornadoVM backend "
                    + "(build with TORNADOVM_HOME set; bin/neuromod then adds its JVM flags)");
        }
    }

    /**
     * The chosen backend, opened (after {@link #check}). The JVM backend starts compiling its products in the
     * background (JvmBackend.warmUpInBackground) while the command loads its data.
     */
    Backend open() {
        Backend opened = Backends.open(backend, device, threadCount);
        if (opened instanceof JvmBackend) {
            JvmBackend.warmUpInBackground();
        }
        return opened;
    }
}
