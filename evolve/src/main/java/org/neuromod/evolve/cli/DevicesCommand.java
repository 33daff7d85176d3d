// `neuromod devices`: what each backend can run on, with the ids `--device` takes.
package org.neuromod.evolve.cli;

import java.util.concurrent.Callable;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendProvider;
import org.neuromod.kernels.Backends;

import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the devices of every backend (the ids --device takes).")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try (Backend jvm = Backends.open("jvm", Runtime.getRuntime().availableProcessors())) {
            System.out.println("jvm: " + jvm.device());
        }
        BackendProvider tornado = Backends.provider("tornado");
        if (tornado == null) {
            System.out.println("tornado: not available (build and run with TORNADOVM_HOME set; bin/neuromod does "
                    + "both when it finds TornadoVM)");
        } else {
            for (String line : tornado.devices()) {
                System.out.println("tornado " + line);
            }
            System.out.println("--backend auto uses tornado only for a non-CPU device: "
                    + (tornado.hasAccelerator() ? "one is present" : "none is present, so auto runs the jvm backend"));
        }
        return 0;
    }
}
