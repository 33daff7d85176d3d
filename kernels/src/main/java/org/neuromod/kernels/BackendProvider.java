// A backend found at run time through ServiceLoader, so the core names no class of an optional backend
// (the TornadoVM backend is compiled only when TornadoVM is installed).
package org.neuromod.kernels;

import java.util.List;

public interface BackendProvider {
    /** The backend's id on the command line ("tornado"). */
    String name();

    /** The devices it can run on, one line each, as `bin/neuromod devices` lists them ("0:0 ..."). */
    List<String> devices();

    /** Whether one of its devices is a GPU or another accelerator (not a CPU), for --backend auto. */
    boolean hasAccelerator();

    /**
     * Opens the backend on the given device (null: the provider's default device; for auto, its first
     * accelerator).
     */
    Backend open(String device, int threads);
}
