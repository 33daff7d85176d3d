// Registers the TornadoVM backend with Backends through ServiceLoader, lists TornadoVM's devices, makes a kernel
// TornadoVM cannot compile a failure instead of a silent run on the host, and gives its bytecode room for a graph
// of several training steps.
package org.neuromod.kernels.tornado;

import java.util.ArrayList;
import java.util.List;

import org.neuromod.kernels.Backend;
import org.neuromod.kernels.BackendProvider;
import org.neuromod.kernels.UserException;

import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

public final class TornadoBackendProvider implements BackendProvider {

    public TornadoBackendProvider() {
        // never fall back to the host silently (a requested TornadoVM run fails, naming the kernel)
        if (System.getProperty("tornado.recover.bailout") == null) {
            System.setProperty("tornado.recover.bailout", "False");
        }
        // room in TornadoVM's bytecode for a graph of several steps (its default, 4 KB, holds about two)
        if (System.getProperty("tornado.tvm.maxbytecodesize") == null) {
            System.setProperty("tornado.tvm.maxbytecodesize", "65536");
        }
        TornadoRuntimeProvider.getTornadoRuntime(); // fails here, at discovery, when the runtime is not loaded
    }

    @Override
    public String name() {
        return "tornado";
    }

    /** A device and its id "backend:device" as TornadoVM numbers them. */
    record Found(String id, TornadoDevice device) {
        String describe() {
            return device.getPhysicalDevice().getDeviceName();
        }
    }

    private static List<Found> all() {
        TornadoRuntime runtime = TornadoRuntimeProvider.getTornadoRuntime();
        List<Found> devices = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            for (int d = 0; d < runtime.getBackend(b).getNumDevices(); d++) {
                devices.add(new Found(b + ":" + d, runtime.getBackend(b).getDevice(d)));
            }
        }
        return devices;
    }

    @Override
    public List<String> devices() {
        List<String> lines = new ArrayList<>();
        for (Found found : all()) {
            TornadoDevice device = found.device();
            lines.add(found.id() + "  " + device.getTornadoVMBackend() + "  " + device.getDeviceType() + "  "
                    + found.describe() + "  (" + device.getMaxGlobalMemory() / (1 << 20) + " MiB)");
        }
        return lines;
    }

    @Override
    public boolean hasAccelerator() {
        return all().stream().anyMatch(f -> f.device().getDeviceType() != TornadoDeviceType.CPU);
    }

    @Override
    public Backend open(String device, int threads) {
        List<Found> devices = all();
        if (devices.isEmpty()) {
            throw new UserException("--backend tornado: TornadoVM finds no device (is an OpenCL driver installed? "
                    + "clinfo lists them)");
        }
        Found chosen = null;
        if (device == null) {
            chosen = devices.stream().filter(f -> f.device().getDeviceType() != TornadoDeviceType.CPU).findFirst()
                    .orElse(devices.get(0));
        } else {
            for (Found f : devices) {
                if (f.id().equals(device)) {
                    chosen = f;
                }
            }
            if (chosen == null) {
                throw new UserException("--device " + device + ": no such TornadoVM device (bin/neuromod devices "
                        + "lists them: " + String.join("; ", devices()) + ")");
            }
        }
        return new TornadoBackend(chosen.device(), chosen.id(), chosen.describe());
    }
}
