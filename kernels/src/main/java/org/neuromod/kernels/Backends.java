// Backend choice by name: "jvm", "tornado", or "auto" (TornadoVM only when it offers a GPU or other
// accelerator, else the JVM backend). A requested backend never falls back to another silently.
package org.neuromod.kernels;

import java.util.List;

import org.neuromod.kernels.jvm.JvmBackend;

public final class Backends {
    public static final List<String> CHOICES = List.of("auto", "jvm", "tornado");

    private Backends() {
    }

    /**
     * Opens the named backend with {@code threads} host threads.
     *
     * @throws UserException for an unknown name, or for "tornado" while this build has no TornadoVM backend
     */
    public static Backend open(String choice, int threads) {
        return switch (choice) {
            case "jvm", "auto" -> new JvmBackend(threads);
            case "tornado" -> throw new UserException("--backend tornado: the TornadoVM backend is not "
                    + "part of this build yet; use --backend jvm (or auto)");
            default -> throw new UserException("unknown backend '" + choice + "' (expected one of "
                    + String.join(", ", CHOICES) + ")");
        };
    }
}
